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
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // most words: no decomposition to do
    }
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
    pub key: String,
    /// The name as written, lowercased without accents.
    pub surface: String,
    pub places: Vec<(u32, bool)>,
    /// The strongest feature cue next to the name, if any.
    pub cue: Option<CueKind>,
    /// A title or organisation word is next to it.
    pub not_place: bool,
    /// Part of a longer run of capitalised words that is not itself a name.
    pub in_name_chain: bool,
    /// One word only (the kind of match that collides with common words and surnames).
    pub single_word: bool,
    /// First word of its sentence, so its capital says nothing.
    pub sentence_start: bool,
    /// The same word occurs in lower case elsewhere in the document: a common noun.
    pub lowercase_elsewhere: bool,
    /// The same word occurs elsewhere inside a run of capitalised words that is no place
    /// ("Marty Walsh" … "Walsh"): likely a person or organisation.
    pub person_like: bool,
    /// Short and written in capitals only (FBI, KBR): an acronym, unless listed as an
    /// abbreviation. Longer capitals are datelines and headlines (BEIRUT, TORONTO).
    pub all_caps: bool,
    /// Index (in the document's candidate list) of a place named right after a comma
    /// ("Paris, Texas"), which may contain this one.
    pub within: Option<usize>,
}

impl Candidate {
    /// A span known to mean one place (an abbreviation), with nothing left to judge.
    pub fn fixed(span: Span, place: u32) -> Candidate {
        Candidate {
            span,
            key: String::new(),
            surface: String::new(),
            places: vec![(place, true)],
            cue: Some(CueKind::Country),
            not_place: false,
            in_name_chain: false,
            single_word: false,
            sentence_start: false,
            lowercase_elsewhere: false,
            person_like: false,
            all_caps: false,
            within: None,
        }
    }
}

/// What the whole document says about its words, gathered before judging candidates.
#[derive(Default)]
pub struct DocWords {
    pub lowercase: std::collections::HashSet<String>,
    pub in_runs: std::collections::HashSet<String>,
}

impl DocWords {
    /// Gathers, over all sentences: words seen in lower case, and the words of runs of two
    /// or more capitalised words that are no known name. A run's first word counts only if
    /// it is no common word, so "In Aleppo" is not a person while "Tom Brown" is.
    pub fn new(gaz: &Gazetteer, cues: &LangCues, sentences: &[&str], scanned: &[Vec<Word>]) -> DocWords {
        let mut d = DocWords::default();
        for w in scanned.iter().flatten() {
            if !w.capital && !w.arabic && w.lower.chars().any(|c| c.is_alphabetic()) {
                d.lowercase.insert(w.lower.clone());
            }
        }
        let initial = |w: &Word| w.capital && w.lower.chars().count() == 1;
        for (n, (text, words)) in sentences.iter().zip(scanned).enumerate() {
            // "Matthew D. Flores": the segmenter may end a sentence at the initial; the
            // name goes on in the next one.
            let after_initial = n > 0
                && scanned[n - 1].last().is_some_and(initial)
                && sentences[n - 1].trim_end().ends_with('.');
            let mut i = 0;
            while i < words.len() {
                let mut j = i;
                while j < words.len()
                    && words[j].capital
                    && !words[j].arabic
                    && (j == i || {
                        let gap = &text[words[j - 1].span.end..words[j].span.start];
                        gap == " " || (gap == ". " && initial(&words[j - 1]))
                    })
                {
                    j += 1;
                }
                if i == 0 && after_initial && j > 0 {
                    d.in_runs.extend(words[..j].iter().map(|w| w.lower.clone()));
                }
                // Leading common words are no part of a name ("In Aleppo"), but a first
                // name mid-sentence is ("John Kelly").
                let mut start = i;
                while start < j
                    && (d.lowercase.contains(&words[start].lower)
                        || (start == i && is_sentence_start(text, &words[start]) && cues.stop.contains(&words[start].lower)))
                {
                    start += 1;
                }
                // A run holding a common noun ("Dublin Road", "Oxford University") names a
                // facility or body, not a person; only bare runs of names count.
                let facility = words[start..j].iter().any(|w| cues.generic.contains(&w.lower));
                if j >= start + 2 && !facility && gaz.lookup(&text[words[start].span.start..words[j - 1].span.end]).next().is_none() {
                    d.in_runs.extend(words[start..j].iter().map(|w| w.lower.clone()));
                }
                i = j.max(i + 1);
            }
        }
        d
    }
}


