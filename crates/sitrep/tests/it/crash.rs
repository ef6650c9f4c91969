//! Crash safety: `kill -9` in the middle of `sitrep ingest` loses nothing committed and
//! leaves nothing half-written; re-running the ingest completes the job exactly as a
//! clean run would have.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitrep::store::{EventFilter, Stats, Store};

const ARTICLES: usize = 2_000;
const BATCH: &str = "10";

/// Articles written for this test in the style of wire reports; every one is distinct.
fn write_feed(path: &Path) {
    let towns = ["Saraqib", "Idlib", "Aleppo", "Hama", "Homs", "Raqqa", "Daraa", "Kafr Nabl"];
    let verbs = ["shelled", "clashed with", "attacked", "ambushed"];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..ARTICLES {
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "date": format!("2024-11-{:02}", 1 + i % 28),
            "lang": "en",
            "text": format!(
                "Government forces {} rebel fighters near {} on Tuesday, killing {} people, a local council said. Bulletin {i}.",
                verbs[i % verbs.len()], towns[i % towns.len()], i % 23
            ),
        });
        writeln!(f, "{line}").unwrap();
    }
}

fn ingest(db: &Path, feed: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.args(["ingest", "--batch", BATCH, "--db"]).arg(db).arg(feed).stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn documents(db: &Path) -> u64 {
    Store::open_read_only(db).and_then(|s| s.stats()).map_or(0, |s| s.documents)
}

fn ids(store: &Store) -> Vec<String> {
    let mut ids = Vec::new();
    let mut filter = EventFilter { limit: Some(1000), ..Default::default() };
    loop {
        let page = store.list_events(&filter).unwrap();
        ids.extend(page.items.into_iter().map(|e| e.id));
        match page.next_cursor {
            Some(c) => filter.cursor = Some(c),
            None => return ids,
        }
    }
}

fn core(s: &Stats) -> (u64, u64, u64, u64, u64) {
    (s.documents, s.mentions, s.events, s.redirects, s.control_changes)
}

#[test]
fn kill_9_mid_ingest_loses_nothing_committed_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    write_feed(&feed);

    let clean = dir.path().join("clean.db");
    assert!(ingest(&clean, &feed).status().unwrap().success());
    let clean_store = Store::open_read_only(&clean).unwrap();
    let expected = clean_store.stats().unwrap();
    assert_eq!(expected.documents, ARTICLES as u64);
    assert!(expected.events > 0 && expected.mentions > expected.events, "the feed yields events and merges: {expected:?}");

    let crashed = dir.path().join("crashed.db");
    let mut child = ingest(&crashed, &feed).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while documents(&crashed) < 100 {
        assert!(Instant::now() < deadline, "ingest made no progress");
        assert!(child.try_wait().unwrap().is_none(), "ingest finished before it could be killed");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback, no flush.
    child.wait().unwrap();

    let store = Store::open_read_only(&crashed).unwrap();
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "after kill -9: {problems:?}");
    let partial = store.stats().unwrap();
    assert!(partial.documents >= 100 && partial.documents < ARTICLES as u64, "killed mid-run: {}", partial.documents);
    assert_eq!(partial.documents % BATCH.parse::<u64>().unwrap(), 0, "only whole batches are committed");
    drop(store);

    assert!(ingest(&crashed, &feed).status().unwrap().success());
    let store = Store::open_read_only(&crashed).unwrap();
    assert!(store.check().unwrap().is_empty());
    assert_eq!(core(&store.stats().unwrap()), core(&expected), "resumed run equals a clean run");
    assert_eq!(ids(&store), ids(&clean_store));
}
