//! The per-language knowledge recognition needs, read from `data/places/`:
//! context cues (`cues/<lang>.tsv`), stop-lists (`stop/<lang>.txt`), generic nouns of
//! facility names (`generic/<lang>.txt`) and Arabic-style attached prefixes
//! (`clitics/<lang>.txt`).

use std::collections::{HashMap, HashSet};

use crate::lexicon::{DataFiles, LexiconError};

/// What a cue says about the name next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// A first-level division: province, governorate, state.
    Adm1,
    /// An airport or air base: the name is the city it serves.
    Airport,
    /// A populated place: town, city, village.
    Populated,
    /// A country.
    Country,
    /// A generic spatial preposition: in, near, près de, في.
    Locative,
    /// A title or word that makes the next name a person or organisation.
    NotPlace,
    /// A word that suggests a person (a speaker: "X said") but that a country or a large
    /// place can also take, metonymically.
    PersonLike,
}

#[derive(Clone, Debug)]
pub struct Cue {
    pub kind: CueKind,
    /// Lowercased, mark-stripped words of the phrase.
    pub words: Vec<String>,
}

/// Cue phrases for one language, split by which side of the name they stand.
#[derive(Clone, Debug, Default)]
pub struct LangCues {
    pub before: Vec<Cue>,
    pub after: Vec<Cue>,
    pub stop: HashSet<String>,
    /// Generic nouns of facility and organisation names (road, university, hospital).
    pub generic: HashSet<String>,
    /// Words that join the items of a list ("et", "and", "و"); a list after a cue shares it.
    pub links: HashSet<String>,
    /// Longest first, so "وب" is tried before "و".
    pub clitics: Vec<String>,
}

/// All languages' cues, keyed by ISO 639-1 code.
#[derive(Clone, Debug, Default)]
pub struct Cues {
    langs: HashMap<String, LangCues>,
}

impl Cues {
    pub fn from_data(data: &DataFiles) -> Result<Cues, LexiconError> {
        let mut langs: HashMap<String, LangCues> = HashMap::new();
        for (path, text) in data.under("places/cues") {
            let lang = lang_of(path);
            let entry = langs.entry(lang).or_default();
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end();
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let err = |message: String| LexiconError { path: path.to_string(), line: n + 1, message };
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() != 3 {
                    return Err(err(format!("expected `position<TAB>kind<TAB>phrase`, found {} columns", cols.len())));
                }
                let kind = match cols[1] {
                    "AND" if cols[0] == "between" => CueKind::Locative,
                    "ADM1" => CueKind::Adm1,
                    "AIRP" => CueKind::Airport,
                    "P" => CueKind::Populated,
                    "PCL" => CueKind::Country,
                    "LOC" => CueKind::Locative,
                    "NOT" => CueKind::NotPlace,
                    "PER" => CueKind::PersonLike,
                    other => return Err(err(format!("unknown cue kind {other:?} (ADM1, AIRP, P, PCL, LOC, NOT, PER)"))),
                };
                let words: Vec<String> = super::recognize::scan(cols[2]).into_iter().map(|w| w.lower).collect();
                if words.is_empty() {
                    return Err(err("empty cue phrase".into()));
                }
                if cols[0] == "between" {
                    if cols[1] != "AND" {
                        return Err(err("a `between` cue must be of kind AND".into()));
                    }
                    entry.links.extend(words);
                    continue;
                }
                let cue = Cue { kind, words };
                match cols[0] {
                    "before" => entry.before.push(cue),
                    "after" => entry.after.push(cue),
                    other => return Err(err(format!("unknown position {other:?} (before, after, between)"))),
                }
            }
            // Longer phrases first: "aéroport international de" beats "de".
            entry.before.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
            entry.after.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        for (path, text) in data.under("places/stop") {
            let entry = langs.entry(lang_of(path)).or_default();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                entry.stop.insert(super::recognize::lower(line));
            }
        }
        for (path, text) in data.under("places/generic") {
            let entry = langs.entry(lang_of(path)).or_default();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                entry.generic.insert(super::recognize::lower(line));
            }
        }
        for (path, text) in data.under("places/clitics") {
            let entry = langs.entry(lang_of(path)).or_default();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                entry.clitics.push(line.to_string());
            }
            entry.clitics.sort_by_key(|c| std::cmp::Reverse(c.chars().count()));
        }
        Ok(Cues { langs })
    }

    /// The cues of `lang`, or English ones for a language without its own files.
    pub fn get(&self, lang: &str) -> Option<&LangCues> {
        self.langs.get(lang).or_else(|| self.langs.get("en"))
    }
}

fn lang_of(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.split('.').next().unwrap_or(file).to_string()
}
