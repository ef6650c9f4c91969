//! Bytes of one document → an [`Article`], or the reason they are not one.

use pipeline::article::{read_header, Header};
use pipeline::Article;

use super::error::Problem;

/// Largest document accepted: far above any news article (the dev corpus tops out
/// near 40 KB), small enough that a stray dump or video is refused before it is read.
pub const MAX_DOC_BYTES: u64 = 16 << 20;

/// Checks the bytes are text and wraps them with their header date.
/// Binary comes before UTF-8 so that a PDF or a PNG is called what it is.
pub fn article_from_bytes(id: String, bytes: Vec<u8>) -> Result<Article, Problem> {
    check_not_binary(&bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| Problem::NotUtf8 { offset: e.utf8_error().valid_up_to() })?;
    article_from_text(id, text, None)
}

/// Builds the article from already-decoded text. `date` comes from the container (a
/// JSONL `date` field) and wins over the header's, which is still stripped from the body.
pub fn article_from_text(id: String, text: String, date: Option<pipeline::DateRange>) -> Result<Article, Problem> {
    let (published, body_start) = match read_header(&text) {
        Header::Absent => (None, 0),
        Header::Dated { date, body_start } => (Some(date), body_start),
        Header::BadDate(token) => return Err(Problem::BadDate(token.to_string())),
    };
    if text[body_start..].trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok(Article { id, text, body_start, published: date.or(published), title: None, url: None, lang_hint: None })
}

/// NUL never occurs in text; a high share of other control characters means a format
/// we cannot read (only the first 8 KB are looked at, which is where headers live).
fn check_not_binary(bytes: &[u8]) -> Result<(), Problem> {
    // Windows tools save "Unicode" text as UTF-16, which is full of NULs; say so.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::Utf16);
    }
    if bytes.contains(&0) {
        return Err(Problem::Binary("contains NUL bytes"));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    if controls * 10 > head.len() {
        return Err(Problem::Binary("mostly control characters"));
    }
    Ok(())
}
