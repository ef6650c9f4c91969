//! `sitrep eval-places GOLD.jsonl...`: the geoparsing benchmark, end to end from raw text.
//!
//! Gold files come from `scripts/places-gold.py` (TR-News, LGL, GeoWebNews, HIPE-2022 fr,
//! IDRISI-D ar converted to one format). Recognition is scored by span overlap (one-to-one,
//! the "inexact" criterion of the geoparsing literature) and by exact span; resolution
//! by distance (accuracy@161 km, median error) and exact GeoNames id, over the recognised
//! gold toponyms and end to end over all gold toponyms that have coordinates.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::places::resolve::haversine;
use pipeline::places::PlaceMention;
use serde::Deserialize;

#[derive(clap::Args)]
pub struct Args {
    /// Gold JSON Lines files (one per set; see scripts/places-gold.py).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Gazetteer directory (default: $SITREP_GAZETTEER, ./gazetteer, or the repository's).
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Also print every missed, spurious and mis-resolved toponym to stderr.
    #[arg(long)]
    errors: bool,
}

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    lang: String,
    text: String,
    toponyms: Vec<GoldToponym>,
}

#[derive(Deserialize)]
struct GoldToponym {
    start: usize,
    end: usize,
    lat: Option<f64>,
    lon: Option<f64>,
    geonameid: Option<i64>,
}

#[derive(Default, Clone)]
struct Tally {
    docs: usize,
    gold: usize,
    predicted: usize,
    overlap: usize,
    exact: usize,
    /// Recognised gold toponyms with coordinates, and those resolved within 161 km.
    located: usize,
    within161: usize,
    errors_km: Vec<f64>,
    /// All gold toponyms with coordinates (the end-to-end denominator).
    gold_located: usize,
    with_id: usize,
    id_right: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.docs += o.docs;
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.overlap += o.overlap;
        self.exact += o.exact;
        self.located += o.located;
        self.within161 += o.within161;
        self.errors_km.extend(&o.errors_km);
        self.gold_located += o.gold_located;
        self.with_id += o.with_id;
        self.id_right += o.id_right;
    }

    fn row(&mut self, name: &str) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        let p = ratio(self.overlap, self.predicted);
        let r = ratio(self.overlap, self.gold);
        let f = 2.0 * p * r / (p + r);
        let pe = ratio(self.exact, self.predicted);
        let re = ratio(self.exact, self.gold);
        self.errors_km.sort_by(f64::total_cmp);
        let median = self.errors_km.get(self.errors_km.len() / 2).copied().unwrap_or(f64::NAN);
        format!(
            "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} | {:.3} |",
            self.docs,
            self.gold,
            self.predicted,
            p,
            r,
            f,
            2.0 * pe * re / (pe + re),
            ratio(self.within161, self.located),
            ratio(self.within161, self.gold_located),
            ratio(self.id_right, self.with_id),
            median,
            ratio(self.gold_located, self.gold),
        )
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let data = crate::data::load()?;
    let gazetteer = crate::gazetteer::load(args.gazetteer.as_deref())?;
    let geocoder = pipeline::places::Geocoder::new(gazetteer, &data).context("loading data/places")?;
    println!("| set | docs | gold | predicted | P | R | F1 (overlap) | F1 (exact) | acc@161 (recognised) | acc@161 (end to end) | exact id (recognised, gold id) | median km | share gold with coords |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut failed = false;
    let mut pooled = Tally::default();
    for path in &args.gold {
        let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut tally = Tally::default();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let doc: GoldDoc = match serde_json::from_str(&line) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("sitrep eval-places: {}:{}: malformed gold line: {e}", path.display(), n + 1);
                    failed = true;
                    continue;
                }
            };
            let segmented = pipeline::text::Doc::segment(&doc.text, 0, &doc.lang);
            let mentions = geocoder.resolve(&segmented);
            tally.add(&score_doc(&doc, &mentions, args.errors));
        }
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        pooled.add(&tally);
        println!("{}", tally.row(&name));
    }
    if args.gold.len() > 1 {
        println!("{}", pooled.row("**pooled**"));
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn score_doc(doc: &GoldDoc, mentions: &[PlaceMention], show: bool) -> Tally {
    let mut t = Tally { docs: 1, gold: doc.toponyms.len(), predicted: mentions.len(), ..Tally::default() };
    let mut used = vec![false; mentions.len()];
    for g in &doc.toponyms {
        let located = g.lat.zip(g.lon);
        if located.is_some() {
            t.gold_located += 1;
        }
        let hit = mentions
            .iter()
            .enumerate()
            .find(|(i, m)| !used[*i] && overlaps((g.start, g.end), (m.span.start, m.span.end)));
        let Some((i, m)) = hit else {
            if show {
                eprintln!("MISS\t{}\t{}", doc.id, &doc.text[g.start..g.end]);
            }
            continue;
        };
        used[i] = true;
        t.overlap += 1;
        if (m.span.start, m.span.end) == (g.start, g.end) {
            t.exact += 1;
        }
        let Some(p) = &m.place else { continue };
        if let Some((lat, lon)) = located {
            t.located += 1;
            let d = haversine(lat, lon, p.lat, p.lon);
            t.errors_km.push(d);
            if d <= 161.0 {
                t.within161 += 1;
            } else if show {
                eprintln!("FAR\t{}\t{}\t{:.0} km\t{} {} ({})", doc.id, &doc.text[g.start..g.end], d, p.name, p.country, p.feature_code);
            }
        }
        if let Some(id) = g.geonameid {
            t.with_id += 1;
            if p.geonameid == Some(id) {
                t.id_right += 1;
            }
        }
    }
    if show {
        for (m, u) in mentions.iter().zip(&used) {
            if !u {
                eprintln!("SPURIOUS\t{}\t{}", doc.id, m.text);
            }
        }
    }
    t
}
