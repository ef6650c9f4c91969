//! Answers of the aggregate endpoints (`/api/control`, `/api/counts`), kept until the
//! database changes. They scan every event or control claim (≈ 1 s and 9 MB for control
//! on 100k events), while the map asks the same ones on every filter change.
//! Validity follows the store's changefeed: every write that can change an event or a
//! control claim appends a change, so a newer change sequence number drops every answer.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

use super::error::ApiError;
use crate::store::Store;

/// Bound on kept answers: past it the cache starts over (dates brushed on a timeline
/// are many, and old ones are rarely asked again).
const MAX_ANSWERS: usize = 64;
const CHANGES_PAGE: usize = 1000;

#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The latest change sequence number seen; answers were computed at or after it.
    seq: i64,
    answers: HashMap<String, Bytes>,
}

impl Cache {
    pub fn get_or_compute(
        &self,
        store: &Store,
        key: String,
        compute: impl FnOnce(&Store) -> Result<Bytes, ApiError>,
    ) -> Result<Bytes, ApiError> {
        let seq = self.sync(store)?;
        if let Some(answer) = self.lock().answers.get(&key) {
            return Ok(answer.clone());
        }
        let answer = compute(store)?;
        let mut inner = self.lock();
        // Keep it only if nothing newer was seen meanwhile; an answer read from a newer
        // snapshot than `seq` is dropped at the next sync, so it is never served stale.
        if inner.seq == seq {
            if inner.answers.len() >= MAX_ANSWERS {
                inner.answers.clear();
            }
            inner.answers.insert(key, answer.clone());
        }
        Ok(answer)
    }

    /// Reads the changefeed past the last seen change; anything new empties the cache.
    fn sync(&self, store: &Store) -> Result<i64, ApiError> {
        let start = self.lock().seq;
        let mut seq = start;
        loop {
            let page = store.changes(seq, CHANGES_PAGE)?;
            if let Some(last) = page.items.last() {
                seq = last.seq;
            }
            if page.items.len() < CHANGES_PAGE {
                break;
            }
        }
        let mut inner = self.lock();
        if seq > inner.seq {
            inner.seq = seq;
            inner.answers.clear();
        }
        Ok(inner.seq)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("cache lock")
    }
}
