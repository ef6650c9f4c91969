//! The store's wire types: what queries take and return, serialised as-is by the API.

use std::collections::BTreeMap;

use jiff::civil::Date;
use pipeline::events::{Actor, Event, Evidence, Fatalities, Location};
use pipeline::merge::FatalityRange;
use pipeline::DateRange;
use serde::{Deserialize, Deserializer, Serialize};

/// Which events to list; every field narrows, `None` = no constraint.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// Events whose date window ends on or after this day.
    pub start: Option<Date>,
    /// Events whose date window starts on or before this day.
    pub end: Option<Date>,
    /// `west,south,east,north` in degrees (a query string gives it as one comma list).
    #[serde(deserialize_with = "bbox_from_str")]
    pub bbox: Option<BBox>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    /// Case-insensitive substring of either actor's name.
    pub actor: Option<String>,
    /// Either actor's ACLED category.
    pub inter: Option<String>,
    pub min_confidence: Option<f64>,
    /// Words that must all occur in the evidence of one of the event's mentions.
    pub q: Option<String>,
    /// Page size; default 100, at most 1000.
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl std::str::FromStr for BBox {
    type Err = String;

    fn from_str(s: &str) -> Result<BBox, String> {
        let v: Vec<f64> = s
            .split(',')
            .map(|x| x.trim().parse::<f64>().map_err(|e| format!("bbox {s:?}: {e}")))
            .collect::<Result<_, _>>()?;
        match v[..] {
            [west, south, east, north] if south <= north => Ok(BBox { west, south, east, north }),
            _ => Err(format!("bbox {s:?}: expected west,south,east,north")),
        }
    }
}

fn bbox_from_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BBox>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| s.parse().map_err(serde::de::Error::custom)).transpose()
}

/// One page of a listing; `next_cursor` is `None` on the last page.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A merged event: the representative fields plus what its reports add up to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    pub location: Location,
    pub date: DateRange,
    /// Range over the reports plus the conservative figure; `None` = no report gives a toll.
    pub fatalities: Option<FatalityRange>,
    pub confidence: f64,
    /// Number of mentions (extracted reports) merged into this event.
    pub mentions: u32,
    /// Number of distinct documents among them.
    pub sources: u32,
    /// Reports disagree on the toll.
    pub contested: bool,
    /// The document of the first report, and the evidence it rests on.
    pub doc_id: String,
    pub evidence: Evidence,
    /// Changefeed sequence numbers of creation and last update.
    pub created_seq: i64,
    pub updated_seq: i64,
}

impl EventRecord {
    /// The merged event in the spec's wire shape (for exports): representative fields,
    /// the toll as the range over reports.
    pub fn to_event(&self) -> Event {
        Event {
            doc_id: self.doc_id.clone(),
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_event_type.clone(),
            actor1: self.actor1.clone(),
            actor2: self.actor2.clone(),
            location: self.location.clone(),
            date: self.date,
            fatalities: self.fatalities.map(|f| Fatalities { low: f.low, high: f.high }),
            claimed_by: None,
            evidence: self.evidence.clone(),
            confidence: self.confidence,
            lang: None,
            trigger: None,
        }
    }
}

/// The document a mention comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentRef {
    pub doc_id: String,
    pub hash: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
    pub published: Option<DateRange>,
}

/// One report of an event, as extracted from one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionRecord {
    pub id: i64,
    pub document: DocumentRef,
    /// The event as this report tells it (its own toll, place, date, claim and evidence).
    pub event: Event,
}

/// One side's account: who claims, what toll, in which documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// `None` = the report states it in its own voice.
    pub claimed_by: Option<Actor>,
    pub fatalities: Option<Fatalities>,
    pub doc_ids: Vec<String>,
}

/// An event with everything it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventDetail {
    pub event: EventRecord,
    pub mentions: Vec<MentionRecord>,
    /// Distinct accounts, side by side (never averaged).
    pub claims: Vec<Claim>,
    /// Ids of events merged into this one; asking for any of them leads here.
    pub aliases: Vec<String>,
    /// Set when the id asked for was absorbed: the id that was asked.
    pub redirected_from: Option<String>,
}

/// Who holds a place at the asked date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControlState {
    pub place_key: String,
    pub place: Location,
    pub holder: Actor,
    pub since: Date,
    /// The event that made the change.
    pub event_id: String,
    /// Who asserts it, per report (`null` = stated in the reports' own voice).
    pub claimed_by: Vec<Option<Actor>>,
    pub contested: bool,
    pub rivals: Vec<Actor>,
}

/// Events per ISO week (the Monday), type and admin-1 unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountRow {
    pub week: Date,
    pub event_type: String,
    pub admin1: Option<String>,
    pub count: u64,
}

/// One changefeed entry: `created`, `updated`, or `merged` (then `into` names the survivor).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub into: Option<String>,
    pub batch: i64,
    pub at: String,
}

/// What the database holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
    /// Distinct places with at least one event.
    pub places: u64,
    pub control_changes: u64,
    pub redirects: u64,
    pub by_event_type: BTreeMap<String, u64>,
    pub by_country: BTreeMap<String, u64>,
}

/// What one ingest batch did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BatchReport {
    pub documents: u64,
    /// Documents already stored (same content hash), skipped.
    pub duplicates: u64,
    pub mentions: u64,
    pub events_created: u64,
    pub events_updated: u64,
    pub events_merged: u64,
}

/// A document to store with the events extracted from it.
pub struct NewDocument<'a> {
    pub article: &'a pipeline::Article,
    pub lang: &'a str,
    pub events: &'a [Event],
}

/// Control states as a GeoJSON FeatureCollection of points (`[lon, lat]`; null geometry
/// for places without coordinates), the state as properties: what the map draws.
pub fn control_geojson(states: &[ControlState]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = states
        .iter()
        .map(|s| {
            let geometry = match (s.place.lon, s.place.lat) {
                (Some(lon), Some(lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
                _ => serde_json::Value::Null,
            };
            serde_json::json!({"type": "Feature", "geometry": geometry, "properties": s})
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}
