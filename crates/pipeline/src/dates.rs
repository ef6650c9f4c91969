//! Dates: turning "hier", "on Saturday", "le 27 novembre" into calendar intervals.
//!
//! Everything is anchored on the publication date and inherits its precision, because
//! that is how the annotation guide reads dispatches: a weekday under a month-only header
//! can only say "some day that month", while under a day header it names one day.
//! The words (months, weekdays, relative days and weeks) come from `data/dates/<lang>.tsv`.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::ToSpan;

use crate::article::DateRange;
use crate::events::tsv;
use crate::events::words::{PhraseSet, Words};
use crate::lexicon::{DataFiles, LexiconError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A month name, 1–12.
    Month(i8),
    /// A weekday, Monday = 1.
    Weekday(i8),
    /// Days relative to publication: today 0, yesterday -1.
    Day(i32),
    /// Weeks relative to publication: last week -1.
    Week(i32),
}

struct LangDates {
    phrases: PhraseSet,
    kinds: Vec<Kind>,
}

/// Date words per language, built once.
pub struct DateResolver {
    langs: HashMap<String, LangDates>,
}

/// A date expression found in text: which words, and the interval it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub range: DateRange,
    /// True for day-and-month expressions, which override anything relative.
    pub explicit: bool,
    /// A month named alone that is not the publication month ("captured in May"): the
    /// text is telling history.
    pub background: bool,
}

impl DateResolver {
    pub fn new(data: &DataFiles) -> Result<DateResolver, LexiconError> {
        let mut langs = HashMap::new();
        for (lang, path, text) in tsv::per_language(data, "dates", "tsv") {
            let mut phrases = Vec::new();
            let mut kinds = Vec::new();
            for row in tsv::rows(path, text, 3)? {
                let v: i32 = row.number(2)?;
                let kind = match row.get(1) {
                    "month" if (1..=12).contains(&v) => Kind::Month(v as i8),
                    "weekday" if (1..=7).contains(&v) => Kind::Weekday(v as i8),
                    "day" => Kind::Day(v),
                    "week" => Kind::Week(v),
                    other => return Err(row.error(format!("unknown date kind or value: {other} {v}"))),
                };
                phrases.push(row.get(0));
                kinds.push(kind);
            }
            langs.insert(lang, LangDates { phrases: PhraseSet::new(phrases), kinds });
        }
        Ok(DateResolver { langs })
    }

    /// Every date expression in `words`, resolved against `anchor` (the publication date).
    /// Without an anchor only explicit dates that carry their year resolve.
    pub fn find(&self, lang: &str, words: &Words, anchor: Option<DateRange>) -> Vec<DateMention> {
        let Some(ld) = self.langs.get(lang) else { return Vec::new() };
        let mut out = Vec::new();
        for hit in ld.phrases.find(words) {
            let kind = ld.kinds[hit.entry];
            if let (Kind::Month(m), Some(a)) = (kind, anchor) {
                if explicit(words, hit.start, hit.end, m, anchor).is_none() && m != a.start.month() {
                    out.push(DateMention { start: hit.start, end: hit.end, range: a, explicit: false, background: true });
                    continue;
                }
            }
            let found = match kind {
                Kind::Month(m) => explicit(words, hit.start, hit.end, m, anchor),
                Kind::Weekday(wd) => anchor.map(|a| (hit.start, hit.end, weekday(a, wd), false)),
                Kind::Day(d) => anchor.map(|a| (hit.start, hit.end, shift_days(a, d), false)),
                Kind::Week(w) => anchor.map(|a| (hit.start, hit.end, shift_weeks(a, w), false)),
            };
            if let Some((start, end, range, explicit)) = found {
                out.push(DateMention { start, end, range, explicit, background: false });
            }
        }
        out
    }

    /// The first explicit date with its year: the anchor for texts that have no header
    /// but carry a dateline.
    pub fn dateline(&self, lang: &str, words: &Words) -> Option<DateRange> {
        self.find(lang, words, None).into_iter().find(|m| m.explicit).map(|m| m.range)
    }
}

/// Four-digit years mentioned in words `a..b` ("en 2014", "since 2015").
pub fn years(words: &Words, a: usize, b: usize) -> impl Iterator<Item = i16> + '_ {
    words.norms[a..b]
        .iter()
        .filter(|w| w.len() == 4 && w.bytes().all(|c| c.is_ascii_digit()))
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
}

