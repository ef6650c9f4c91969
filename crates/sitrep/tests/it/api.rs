//! The HTTP API through `Router::oneshot`, against a real SQLite file written by the store.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use pipeline::events::{Event, Fatalities};
use serde_json::Value;
use sitrep::api::AppState;
use sitrep::export::Countries;
use sitrep::store::Store;
use tower::ServiceExt;

use super::store::{actor, article, event, ingest, MAARAT, SARAQIB};

const KHAN_SHAYKHUN: (&str, f64, f64) = ("Khan Shaykhun", 35.4417, 36.6511);

/// Two reports of one clash in Saraqib (the army's toll and a monitor's), an air strike
/// in Maarat al-Numan, shelling known only to the province, and the rebels taking Khan
/// Shaykhun on day 20.
fn fixture() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("api.db");
    let mut store = Store::open(&path).unwrap();

    let mut army = event("army", "Armed clash", SARAQIB, 4);
    army.actor1 = actor("Military Forces of Syria", "State forces");
    army.actor2 = actor("Rebels", "Rebel groups");
    army.fatalities = Some(Fatalities { low: 9, high: Some(9) });
    army.claimed_by = actor("Military Forces of Syria", "State forces");
    army.confidence = 0.9;
    let mut monitor = event("monitor", "Armed clash", SARAQIB, 4);
    monitor.actor1 = army.actor1.clone();
    monitor.actor2 = army.actor2.clone();
    monitor.fatalities = Some(Fatalities { low: 12, high: Some(12) });
    monitor.confidence = 0.8;
    let mut strike = event("strike", "Air/drone strike", MAARAT, 9);
    strike.confidence = 0.4;
    let mut shelling = event("shelling", "Shelling/artillery/missile attack", ("Idlib", 35.93, 36.63), 12);
    shelling.location.geo_precision = 3;
    let mut capture = event("capture", "Non-state actor overtakes territory", KHAN_SHAYKHUN, 20);
    capture.actor1 = actor("Rebels", "Rebel groups");
    capture.actor2 = actor("Military Forces of Syria", "State forces");
    capture.claimed_by = actor("Rebels", "Rebel groups");

    let docs: Vec<(_, Vec<Event>)> = vec![
        (article("army", "The army repelled an attack on Saraqib."), vec![army]),
        (article("monitor", "Twelve were killed in clashes in Saraqib."), vec![monitor]),
        (article("strike", "An air strike hit Maarat al-Numan."), vec![strike]),
        (article("shelling", "Shelling across Idlib province."), vec![shelling]),
        (article("capture", "Rebels took Khan Shaykhun."), vec![capture]),
    ];
    ingest(&mut store, &docs);
    drop(store);

    let data = sitrep::data::load().unwrap();
    let state = AppState::open(path, Countries::from_data(&data).unwrap()).unwrap();
    (dir, sitrep::api::router(Arc::clone(&state)))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, content_type, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn json(app: &Router, uri: &str) -> Value {
    let (status, _, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "GET {uri}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {uri}: not JSON ({e}): {body}"))
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a page has items")
}

#[tokio::test]
async fn lists_merged_events_and_filters_them() {
    let (_dir, app) = fixture();
    let all = json(&app, "/api/events").await;
    assert_eq!(items(&all).len(), 4, "two Saraqib reports merge into one event: {all}");

    let battles = json(&app, "/api/events?event_type=Battles").await;
    assert!(items(&battles).iter().all(|e| e["event_type"] == "Battles"));
    assert_eq!(items(&battles).len(), 2);

    let saraqib = json(&app, "/api/events?bbox=36.7,35.8,36.9,35.9").await;
    assert_eq!(items(&saraqib).len(), 1);
    assert_eq!(saraqib["items"][0]["mentions"], 2);
    assert_eq!(saraqib["items"][0]["fatalities"]["low"], 9);
    assert_eq!(saraqib["items"][0]["fatalities"]["high"], 12);

    let confident = json(&app, "/api/events?min_confidence=0.5").await;
    assert!(items(&confident).iter().all(|e| e["confidence"].as_f64().unwrap() >= 0.5));
    assert!(items(&confident).len() < 4);

    let rebels = json(&app, "/api/events?inter=Rebel%20groups&actor=rebel").await;
    assert_eq!(items(&rebels).len(), 2);

    let dated = json(&app, "/api/events?start=2024-11-08&end=2024-11-13").await;
    let subs: Vec<&str> = items(&dated).iter().map(|e| e["sub_event_type"].as_str().unwrap()).collect();
    assert_eq!(subs, ["Shelling/artillery/missile attack", "Air/drone strike"]);

    assert_eq!(items(&json(&app, "/api/events?country=sy").await).len(), 4);
    assert_eq!(items(&json(&app, "/api/events?country=ML").await).len(), 0);
}

