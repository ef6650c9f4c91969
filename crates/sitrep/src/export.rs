//! Event exports: JSONL (the spec's wire record), CSV in ACLED's column layout, a GeoJSON
//! FeatureCollection, and an aligned table for people.
//!
//! One [`Writer`] serves every format so that `extract`, the store and the HTTP API export
//! the same bytes for the same events. Events are written one at a time (only the table
//! waits for the last row, to align its columns), so a large export never sits in memory.

use std::collections::HashMap;
use std::io::{self, Write};

use pipeline::events::actors::INTERS;
use pipeline::events::{Actor, Event};
use pipeline::lexicon::{DataFiles, LexiconError};

/// Output formats of `extract` and the exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One event per line, the fields of the spec §1.
    Jsonl,
    /// ACLED's column layout, loadable by ACLED users unchanged.
    Csv,
    /// A GeoJSON FeatureCollection of points, the event as properties.
    Geojson,
    /// An aligned table for reading in a terminal.
    Table,
}

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// What ACLED's country columns need for one country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    pub alpha3: String,
    pub iso_numeric: u16,
    pub name: String,
    pub region: String,
}

/// Countries by ISO alpha-2 code, from `data/acled/countries.tsv`.
#[derive(Clone, Debug, Default)]
pub struct Countries {
    by_alpha2: HashMap<String, Country>,
}

const COUNTRIES_PATH: &str = "acled/countries.tsv";

impl Countries {
    pub fn from_data(data: &DataFiles) -> Result<Countries, LexiconError> {
        let text = data.get(COUNTRIES_PATH).ok_or_else(|| LexiconError {
            path: COUNTRIES_PATH.into(),
            line: 0,
            message: "missing".into(),
        })?;
        Countries::parse(text)
    }

    /// `alpha2 TAB alpha3 TAB iso_numeric TAB name TAB acled_region`; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Countries, LexiconError> {
        let mut by_alpha2 = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| LexiconError { path: COUNTRIES_PATH.into(), line: i + 1, message };
            let cols: Vec<&str> = line.split('\t').collect();
            let [alpha2, alpha3, numeric, name, region] = cols[..] else {
                return Err(err(format!("expected 5 tab-separated columns, found {}", cols.len())));
            };
            let iso_numeric = numeric.parse().map_err(|_| err(format!("ISO numeric code {numeric:?} is not a number")))?;
            let country = Country { alpha3: alpha3.into(), iso_numeric, name: name.into(), region: region.into() };
            by_alpha2.insert(alpha2.to_ascii_uppercase(), country);
        }
        Ok(Countries { by_alpha2 })
    }

    pub fn get(&self, alpha2: &str) -> Option<&Country> {
        self.by_alpha2.get(&alpha2.to_ascii_uppercase())
    }
}

/// Writes events in one format; call [`Writer::finish`] to close the document.
pub struct Writer<'a, W: Write> {
    out: Sink<W>,
    countries: &'a Countries,
    timestamp: i64,
    count: usize,
}

enum Sink<W: Write> {
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
    Geojson(W),
    Table(W, Vec<[String; 8]>),
}

impl<'a, W: Write> Writer<'a, W> {
    /// Writes the format's opening (CSV header, GeoJSON prefix) at once, so that an
    /// export with no events is still a valid, empty document.
    pub fn new(format: Format, mut out: W, countries: &'a Countries) -> io::Result<Writer<'a, W>> {
        let out = match format {
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(ACLED_COLUMNS)?;
                Sink::Csv(Box::new(w))
            }
            Format::Geojson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
                Sink::Geojson(out)
            }
            Format::Table => Sink::Table(out, Vec::new()),
        };
        Ok(Writer { out, countries, timestamp: jiff::Timestamp::now().as_second(), count: 0 })
    }

    /// ACLED's `timestamp` column (when the row was last changed); defaults to now.
    pub fn with_timestamp(mut self, unix_seconds: i64) -> Self {
        self.timestamp = unix_seconds;
        self
    }

    pub fn write(&mut self, event: &Event) -> io::Result<()> {
        match &mut self.out {
            Sink::Jsonl(w) => {
                serde_json::to_writer(&mut *w, event)?;
                w.write_all(b"\n")?;
            }
            Sink::Csv(w) => w.write_record(acled_row(event, self.countries, self.timestamp))?,
            Sink::Geojson(w) => {
                if self.count > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(b"\n")?;
                serde_json::to_writer(&mut *w, &feature(event)?)?;
            }
            Sink::Table(_, rows) => rows.push(table_row(event)),
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the document and flushes; returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        let mut out = match self.out {
            Sink::Jsonl(w) => w,
            Sink::Csv(w) => w.into_inner().map_err(|e| e.into_error())?,
            Sink::Geojson(mut w) => {
                w.write_all(b"\n]}\n")?;
                w
            }
            Sink::Table(mut w, rows) => {
                write_table(&mut w, &rows)?;
                w
            }
        };
        out.flush()?;
        Ok(out)
    }
}

