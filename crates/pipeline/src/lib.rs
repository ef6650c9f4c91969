//! sitrep's analysis core: one news article in, its places and ACLED-coded events out.
//!
//! The flow is [`Pipeline::analyze`]: detect the language, segment the text into
//! sentences and tokens (spans into the original bytes), find and resolve place
//! mentions against the gazetteer, then assemble events (actor, target, place,
//! date, fatalities, claim) clause by clause.
//!
//! Invariant: this crate does no IO, spawns no threads and has no async.
//! Loading files is the caller's job; here everything is built from bytes or strings.

pub mod article;
pub mod control;
pub mod dates;
pub mod events;
pub mod lang;
pub mod lexicon;
pub mod merge;
pub mod places;
pub mod score;
pub mod text;

pub use article::{Analysis, Article, DateRange, Diagnostic};

/// Everything built once and shared by all articles: detector, lexicons, gazetteer.
/// Immutable and `Sync`; one instance serves every thread.
pub struct Pipeline {
    pub lang: lang::LangDetector,
    pub segmenter: text::Segmenter,
    pub geocoder: places::Geocoder,
    pub events: events::EventCoder,
}

impl Pipeline {
    /// Builds every stage from the `data/` files; bad data is rejected here, never later.
    pub fn new(data: &lexicon::DataFiles, geocoder: places::Geocoder) -> Result<Pipeline, lexicon::LexiconError> {
        Ok(Pipeline {
            lang: lang::LangDetector::new(),
            segmenter: text::Segmenter::new(data)?,
            geocoder,
            events: events::EventCoder::new(data)?,
        })
    }

    /// Analyses one article. Never fails: strange input gives fewer results and diagnostics.
    pub fn analyze(&self, article: &Article) -> Analysis {
        let body = article.body();
        let lang = article
            .lang_hint
            .clone()
            .unwrap_or_else(|| self.lang.detect(body));
        let doc = self.segmenter.segment(&article.text, article.body_start, &lang);
        let places = self.geocoder.resolve(&doc);
        let mut diagnostics = Vec::new();
        if !self.events.supports(&lang) {
            diagnostics.push(Diagnostic { stage: "events", message: format!("no event lexicon for language {lang:?}") });
        }
        let events = self.events.extract(article, &doc, &places);
        if article.published.is_none() && events.is_empty() && self.events.supports(&lang) {
            diagnostics.push(Diagnostic {
                stage: "events",
                message: "no publication date and no dateline: events cannot be dated, none coded".into(),
            });
        }
        Analysis { doc_id: article.id.clone(), lang, places, events, diagnostics }
    }
}
