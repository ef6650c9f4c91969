//! Merging across reports through the real store: one event per thing that happened,
//! every report and claim kept, contested tolls side by side, redirects for absorbed ids.

use jiff::civil::date;
use pipeline::events::Fatalities;
use sitrep::store::{EventFilter, Store};

use crate::store::{actor, article, event, ingest, MAARAT, SARAQIB};

#[test]
fn two_sides_one_attack_one_event_both_claims() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let mut army = event("army", "Armed clash", SARAQIB, 3);
    army.actor1 = actor("Military Forces of Syria", "State forces");
    army.actor2 = actor("Hayat Tahrir al-Sham", "Rebel groups");
    army.fatalities = Some(Fatalities { low: 12, high: Some(12) });
    army.claimed_by = actor("Military Forces of Syria", "State forces");
    // The rebels' account: sides swapped, a village 3 km off, a higher open-ended toll.
    let mut rebels = event("rebels", "Armed clash", ("Afes", 35.88, 36.78), 3);
    rebels.actor1 = actor("Hayat Tahrir al-Sham", "Rebel groups");
    rebels.actor2 = actor("Military Forces of Syria", "State forces");
    rebels.fatalities = Some(Fatalities { low: 40, high: None });
    rebels.claimed_by = actor("Hayat Tahrir al-Sham", "Rebel groups");
    // An unrelated strike the same day in another town stays apart.
    let strike = event("other", "Air/drone strike", MAARAT, 3);
    let report = ingest(
        &mut store,
        &[
            (article("army", "The army says it repelled an attack."), vec![army]),
            (article("rebels", "The rebels say they inflicted losses."), vec![rebels]),
            (article("other", "A strike hit Maarat."), vec![strike]),
        ],
    );
    assert_eq!((report.mentions, report.events_created), (3, 2));

    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.mentions, stats.events), (3, 3, 2), "counts are counts of events");
    let battles = EventFilter { event_type: Some("Battles".into()), ..Default::default() };
    let e = store.list_events(&battles).unwrap().items.remove(0);
    assert_eq!((e.mentions, e.sources), (2, 2));
    assert!(e.contested);
    let f = e.fatalities.unwrap();
    assert_eq!((f.low, f.high, f.conservative), (12, None, 12), "a range plus the conservative figure, never an average");

    let detail = store.get_event(&e.id).unwrap().unwrap();
    assert_eq!(detail.mentions.len(), 2);
    let claimants: Vec<_> = detail.claims.iter().map(|c| c.claimed_by.as_ref().unwrap().inter.as_str()).collect();
    assert_eq!(claimants, ["State forces", "Rebel groups"]);
    assert_eq!(detail.claims[1].fatalities, Some(Fatalities { low: 40, high: None }));
    assert_eq!(detail.claims[0].doc_ids, ["army"]);
    assert_eq!(detail.mentions[1].document.url.as_deref(), Some("https://example.org/rebels"));
}

#[test]
fn a_bridging_report_merges_two_events_and_leaves_a_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    // Two reports 16 km apart: two events. Then a report from a village between them
    // (8 km from each) of the same fighting: they were one event, told from two ends.
    let west = event("w", "Armed clash", ("West", 35.80, 36.70), 3);
    let east = event("e", "Armed clash", ("East", 35.80, 36.877), 3);
    ingest(&mut store, &[(article("w", "West."), vec![west]), (article("e", "East."), vec![east])]);
    assert_eq!(store.stats().unwrap().events, 2);

    // A province-level report fits both, but is no evidence they are one: it joins one.
    let mut province = event("p", "Armed clash", ("Idlib province", 35.9, 36.6), 3);
    province.location.geo_precision = 3;
    let r = ingest(&mut store, &[(article("p", "Fighting across Idlib province."), vec![province])]);
    assert_eq!((r.events_merged, r.events_updated, r.events_created), (0, 1, 0));
    let since = store.changes(0, 100).unwrap().next_cursor.unwrap().parse::<i64>().unwrap();

    let middle = event("m", "Armed clash", ("Middle", 35.80, 36.7885), 3);
    let r = ingest(&mut store, &[(article("m", "Fighting between the two villages."), vec![middle])]);
    assert_eq!((r.events_merged, r.events_updated, r.events_created), (1, 1, 0));
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.mentions, stats.redirects), (1, 4, 1));

    let feed = store.changes(since, 100).unwrap().items;
    let kinds: Vec<&str> = feed.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["merged", "updated"]);
    let (gone, survivor) = (&feed[0].event_id, feed[0].into.clone().unwrap());
    assert_eq!(feed[1].event_id, survivor);

    let via_old = store.get_event(gone).unwrap().expect("the absorbed id still resolves");
    assert_eq!(via_old.event.id, survivor);
    assert_eq!(via_old.redirected_from.as_deref(), Some(gone.as_str()));
    assert_eq!(via_old.aliases, std::slice::from_ref(gone));
    assert_eq!(via_old.mentions.len(), 4);
    assert_eq!(via_old.event.location.geo_precision, 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn control_timeline_from_territory_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let mut taken = event("t1", "Non-state actor overtakes territory", SARAQIB, 1);
    taken.actor1 = actor("Hayat Tahrir al-Sham", "Rebel groups");
    taken.claimed_by = actor("Hayat Tahrir al-Sham", "Rebel groups");
    taken.date = pipeline::DateRange { start: date(2024, 11, 1), end: date(2024, 11, 2), precision: 2 };
    let mut retaken = event("t2", "Government regains territory", SARAQIB, 2);
    retaken.actor1 = actor("Military Forces of Syria", "State forces");
    retaken.claimed_by = actor("Military Forces of Syria", "State forces");
    let mut later = event("t3", "Non-state actor overtakes territory", MAARAT, 8);
    later.actor1 = actor("Hayat Tahrir al-Sham", "Rebel groups");
    // Sides differ and dates overlap: no merge (incompatible actors), but contested control.
    ingest(&mut store, &[(article("t1", "HTS took Saraqib."), vec![taken])]);
    ingest(&mut store, &[(article("t2", "The army says it holds Saraqib."), vec![retaken])]);
    ingest(&mut store, &[(article("t3", "HTS took Maarat."), vec![later])]);

    let at3 = store.control_at(date(2024, 11, 3), Some("SY")).unwrap();
    assert_eq!(at3.len(), 1, "Maarat only changes hands on the 8th");
    let s = &at3[0];
    assert_eq!(s.place.name, "Saraqib");
    assert_eq!(s.holder.name, "Military Forces of Syria");
    assert_eq!(s.since, date(2024, 11, 2));
    assert!(s.contested, "both sides claim Saraqib over overlapping days");
    assert_eq!(s.rivals[0].name, "Hayat Tahrir al-Sham");
    assert_eq!(s.claimed_by[0].as_ref().unwrap().inter, "State forces");

    let at9 = store.control_at(date(2024, 11, 9), None).unwrap();
    assert_eq!(at9.len(), 2);
    assert!(store.control_at(date(2024, 11, 9), Some("IQ")).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().control_changes, 3);
}