/// One CSV row in ACLED's layout.
fn acled_row(e: &Event, countries: &Countries, timestamp: i64) -> Vec<String> {
    let country = e.location.country.as_deref().and_then(|c| countries.get(c));
    let inter1 = e.actor1.as_ref().map_or(0, |a| inter_code(&a.inter));
    let inter2 = e.actor2.as_ref().map_or(0, |a| inter_code(&a.inter));
    let interaction = if inter1 == 0 || inter2 == 0 {
        (inter1 + inter2) * 10
    } else {
        inter1.min(inter2) * 10 + inter1.max(inter2)
    };
    let date = ref_date(e);
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let code = |c: u8| if c == 0 { String::new() } else { c.to_string() };
    vec![
        format!("{}{}", country.map_or("XXX", |c| c.alpha3.as_str()), stable_number(e)),
        date.to_string(),
        date.year().to_string(),
        e.date.precision.to_string(),
        disorder_type(&e.event_type, &e.sub_event_type).into(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        name(&e.actor1),
        String::new(),
        code(inter1),
        name(&e.actor2),
        String::new(),
        code(inter2),
        interaction.to_string(),
        if civilian_targeting(e) { "Civilian targeting".into() } else { String::new() },
        country.map(|c| c.iso_numeric.to_string()).unwrap_or_default(),
        country.map(|c| c.region.clone()).unwrap_or_default(),
        country.map(|c| c.name.clone()).unwrap_or_default(),
        e.location.admin1.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        e.location.name.clone(),
        opt(e.location.lat),
        opt(e.location.lon),
        e.location.geo_precision.to_string(),
        e.doc_id.clone(),
        String::new(),
        e.evidence.text.split_whitespace().collect::<Vec<_>>().join(" "),
        // ACLED's conservative single number: the low end of the reported range.
        e.fatalities.map_or(0, |f| f.low).to_string(),
        tags(e),
        timestamp.to_string(),
    ]
}

/// ACLED's numeric actor category, 0 when absent or not one of ACLED's.
fn inter_code(inter: &str) -> u8 {
    // The spec lists ACLED's categories in the order of their numeric `inter` codes (1–8).
    INTERS.iter().position(|c| c.eq_ignore_ascii_case(inter)).map_or(0, |i| i as u8 + 1)
}

/// ACLED puts one date on an event: the day itself, or the middle of a vaguer window.
fn ref_date(e: &Event) -> jiff::civil::Date {
    let days = e.date.start.until(e.date.end).map_or(0, |s| s.get_days());
    e.date.start.checked_add(jiff::Span::new().days(days / 2)).unwrap_or(e.date.start)
}

/// ACLED's disorder type follows from the event type; force against protesters is both.
fn disorder_type(event_type: &str, sub_event_type: &str) -> &'static str {
    match event_type {
        "Protests" if sub_event_type == "Excessive force against protesters" => "Political violence; Demonstrations",
        "Protests" | "Riots" => "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "Political violence",
    }
}

/// ACLED marks violence whose target is civilians.
fn civilian_targeting(e: &Event) -> bool {
    e.event_type != "Strategic developments"
        && e.event_type != "Protests"
        && e.actor2.as_ref().is_some_and(|a| a.inter.eq_ignore_ascii_case("Civilians"))
}

/// What ACLED's single columns cannot say: the reported range and who claims it.
fn tags(e: &Event) -> String {
    let mut tags = Vec::new();
    if let Some(f) = e.fatalities {
        match f.high {
            Some(h) if h == f.low => {}
            Some(h) => tags.push(format!("fatalities {}-{h}", f.low)),
            None => tags.push(format!("fatalities at least {}", f.low)),
        }
    }
    if let Some(c) = &e.claimed_by {
        tags.push(format!("claimed by {}", c.name));
    }
    tags.join("; ")
}

fn name(actor: &Option<Actor>) -> String {
    actor.as_ref().map(|a| a.name.clone()).unwrap_or_default()
}

/// A number that stays the same for the same event in the same document, across runs
/// and batches: FNV-1a over what identifies the event, cut to nine digits.
fn stable_number(e: &Event) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!("{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}", e.doc_id, e.evidence.start, e.sub_event_type, e.location.name, e.date.start);
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 1_000_000_000
}

