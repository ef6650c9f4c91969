//! Per-language text rules from `data/text/<lang>.tsv`: abbreviations that do not end
//! a sentence, elided words (French `l'`), enclitic suffixes (English `'s`) and
//! proclitics (Arabic و ب ل ف ك ال). Adding a language is adding a file.

use std::collections::{HashMap, HashSet};

use crate::lexicon::{DataFiles, LexiconError};

use super::normalize::fold;

/// One proclitic: its folded form, its slot (order of attachment), and what the
/// stem gets back when the clitic swallowed part of it (ل + ال → لل).
#[derive(Clone, Debug)]
pub struct Proclitic {
    pub form: String,
    pub slot: u8,
    pub restore: String,
}

#[derive(Clone, Debug, Default)]
pub struct LangRules {
    /// Case-sensitive, as written before the period (`M`, `Nov`, `EE.UU`).
    pub abbreviations: HashSet<String>,
    /// Folded, without the apostrophe (`l`, `qu`).
    pub elisions: HashSet<String>,
    /// Folded, apostrophe included (`'s`).
    pub suffixes: Vec<String>,
    /// Sorted by slot.
    pub proclitics: Vec<Proclitic>,
    /// Folded definite articles written attached to their noun (Arabic ال).
    pub articles: Vec<String>,
}

/// Rules for every language that has a file; languages without one get none.
#[derive(Clone, Debug, Default)]
pub struct TextRules {
    by_lang: HashMap<String, LangRules>,
}

const DIR: &str = "text";

impl TextRules {
    /// Parses every `text/<lang>.tsv`; a bad line is an error naming file and line.
    pub fn from_data(data: &DataFiles) -> Result<TextRules, LexiconError> {
        let mut by_lang = HashMap::new();
        for (path, contents) in data.under(DIR) {
            let Some(lang) = path.strip_prefix("text/").and_then(|f| f.strip_suffix(".tsv")) else { continue };
            by_lang.insert(lang.to_string(), parse(path, contents)?);
        }
        Ok(TextRules { by_lang })
    }

    /// The rules shipped in the repository's `data/text`, compiled in, for callers that
    /// segment without a loaded `data/` tree (tests, [`super::Doc::segment`]).
    pub fn builtin() -> TextRules {
        let mut data = DataFiles::new();
        data.insert("text/ar.tsv", include_str!("../../../../data/text/ar.tsv"));
        data.insert("text/en.tsv", include_str!("../../../../data/text/en.tsv"));
        data.insert("text/es.tsv", include_str!("../../../../data/text/es.tsv"));
        data.insert("text/fr.tsv", include_str!("../../../../data/text/fr.tsv"));
        TextRules::from_data(&data).expect("data/text files shipped with the source parse")
    }

    pub fn get(&self, lang: &str) -> Option<&LangRules> {
        self.by_lang.get(lang)
    }
}

fn parse(path: &str, contents: &str) -> Result<LangRules, LexiconError> {
    let mut rules = LangRules::default();
    for (i, line) in contents.lines().enumerate() {
        let err = |message: String| LexiconError { path: path.to_string(), line: i + 1, message };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let form = cols.get(1).map(|f| f.trim()).filter(|f| !f.is_empty());
        let Some(form) = form else { return Err(err(format!("expected KIND<TAB>FORM, got {line:?}"))) };
        match (cols[0], cols.len()) {
            ("abbrev", 2) => {
                rules.abbreviations.insert(form.to_string());
            }
            ("elision", 2) => {
                rules.elisions.insert(fold(form.trim_end_matches(['\'', '’'])));
            }
            ("suffix", 2) => rules.suffixes.push(fold(form)),
            ("article", 2) => rules.articles.push(fold(form)),
            ("proclitic", 3 | 4) => {
                let slot = cols[2].trim().parse().map_err(|_| err(format!("slot must be a small number, got {:?}", cols[2])))?;
                let restore = cols.get(3).map(|r| fold(r.trim())).unwrap_or_default();
                rules.proclitics.push(Proclitic { form: fold(form), slot, restore });
            }
            (kind @ ("abbrev" | "elision" | "suffix" | "proclitic" | "article"), n) => {
                return Err(err(format!("wrong number of columns ({n}) for {kind:?}")))
            }
            (kind, _) => return Err(err(format!("unknown rule kind {kind:?} (abbrev, elision, suffix, proclitic, article)"))),
        }
    }
    rules.proclitics.sort_by_key(|p| p.slot);
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_parse() {
        let rules = TextRules::builtin();
        assert!(rules.get("fr").unwrap().elisions.contains("qu"));
        assert!(rules.get("en").unwrap().abbreviations.contains("Gen"));
        assert_eq!(rules.get("ar").unwrap().proclitics[0].slot, 1);
        assert!(rules.get("xx").is_none());
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut data = DataFiles::new();
        data.insert("text/fr.tsv", "# c\nabbrev\tM\nelison\tl\n");
        let e = TextRules::from_data(&data).unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("text/fr.tsv", 3));
        data.insert("text/fr.tsv", "proclitic\tو\tone\n");
        assert!(TextRules::from_data(&data).unwrap_err().message.contains("slot"));
    }
}
