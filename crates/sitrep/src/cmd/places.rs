//! `sitrep places PATH...`: every place mention with its span and its resolution.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::places::PlaceMention;
use serde::Serialize;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// One JSON object per mention.
    Jsonl,
}

#[derive(clap::Args)]
pub struct Args {
    /// Articles: text files, directories, JSON Lines files, or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Gazetteer directory (default: $SITREP_GAZETTEER, ./gazetteer, or the repository's).
    #[arg(long)]
    gazetteer: Option<PathBuf>,
}

/// The wire form of one mention (`--format jsonl`).
#[derive(Serialize)]
pub struct MentionRecord<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub geonameid: Option<i64>,
    pub name: Option<&'a str>,
    pub country: Option<&'a str>,
    pub admin1: Option<&'a str>,
    pub feature_class: Option<&'a str>,
    pub feature_code: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub score: f64,
}

impl<'a> MentionRecord<'a> {
    pub fn new(doc_id: &'a str, m: &'a PlaceMention) -> MentionRecord<'a> {
        let p = m.place.as_ref();
        MentionRecord {
            doc_id,
            text: &m.text,
            start: m.span.start,
            end: m.span.end,
            geonameid: p.and_then(|p| p.geonameid),
            name: p.map(|p| p.name.as_str()),
            country: p.map(|p| p.country.as_str()),
            admin1: p.map(|p| p.admin1.as_str()),
            feature_class: p.map(|p| p.feature_class.as_str()),
            feature_code: p.map(|p| p.feature_code.as_str()),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
            score: (m.score * 1000.0).round() / 1000.0,
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let data = crate::data::load()?;
    let gazetteer = crate::gazetteer::load(args.gazetteer.as_deref())?;
    let geocoder = pipeline::places::Geocoder::new(gazetteer, &data).context("loading data/places")?;
    let pipeline = pipeline::Pipeline::new(&data, geocoder).context("loading data/")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    if let Format::Table = args.format {
        writeln!(out, "{:<20} {:>6} {:>6}  {:<28} {:>9}  {:<28} {:<2} {:<6} {:>9} {:>9} {:>5}", "doc", "start", "end", "text", "geonameid", "name", "cc", "code", "lat", "lon", "score")?;
    }
    for item in crate::read::read_inputs(&args.paths) {
        let article = match item {
            Ok(a) => a,
            Err(e) => {
                eprintln!("sitrep places: {e}");
                failed += 1;
                continue;
            }
        };
        // Only the stages places need (not `analyze`, which also codes events).
        let lang = article.lang_hint.clone().unwrap_or_else(|| pipeline.lang.detect(article.body()));
        let doc = pipeline.segmenter.segment(&article.text, article.body_start, &lang);
        for m in &pipeline.geocoder.resolve(&doc) {
            let r = MentionRecord::new(&article.id, m);
            match args.format {
                Format::Jsonl => {
                    serde_json::to_writer(&mut out, &r)?;
                    writeln!(out)?;
                }
                Format::Table => writeln!(
                    out,
                    "{:<20} {:>6} {:>6}  {:<28} {:>9}  {:<28} {:<2} {:<6} {:>9} {:>9} {:>5.2}",
                    clip(r.doc_id, 20),
                    r.start,
                    r.end,
                    clip(r.text, 28),
                    r.geonameid.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
                    clip(r.name.unwrap_or("(unresolved)"), 28),
                    r.country.unwrap_or(""),
                    r.feature_code.unwrap_or(""),
                    r.lat.map(|v| format!("{v:.4}")).unwrap_or_default(),
                    r.lon.map(|v| format!("{v:.4}")).unwrap_or_default(),
                    r.score
                )?,
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('…');
        c
    }
}
