//! Text: raw article → sentences and tokens, each a byte span into the original text.
//!
//! Lossless by construction: every span lies on char boundaries of the text it was cut
//! from, so `&text[span.start..span.end]` is always the exact source bytes; folded
//! forms (`norm`) live beside the spans and never replace them.

pub mod normalize;
pub mod rules;
pub mod segment;

pub use normalize::fold;
pub use segment::Segmenter;

/// A half-open byte range `[start, end)` into the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A word or number. Punctuation and spaces are not tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub span: Span,
    /// [`fold`]ed form used for matching: `L’armée` gives tokens `l'` and `armee`.
    pub norm: String,
    /// The same word without its proclitics, then without its article, for languages
    /// whose rules list them (Arabic و ف ب ك ل and ال, see `data/text/ar.tsv`): first
    /// the clitic readings, fewest letters removed first, then the article-less ones.
    /// `وبحلب` has `norm` `وبحلب` and stems `بحلب`, `حلب`; `والرقة` has `الرقه` then
    /// `رقه` (article). Each stem's span is the bytes after what was removed; its norm
    /// is their fold, except that an article swallowed by ل is put back (`للرقة` →
    /// span `رقة`, norm `الرقه`). Matchers try `norm` first: the letters may belong to
    /// the word (`بغداد` also yields `غداد`). Gazetteers write names with their article
    /// (الرقة), so article-less stems suit only bare-name lookups, which collide more
    /// (`فرقه` "his teams" → `رقه`). Empty for most tokens.
    pub stems: Vec<Stem>,
}

/// One reading of a token without its proclitics (see [`Token::stems`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Stem {
    pub span: Span,
    pub norm: String,
    /// The article was removed too (`رقه` from `والرقة`), not just clitics.
    pub article: bool,
}

/// A sentence, trimmed of surrounding whitespace.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub span: Span,
    /// Index range into `Doc::tokens`.
    pub tokens: std::ops::Range<usize>,
}

/// A segmented article. Borrowing the text keeps every span checkable against it.
pub struct Doc<'a> {
    pub text: &'a str,
    pub lang: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

impl<'a> Doc<'a> {
    /// Segments `text[body_start..]` with the rules compiled in from `data/text`; spans
    /// stay relative to the whole `text`. The pipeline uses [`Segmenter::segment`]
    /// built from the loaded `data/` instead, so edits under `SITREP_DATA` apply.
    pub fn segment(text: &'a str, body_start: usize, lang: &str) -> Doc<'a> {
        Segmenter::builtin().segment(text, body_start, lang)
    }

    /// The exact source text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }
}

#[cfg(test)]
mod tests;
