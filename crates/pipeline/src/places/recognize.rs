//! Recognition: which spans of the text name places. Driven by the gazetteer itself
//! (a span is a candidate only if its folded key is indexed), filtered by what the
//! text says around it: capitals, cue words, stop-lists.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::cues::{CueKind, LangCues};
use super::fold;
use super::gazetteer::Gazetteer;
use crate::text::Span;

/// Longest place name tried, in words ("Saint-Martin-de-Belleville-en-Haut" stays in).
const MAX_WORDS: usize = 7;

/// A word of the text: letters and digits, apostrophes and hyphens split it.
#[derive(Clone, Debug)]
pub struct Word {
    /// Byte span relative to the scanned string.
    pub span: Span,
    /// Lowercased, marks stripped.
    pub lower: String,
    pub capital: bool,
    pub arabic: bool,
}

/// Lowercase without diacritics: how cue words and stop-words are compared.
pub fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect::<String>().nfd().filter(|c| !is_combining_mark(*c)).collect()
}

pub fn scan(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let flush = |words: &mut Vec<Word>, s: usize, e: usize| {
        let w = &text[s..e];
        let first = w.chars().next().expect("non-empty word");
        words.push(Word {
            span: Span { start: s, end: e },
            lower: lower(w),
            capital: first.is_uppercase(),
            arabic: fold::is_arabic(first),
        });
    };
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                flush(&mut words, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        flush(&mut words, s, text.len());
    }
    words
}

/// A span the gazetteer knows (or a cue vouches for), before disambiguation.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Byte span into the document text; may include an airport cue phrase.
    pub span: Span,
    /// Byte span of the name proper (what was looked up).
    pub name_span: Span,
    pub key: String,
    pub places: Vec<(u32, bool)>,
    /// The strongest feature cue next to the name, if any.
    pub cue: Option<CueKind>,
    /// A title or organisation word is next to it.
    pub not_place: bool,
    /// Part of a longer run of capitalised words that is not itself a name.
    pub in_name_chain: bool,
}