/// A GeoJSON Feature: a Point at [lon, lat] (null geometry when the place has no
/// coordinates, which GeoJSON allows), the event record as properties.
fn feature(e: &Event) -> io::Result<serde_json::Value> {
    let geometry = match (e.location.lat, e.location.lon) {
        (Some(lat), Some(lon)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => serde_json::Value::Null,
    };
    Ok(serde_json::json!({"type": "Feature", "geometry": geometry, "properties": serde_json::to_value(e)?}))
}

const TABLE_HEADER: [&str; 8] = ["DOC", "DATE", "SUB-EVENT TYPE", "ACTORS", "PLACE", "DEATHS", "CLAIMED BY", "CONF"];
/// Cells longer than this are cut, so that one long actor name does not push every row off screen.
const TABLE_CELL_MAX: usize = 40;

fn table_row(e: &Event) -> [String; 8] {
    let date = if e.date.start == e.date.end {
        e.date.start.to_string()
    } else {
        format!("{}..{}", e.date.start, e.date.end)
    };
    let actor = |a: &Option<Actor>| a.as_ref().map_or("?".to_string(), |a| a.name.clone());
    let actors = match &e.actor2 {
        Some(_) => format!("{} → {}", actor(&e.actor1), actor(&e.actor2)),
        None => actor(&e.actor1),
    };
    let place = match &e.location.country {
        Some(c) => format!("{} ({c})", e.location.name),
        None => e.location.name.clone(),
    };
    let deaths = match e.fatalities {
        None => "-".to_string(),
        Some(f) => match f.high {
            Some(h) if h == f.low => h.to_string(),
            Some(h) => format!("{}-{h}", f.low),
            None => format!("{}+", f.low),
        },
    };
    [
        e.doc_id.clone(),
        date,
        // Each ACLED sub-event type belongs to one event type: the sub-type says both.
        e.sub_event_type.clone(),
        actors,
        place,
        deaths,
        e.claimed_by.as_ref().map_or("-".to_string(), |c| c.name.clone()),
        format!("{:.2}", e.confidence),
    ]
    .map(|cell| cut(&cell))
}

fn cut(cell: &str) -> String {
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.chars().count() <= TABLE_CELL_MAX {
        return cell;
    }
    let mut s: String = cell.chars().take(TABLE_CELL_MAX - 1).collect();
    s.push('…');
    s
}

fn write_table(w: &mut impl Write, rows: &[[String; 8]]) -> io::Result<()> {
    let mut widths = TABLE_HEADER.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = TABLE_HEADER.map(String::from);
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            }
        }
        writeln!(w, "{line}")?;
    }
    writeln!(w, "{} event(s)", rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::events::{Evidence, Fatalities, Location};
    use pipeline::DateRange;

    fn countries() -> Countries {
        Countries::parse(include_str!("../../../data/acled/countries.tsv")).unwrap()
    }

    fn event() -> Event {
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        Event {
            doc_id: "en-test-1".into(),
            event_type: "Violence against civilians".into(),
            sub_event_type: "Attack".into(),
            actor1: Some(Actor { name: "Unidentified Armed Group (Mali)".into(), inter: "Political militias".into() }),
            actor2: Some(Actor { name: "Civilians (Mali)".into(), inter: "Civilians".into() }),
            location: Location {
                name: "Mopti, \"centre\"".into(),
                country: Some("ML".into()),
                admin1: Some("Mopti".into()),
                lat: Some(14.49),
                lon: Some(-4.19),
                geonameid: Some(2453348),
                geo_precision: 1,
            },
            date: DateRange { start: day("2024-03-01"), end: day("2024-03-31"), precision: 3 },
            fatalities: Some(Fatalities { low: 20, high: Some(99) }),
            claimed_by: None,
            evidence: Evidence { text: "Gunmen killed dozens of villagers,\nlocals said.".into(), start: 10, end: 57 },
            confidence: 0.8,
            lang: Some("en".into()),
            trigger: None,
        }
    }

    fn export(format: Format, events: &[Event]) -> String {
        let c = countries();
        let mut w = Writer::new(format, Vec::new(), &c).unwrap().with_timestamp(1_700_000_000);
        for e in events {
            w.write(e).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn csv_header_is_exactly_acleds() {
        let out = export(Format::Csv, &[]);
        assert_eq!(
            out.trim_end(),
            "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,\
             assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,\
             country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,\
             notes,fatalities,tags,timestamp"
        );
    }

    #[test]
    fn csv_round_trips_through_the_csv_crate() {
        let out = export(Format::Csv, &[event()]);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, ACLED_COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let get = |col: &str| rows[0][ACLED_COLUMNS.iter().position(|c| *c == col).unwrap()].to_string();
        assert!(get("event_id_cnty").starts_with("MLI"));
        assert_eq!(get("event_date"), "2024-03-16", "a month-precise event sits mid-month");
        assert_eq!(get("year"), "2024");
        assert_eq!(get("time_precision"), "3");
        assert_eq!(get("disorder_type"), "Political violence");
        assert_eq!(get("sub_event_type"), "Attack");
        assert_eq!(get("inter1"), "3");
        assert_eq!(get("inter2"), "7");
        assert_eq!(get("interaction"), "37");
        assert_eq!(get("civilian_targeting"), "Civilian targeting");
        assert_eq!(get("iso"), "466");
        assert_eq!(get("region"), "Western Africa");
        assert_eq!(get("country"), "Mali");
        assert_eq!(get("location"), "Mopti, \"centre\"", "quotes and commas survive");
        assert_eq!(get("latitude"), "14.49");
        assert_eq!(get("longitude"), "-4.19");
        assert_eq!(get("notes"), "Gunmen killed dozens of villagers, locals said.");
        assert_eq!(get("fatalities"), "20", "the conservative low bound");
        assert_eq!(get("tags"), "fatalities 20-99");
        assert_eq!(get("timestamp"), "1700000000");
        // Stable: the same event gets the same id in another export.
        assert_eq!(export(Format::Csv, &[event()]), out);
    }

    #[test]
    fn csv_codes_single_actors_and_unknown_deaths_as_acled_does() {
        let mut e = event();
        e.event_type = "Protests".into();
        e.sub_event_type = "Peaceful protest".into();
        e.actor1 = Some(Actor { name: "Protesters (Mali)".into(), inter: "Protesters".into() });
        e.actor2 = None;
        e.fatalities = None;
        let out = export(Format::Csv, &[e]);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        let col = |name: &str| ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(&row[col("interaction")], "60");
        assert_eq!(&row[col("inter2")], "");
        assert_eq!(&row[col("fatalities")], "0");
        assert_eq!(&row[col("disorder_type")], "Demonstrations");
        assert_eq!(&row[col("civilian_targeting")], "");
    }

    #[test]
    fn geojson_is_a_feature_collection_of_lon_lat_points() {
        let mut no_coords = event();
        no_coords.location.lat = None;
        no_coords.location.lon = None;
        let out = export(Format::Geojson, &[event(), no_coords]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let features = v["features"].as_array().unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(features[0]["type"], "Feature");
        assert_eq!(features[0]["geometry"]["type"], "Point");
        assert_eq!(features[0]["geometry"]["coordinates"], serde_json::json!([-4.19, 14.49]));
        assert_eq!(features[0]["properties"]["sub_event_type"], "Attack");
        assert!(features[1]["geometry"].is_null());
        let empty: serde_json::Value = serde_json::from_str(&export(Format::Geojson, &[])).unwrap();
        assert_eq!(empty["features"], serde_json::json!([]));
    }

    #[test]
    fn jsonl_is_one_spec_record_per_line() {
        let out = export(Format::Jsonl, &[event(), event()]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let back: Event = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(back, event());
        let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        for f in [
            "doc_id", "event_type", "sub_event_type", "actor1", "actor2", "location", "date", "fatalities", "claimed_by",
            "evidence", "confidence",
        ] {
            assert!(v.get(f).is_some(), "field {f} missing");
        }
        assert_eq!(v["date"]["start"], "2024-03-01");
    }

    #[test]
    fn table_aligns_columns() {
        let mut short = event();
        short.actor2 = None;
        short.fatalities = Some(Fatalities { low: 40, high: None });
        let out = export(Format::Table, &[event(), short]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("DOC "));
        let place_col = lines[0].find("PLACE").unwrap();
        let char_pos = |l: &str, needle: &str| l[..l.find(needle).unwrap()].chars().count();
        assert_eq!(char_pos(lines[1], "Mopti"), place_col, "{out}");
        assert_eq!(char_pos(lines[2], "Mopti"), place_col, "{out}");
        assert!(lines[1].contains(" → ") && lines[1].contains('…'), "long actor cells are cut: {out}");
        assert!(lines[2].contains("40+"));
        assert_eq!(lines[3], "2 event(s)");
    }

    #[test]
    fn bad_country_lines_are_rejected_with_their_line() {
        let err = Countries::parse("# c\nML\tMLI\tx\tMali\tWestern Africa\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(Countries::parse("ML\tMLI\n").is_err());
    }
}
