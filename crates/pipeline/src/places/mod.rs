//! Places: "here is a place name, where on earth is it?"
//!
//! [`Gazetteer`] holds the places and a folded-name index ([`fold::key`] merges
//! transliterations); [`Geocoder`] finds mentions in a [`Doc`] (recognition: gazetteer
//! lookups filtered by cues from `data/places/`) and picks one place per mention
//! (disambiguation by document context).

pub mod abbrev;
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
    abbreviations: abbrev::Abbreviations,
}

impl Geocoder {
    /// Cue words, stop-lists and clitics come from `data/places/`; bad lines are rejected here.
    pub fn new(gazetteer: Gazetteer, data: &DataFiles) -> Result<Geocoder, LexiconError> {
        let airports = (0..gazetteer.len() as u32).filter(|&i| resolve::is_airport(gazetteer.place(i))).collect();
        let abbreviations = abbrev::Abbreviations::from_data(data, &gazetteer)?;
        Ok(Geocoder { gazetteer, cues: cues::Cues::from_data(data)?, airports, abbreviations })
    }

    /// A geocoder that knows no places (for stages tested without a gazetteer).
    pub fn empty() -> Geocoder {
        Geocoder { gazetteer: Gazetteer::build(Vec::new(), Vec::new()), cues: cues::Cues::default(),
            airports: Vec::new(),
            abbreviations: abbrev::Abbreviations::default(),
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Every place mention of the document body, in text order.
    pub fn resolve(&self, doc: &Doc<'_>) -> Vec<PlaceMention> {
        let Some(cues) = self.cues.get(&doc.lang) else { return Vec::new() };
        let texts: Vec<&str> = doc.sentences.iter().map(|s| &doc.text[s.span.start..s.span.end]).collect();
        let scanned: Vec<Vec<recognize::Word>> = texts.iter().map(|t| recognize::scan(t)).collect();
        let doc_words = recognize::DocWords::new(&self.gazetteer, cues, &texts, &scanned);
        let mut cands = Vec::new();
        for ((s, text), words) in doc.sentences.iter().zip(&texts).zip(&scanned) {
            let abbrevs = self.abbreviations.find(&doc.lang, text);
            let found = recognize::sentence_candidates(&self.gazetteer, cues, &doc_words, text, words, s.span.start);
            let mut merged: Vec<recognize::Candidate> = abbrevs
                .into_iter()
                .map(|(span, place)| {
                    let span = Span { start: span.start + s.span.start, end: span.end + s.span.start };
                    recognize::Candidate::fixed(span, place)
                })
                .collect();
            let taken: Vec<Span> = merged.iter().map(|c| c.span).collect();
            merged.extend(found.into_iter().filter(|c| !taken.iter().any(|t| t.start < c.span.end && c.span.start < t.end)));
            merged.sort_by_key(|c| c.span.start);
            cands.extend(merged);
        }
        // A name once introduced as a person ("Sheriff Brown", "Brown said") stays one.
        let people: std::collections::HashSet<String> = cands
            .iter()
            .filter(|c| c.single_word && (c.not_place || c.person_like))
            .map(|c| c.key.clone())
            .collect();
        for c in cands.iter_mut().filter(|c| c.single_word && people.contains(&c.key)) {
            c.person_like = true;
        }
        for k in 1..cands.len() {
            let gap = &doc.text[cands[k - 1].span.end.min(cands[k].span.start)..cands[k].span.start];
            if gap.trim() == "," || gap.trim() == "،" {
                cands[k - 1].within = Some(k);
            }
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
