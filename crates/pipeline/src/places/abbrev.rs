//! Fixed forms tied to one gazetteer place: abbreviations (`data/places/abbrev/<lang>.tsv`,
//! "U.S.", "Ky.": dotted or too short for the name index) and demonyms
//! (`data/places/demonyms/<lang>.tsv`, "Syrian" → Syria).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::gazetteer::Gazetteer;
use super::resolve::{is_adm1, is_country};
use crate::lexicon::{DataFiles, LexiconError};
use crate::text::Span;

/// Per language: an automaton over the abbreviations and the place each one means.
#[derive(Default)]
pub struct Abbreviations {
    langs: HashMap<String, (AhoCorasick, Vec<u32>)>,
}

impl Abbreviations {
    /// An abbreviation whose full name is not in the gazetteer (a small test gazetteer)
    /// is skipped, not an error: the data is valid, the places are just absent.
    pub fn from_data(data: &DataFiles, gaz: &Gazetteer) -> Result<Abbreviations, LexiconError> {
        let mut langs = HashMap::new();
        let mut by_lang: HashMap<String, (Vec<String>, Vec<u32>)> = HashMap::new();
        for (path, text) in data.under("places/abbrev").chain(data.under("places/demonyms")) {
            let lang = path.rsplit('/').next().unwrap_or(path).split('.').next().unwrap_or("").to_string();
            let (patterns, places) = by_lang.entry(lang).or_default();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() != 3 || cols.iter().any(|c| c.trim().is_empty()) {
                    return Err(LexiconError {
                        path: path.to_string(),
                        line: n + 1,
                        message: "expected `form<TAB>full name<TAB>country (ISO 3166-1, or - for a continent)`".into(),
                    });
                }
                let best = gaz
                    .lookup(cols[1])
                    .map(|(i, _)| i)
                    // `-` for a place in no country: a continent.
                    .filter(|&i| {
                        let p = gaz.place(i);
                        p.country == cols[2] || (cols[2] == "-" && p.feature_code == "CONT")
                    })
                    .max_by_key(|&i| {
                        let p = gaz.place(i);
                        (is_country(p), is_adm1(p), p.population)
                    });
                if let Some(i) = best {
                    patterns.push(cols[0].to_string());
                    places.push(i);
                }
            }
        }
        for (lang, (patterns, places)) in by_lang {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .map_err(|e| LexiconError { path: format!("places/abbrev/{lang}.tsv"), line: 0, message: e.to_string() })?;
            langs.insert(lang, (ac, places));
        }
        Ok(Abbreviations { langs })
    }

    /// Abbreviations standing as whole words in `text`: (span relative to it, place).
    pub fn find(&self, lang: &str, text: &str) -> Vec<(Span, u32)> {
        let Some((ac, places)) = self.langs.get(lang) else { return Vec::new() };
        ac.find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| (Span { start: m.start(), end: m.end() }, places[m.pattern().as_usize()]))
            .collect()
    }
}
