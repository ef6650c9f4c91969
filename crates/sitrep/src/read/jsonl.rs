//! JSON Lines: one article per line, `{id, date, text}` plus optional `title, url, lang`.
//! Lines are read one at a time with a length cap, so a feed of any size streams and
//! one bad line costs only itself.

use std::io::{self, BufRead};

use pipeline::article::parse_date;
use pipeline::Article;
use serde::Deserialize;
use serde_json::Value;

use super::error::{Problem, ReadError};
use super::text::{article_from_text, MAX_DOC_BYTES};

pub struct JsonLines {
    /// How errors name this source (`feed.jsonl`, `stdin`).
    name: String,
    /// Prefix of made-up ids for records without one (`feed-17`).
    stem: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    buf: Vec<u8>,
}

#[derive(Deserialize)]
struct Record {
    id: Option<Value>,
    date: Option<Value>,
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

impl JsonLines {
    pub fn new(name: String, stem: String, reader: Box<dyn BufRead + Send>) -> JsonLines {
        JsonLines { name, stem, reader, line_no: 0, buf: Vec::new() }
    }

    fn record(&self) -> Result<Article, Problem> {
        let line = std::str::from_utf8(&self.buf).map_err(|e| Problem::NotUtf8 { offset: e.valid_up_to() })?;
        // Without its newline, so serde's "EOF while parsing" points into this line.
        let line = line.trim_end_matches(['\n', '\r']);
        let rec: Record = serde_json::from_str(line).map_err(|e| Problem::MalformedJson(e.to_string()))?;
        let id = match rec.id {
            None | Some(Value::Null) => format!("{}-{}", self.stem, self.line_no),
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => return Err(Problem::MalformedJson(format!("\"id\" must be a non-empty string or a number, got {other}"))),
        };
        let date = match rec.date {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(parse_date(&s).ok_or(Problem::BadDate(s))?),
            Some(other) => Some(parse_date(&other.to_string()).ok_or(Problem::BadDate(other.to_string()))?),
        };
        let text = rec.text.ok_or(Problem::MissingField("text"))?;
        let mut article = article_from_text(id, text, date)?;
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        article.title = non_empty(rec.title);
        article.url = non_empty(rec.url);
        // A BCP 47 tag (`fr-FR`, `en_US`) names the language the pipeline keys on first.
        article.lang_hint = non_empty(rec.lang).map(|l| {
            let l = l.trim();
            l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase()
        });
        Ok(article)
    }
}

impl Iterator for JsonLines {
    type Item = Result<Article, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            let here = format!("{}:{}", self.name, self.line_no);
            match read_line_capped(&mut self.reader, &mut self.buf, MAX_DOC_BYTES) {
                Ok(Line::Eof) => return None,
                Ok(Line::TooLong) => return Some(Err(ReadError::new(here, Problem::TooLarge { limit: MAX_DOC_BYTES }))),
                // A read error mid-stream would repeat forever; report it once and stop.
                Err(e) => {
                    self.reader = Box::new(io::empty());
                    return Some(Err(ReadError::new(here, e)));
                }
                Ok(Line::Read) if self.buf.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Line::Read) => return Some(self.record().map_err(|p| ReadError::new(here, p))),
            }
        }
    }
}

enum Line {
    Read,
    TooLong,
    Eof,
}

/// Reads one line into `buf` (without keeping more than `cap` bytes); an over-long
/// line is skipped up to its newline so the next line can still be read.
fn read_line_capped<R: BufRead + ?Sized>(reader: &mut R, buf: &mut Vec<u8>, cap: u64) -> io::Result<Line> {
    let n = <&mut R as io::Read>::take(&mut *reader, cap + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::Eof);
    }
    if n as u64 <= cap || buf.last() == Some(&b'\n') {
        return Ok(Line::Read);
    }
    buf.clear();
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Line::TooLong);
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(Line::TooLong);
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str, cap: u64) -> Vec<String> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match read_line_capped(&mut r, &mut buf, cap).unwrap() {
                Line::Eof => return out,
                Line::TooLong => out.push("<too long>".into()),
                Line::Read => out.push(String::from_utf8(buf.clone()).unwrap()),
            }
        }
    }

    #[test]
    fn an_over_long_line_is_skipped_and_reading_goes_on() {
        assert_eq!(lines("ab\nabcdefgh\ncd", 5), ["ab\n", "<too long>", "cd"]);
        assert_eq!(lines("abcde\n", 5), ["abcde\n"]);
        assert_eq!(lines("abcdefgh", 5), ["<too long>"]);
    }
}
