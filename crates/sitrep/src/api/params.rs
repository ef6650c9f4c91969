//! Query-string parsing and validation. Parameters arrive as raw pairs so that an
//! unknown or repeated name, or a malformed value, becomes a 400 naming that parameter
//! instead of being silently ignored (a typo in `countyr=SY` must not return everything).

use jiff::civil::Date;

use super::error::ApiError;
use crate::store::{BBox, EventFilter};

pub const FILTER_PARAMS: &[&str] = &[
    "start",
    "end",
    "bbox",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor",
    "inter",
    "min_confidence",
    "q",
];
pub const PAGE_PARAMS: &[&str] = &["limit", "cursor"];
pub const MAX_LIMIT: usize = 1000;

/// Raw pairs checked against the names an endpoint accepts.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&[&str]]) -> Result<Self, ApiError> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.iter().any(|set| set.contains(&name.as_str())) {
                let known: Vec<&str> = allowed.iter().flat_map(|s| s.iter().copied()).collect();
                return Err(ApiError::bad(name, format!("unknown parameter; expected one of {}", known.join(", "))));
            }
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::bad(name, "given more than once"));
            }
            // A NUL or other control character is never part of a filter value, and
            // SQLite's full-text parser rejects it: say so instead of failing the query.
            if pairs[i].1.chars().any(char::is_control) {
                return Err(ApiError::bad(name, "contains a control character"));
            }
        }
        Ok(Params(pairs))
    }

    /// The value, with empty strings treated as absent (HTML forms send `country=`).
    pub fn text(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.text(name)
            .map(|v| {
                v.parse::<Date>().map_err(|e| ApiError::bad(name, format!("`{v}` is not a YYYY-MM-DD date ({e})")))
            })
            .transpose()
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, ApiError> {
        self.text(name)
            .map(|v| v.parse::<T>().map_err(|_| ApiError::bad(name, format!("`{v}` is not a valid number"))))
            .transpose()
    }

    /// The filters shared by `/api/events`, `/api/counts` and the exports.
    pub fn event_filter(&self) -> Result<EventFilter, ApiError> {
        let filter = EventFilter {
            start: self.date("start")?,
            end: self.date("end")?,
            bbox: self.text("bbox").map(|v| parse_bbox(&v)).transpose()?,
            country: self.text("country").map(|c| c.to_ascii_uppercase()),
            admin1: self.text("admin1"),
            event_type: self.text("event_type"),
            sub_event_type: self.text("sub_event_type"),
            actor: self.text("actor"),
            inter: self.text("inter"),
            min_confidence: self.number::<f64>("min_confidence")?,
            q: self.text("q"),
            limit: self.number::<usize>("limit")?,
            cursor: self.text("cursor"),
        };
        if let (Some(start), Some(end)) = (filter.start, filter.end) {
            if start > end {
                return Err(ApiError::bad("end", format!("{end} is before start {start}")));
            }
        }
        if let Some(c) = filter.min_confidence {
            if !(0.0..=1.0).contains(&c) {
                return Err(ApiError::bad("min_confidence", format!("{c} is outside [0, 1]")));
            }
        }
        if let Some(country) = &filter.country {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiError::bad("country", format!("`{country}` is not an ISO 3166-1 alpha-2 code")));
            }
        }
        self.check_limit(filter.limit)?;
        if let Some(cursor) = &filter.cursor {
            // The store's cursor is `DATE|ID`; checking its shape here turns a mangled
            // cursor into a 400 rather than a failed query.
            let valid = cursor.split_once('|').is_some_and(|(date, _)| date.parse::<jiff::civil::Date>().is_ok());
            if !valid {
                return Err(ApiError::bad("cursor", format!("`{cursor}` is not a cursor this API returned")));
            }
        }
        Ok(filter)
    }

    pub fn check_limit(&self, limit: Option<usize>) -> Result<(), ApiError> {
        match limit {
            Some(0) => Err(ApiError::bad("limit", "must be at least 1")),
            Some(n) if n > MAX_LIMIT => Err(ApiError::bad("limit", format!("{n} is above the maximum {MAX_LIMIT}"))),
            _ => Ok(()),
        }
    }
}

/// `west,south,east,north`; west > east is a box across the antimeridian.
fn parse_bbox(value: &str) -> Result<BBox, ApiError> {
    let bad = |why: &str| ApiError::bad("bbox", format!("`{value}`: {why}; expected west,south,east,north in degrees"));
    let parts: Vec<f64> = value
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("not four numbers"))?;
    let [west, south, east, north]: [f64; 4] = parts.try_into().map_err(|_| bad("not four numbers"))?;
    if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
        return Err(bad("longitude outside [-180, 180]"));
    }
    if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
        return Err(bad("latitude outside [-90, 90]"));
    }
    if south > north {
        return Err(bad("south above north"));
    }
    Ok(BBox { west, south, east, north })
}
