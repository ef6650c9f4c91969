//! The boundary types: what a reader hands to the pipeline, and what comes back.

use serde::{Deserialize, Serialize};

/// One document as read. `text` is exactly what the source had (header included);
/// every span anywhere in the pipeline is a byte range into it.
#[derive(Clone, Debug)]
pub struct Article {
    /// File name without extension, or the JSONL `id`.
    pub id: String,
    pub text: String,
    /// Byte offset where the article proper starts (after a ` date YYYY-MM ` header).
    pub body_start: usize,
    /// Publication date from the header or the JSONL `date`, with its precision.
    pub published: Option<DateRange>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code given by the source; skips detection when present.
    pub lang_hint: Option<String>,
}

impl Article {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// An inclusive interval of calendar days with the spec's precision
/// (1 = day, 2 = a few days / a week, 3 = a month or longer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub precision: u8,
}

/// A problem with one article that did not stop its analysis.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub stage: &'static str,
    pub message: String,
}

/// What the pipeline found in one article.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub doc_id: String,
    pub lang: String,
    pub places: Vec<crate::places::PlaceMention>,
    pub events: Vec<crate::events::Event>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a publication date as sources write it: `YYYY` (that whole year), `YYYY-MM`
/// (that whole month), both precision 3, or `YYYY-MM-DD` (that day, precision 1).
/// A trailing time (`2024-11-05T10:00:00Z`, `2024-11-05 10:00`) is ignored, because
/// feeds often carry one and the event model only knows days; so is an RSS-style
/// RFC 2822 date (`Tue, 5 Nov 2024 10:00:00 +0100`), taken as the publisher's local
/// day. Anything else, including impossible days like `2024-02-30`, is `None`.
pub fn parse_date(s: &str) -> Option<DateRange> {
    let s = s.trim();
    parse_iso_date(s).or_else(|| {
        let day = jiff::fmt::rfc2822::parse(s).ok()?.date();
        Some(DateRange { start: day, end: day, precision: 1 })
    })
}

fn parse_iso_date(s: &str) -> Option<DateRange> {
    use jiff::civil::Date;
    let date_part = match s.find(['T', ' ', 't']) {
        Some(i) if i >= 10 => &s[..i],
        _ => s,
    };
    let parts: Vec<&str> = date_part.split('-').collect();
    let num = |p: &str, len: usize| -> Option<i16> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            let start = Date::new(y, 1, 1).ok()?;
            Some(DateRange { start, end: Date::new(y, 12, 31).ok()?, precision: 3 })
        }
        [y, m] => {
            let start = Date::new(num(y, 4)?, num(m, 2)?.try_into().ok()?, 1).ok()?;
            Some(DateRange { start, end: start.last_of_month(), precision: 3 })
        }
        [y, m, d] => {
            let day = Date::new(num(y, 4)?, num(m, 2)?.try_into().ok()?, num(d, 2)?.try_into().ok()?).ok()?;
            Some(DateRange { start: day, end: day, precision: 1 })
        }
        _ => None,
    }
}

/// What the start of a document says about its date (spec §3 header:
/// optional leading whitespace, `date`, a space, the date, whitespace, then the article).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header<'a> {
    /// No header: the article starts at byte 0.
    Absent,
    /// A header whose date parsed; the article proper starts at `body_start`.
    Dated { date: DateRange, body_start: usize },
    /// `date` followed by something date-like that is not a real date (`2024-13`):
    /// the reader reports it rather than silently treating the header as prose.
    BadDate(&'a str),
}

/// Reads the date header, telling "no header" apart from "a header with a bad date".
pub fn read_header(text: &str) -> Header<'_> {
    // A byte-order mark is invisible in editors, so it counts as leading whitespace.
    let rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let Some(after_kw) = rest.strip_prefix("date ") else { return Header::Absent };
    let after_kw = after_kw.trim_start_matches(' ');
    let token_len = after_kw.find(char::is_whitespace).unwrap_or(after_kw.len());
    let token = &after_kw[..token_len];
    // Only a token that starts like a year is a header; "date limite ..." is prose.
    if !token.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return Header::Absent;
    }
    match parse_date(token) {
        Some(date) => {
            let after_token = &after_kw[token_len..];
            let body = after_token.trim_start();
            Header::Dated { date, body_start: text.len() - body.len() }
        }
        None => Header::BadDate(token),
    }
}

/// The header's date and the byte offset where the article proper starts (0 without a
/// usable header). A header with a bad date counts as no header here; readers that
/// must report it use [`read_header`].
pub fn parse_header(text: &str) -> (Option<DateRange>, usize) {
    match read_header(text) {
        Header::Dated { date, body_start } => (Some(date), body_start),
        Header::Absent | Header::BadDate(_) => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_have_the_spec_precision() {
        let y = parse_date("2024").unwrap();
        assert_eq!((y.start, y.end, y.precision), (date(2024, 1, 1), date(2024, 12, 31), 3));
        let m = parse_date("2024-02").unwrap();
        assert_eq!((m.start, m.end, m.precision), (date(2024, 2, 1), date(2024, 2, 29), 3));
        let d = parse_date("2024-11-05").unwrap();
        assert_eq!((d.start, d.end, d.precision), (date(2024, 11, 5), date(2024, 11, 5), 1));
        assert_eq!(parse_date("2024-11-05T10:22:00Z"), Some(d));
        assert_eq!(parse_date("Tue, 5 Nov 2024 23:10:00 -0500"), Some(d));
    }

    #[test]
    fn impossible_or_vague_dates_are_rejected() {
        for bad in ["", "next week", "2024-13", "2024-02-30", "24-11", "2024-1-5", "2024/11/05", "２０２４"] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn header_on_the_same_line_as_the_text() {
        let text = " date 2024-11 Les dernières heures";
        let (d, start) = parse_header(text);
        assert_eq!(d.unwrap().start, date(2024, 11, 1));
        assert_eq!(&text[start..], "Les dernières heures");
    }

    #[test]
    fn header_followed_by_a_newline() {
        let text = "\u{feff} date 2019-11-28 Molly Kilete, Abuja\n\nGunmen";
        let (d, start) = parse_header(text);
        assert_eq!(d.unwrap().precision, 1);
        assert!(text[start..].starts_with("Molly"));
        let text = " date 2019-11-28\nTitle";
        assert_eq!(&text[parse_header(text).1..], "Title");
    }

    proptest::proptest! {
        #[test]
        fn header_body_start_is_a_char_boundary(text in "[ \t\n\u{feff}]{0,3}(date )?[0-9 -]{0,12}\\PC{0,20}") {
            let (_, start) = parse_header(&text);
            proptest::prop_assert!(start <= text.len() && text.is_char_boundary(start));
        }

        #[test]
        fn parsed_dates_are_ordered(s in "\\PC{0,30}|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?") {
            if let Some(d) = parse_date(&s) {
                proptest::prop_assert!(d.start <= d.end && matches!(d.precision, 1 | 3));
            }
        }
    }

    #[test]
    fn no_header_or_a_bad_one() {
        assert_eq!(parse_header("Gunmen killed two villagers"), (None, 0));
        assert_eq!(read_header("date limite dépassée"), Header::Absent);
        assert_eq!(read_header(" date 2024-13 Texte"), Header::BadDate("2024-13"));
        assert_eq!(parse_header(" date 2024-13 Texte"), (None, 0));
    }
}
