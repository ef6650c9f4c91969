//! Sentences and tokens with byte spans into the original text.
//!
//! Sentences are UAX #29 sentences (so a newline ends a headline) joined back where a
//! period only closed an abbreviation (`M. Dupont`, `Gen. Hassan`, an initial `W.`).
//! Tokens are UAX #29 words containing a letter or digit (`3.5` and `1,659` stay whole),
//! then split by the language's rules: French elision (`l'aéroport` → `l'` + `aéroport`),
//! English `'s`; Arabic words also carry their readings without proclitics.

use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::{DataFiles, LexiconError};

use super::normalize::{fold, fold_with_offsets, is_apostrophe};
use super::rules::{LangRules, Proclitic, TextRules};
use super::{Doc, Sentence, Span, Stem, Token};

/// Built once from `data/text`, shared by every article (immutable, `Sync`).
pub struct Segmenter {
    rules: TextRules,
}

impl Segmenter {
    pub fn new(data: &DataFiles) -> Result<Segmenter, LexiconError> {
        Ok(Segmenter { rules: TextRules::from_data(data)? })
    }

    /// The segmenter with the rules compiled in from the repository's `data/text`.
    pub fn builtin() -> &'static Segmenter {
        static SEGMENTER: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SEGMENTER.get_or_init(|| Segmenter { rules: TextRules::builtin() })
    }

    /// Segments `text[body_start..]`; spans stay relative to the whole `text`.
    /// `body_start` is clamped to the text and moved back to a char boundary, so no
    /// input can make segmentation panic.
    pub fn segment<'a>(&self, text: &'a str, body_start: usize, lang: &str) -> Doc<'a> {
        let mut body_start = body_start.min(text.len());
        while !text.is_char_boundary(body_start) {
            body_start -= 1;
        }
        let rules = self.rules.get(lang);
        let mut sentences = Vec::new();
        let mut tokens = Vec::new();
        for span in sentence_spans(text, body_start, rules) {
            let first = tokens.len();
            let sent = &text[span.start..span.end];
            for (off, word) in sent.split_word_bound_indices() {
                if word.chars().any(char::is_alphanumeric) {
                    push_word(&mut tokens, word, span.start + off, rules);
                }
            }
            sentences.push(Sentence { span, tokens: first..tokens.len() });
        }
        Doc { text, lang: lang.to_string(), sentences, tokens }
    }
}

/// UAX #29 sentences, re-joined after abbreviations, trimmed of surrounding whitespace;
/// whitespace-only pieces are dropped.
fn sentence_spans(text: &str, body_start: usize, rules: Option<&LangRules>) -> Vec<Span> {
    let body = &text[body_start..];
    let mut out: Vec<Span> = Vec::new();
    let mut joined: Option<Span> = None;
    for (off, piece) in body.split_sentence_bound_indices() {
        let start = body_start + off;
        let span = match joined.take() {
            Some(prev) => Span { start: prev.start, end: start + piece.len() },
            None => Span { start, end: start + piece.len() },
        };
        if ends_with_abbreviation(&text[span.start..span.end], rules) {
            joined = Some(span);
        } else {
            out.extend(trim(text, span));
        }
    }
    out.extend(joined.and_then(|span| trim(text, span)));
    reattach_closing_quotes(text, out)
}

/// French puts a space before `»` (`riposté. »`), and UAX #29 then starts the next
/// sentence with the closing quote; it belongs to the sentence it closes.
fn reattach_closing_quotes(text: &str, spans: Vec<Span>) -> Vec<Span> {
    const CLOSERS: [char; 4] = ['»', '”', '›', ')'];
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        if let Some(prev) = out.last_mut() {
            let s = &text[span.start..span.end];
            let same_line = !text[prev.end..span.start].contains('\n');
            let rest = s.trim_start_matches(|c: char| CLOSERS.contains(&c) || c == ' ' || c == '\u{a0}' || c == '\u{202f}');
            if same_line && rest.len() < s.len() && s.starts_with(CLOSERS) {
                let moved = s[..s.len() - rest.len()].trim_end();
                prev.end = span.start + moved.len();
                match trim(text, Span { start: span.start + moved.len(), end: span.end }) {
                    Some(t) => span = t,
                    None => continue,
                }
            }
        }
        out.push(span);
    }
    out
}

fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| Span { start: span.start + lead, end: span.start + lead + t.len() })
}

