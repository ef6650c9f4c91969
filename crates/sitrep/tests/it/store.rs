//! The store: documents are content-hashed, batches are atomic, queries see what was written.

use jiff::civil::date;
use pipeline::events::{Actor, Event, Evidence, Fatalities, Location};
use pipeline::{Article, DateRange};
use sitrep::store::{EventFilter, NewDocument, Store};

pub fn actor(name: &str, inter: &str) -> Option<Actor> {
    Some(Actor { name: name.into(), inter: inter.into() })
}

/// An event as the extractor would emit it; the tests vary what matters to them.
pub fn event(doc: &str, sub: &str, place: (&str, f64, f64), day: i8) -> Event {
    let event_type = match sub {
        "Air/drone strike" | "Shelling/artillery/missile attack" => "Explosions/Remote violence",
        "Peaceful protest" => "Protests",
        _ => "Battles",
    };
    Event {
        doc_id: doc.into(),
        event_type: event_type.into(),
        sub_event_type: sub.into(),
        actor1: None,
        actor2: None,
        location: Location {
            name: place.0.into(),
            country: Some("SY".into()),
            admin1: Some("Idlib".into()),
            lat: Some(place.1),
            lon: Some(place.2),
            geonameid: None,
            geo_precision: 1,
        },
        date: DateRange { start: date(2024, 11, day), end: date(2024, 11, day), precision: 1 },
        fatalities: None,
        claimed_by: None,
        evidence: Evidence { text: format!("Fighting was reported near {} on day {day}.", place.0), start: 20, end: 60 },
        confidence: 0.7,
        lang: Some("en".into()),
        trigger: None,
    }
}

pub fn article(id: &str, body: &str) -> Article {
    let text = format!(" date 2024-11-05 {body}");
    Article {
        id: id.into(),
        text,
        body_start: 17,
        published: Some(DateRange { start: date(2024, 11, 5), end: date(2024, 11, 5), precision: 1 }),
        title: Some(body.chars().take(30).collect()),
        url: Some(format!("https://example.org/{id}")),
        lang_hint: Some("en".into()),
    }
}

pub fn ingest(store: &mut Store, docs: &[(Article, Vec<Event>)]) -> sitrep::store::BatchReport {
    let batch: Vec<NewDocument> = docs.iter().map(|(a, e)| NewDocument { article: a, lang: "en", events: e }).collect();
    store.ingest_batch(&batch).expect("batch stored")
}

pub const SARAQIB: (&str, f64, f64) = ("Saraqib", 35.8626, 36.8006);
pub const MAARAT: (&str, f64, f64) = ("Maarat al-Numan", 35.6437, 36.6714);

#[test]
fn same_article_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let docs = vec![(article("a1", "Clashes in Saraqib."), vec![event("a1", "Armed clash", SARAQIB, 3)])];
    let first = ingest(&mut store, &docs);
    assert_eq!((first.documents, first.mentions, first.events_created), (1, 1, 1));
    let before = store.stats().unwrap();
    let changes_before = store.changes(0, 1000).unwrap().items.len();
    let again = ingest(&mut store, &docs);
    assert_eq!((again.documents, again.duplicates, again.mentions), (0, 1, 0));
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(store.changes(0, 1000).unwrap().items.len(), changes_before);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn ids_are_stable_across_runs() {
    let docs = vec![
        (article("a1", "Clashes in Saraqib."), vec![event("a1", "Armed clash", SARAQIB, 3)]),
        (article("a2", "Strike on Maarat."), vec![event("a2", "Air/drone strike", MAARAT, 4)]),
    ];
    let ids = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join(name)).unwrap();
        ingest(&mut store, &docs);
        let mut ids: Vec<String> = store.list_events(&EventFilter::default()).unwrap().items.into_iter().map(|e| e.id).collect();
        ids.sort();
        ids
    };
    let a = ids("a.db");
    assert_eq!(a.len(), 2);
    assert_eq!(a, ids("b.db"));
}