/// Finds candidate place spans in one sentence (`offset` = its byte start in the document).
pub fn sentence_candidates(gaz: &Gazetteer, cues: &LangCues, sentence: &str, offset: usize) -> Vec<Candidate> {
    let words = scan(sentence);
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    // End (word index) and cue of the previous candidate, for lists: "provinces d'Idlib et d'Alep".
    let mut prev: Option<(usize, CueKind)> = None;
    while i < words.len() {
        match match_at(gaz, cues, sentence, &words, i) {
            Some((mut cand, next)) => {
                if let Some((prev_end, kind)) = prev {
                    let linked = words[prev_end..i].iter().all(|w| cues.links.contains(&w.lower));
                    if linked && matches!(cand.cue, None | Some(CueKind::Locative)) && kind != CueKind::Locative {
                        cand.cue = Some(kind);
                        cand.in_name_chain = false;
                    }
                }
                prev = cand.cue.filter(|k| *k != CueKind::NotPlace).map(|k| (next, k));
                cand.span = Span { start: cand.span.start + offset, end: cand.span.end + offset };
                cand.name_span = Span { start: cand.name_span.start + offset, end: cand.name_span.end + offset };
                out.push(cand);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether two adjacent words may belong to one name: a space, a hyphen or an apostrophe
/// between them, nothing that ends a phrase.
fn joinable(text: &str, a: &Word, b: &Word) -> bool {
    let gap = &text[a.span.end..b.span.start];
    gap.chars().count() <= 2
        && gap.chars().all(|c| c == ' ' || c == '-' || c == '\u{a0}' || fold::is_apostrophe(c) || c == '‐')
}

fn match_at(gaz: &Gazetteer, cues: &LangCues, text: &str, words: &[Word], i: usize) -> Option<(Candidate, usize)> {
    let first = &words[i];
    if !(first.capital || first.arabic) {
        return None;
    }
    let mut hit: Option<(usize, Span, String, Vec<(u32, bool)>)> = None;
    let mut j = i;
    while j < words.len() && j < i + MAX_WORDS {
        if j > i && !joinable(text, &words[j - 1], &words[j]) {
            break;
        }
        let last = &words[j];
        let named_end = last.capital || last.arabic || last.lower.chars().all(|c| c.is_ascii_digit());
        if named_end && !(j > i && fold::is_article(&last.lower)) {
            let span = Span { start: first.span.start, end: last.span.end };
            let key = fold::key(&text[span.start..span.end]);
            let places: Vec<_> = gaz.lookup_key(&key).collect();
            if !places.is_empty() {
                hit = Some((j, span, key, places));
            }
        }
        j += 1;
    }
    if hit.is_none() && first.arabic {
        // Attached prepositions and conjunctions: بحلب = ب + حلب.
        let w = &text[first.span.start..first.span.end];
        for clitic in &cues.clitics {
            if let Some(rest) = w.strip_prefix(clitic.as_str()) {
                if rest.chars().count() < 2 {
                    continue;
                }
                let key = fold::key(rest);
                let places: Vec<_> = gaz.lookup_key(&key).collect();
                if !places.is_empty() {
                    let span = Span { start: first.span.start + clitic.len(), end: first.span.end };
                    hit = Some((i, span, key, places));
                    break;
                }
            }
        }
    }
    let (end, name_span, key, places) = hit?;
    let name_text = lower(&text[name_span.start..name_span.end]);
    if cues.stop.contains(&name_text) {
        return None;
    }
    let mut span = name_span;
    let mut cue = None;
    let mut not_place = false;
    if let Some(c) = cues.before.iter().find(|c| ends_with_words(words, i, &c.words)) {
        match c.kind {
            CueKind::NotPlace => not_place = true,
            CueKind::Airport => {
                span.start = words[i - c.words.len()].span.start;
                cue = Some(c.kind);
            }
            k => cue = Some(k),
        }
    }
    if let Some(c) = cues.after.iter().find(|c| starts_with_words(words, end + 1, &c.words)) {
        match c.kind {
            CueKind::NotPlace => not_place = true,
            CueKind::Airport => {
                span.end = words[end + c.words.len()].span.end;
                cue = Some(c.kind);
            }
            k if cue.is_none() || cue == Some(CueKind::Locative) => cue = Some(k),
            _ => {}
        }
    }
    let chained = |a: usize, b: usize| words[a].capital && !words[a].arabic && joinable(text, &words[a.min(b)], &words[a.max(b)]);
    let in_name_chain = (i > 0 && chained(i - 1, i) && !is_sentence_start(text, &words[i - 1]) && cue.is_none())
        || (end + 1 < words.len() && chained(end + 1, end) && cue.is_none());
    Some((Candidate { span, name_span, key, places, cue, not_place, in_name_chain }, end + 1))
}

fn is_sentence_start(text: &str, w: &Word) -> bool {
    text[..w.span.start].trim().is_empty()
}

/// The words just before index `i` spell `phrase`.
fn ends_with_words(words: &[Word], i: usize, phrase: &[String]) -> bool {
    i >= phrase.len() && words[i - phrase.len()..i].iter().zip(phrase).all(|(w, p)| &w.lower == p)
}

/// The words from index `i` on spell `phrase`.
fn starts_with_words(words: &[Word], i: usize, phrase: &[String]) -> bool {
    i + phrase.len() <= words.len() && words[i..i + phrase.len()].iter().zip(phrase).all(|(w, p)| &w.lower == p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_splits_elisions_and_keeps_offsets() {
        let text = "l'aéroport d’Alep, Ma'arrat";
        let w = scan(text);
        let got: Vec<&str> = w.iter().map(|w| &text[w.span.start..w.span.end]).collect();
        assert_eq!(got, ["l", "aéroport", "d", "Alep", "Ma", "arrat"]);
        assert_eq!(w[1].lower, "aeroport");
        assert!(w[3].capital && !w[1].capital);
    }
}