/// The whole chain on articles: `sitrep ingest` (readers, real pipeline, gazetteer) →
/// merged events, claims side by side, control timeline; a second ingest changes nothing.
#[test]
fn real_articles_two_accounts_one_event_and_a_town_changing_hands() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let ingest = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["ingest", "--db"])
            .arg(&db)
            .arg(&fixtures)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    ingest();
    let store = Store::open_read_only(&db).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 4);
    assert!(stats.mentions >= 4, "each article reports at least one event");

    let battles = EventFilter { sub_event_type: Some("Armed clash".into()), ..Default::default() };
    let clash = store.list_events(&battles).unwrap().items;
    assert_eq!(clash.len(), 1, "the army's and the rebels' accounts are one event: {clash:#?}");
    let e = &clash[0];
    assert_eq!(e.sources, 2);
    assert!(e.contested);
    let f = e.fatalities.expect("both accounts give a toll");
    assert_eq!((f.low, f.high, f.conservative), (14, None, 14), "army 14, rebels at least 20");
    let detail = store.get_event(&e.id).unwrap().unwrap();
    let mut claims: Vec<(String, u32)> = detail
        .claims
        .iter()
        .filter_map(|c| Some((c.claimed_by.as_ref()?.inter.clone(), c.fatalities?.low)))
        .collect();
    claims.sort();
    assert_eq!(claims, [("Rebel groups".to_string(), 20), ("State forces".to_string(), 14)]);

    let held = |d| store.control_at(d, Some("SY")).unwrap();
    let before = held(date(2025, 6, 18));
    assert!(before.is_empty(), "{before:?}");
    let taken = held(date(2025, 6, 22));
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].holder.inter, "Rebel groups");
    assert!(!taken[0].contested);
    let retaken = held(date(2025, 6, 30));
    assert_eq!(retaken[0].holder.inter, "State forces");
    assert_eq!(retaken[0].claimed_by[0].as_ref().unwrap().inter, "State forces");

    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).arg("--db").arg(&db).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let geo: serde_json::Value = serde_json::from_str(&cli(&["control", "--at", "2025-06-30", "--country", "sy", "--format", "geojson"])).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let feature = &geo["features"][0];
    assert_eq!(feature["properties"]["holder"]["inter"], "State forces");
    let lon = feature["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!((36.0..37.0).contains(&lon), "GeoJSON is [lon, lat]: {feature}");
    let changes = cli(&["changes", "--since", "0"]);
    let kinds: Vec<String> = changes.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].as_str().unwrap().to_string()).collect();
    assert!(!kinds.is_empty() && kinds.iter().all(|k| k == "created"), "one batch: every event is new: {kinds:?}");

    let feed = store.changes(0, 100).unwrap().items.len();
    drop(store);
    ingest();
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.stats().unwrap(), stats, "the same articles again change nothing");
    assert_eq!(store.changes(0, 100).unwrap().items.len(), feed);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn events_born_and_fused_in_one_batch_never_reach_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let west = event("w", "Armed clash", ("West", 35.80, 36.70), 3);
    let east = event("e", "Armed clash", ("East", 35.80, 36.877), 3);
    let middle = event("m", "Armed clash", ("Middle", 35.80, 36.7885), 3);
    let r = ingest(
        &mut store,
        &[(article("w", "West."), vec![west]), (article("e", "East."), vec![east]), (article("m", "Middle."), vec![middle])],
    );
    assert_eq!((r.events_created, r.events_updated, r.events_merged), (1, 0, 0));
    let feed = store.changes(0, 100).unwrap().items;
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0].kind, "created");
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.mentions), (1, 3));
    assert!(store.check().unwrap().is_empty());
}