fn day_number(w: &str) -> Option<i8> {
    let digits = w.strip_suffix("er").or_else(|| w.strip_suffix("st")).or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd")).or_else(|| w.strip_suffix("th")).unwrap_or(w);
    let d: i8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// "27 novembre [2024]" or "Nov. 27[, 2024]": a day next to a month name.
fn explicit(words: &Words, start: usize, end: usize, month: i8, anchor: Option<DateRange>) -> Option<(usize, usize, DateRange, bool)> {
    let n = &words.norms;
    let (day, first, mut last) = if start > 0 && day_number(&n[start - 1]).is_some() {
        (day_number(&n[start - 1])?, start - 1, end)
    } else if end < n.len() && day_number(&n[end]).is_some() {
        (day_number(&n[end])?, start, end + 1)
    } else {
        return None;
    };
    let year = match n.get(last).and_then(|w| (w.len() == 4).then(|| w.parse::<i16>().ok()).flatten()) {
        Some(y) => {
            last += 1;
            y
        }
        None => {
            // A month after the publication month is last year's ("le 28 décembre" in January).
            let a = anchor?.end;
            if month > a.month() { a.year() - 1 } else { a.year() }
        }
    };
    let d = Date::new(year, month, day).ok()?;
    Some((first, last, DateRange { start: d, end: d, precision: 1 }, true))
}

fn whole(anchor: DateRange) -> DateRange {
    anchor
}

/// The most recent `wd` on or before a day anchor; a coarser anchor stays as it is.
fn weekday(anchor: DateRange, wd: i8) -> DateRange {
    if anchor.precision != 1 {
        return whole(anchor);
    }
    let cur = anchor.start.weekday().to_monday_one_offset();
    let back = (cur - wd).rem_euclid(7) as i32;
    day_range(anchor.start, -back)
}

fn shift_days(anchor: DateRange, d: i32) -> DateRange {
    if anchor.precision != 1 {
        return whole(anchor);
    }
    day_range(anchor.start, d)
}

fn day_range(d: Date, shift: i32) -> DateRange {
    let day = d.checked_add(shift.days()).unwrap_or(d);
    DateRange { start: day, end: day, precision: 1 }
}

fn shift_weeks(anchor: DateRange, w: i32) -> DateRange {
    if anchor.precision != 1 {
        return whole(anchor);
    }
    // "Last week" = the seven days before the anchor's week; "this week" = up to the anchor.
    let monday = day_range(anchor.start, -((anchor.start.weekday().to_monday_one_offset() - 1) as i32)).start;
    let start = monday.checked_add((7 * w).days()).unwrap_or(monday);
    let end = if w >= 0 { anchor.start } else { start.checked_add(6.days()).unwrap_or(start) };
    DateRange { start, end, precision: 2 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;
    use jiff::civil::date;

    fn resolver() -> DateResolver {
        let mut d = DataFiles::new();
        d.insert(
            "dates/fr.tsv",
            "novembre\tmonth\t11\ndécembre\tmonth\t12\nlundi\tweekday\t1\nsamedi\tweekday\t6\nhier\tday\t-1\nla semaine dernière\tweek\t-1\n",
        );
        d.insert("dates/en.tsv", "nov\tmonth\t11\nmonday\tweekday\t1\nyesterday\tday\t-1\n");
        DateResolver::new(&d).unwrap()
    }

    fn check(lang: &str, text: &str, anchor: DateRange, want: (Date, Date, u8)) {
        let w = Words::new(text, Span { start: 0, end: text.len() });
        let got = resolver().find(lang, &w, Some(anchor));
        assert!(!got.is_empty(), "no date in {text:?}");
        let r = got[0].range;
        assert_eq!((r.start, r.end, r.precision), want, "{text:?}");
    }

    fn day(d: Date) -> DateRange {
        DateRange { start: d, end: d, precision: 1 }
    }

    fn month(y: i16, m: i8) -> DateRange {
        DateRange { start: date(y, m, 1), end: date(y, m, 1).last_of_month(), precision: 3 }
    }

    #[test]
    fn weekday_under_month_header_is_the_month() {
        check("fr", "ce samedi", month(2024, 11), (date(2024, 11, 1), date(2024, 11, 30), 3));
    }

    #[test]
    fn weekday_under_day_header_is_the_last_such_day() {
        // 2019-11-28 is a Thursday; "Monday night" is the 25th.
        check("en", "on Monday night", day(date(2019, 11, 28)), (date(2019, 11, 25), date(2019, 11, 25), 1));
    }

    #[test]
    fn yesterday_is_the_day_before() {
        check("fr", "hier soir", day(date(2024, 3, 1)), (date(2024, 2, 29), date(2024, 2, 29), 1));
    }

    #[test]
    fn explicit_dates_override_the_month_and_cross_years() {
        check("fr", "le 27 novembre", month(2024, 11), (date(2024, 11, 27), date(2024, 11, 27), 1));
        check("fr", "le 28 décembre", day(date(2025, 1, 3)), (date(2024, 12, 28), date(2024, 12, 28), 1));
        check("en", "on Nov. 27, 2023", month(2024, 1), (date(2023, 11, 27), date(2023, 11, 27), 1));
    }

    #[test]
    fn last_week_is_the_previous_calendar_week() {
        // 2024-11-14 is a Thursday.
        check("fr", "la semaine dernière", day(date(2024, 11, 14)), (date(2024, 11, 4), date(2024, 11, 10), 2));
    }

    #[test]
    fn a_month_name_alone_is_not_a_date_but_another_month_is_history() {
        let text = "en novembre";
        let w = Words::new(text, Span { start: 0, end: text.len() });
        assert!(resolver().find("fr", &w, Some(month(2024, 11))).is_empty());
        let text = "prise en décembre";
        let w = Words::new(text, Span { start: 0, end: text.len() });
        let found = resolver().find("fr", &w, Some(day(date(2025, 3, 2))));
        assert!(found.len() == 1 && found[0].background, "{found:?}");
    }
}
