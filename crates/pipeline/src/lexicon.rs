//! Lexicon files: the linguistic knowledge under `data/`, handed over as strings.
//!
//! The service reads (or embeds) the files; each stage parses the ones it owns and reports
//! bad lines as `LexiconError { path, line, message }`, so construction is the only place
//! where data can be rejected.

use std::collections::BTreeMap;
use std::fmt;

/// The contents of the `data/` tree, keyed by path relative to it (`events/fr.tsv`).
#[derive(Clone, Debug, Default)]
pub struct DataFiles {
    files: BTreeMap<String, String>,
}

impl DataFiles {
    pub fn new() -> DataFiles {
        DataFiles::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(path.into(), contents.into());
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Files directly or indirectly under `dir` (no trailing slash), in path order.
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .range(format!("{dir}/")..)
            .take_while(move |(p, _)| p.starts_with(dir) && p.as_bytes().get(dir.len()) == Some(&b'/'))
            .map(|(p, c)| (p.as_str(), c.as_str()))
    }
}

/// A line of a data file that could not be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "data/{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_lists_only_that_directory() {
        let mut d = DataFiles::new();
        d.insert("events/en.tsv", "a");
        d.insert("events/fr.tsv", "b");
        d.insert("eventsx/es.tsv", "c");
        d.insert("actors/en.tsv", "d");
        let got: Vec<_> = d.under("events").map(|(p, _)| p).collect();
        assert_eq!(got, ["events/en.tsv", "events/fr.tsv"]);
    }
}