/// Whether the piece ends with `ABBR.` and spaces on the same line, where ABBR is one
/// of the language's abbreviations or a single capital letter (an initial).
fn ends_with_abbreviation(piece: &str, rules: Option<&LangRules>) -> bool {
    let trimmed = piece.trim_end_matches([' ', '\t', '\u{a0}']);
    if trimmed.len() < piece.len() && piece[trimmed.len()..].contains(['\n', '\r']) {
        return false;
    }
    let Some(before_dot) = trimmed.strip_suffix('.') else { return false };
    let word_start = before_dot
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before_dot[word_start..];
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || rules.is_some_and(|r| r.abbreviations.contains(word))
}

/// Pushes one UAX #29 word as one or more tokens.
fn push_word(tokens: &mut Vec<Token>, word: &str, start: usize, rules: Option<&LangRules>) {
    let Some(rules) = rules else {
        tokens.push(plain(word, start));
        return;
    };
    let (word, start) = match split_elision(word, rules) {
        Some(cut) => {
            tokens.push(plain(&word[..cut], start));
            (&word[cut..], start + cut)
        }
        None => (word, start),
    };
    if let Some(cut) = split_suffix(word, rules) {
        tokens.push(plain(&word[..cut], start));
        tokens.push(plain(&word[cut..], start + cut));
        return;
    }
    let norm = fold(word);
    let stems = stems(word, start, &norm, &rules.proclitics);
    tokens.push(Token { span: Span { start, end: start + word.len() }, norm, stems });
}

fn plain(word: &str, start: usize) -> Token {
    Token { span: Span { start, end: start + word.len() }, norm: fold(word), stems: Vec::new() }
}

/// Byte length of an elided prefix with its apostrophe (`l'` in `l'armée`), if any.
fn split_elision(word: &str, rules: &LangRules) -> Option<usize> {
    if rules.elisions.is_empty() {
        return None;
    }
    let (i, apos) = word.char_indices().find(|&(_, c)| is_apostrophe(c))?;
    let cut = i + apos.len_utf8();
    (i > 0 && cut < word.len() && rules.elisions.contains(&fold(&word[..i]))).then_some(cut)
}

/// Byte offset where an enclitic suffix (`'s`) starts, if the word has one.
fn split_suffix(word: &str, rules: &LangRules) -> Option<usize> {
    if rules.suffixes.is_empty() {
        return None;
    }
    let (i, _) = word.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
    (i > 0 && rules.suffixes.contains(&fold(&word[i..]))).then_some(i)
}

/// Readings of `word` without its proclitics, fewest clitics first (see [`Token::stems`]).
fn stems(word: &str, start: usize, norm: &str, proclitics: &[Proclitic]) -> Vec<Stem> {
    if !proclitics.iter().any(|p| norm.starts_with(&p.form)) {
        return Vec::new();
    }
    let (chars, offsets) = fold_with_offsets(word);
    let mut out = Vec::new();
    strip(&chars, &offsets, 0, 0, proclitics, &mut out);
    out.sort_by_key(|&(next, _)| next);
    let mut stems: Vec<Stem> = Vec::with_capacity(out.len());
    for (next, norm) in out {
        // A ligature folds to several letters; a clitic inside it has no span of its own.
        if offsets[next] > 0 && !stems.iter().any(|s| s.norm == norm) {
            stems.push(Stem { span: Span { start: start + offsets[next], end: start + word.len() }, norm });
        }
    }
    stems
}

/// Tries every proclitic of slot ≥ `min_slot` at char `pos`; collects (stem start, norm).
fn strip(chars: &[char], offsets: &[usize], pos: usize, min_slot: u8, proclitics: &[Proclitic], out: &mut Vec<(usize, String)>) {
    /// A stem shorter than this is a coincidence of letters, not a word.
    const MIN_STEM_CHARS: usize = 2;
    for p in proclitics.iter().filter(|p| p.slot >= min_slot) {
        let form_len = p.form.chars().count();
        let matches = chars.len() >= pos + form_len && p.form.chars().eq(chars[pos..pos + form_len].iter().copied());
        let next = pos + form_len;
        if matches && chars.len() - next >= MIN_STEM_CHARS {
            let norm: String = p.restore.chars().chain(chars[next..].iter().copied()).collect();
            out.push((next, norm));
            strip(chars, offsets, next, p.slot + 1, proclitics, out);
        }
    }
}