/// Finds candidate place spans in one sentence (`offset` = its byte start in the document).
/// `words` are the sentence's words as [`scan`] gives them.
pub fn sentence_candidates(
    gaz: &Gazetteer,
    cues: &LangCues,
    doc_words: &DocWords,
    sentence: &str,
    words: &[Word],
    offset: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    // End (word index) and cue of the previous candidate, for lists: "provinces d'Idlib et d'Alep".
    let mut prev: Option<(usize, CueKind)> = None;
    while i < words.len() {
        match match_at(gaz, cues, sentence, words, i) {
            Some((mut cand, next)) => {
                if let Some((prev_end, kind)) = prev {
                    let linked = words[prev_end..i].iter().all(|w| cues.links.contains(&w.lower));
                    if linked && matches!(cand.cue, None | Some(CueKind::Locative)) && kind != CueKind::Locative {
                        cand.cue = Some(kind);
                        cand.in_name_chain = false;
                    }
                }
                prev = cand.cue.filter(|k| *k != CueKind::NotPlace).map(|k| (next, k));
                if cand.single_word {
                    cand.lowercase_elsewhere = doc_words.lowercase.contains(&words[i].lower);
                    cand.person_like |= doc_words.in_runs.contains(&words[i].lower);
                }
                cand.span = Span { start: cand.span.start + offset, end: cand.span.end + offset };
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

/// The longest name found at a position: last word index, span, key, places.
type Hit = (usize, Span, String, Vec<(u32, bool)>);

fn match_at(gaz: &Gazetteer, cues: &LangCues, text: &str, words: &[Word], i: usize) -> Option<(Candidate, usize)> {
    let first = &words[i];
    if !(first.capital || first.arabic) {
        return None;
    }
    // Attached prepositions and conjunctions come off Arabic words: وخان شيخون = و + خان شيخون.
    let whole = &text[first.span.start..first.span.end];
    let mut skips = vec![0];
    if first.arabic {
        skips.extend(cues.clitics.iter().filter(|c| whole.starts_with(c.as_str()) && whole[c.len()..].chars().count() >= 2).map(|c| c.len()));
    }
    let mut hit: Option<Hit> = None;
    for skip in skips {
        let start = first.span.start + skip;
        let mut j = i;
        while j < words.len() && j < i + MAX_WORDS {
            if j > i && !joinable(text, &words[j - 1], &words[j]) {
                break;
            }
            let last = &words[j];
            let named_end = last.capital || last.arabic || last.lower.chars().all(|c| c.is_ascii_digit());
            if named_end && !(j > i && fold::is_article(&last.lower)) {
                let span = Span { start, end: last.span.end };
                let key = fold::key(&text[span.start..span.end]);
                let places: Vec<_> = gaz.lookup_key(&key).collect();
                if !places.is_empty() {
                    hit = Some((j, span, key, places));
                }
            }
            j += 1;
        }
        if hit.is_some() {
            break;
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
    let mut speaker = false;
    if let Some(c) = cues.before.iter().find(|c| ends_with_words(words, i, &c.words)) {
        match c.kind {
            CueKind::NotPlace => not_place = true,
            CueKind::PersonLike => speaker = true,
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
            CueKind::PersonLike => speaker = true,
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
    let candidate = Candidate {
        span,
        key,
        surface: name_text,
        places,
        cue,
        not_place,
        in_name_chain,
        single_word: end == i,
        all_caps: (2..=4).contains(&text[name_span.start..name_span.end].chars().filter(|c| c.is_uppercase()).count())
            && !text[name_span.start..name_span.end].chars().any(char::is_lowercase),
        sentence_start: is_sentence_start(text, first),
        lowercase_elsewhere: false,
        person_like: speaker,
        within: None,
    };
    Some((candidate, end + 1))
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
