//! What can be wrong with one input, said so that the user can find and fix it.

use std::fmt;

/// One input (a file, `FILE:LINE` of a JSON Lines file, or `-`) that gave no article.
/// Displays as `INPUT: what is wrong`; the batch goes on after it.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {problem}")]
pub struct ReadError {
    pub input: String,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("UTF-16 text; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")]
    Utf16,
    #[error("binary data, not text ({0})")]
    Binary(&'static str),
    #[error("empty (no text)")]
    Empty,
    #[error("larger than the {} MB limit per document", limit / (1 << 20))]
    TooLarge { limit: u64 },
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("unknown date {0:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate(String),
    #[error("no {0:?} field")]
    MissingField(&'static str),
}

impl ReadError {
    pub fn new(input: impl fmt::Display, problem: impl Into<Problem>) -> ReadError {
        ReadError { input: input.to_string(), problem: problem.into() }
    }
}
