//! `sitrep extract` end to end on articles written for these tests: every format,
//! input order, per-input errors that do not stop the batch.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-extract-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ARTICLES: [(&str, &str); 3] = [
    (
        "a-fr",
        " date 2025-03-14 Mali : l'armée dit avoir repoussé une attaque contre le camp de Diafarabé. \
         Au moins douze assaillants ont été tués jeudi lors de combats avec les forces armées maliennes \
         près de Diafarabé, dans la région de Mopti, selon un communiqué de l'état-major.",
    ),
    (
        "b-en",
        " date 2025-01 Airstrikes hit Maarat al-Numan. Government warplanes struck a market in \
         Maarat al-Numan in Idlib province on Saturday, killing at least 9 civilians, \
         the civil defence said.",
    ),
    (
        "c-en",
        " date 2025-02-02 Protesters marched through central Khartoum on Sunday demanding civilian rule; \
         police fired tear gas and arrested dozens, witnesses said.",
    ),
];

fn corpus(dir: &Path) {
    for (name, text) in ARTICLES {
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    }
}

fn sitrep(args: &[&str], dir: &Path, threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).arg(dir).env("RAYON_NUM_THREADS", threads).output().unwrap()
}

#[test]
fn jsonl_lines_are_spec_records_in_input_order() {
    let dir = scratch("jsonl");
    corpus(&dir);
    let out = sitrep(&["extract", "--format", "jsonl"], &dir, "2");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut ids = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let e: pipeline::events::Event = serde_json::from_value(v.clone()).unwrap();
        assert!(e.evidence.end <= ARTICLES.iter().find(|(n, _)| *n == e.doc_id).unwrap().1.len());
        ids.push(e.doc_id);
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "events come out in input order");
    // The same bytes whatever the number of threads.
    let one = sitrep(&["extract", "--format", "jsonl"], &dir, "1");
    assert_eq!(String::from_utf8(one.stdout).unwrap(), text);
}

#[test]
fn csv_and_geojson_are_well_formed() {
    let dir = scratch("formats");
    corpus(&dir);
    let out = sitrep(&["extract", "--format", "csv"], &dir, "2");
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), sitrep::export::ACLED_COLUMNS);
    for row in r.records() {
        assert_eq!(row.unwrap().len(), sitrep::export::ACLED_COLUMNS.len());
    }
    let out = sitrep(&["extract", "--format", "geojson"], &dir, "2");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    for f in v["features"].as_array().unwrap() {
        if let Some(c) = f["geometry"]["coordinates"].as_array() {
            assert_eq!(c[0], f["properties"]["location"]["lon"], "GeoJSON is [lon, lat]");
            assert_eq!(c[1], f["properties"]["location"]["lat"]);
        }
    }
    let out = sitrep(&["extract", "--format", "table"], &dir, "2");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("DOC "), "{text}");
    assert!(text.trim_end().ends_with("event(s)"), "{text}");
}

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = scratch("bad");
    corpus(&dir);
    std::fs::write(dir.join("d-broken.txt"), b" date 2025-01 Caf\xe9 \xff\xfe attack").unwrap();
    std::fs::write(dir.join("e-empty.txt"), b"").unwrap();
    std::fs::write(dir.join("f-lines.jsonl"), "{\"id\": \"ok-line\", \"text\": \"Clashes in Goma.\"}\n{oops\n").unwrap();
    let out_file = dir.join("out.jsonl");
    let good = sitrep(&["extract", "--format", "jsonl"], &scratch_good(), "2");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--out"])
        .arg(&out_file)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["d-broken.txt", "e-empty.txt", "f-lines.jsonl:2"] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        written.starts_with(&String::from_utf8(good.stdout).unwrap()),
        "the good articles' events are all written"
    );
}

/// The good articles alone, for comparison.
fn scratch_good() -> PathBuf {
    let dir = scratch("good");
    corpus(&dir);
    dir
}

#[test]
fn an_undatable_article_is_a_named_warning_not_a_failure() {
    let dir = scratch("undated");
    std::fs::write(dir.join("no-date.txt"), "Gunmen killed five villagers near Djibo on Saturday.").unwrap();
    let out = sitrep(&["extract", "--format", "jsonl"], &dir, "1");
    assert_eq!(out.status.code(), Some(0), "a warning does not fail the batch");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: no-date: events: no publication date"), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "nothing could be dated, so nothing is coded");
}
