//! Text: raw article → sentences and tokens, each a byte span into the original text.

/// A half-open byte range `[start, end)` into the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub span: Span,
    /// Case- and diacritic-folded form used for matching.
    pub norm: String,
}

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
    /// Segments `text[body_start..]`; spans stay relative to the whole `text`.
    pub fn segment(text: &'a str, body_start: usize, lang: &str) -> Doc<'a> {
        use unicode_segmentation::UnicodeSegmentation;
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let body = &text[body_start..];
        for (s_off, sent) in body.split_sentence_bound_indices() {
            let first = tokens.len();
            for (w_off, word) in sent.split_word_bound_indices() {
                if word.chars().any(|c| c.is_alphanumeric()) {
                    let start = body_start + s_off + w_off;
                    tokens.push(Token { span: Span { start, end: start + word.len() }, norm: word.to_lowercase() });
                }
            }
            let start = body_start + s_off;
            sentences.push(Sentence { span: Span { start, end: start + sent.len() }, tokens: first..tokens.len() });
        }
        Doc { text, lang: lang.to_string(), sentences, tokens }
    }
}