#[test]
fn filters_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let mut docs = Vec::new();
    for day in 1..=9i8 {
        let id = format!("d{day}");
        let mut e = event(&id, if day % 2 == 0 { "Air/drone strike" } else { "Armed clash" }, SARAQIB, day);
        e.actor1 = actor("Military Forces of Syria", "State forces");
        e.evidence.text = if day == 4 { "A barrel bomb hit the bakery.".into() } else { e.evidence.text };
        docs.push((article(&id, &format!("Report number {day}.")), vec![e]));
    }
    ingest(&mut store, &docs);
    let all = store.list_events(&EventFilter::default()).unwrap();
    assert_eq!(all.items.len(), 9, "one event per day: dates do not overlap");
    assert!(all.items.windows(2).all(|w| w[0].date.start >= w[1].date.start), "most recent first");

    let mut seen = Vec::new();
    let mut f = EventFilter { limit: Some(4), ..Default::default() };
    loop {
        let page = store.list_events(&f).unwrap();
        seen.extend(page.items.into_iter().map(|e| e.id));
        match page.next_cursor {
            Some(c) => f.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, all.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>());

    let strikes = EventFilter { event_type: Some("Explosions/Remote violence".into()), ..Default::default() };
    assert_eq!(store.list_events(&strikes).unwrap().items.len(), 4);
    let window = EventFilter { start: Some(date(2024, 11, 3)), end: Some(date(2024, 11, 5)), ..Default::default() };
    assert_eq!(store.list_events(&window).unwrap().items.len(), 3);
    let q = EventFilter { q: Some("bakery".into()), ..Default::default() };
    let hits = store.list_events(&q).unwrap().items;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].date.start, date(2024, 11, 4));
    let odd = EventFilter { q: Some("barrel \"bomb AND (".into()), ..Default::default() };
    assert!(store.list_events(&odd).unwrap().items.is_empty(), "operators in user input are words, not syntax");
    let two = EventFilter { q: Some("BARREL bakery".into()), ..Default::default() };
    assert_eq!(store.list_events(&two).unwrap().items.len(), 1);
    let actor = EventFilter { actor: Some("military forces".into()), inter: Some("State forces".into()), ..Default::default() };
    assert_eq!(store.list_events(&actor).unwrap().items.len(), 9);
    let elsewhere = EventFilter { bbox: Some("36.0,35.0,36.5,35.5".parse().unwrap()), ..Default::default() };
    assert!(store.list_events(&elsewhere).unwrap().items.is_empty());
    let inside = EventFilter { bbox: Some("36.7,35.8,36.9,35.9".parse().unwrap()), ..Default::default() };
    assert_eq!(store.list_events(&inside).unwrap().items.len(), 9);

    let counts = store.counts(&EventFilter::default()).unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<u64>(), 9);
    // 2024-11-01 is a Friday: days 1–3 fall in the week of Monday 28 October.
    let first = counts.iter().filter(|c| c.week == date(2024, 10, 28)).map(|c| c.count).sum::<u64>();
    assert_eq!(first, 3);

    let exported: Vec<Event> = store.export_events(&EventFilter::default()).collect::<anyhow::Result<_>>().unwrap();
    assert_eq!(exported.len(), 9);
    assert!(exported.iter().all(|e| e.doc_id.starts_with('d')));
}

#[test]
fn readers_are_not_blocked_by_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut writer = Store::open(&path).unwrap();
    ingest(&mut writer, &[(article("a1", "One."), vec![event("a1", "Armed clash", SARAQIB, 3)])]);
    // Hold a write transaction open on a raw connection while a reader queries.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("BEGIN IMMEDIATE; DELETE FROM changes;").unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(reader.stats().unwrap().events, 1);
    assert_eq!(reader.changes(0, 10).unwrap().items.len(), 1, "the reader sees the last commit, not the open transaction");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    raw.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn read_only_refuses_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open_read_only(&dir.path().join("none.db")).err().expect("no database there");
    assert!(format!("{err:#}").contains("none.db"), "{err:#}");
}