#[tokio::test]
async fn text_search_takes_what_a_person_types() {
    let (_dir, app) = fixture();
    let found = json(&app, "/api/events?q=Saraqib").await;
    assert_eq!(items(&found).len(), 1);
    // Punctuation that is FTS5 syntax is searched for, not parsed.
    json(&app, "/api/events?q=al-Numan%20%22unclosed").await;
    json(&app, "/api/events?q=AND%20OR%20NOT%20*").await;
}

#[tokio::test]
async fn pages_cover_every_event_once() {
    let (_dir, app) = fixture();
    let mut seen = Vec::new();
    let mut uri = "/api/events?limit=1".to_owned();
    loop {
        let page = json(&app, &uri).await;
        assert!(items(&page).len() <= 1);
        seen.extend(items(&page).iter().map(|e| e["id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/api/events?limit=1&cursor={}", urlencode(cursor)),
            None => break,
        }
        assert!(seen.len() <= 4, "pagination does not end");
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (4, 4));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let (_dir, app) = fixture();
    for (uri, parameter) in [
        ("/api/events?countyr=SY", "countyr"),
        ("/api/events?start=2024-13-01", "start"),
        ("/api/events?start=2024-11-10&end=2024-11-01", "end"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=0,50,10,40", "bbox"),
        ("/api/events?bbox=0,0,200,10", "bbox"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=5000", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?min_confidence=2", "min_confidence"),
        ("/api/events?country=Syria", "country"),
        ("/api/events?cursor=garbage", "cursor"),
        ("/api/events?country=SY&country=ML", "country"),
        ("/api/counts?limit=3", "limit"),
        ("/api/control?at=yesterday", "at"),
        ("/api/changes?since=-1", "since"),
        ("/api/export.csv?event_type=Battles&format=xls", "format"),
        ("/api/events?q=a%00b", "q"),
        ("/api/events/%FF", "id"),
    ] {
        let (status, content_type, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "GET {uri}: {body}");
        assert!(content_type.starts_with("application/json"), "GET {uri}: {content_type}");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["parameter"], parameter, "GET {uri}: {body}");
        assert!(body["error"].as_str().unwrap().contains(parameter), "GET {uri}: {body}");
    }
}

#[tokio::test]
async fn one_event_has_its_reports_claims_and_evidence() {
    let (_dir, app) = fixture();
    let saraqib = json(&app, "/api/events?q=Saraqib").await;
    let id = saraqib["items"][0]["id"].as_str().unwrap();
    let detail = json(&app, &format!("/api/events/{id}")).await;
    let mentions = detail["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), 2);
    let mut docs: Vec<&str> = mentions.iter().map(|m| m["document"]["doc_id"].as_str().unwrap()).collect();
    docs.sort();
    assert_eq!(docs, ["army", "monitor"]);
    assert!(mentions.iter().all(|m| m["event"]["evidence"]["text"].as_str().unwrap().contains("Saraqib")));
    // Contested tolls stay side by side with their claimants.
    let claims = detail["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2, "{detail}");
    assert!(claims.iter().any(|c| c["claimed_by"]["inter"] == "State forces" && c["fatalities"]["low"] == 9));
    assert!(claims.iter().any(|c| c["claimed_by"].is_null() && c["fatalities"]["low"] == 12));

    let (status, _, body) = get(&app, "/api/events/no-such-event").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("no-such-event"), "{body}");
}

#[tokio::test]
async fn control_layer_follows_the_date() {
    let (_dir, app) = fixture();
    let after = json(&app, "/api/control?at=2024-11-25&country=SY").await;
    assert_eq!(after["type"], "FeatureCollection");
    let features = after["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "{after}");
    let f = &features[0];
    assert_eq!(f["properties"]["place"]["name"], "Khan Shaykhun");
    assert_eq!(f["properties"]["holder"]["inter"], "Rebel groups");
    assert_eq!(f["properties"]["since"], "2024-11-20");
    assert_eq!(f["geometry"]["coordinates"][0], KHAN_SHAYKHUN.2);

    let before = json(&app, "/api/control?at=2024-11-19").await;
    assert_eq!(before["features"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn counts_add_up_to_the_listing() {
    let (_dir, app) = fixture();
    let rows = json(&app, "/api/counts").await;
    let total: u64 = rows.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 4);
    // 2024-11-04 is a Monday: the Saraqib clash is counted in its own week.
    assert!(rows.as_array().unwrap().iter().any(|r| r["week"] == "2024-11-04" && r["event_type"] == "Battles"));
    let battles = json(&app, "/api/counts?event_type=Battles").await;
    let total: u64 = battles.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 2);
}

#[tokio::test]
async fn exports_hold_the_filtered_events() {
    let (_dir, app) = fixture();
    let (status, content_type, csv) = get(&app, "/api/export.csv?event_type=Battles").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"));
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("event_id_cnty,event_date,year"));
    assert_eq!(lines.count(), 2);

    let (_, content_type, geojson) = get(&app, "/api/export.geojson").await;
    assert_eq!(content_type, "application/geo+json");
    let geojson: Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(geojson["features"].as_array().unwrap().len(), 4);

    let (_, _, jsonl) = get(&app, "/api/export.jsonl?min_confidence=0.5").await;
    for line in jsonl.lines() {
        let event: Event = serde_json::from_str(line).unwrap();
        assert!(event.confidence >= 0.5);
    }
}

#[tokio::test]
async fn changes_and_stats() {
    let (_dir, app) = fixture();
    let stats = json(&app, "/api/stats").await;
    assert_eq!(
        (stats["documents"].as_u64(), stats["mentions"].as_u64(), stats["events"].as_u64()),
        (Some(5), Some(5), Some(4))
    );
    let feed = json(&app, "/api/changes?limit=2").await;
    assert_eq!(items(&feed).len(), 2);
    let cursor = feed["next_cursor"].as_str().unwrap();
    let rest = json(&app, &format!("/api/changes?since={cursor}")).await;
    assert!(items(&rest).iter().all(|c| c["seq"].as_i64().unwrap() > cursor.parse::<i64>().unwrap()));
}

#[tokio::test]
async fn serves_the_page_and_a_complete_openapi_document() {
    let (_dir, app) = fixture();
    let (status, content_type, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("/app.js") && html.contains("/vendor/leaflet.js"));
    let (status, _, _) = get(&app, "/app.js").await;
    assert_eq!(status, StatusCode::OK);

    let doc = json(&app, "/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/events",
        "/api/events/{id}",
        "/api/counts",
        "/api/control",
        "/api/changes",
        "/api/stats",
        "/api/export.csv",
        "/api/export.geojson",
        "/api/export.jsonl",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} is not documented");
        let uri = path.replace("{id}", "x");
        let (status, _, _) = get(&app, &uri).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{path} is documented but not routed");
        assert!(status == StatusCode::OK || uri.ends_with("/x"), "{path}: {status}");
    }
    let (status, _, body) = get(&app, "/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("error"));
}

#[tokio::test]
async fn openapi_documents_every_field_the_api_returns() {
    let (_dir, app) = fixture();
    let doc = json(&app, "/openapi.json").await;
    let event_fields = doc["components"]["schemas"]["Event"]["properties"].as_object().unwrap();
    let page = json(&app, "/api/events?limit=1").await;
    for key in page["items"][0].as_object().unwrap().keys() {
        assert!(event_fields.contains_key(key), "Event field `{key}` is not in openapi.json");
    }
    let id = page["items"][0]["id"].as_str().unwrap();
    let detail = json(&app, &format!("/api/events/{id}")).await;
    let detail_fields = doc["components"]["schemas"]["EventDetail"]["properties"].as_object().unwrap();
    for key in detail.as_object().unwrap().keys() {
        assert!(detail_fields.contains_key(key), "EventDetail field `{key}` is not in openapi.json");
    }
}

#[tokio::test]
async fn cached_aggregates_follow_a_new_ingest() {
    let (dir, app) = fixture();
    let total = |rows: &Value| rows.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum::<u64>();
    assert_eq!(total(&json(&app, "/api/counts").await), 4);
    let holder = |fc: &Value| fc["features"][0]["properties"]["holder"]["inter"].as_str().unwrap().to_owned();
    assert_eq!(holder(&json(&app, "/api/control?at=2024-11-28").await), "Rebel groups");
    // Asked twice: the second answer comes from the cache and must be the same.
    assert_eq!(total(&json(&app, "/api/counts").await), 4);

    let mut store = Store::open(&dir.path().join("api.db")).unwrap();
    let mut retaken = event("retaken", "Government regains territory", KHAN_SHAYKHUN, 27);
    retaken.actor1 = actor("Military Forces of Syria", "State forces");
    retaken.actor2 = actor("Rebels", "Rebel groups");
    ingest(&mut store, &[(article("retaken", "The army retook Khan Shaykhun."), vec![retaken])]);
    drop(store);

    assert_eq!(total(&json(&app, "/api/counts").await), 5);
    assert_eq!(holder(&json(&app, "/api/control?at=2024-11-28").await), "State forces");
}
