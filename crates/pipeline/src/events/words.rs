//! Words and phrases: the one place where text is folded and lexicon phrases are matched.
//!
//! Every lexicon (triggers, actors, cues, numbers, dates) is matched the same way: the
//! sentence becomes a string of folded words joined by single spaces, and one
//! Aho-Corasick automaton per file finds phrases in it. Folding the lexicon with the same
//! function guarantees that "Armée", "armee" and "ARMÉE" meet.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::text::Span;

/// Lowercase, strip diacritics and tatweel, unify apostrophes, write Arabic-Indic digits
/// as ASCII ("٢٣" counts like "23"): the matching key of a word.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c) && *c != '\u{640}')
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' | 'ʼ' => '\'',
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
            c => c,
        })
        .collect()
}

/// The words of one stretch of text, each with its byte span in the article.
///
/// Hyphens and apostrophes separate words ("d'Alep" → "d", "alep"; "trente-deux" →
/// "trente", "deux"), so lexicon phrases are written with spaces. Digits keep an inner
/// `.`/`,` so "1,200" stays one number.
#[derive(Debug, Default)]
pub struct Words {
    pub spans: Vec<Span>,
    pub norms: Vec<String>,
    joined: String,
    starts: Vec<usize>,
}

impl Words {
    pub fn new(text: &str, span: Span) -> Words {
        let mut w = Words::default();
        let slice = &text[span.start..span.end];
        let mut cur: Option<usize> = None;
        let bytes: Vec<(usize, char)> = slice.char_indices().collect();
        for (i, &(off, c)) in bytes.iter().enumerate() {
            let inner_num_sep = (c == '.' || c == ',')
                && i > 0
                && bytes[i - 1].1.is_ascii_digit()
                && bytes.get(i + 1).is_some_and(|n| n.1.is_ascii_digit());
            let is_word = c.is_alphanumeric() || is_combining_mark(c) || inner_num_sep;
            match (is_word, cur) {
                (true, None) => cur = Some(off),
                (false, Some(s)) => {
                    w.push(text, span.start + s, span.start + off);
                    cur = None;
                }
                _ => {}
            }
        }
        if let Some(s) = cur {
            w.push(text, span.start + s, span.end);
        }
        w
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        let norm = fold(&text[start..end]);
        if norm.is_empty() {
            return;
        }
        self.joined.push(' ');
        self.starts.push(self.joined.len());
        self.joined.push_str(&norm);
        self.spans.push(Span { start, end });
        self.norms.push(norm);
    }

    pub fn len(&self) -> usize {
        self.norms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.norms.is_empty()
    }

    /// Index of the first word starting at or after byte `pos` of the article.
    pub fn at_byte(&self, pos: usize) -> usize {
        self.spans.partition_point(|s| s.start < pos)
    }

    /// The span covering words `a..b` (b exclusive, a < b).
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span { start: self.spans[a].start, end: self.spans[b - 1].end }
    }

    /// The word index whose folded text starts at `byte` of the joined string.
    fn word_starting_at(&self, byte: usize) -> Option<usize> {
        self.starts.binary_search(&byte).ok()
    }
}

/// A phrase found in a [`Words`]: words `start..end`, carrying lexicon entry `entry`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// An automaton over folded phrases, built once per lexicon file.
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    /// Entry of each pattern (clitic variants share their phrase's entry).
    entries: Vec<usize>,
}

