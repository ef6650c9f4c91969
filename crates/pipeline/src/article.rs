//! The boundary types: what a reader hands to the pipeline, and what comes back.

use serde::{Deserialize, Serialize};

/// One document as read. `text` is exactly what the source had (header included);
/// every span anywhere in the pipeline is a byte range into it.
#[derive(Clone, Debug)]
pub struct Article {
    /// File name without extension, or the JSONL `id`.
    pub id: String,
    pub text: String,
    /// Byte offset where the article proper starts (after a ` date YYYY-MM ` header).
    pub body_start: usize,
    /// Publication date from the header or the JSONL `date`, with its precision.
    pub published: Option<DateRange>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code given by the source; skips detection when present.
    pub lang_hint: Option<String>,
}

impl Article {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// An inclusive interval of calendar days with the spec's precision
/// (1 = day, 2 = a few days / a week, 3 = a month or longer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub precision: u8,
}

/// A problem with one article that did not stop its analysis.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub stage: &'static str,
    pub message: String,
}

/// What the pipeline found in one article.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub doc_id: String,
    pub lang: String,
    pub places: Vec<crate::places::PlaceMention>,
    pub events: Vec<crate::events::Event>,
    pub diagnostics: Vec<Diagnostic>,
}
