//! Places: "here is a place name, where on earth is it?"
//!
//! [`Gazetteer`] holds the places and a folded-name index ([`fold::key`] merges
//! transliterations); [`Geocoder`] finds mentions in a [`Doc`] (recognition: gazetteer
//! lookups filtered by cues from `data/places/`) and picks one place per mention
//! (disambiguation by document context).

pub mod cues;
pub mod fold;
pub mod gazetteer;
pub mod recognize;
pub mod resolve;

use serde::{Deserialize, Serialize};

pub use gazetteer::{Gazetteer, GazetteerError, NameEntry};

use crate::lexicon::{DataFiles, LexiconError};
use crate::text::{Doc, Span};

/// A gazetteer entry (GeoNames city, admin-1 division, country or airport).
/// `feature_class`/`feature_code` follow GeoNames: `P`/`PPL*` towns, `A`/`ADM1`
/// provinces (coordinates of their capital), `A`/`PCLI` countries, `S`/`AIRP` airports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub geonameid: Option<i64>,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Name of the first-level division the place lies in (its own name for an ADM1).
    pub admin1: String,
    pub feature_class: String,
    pub feature_code: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A span of text naming a place, and what it resolved to (if anything).
#[derive(Clone, Debug)]
pub struct PlaceMention {
    pub span: Span,
    pub text: String,
    pub place: Option<Place>,
    /// Confidence in the resolution, 0..1.
    pub score: f64,
}

/// Finds place mentions in a document and resolves them.
pub struct Geocoder {
    gazetteer: Gazetteer,
    cues: cues::Cues,
    /// Indices of airports and air bases, for "the airport of <city>".
    airports: Vec<u32>,
}

impl Geocoder {
    /// Cue words, stop-lists and clitics come from `data/places/`; bad lines are rejected here.
    pub fn new(gazetteer: Gazetteer, data: &DataFiles) -> Result<Geocoder, LexiconError> {
        let airports = (0..gazetteer.len() as u32).filter(|&i| resolve::is_airport(gazetteer.place(i))).collect();
        Ok(Geocoder { gazetteer, cues: cues::Cues::from_data(data)?, airports })
    }

    /// A geocoder that knows no places (for stages tested without a gazetteer).
    pub fn empty() -> Geocoder {
        Geocoder { gazetteer: Gazetteer::build(Vec::new(), Vec::new()), cues: cues::Cues::default(), airports: Vec::new() }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Every place mention of the document body, in text order.
    pub fn resolve(&self, doc: &Doc<'_>) -> Vec<PlaceMention> {
        let Some(cues) = self.cues.get(&doc.lang) else { return Vec::new() };
        let mut cands = Vec::new();
        for s in &doc.sentences {
            let text = &doc.text[s.span.start..s.span.end];
            cands.extend(recognize::sentence_candidates(&self.gazetteer, cues, text, s.span.start));
        }
        let chosen = resolve::resolve(&self.gazetteer, &self.airports, &cands);
        cands
            .iter()
            .zip(chosen)
            .filter_map(|(c, ch)| {
                let (i, s) = ch?;
                Some(PlaceMention {
                    span: c.span,
                    text: doc.text[c.span.start..c.span.end].to_string(),
                    place: Some(self.gazetteer.place(i).clone()),
                    score: (s / 8.0).clamp(0.0, 1.0),
                })
            })
            .collect()
    }
}
