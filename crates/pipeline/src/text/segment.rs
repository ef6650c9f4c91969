//! Sentences and tokens with byte spans into the original text.
//!
//! Sentences end at line breaks and at terminators not closing an abbreviation
//! (`M. Dupont`, `Gen. Hassan`, an initial `W.`); see `sentence_spans`.
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

/// Sentence spans, trimmed of surrounding whitespace. A line break always ends a
/// sentence (headlines and datelines have no period). A terminator (`. ! ? … ؟`) ends
/// one when followed by whitespace and then not by a lowercase letter or by
/// punctuation that continues a sentence (`(2:00 P.M.) – On Saturday`), unless the
/// period closes an abbreviation. Closing quotes and brackets after the terminator,
/// even after a space as French writes `riposté. »`, stay with the sentence they close.
///
/// Hand-written rather than UAX #29 sentence bounds: those cost 80 % of segmentation
/// time on news text and still needed every one of these fixes.
fn sentence_spans(text: &str, body_start: usize, rules: Option<&LangRules>) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = body_start;
    let mut chars = text[body_start..].char_indices().map(|(i, c)| (body_start + i, c)).peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            out.extend(trim(text, Span { start, end: i }));
            start = i + c.len_utf8();
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !(is_terminator(d) || is_closer(d)) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let rest = &text[end..];
        let glued = !(rest.is_empty() || rest.starts_with(char::is_whitespace));
        if glued {
            // 3.5, U.S.A and www.example.org go on; scraped paragraphs joined without a
            // space (`decades.Demonstrations`, `في .وفي`) end here.
            if !starts_glued_sentence(&text[start..i], rest) || (c == '.' && ends_with_abbreviation(&text[start..i], rules)) {
                continue;
            }
            out.extend(trim(text, Span { start, end }));
            start = end;
            continue;
        }
        // A closing quote after a space: `riposté. »`.
        let after_space = rest.trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}']);
        let quotes = after_space.len() - after_space.trim_start_matches(['»', '”']).len();
        if quotes > 0 {
            let tail = &after_space[quotes..];
            if tail.is_empty() || tail.starts_with(char::is_whitespace) {
                end = text.len() - tail.len();
            }
        }
        let next = text[end..].trim_start().chars().next();
        let continues = next.is_some_and(|n| n.is_lowercase() || matches!(n, ',' | ';' | ':' | '-' | '–' | '—'));
        if continues || (c == '.' && ends_with_abbreviation(&text[start..i], rules)) {
            continue;
        }
        out.extend(trim(text, Span { start, end }));
        start = end;
        while chars.peek().is_some_and(|&(j, _)| j < end) {
            chars.next();
        }
    }
    out.extend(trim(text, Span { start, end: text.len() }));
    out
}

/// Whether `after` (right after a terminator, no space) starts a new sentence that
/// scraping glued on: an Arabic letter (Arabic has no decimals or domains written with
/// letters after a period), or a capitalised word after a lowercase word (`decades.Demonstrations`).
fn starts_glued_sentence(before: &str, after: &str) -> bool {
    let mut next = after.chars();
    let Some(first) = next.next() else { return false };
    if is_arabic_letter(first) {
        return true;
    }
    let mut prev = before.chars().rev();
    let lower_word_before = prev.next().is_some_and(char::is_lowercase) && prev.next().is_some_and(char::is_lowercase);
    lower_word_before && first.is_uppercase() && next.next().is_some_and(char::is_lowercase)
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '۔' | '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | '"' | '\'' | ')' | ']' | '›')
}

fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| Span { start: span.start + lead, end: span.start + lead + t.len() })
}

/// Whether the text before a period ends with one of the language's abbreviations or
/// a single capital letter (an initial: `George W. Bush`).
fn ends_with_abbreviation(before_dot: &str, rules: Option<&LangRules>) -> bool {
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
    let stems = stems(word, start, &norm, rules);
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

/// Readings of `word` without its proclitics and then without its article, fewest
/// letters removed first (see [`Token::stems`]).
fn stems(word: &str, start: usize, norm: &str, rules: &LangRules) -> Vec<Stem> {
    let mut prefixes = rules.proclitics.iter().map(|p| &p.form).chain(&rules.articles);
    if !prefixes.any(|f| norm.starts_with(f.as_str())) {
        return Vec::new();
    }
    let (chars, offsets) = fold_with_offsets(word);
    let mut found = Vec::new();
    strip(&chars, 0, 0, &rules.proclitics, &mut found);
    // The article may follow the clitics or start the word; a restored article (ل + ال
    // written لل) has no letters of its own to skip in the source.
    let mut bare = Vec::new();
    for (next, stem, restored) in std::iter::once((0, norm.to_string(), 0)).chain(found.iter().cloned()) {
        for article in &rules.articles {
            let len = article.chars().count();
            if stem.starts_with(article.as_str()) && stem.chars().count() >= len + MIN_STEM_CHARS {
                bare.push((next + len.saturating_sub(restored), stem[article.len()..].to_string(), 0));
            }
        }
    }
    found.sort_by_key(|&(next, _, _)| next);
    bare.sort_by_key(|&(next, _, _)| next);
    let mut stems: Vec<Stem> = Vec::with_capacity(found.len() + bare.len());
    for (article, (next, norm, _)) in found.into_iter().map(|c| (false, c)).chain(bare.into_iter().map(|c| (true, c))) {
        // A ligature folds to several letters; a clitic inside it has no span of its own.
        if offsets[next] > 0 && !stems.iter().any(|s| s.norm == norm) {
            stems.push(Stem { span: Span { start: start + offsets[next], end: start + word.len() }, norm, article });
        }
    }
    stems
}

/// A stem shorter than this is a coincidence of letters, not a word.
const MIN_STEM_CHARS: usize = 2;

/// Tries every proclitic of slot ≥ `min_slot` at char `pos`; collects (stem start,
/// norm, number of restored chars at the front of norm).
fn strip(chars: &[char], pos: usize, min_slot: u8, proclitics: &[Proclitic], out: &mut Vec<(usize, String, usize)>) {
    for p in proclitics.iter().filter(|p| p.slot >= min_slot) {
        let form_len = p.form.chars().count();
        let matches = chars.len() >= pos + form_len && p.form.chars().eq(chars[pos..pos + form_len].iter().copied());
        let next = pos + form_len;
        if matches && chars.len() - next >= MIN_STEM_CHARS {
            let norm: String = p.restore.chars().chain(chars[next..].iter().copied()).collect();
            out.push((next, norm, p.restore.chars().count()));
            strip(chars, next, p.slot + 1, proclitics, out);
        }
    }
}
