//! Events: who did what to whom, where, when, how many killed, according to whom.
//!
//! The output record follows `../shared/spec/events.md` §1 field for field.

use serde::{Deserialize, Serialize};

use crate::article::DateRange;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub inter: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonameid: Option<i64>,
    pub geo_precision: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fatalities {
    pub low: u32,
    pub high: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// One coded event, in the wire shape of the spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    pub location: Location,
    pub date: DateRange,
    pub fatalities: Option<Fatalities>,
    pub claimed_by: Option<Actor>,
    pub evidence: Evidence,
    pub confidence: f64,
    /// Extra fields, welcome per the spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
}
