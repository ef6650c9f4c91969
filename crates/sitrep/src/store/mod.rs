//! The store: the only module that speaks SQL. One SQLite file holds documents
//! (content-hashed), mentions (each extracted event with its evidence and claim), merged
//! events, redirects from absorbed ids, a changefeed and territorial-control claims.
//!
//! Why these settings: WAL lets readers (the API) read while an ingest writes; one
//! transaction per batch means a crash (even `kill -9`) leaves whole batches or nothing;
//! `synchronous=NORMAL` in WAL keeps that guarantee against process crashes and only
//! risks the last commits on power loss, which a re-run of the ingest restores.

mod query;
mod schema;
mod types;
mod write;

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};

pub use types::*;

/// A connection to a sitrep database. Not `Sync`: open one per thread (they are cheap),
/// readers never wait for a writer.
pub struct Store {
    conn: Connection,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed) a database for writing and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path).with_context(|| format!("opening database {}", path.display()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            anyhow::bail!("database {}: could not switch to WAL (got {mode})", path.display());
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn).with_context(|| format!("migrating database {}", path.display()))?;
        Ok(Store { conn })
    }

    /// Opens an existing database for queries only; fails if it is missing or was written
    /// by a different schema version.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("opening database {} read-only (run `sitrep ingest` first?)", path.display()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version as usize != schema::latest_version() {
            anyhow::bail!(
                "database {} has schema version {version}, this sitrep expects {} (open it once with `sitrep ingest`)",
                path.display(),
                schema::latest_version()
            );
        }
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check` plus the store's own invariants: every mention's document
    /// exists, every event has a mention, every redirect lands on an event. Returns the problems found.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        let checks = [
            ("mentions without document", "SELECT count(*) FROM mentions m LEFT JOIN documents d ON d.id = m.document WHERE d.id IS NULL"),
            ("mentions without event", "SELECT count(*) FROM mentions m LEFT JOIN events e ON e.id = m.event_id WHERE e.id IS NULL"),
            ("events without mention", "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id)"),
            ("events whose mention count is stale", "SELECT count(*) FROM events e WHERE n_mentions != (SELECT count(*) FROM mentions m WHERE m.event_id = e.id)"),
            ("redirects to nowhere", "SELECT count(*) FROM redirects r LEFT JOIN events e ON e.id = r.to_id WHERE e.id IS NULL"),
            ("batches with missing documents", "SELECT count(*) FROM batches b WHERE b.documents != (SELECT count(*) FROM documents d WHERE d.batch = b.id)"),
        ];
        for (what, sql) in checks {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n != 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(problems)
    }
}