impl PhraseSet {
    /// `phrases[i]` is found as entry `i`. Phrases are folded and re-split like text.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseSet {
        PhraseSet::with_clitics(phrases, &[])
    }

    /// Like [`PhraseSet::new`], also finding each phrase with a prefix glued to its first
    /// word (Arabic "و" + "الجيش" = "والجيش"), the prefixes coming from the language's data.
    /// A prefix written `X=Y` replaces a phrase's leading `Y` ("لل=ال": "للجيش").
    pub fn with_clitics<'a>(phrases: impl IntoIterator<Item = &'a str>, clitics: &[String]) -> PhraseSet {
        let keys: Vec<String> = phrases.into_iter().map(phrase_key).collect();
        // Phrases as written come first, so a prefixed form the data lists itself
        // ("بطائرة مسيرة", with its own flags) wins over the same form glued on.
        let mut pats: Vec<String> = keys.iter().map(|k| format!(" {k}")).collect();
        let mut entries: Vec<usize> = (0..keys.len()).collect();
        for (i, key) in keys.iter().enumerate() {
            for c in clitics {
                // "لل=ال": the prefix replaces the phrase's own start (ل + الجيش = للجيش).
                let glued = match c.split_once('=') {
                    Some((with, start)) => key.strip_prefix(start).map(|rest| format!(" {with}{rest}")),
                    None => Some(format!(" {c}{key}")),
                };
                if let Some(g) = glued {
                    pats.push(g);
                    entries.push(i);
                }
            }
        }
        if pats.is_empty() {
            return PhraseSet { ac: None, entries };
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .expect("folded phrases always build");
        PhraseSet { ac: Some(ac), entries }
    }

    /// Non-overlapping, leftmost-longest, whole-word matches.
    pub fn find(&self, words: &Words) -> Vec<Hit> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let hay = words.joined.as_str();
        let mut out = Vec::new();
        for m in ac.find_iter(hay) {
            let end_ok = m.end() == hay.len() || hay.as_bytes()[m.end()] == b' ';
            let Some(start) = words.word_starting_at(m.start() + 1) else { continue };
            if !end_ok {
                continue;
            }
            let n = hay[m.start() + 1..m.end()].split(' ').count();
            out.push(Hit { start, end: start + n, entry: self.entries[m.pattern().as_usize()] });
        }
        out
    }
}

/// The folded, single-spaced form of a lexicon phrase, split exactly as text is.
pub fn phrase_key(p: &str) -> String {
    let w = Words::new(p, Span { start: 0, end: p.len() });
    w.norms.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Words {
        Words::new(s, Span { start: 0, end: s.len() })
    }

    #[test]
    fn folding_splits_elisions_and_hyphens() {
        let w = words("L’armée a pris d'Alep, trente-deux 1,200 morts.");
        assert_eq!(w.norms, ["l", "armee", "a", "pris", "d", "alep", "trente", "deux", "1,200", "morts"]);
        assert_eq!(&"L’armée a pris"[w.spans[1].start..w.spans[1].end], "armée");
    }

    #[test]
    fn clitic_prefixes_glue_to_the_first_word() {
        let set = PhraseSet::with_clitics(["الجيش"], &["و".to_string()]);
        assert_eq!(set.find(&words("قال والجيش")), [Hit { start: 1, end: 2, entry: 0 }]);
        assert_eq!(set.find(&words("الجيش")), [Hit { start: 0, end: 1, entry: 0 }]);
        let set = PhraseSet::with_clitics(["الجيش", "قوات"], &["لل=ال".to_string()]);
        assert_eq!(set.find(&words("للجيش للقوات")), [Hit { start: 0, end: 1, entry: 0 }]);
        let set = PhraseSet::with_clitics(["مسيرة", "بمسيرة"], &["ب".to_string()]);
        assert_eq!(set.find(&words("بمسيرة")), [Hit { start: 0, end: 1, entry: 1 }]);
    }

    #[test]
    fn arabic_indic_digits_fold_to_ascii() {
        assert_eq!(words("مقتل ٢٣ شخصا و۱۵ جريحا").norms, ["مقتل", "23", "شخصا", "و15", "جريحا"]);
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let set = PhraseSet::new(["pris le controle", "tue", "tues"]);
        let w = words("Ils ont pris le contrôle et tué puis tuent.");
        let hits = set.find(&w);
        assert_eq!(hits, [Hit { start: 2, end: 5, entry: 0 }, Hit { start: 6, end: 7, entry: 1 }]);
    }
}