#[test]
fn unknown_event_id_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    assert!(store.get_event("ev-0000000000000000").unwrap().is_none());
}

#[test]
fn a_report_without_a_toll_does_not_contest_it() {
    // A report without a toll never makes an event contested.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let mut a = event("a1", "Armed clash", SARAQIB, 3);
    a.fatalities = Some(Fatalities { low: 5, high: Some(5) });
    let b = event("a2", "Armed clash", SARAQIB, 3);
    ingest(&mut store, &[(article("a1", "One."), vec![a]), (article("a2", "Two."), vec![b])]);
    let e = &store.list_events(&EventFilter::default()).unwrap().items[0];
    assert_eq!(e.mentions, 2);
    assert!(!e.contested);
    assert_eq!(e.fatalities.unwrap().conservative, 5);
}

#[test]
fn ingest_reports_bad_inputs_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), " date 2024-11-02 Clashes were reported near the border crossing.").unwrap();
    std::fs::write(input.join("b.txt"), b" date 2024-11-02 broken \xff\xfe bytes").unwrap();
    std::fs::write(input.join("c.jsonl"), "{\"id\": \"c1\", \"date\": \"2024-11-03\", \"text\": \"A convoy was ambushed.\"}\nnot json\n").unwrap();
    let db = dir.path().join("t.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some inputs failed: {stderr}");
    assert!(stderr.contains("b.txt"), "the broken file is named: {stderr}");
    assert!(stderr.contains("c.jsonl"), "the bad line's file is named: {stderr}");
    let stats = Store::open_read_only(&db).unwrap().stats().unwrap();
    assert_eq!(stats.documents, 2, "a.txt and the good JSON line are stored");

    let json = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["stats", "--format", "json", "--db"]).arg(&db).output().unwrap();
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["documents"], 2);
    assert!(v["mentions"].is_u64() && v["events"].is_u64());
}

#[test]
fn reopening_keeps_data_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    let mut e = event("a1", "Armed clash", SARAQIB, 3);
    e.evidence.text = "Mortar fire hit the grain silo.".into();
    ingest(&mut store, &[(article("a1", "One."), vec![e])]);
    drop(store);
    let store = Store::open(&path).unwrap();
    let q = EventFilter { q: Some("silo".into()), ..Default::default() };
    assert_eq!(store.list_events(&q).unwrap().items.len(), 1, "the evidence index survives reopening");
    drop(store);
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = Store::open(&path).err().expect("a database from a newer sitrep");
    assert!(format!("{err:#}").contains("newer"), "{err:#}");
    assert!(Store::open_read_only(&path).is_err());
}

#[test]
fn one_articles_distinct_events_stay_distinct_but_join_another_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    // Two towns 3 km apart taken the same day: the article itself says they are two events.
    let near = ("Near Saraqib", SARAQIB.1 + 0.027, SARAQIB.2);
    let first = ingest(
        &mut store,
        &[(
            article("a1", "Rebels took Saraqib and a village next to it."),
            vec![
                event("a1", "Non-state actor overtakes territory", SARAQIB, 3),
                event("a1", "Non-state actor overtakes territory", near, 3),
            ],
        )],
    );
    assert_eq!(first.events_created, 2, "{first:?}");
    // A second report of the Saraqib capture joins the first event, not a new one.
    let second = ingest(
        &mut store,
        &[(
            article("a2", "Saraqib fell to the rebels."),
            vec![event("a2", "Non-state actor overtakes territory", SARAQIB, 3)],
        )],
    );
    assert_eq!((second.events_created, second.mentions), (0, 1), "{second:?}");
    assert_eq!(store.list_events(&EventFilter::default()).unwrap().items.len(), 2);
}
