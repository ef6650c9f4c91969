//! Events: who did what to whom, where, when, how many killed, according to whom.
//!
//! The output record follows `../shared/spec/events.md` §1 field for field. Coding is by
//! rules over per-language data: [`triggers`] say what happened, [`actors`] who, the
//! geocoder's place mentions where, [`crate::dates`] when, [`numbers`] how many died and
//! [`claims`] according to whom; [`assemble`] binds them clause by clause.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::article::{Article, DateRange};
use crate::dates::DateResolver;
use crate::lexicon::{DataFiles, LexiconError};
use crate::places::PlaceMention;
use crate::text::Doc;

pub mod actors;
mod assemble;
pub mod claims;
pub mod numbers;
pub mod triggers;
pub mod tsv;
pub mod words;

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

/// Everything one language needs to code events; files other than the triggers are optional.
pub(crate) struct Kit {
    pub triggers: triggers::Triggers,
    pub cues: triggers::Cues,
    pub actors: actors::Actors,
    pub claims: claims::Claims,
    pub numbers: numbers::Numbers,
}

/// Codes events from segmented, geocoded articles. Built once from `data/`, immutable.
pub struct EventCoder {
    kits: HashMap<String, Kit>,
    dates: DateResolver,
    countries: actors::Countries,
}

impl EventCoder {
    /// A language is supported when `data/events/<lang>.tsv` exists.
    pub fn new(data: &DataFiles) -> Result<EventCoder, LexiconError> {
        let mut kits = HashMap::new();
        for (lang, path, text) in tsv::per_language(data, "events", "tsv") {
            let file = |dir: &str, ext: &str| {
                let p = format!("{dir}/{lang}.{ext}");
                let t = data.get(&p).unwrap_or("").to_string();
                (p, t)
            };
            let (cp, ct) = file("events", "cues.tsv");
            let (ap, at) = file("actors", "tsv");
            let (lp, lt) = file("claims", "tsv");
            let (np, nt) = file("numbers", "tsv");
            // Prefixes written onto words (Arabic و، ب، ل…): one per line.
            let (_, kt) = file("events", "clitics.txt");
            let clitics: Vec<String> =
                kt.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(words::fold).collect();
            let kit = Kit {
                triggers: triggers::Triggers::parse(path, text, &clitics)?,
                cues: triggers::Cues::parse(&cp, &ct, &clitics)?,
                actors: actors::Actors::parse(&ap, &at, &clitics)?,
                claims: claims::Claims::parse(&lp, &lt, &clitics)?,
                numbers: numbers::Numbers::parse(&np, &nt, &clitics)?,
            };
            kits.insert(lang, kit);
        }
        Ok(EventCoder { kits, dates: DateResolver::new(data)?, countries: actors::Countries::new(data)? })
    }

    pub fn supports(&self, lang: &str) -> bool {
        self.kits.contains_key(lang)
    }

    /// The events of one article, deduplicated, in text order.
    pub fn extract(&self, article: &Article, doc: &Doc<'_>, places: &[PlaceMention]) -> Vec<Event> {
        let Some(kit) = self.kits.get(&doc.lang) else { return Vec::new() };
        assemble::Assembler { kit, dates: &self.dates, countries: &self.countries, article, doc, places }.run()
    }
}
