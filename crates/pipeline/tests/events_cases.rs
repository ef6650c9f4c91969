//! Data-driven event cases: every `cases/events/<lang>/NAME.txt` (an article written for
//! the tests, with its date header) is analysed with `data/` and the small gazetteer in
//! `cases/events/gazetteer.tsv`; the events, one line each, must equal `NAME.events`.
//! A mismatch prints a line diff; `UPDATE_EXPECT=1 cargo test -p pipeline --test
//! events_cases` rewrites the expectations (review the diff before committing).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pipeline::events::Event;
use pipeline::lexicon::DataFiles;
use pipeline::places::{Gazetteer, Geocoder};
use pipeline::{Article, Pipeline};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_data(base: &Path, dir: &Path, files: &mut DataFiles) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_data(base, &path, files);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            files.insert(path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/"), text);
        }
    }
}

fn pipeline() -> Pipeline {
    let data_dir = root().join("data");
    let mut data = DataFiles::new();
    read_data(&data_dir, &data_dir, &mut data);
    let gaz_text = std::fs::read_to_string(root().join("cases/events/gazetteer.tsv")).unwrap();
    let gaz = Gazetteer::from_tsv(&gaz_text).expect("case gazetteer parses");
    Pipeline::new(&data, Geocoder::new(gaz, &data).expect("place data")).expect("event data")
}

/// One line per event, every scored field visible, so a diff reads as a review.
fn render(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        let actor = |a: &Option<pipeline::events::Actor>| a.as_ref().map_or("-".to_string(), |a| format!("{} ({})", a.name, a.inter));
        let dead = e.fatalities.map_or("-".to_string(), |f| format!("{}..{}", f.low, f.high.map_or("".into(), |h| h.to_string())));
        writeln!(
            out,
            "{} / {} | {} -> {} | {} {} geo{} | {}..{} p{} | dead {} | claimed {} | {:?}",
            e.event_type,
            e.sub_event_type,
            actor(&e.actor1),
            actor(&e.actor2),
            e.location.name,
            e.location.country.as_deref().unwrap_or("?"),
            e.location.geo_precision,
            e.date.start,
            e.date.end,
            e.date.precision,
            dead,
            actor(&e.claimed_by),
            e.trigger.as_deref().unwrap_or(""),
        )
        .unwrap();
    }
    out
}

fn diff(expected: &str, actual: &str) -> String {
    let exp: Vec<&str> = expected.lines().collect();
    let act: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for l in &exp {
        if !act.contains(l) {
            writeln!(out, "- {l}").unwrap();
        }
    }
    for l in &act {
        if !exp.contains(l) {
            writeln!(out, "+ {l}").unwrap();
        }
    }
    if out.is_empty() {
        out.push_str("(same lines, different order)\n");
    }
    out
}

#[test]
fn event_cases() {
    let pipeline = pipeline();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for lang_dir in std::fs::read_dir(root().join("cases/events")).unwrap() {
        let lang_dir = lang_dir.unwrap().path();
        if !lang_dir.is_dir() {
            continue;
        }
        let lang = lang_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&lang_dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for orphan in files.iter().filter(|p| p.extension().is_some_and(|e| e == "events") && !p.with_extension("txt").exists()) {
            failures.push(format!("{}: expectation without its article", orphan.display()));
        }
        for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            count += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let (published, body_start) = pipeline::article::parse_header(&text);
            let id = path.file_stem().unwrap().to_string_lossy().to_string();
            let article = Article { id, text, body_start, published, title: None, url: None, lang_hint: Some(lang.clone()) };
            let actual = render(&pipeline.analyze(&article).events);
            let expect_path = path.with_extension("events");
            if update {
                std::fs::write(&expect_path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expect_path).unwrap_or_default();
            if expected != actual {
                failures.push(format!("{}:\n{}", expect_path.display(), diff(&expected, &actual)));
            }
        }
    }
    assert!(count >= 10, "expected the committed cases, found {count}");
    assert!(failures.is_empty(), "event cases differ (UPDATE_EXPECT=1 rewrites):\n{}", failures.join("\n"));
}
