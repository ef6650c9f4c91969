//! `sitrep eval GOLD_DIR [--json] [--per-doc]`: extracts every `NAME.txt` that has a
//! `NAME.gold.json` beside it and prints the score of the spec §4, the same report as
//! `../shared/tools/score.py` on the same predictions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::score::{self, GoldDoc};
use rayon::prelude::*;

use crate::cmd::extract::analyze;
use crate::engine::{self, EngineArgs};
use crate::export::{Format, Writer};
use crate::read::read_inputs;

#[derive(clap::Args)]
pub struct Args {
    /// Directory holding `NAME.txt` + `NAME.gold.json` pairs (searched recursively).
    #[arg(value_name = "GOLD_DIR")]
    pub gold_dir: PathBuf,
    /// Print the report as JSON (the keys of `score.py --json`).
    #[arg(long)]
    pub json: bool,
    /// Add one line (or JSON entry) per document.
    #[arg(long)]
    pub per_doc: bool,
    /// Also write the predictions as JSON Lines here, to score them with another tool.
    #[arg(long, value_name = "FILE", conflicts_with = "pred")]
    pub pred_out: Option<PathBuf>,
    /// Score these predictions (JSON Lines, one event per line) instead of extracting.
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut gold_files = Vec::new();
    find_gold(&args.gold_dir, &mut gold_files).with_context(|| format!("listing {}", args.gold_dir.display()))?;
    if gold_files.is_empty() {
        anyhow::bail!("{}: no *.gold.json files", args.gold_dir.display());
    }
    // Sorted by path components, as the reference scorer sorts its `Path`s.
    gold_files.sort();
    let mut failures = 0;
    let mut golds = Vec::new();
    for path in &gold_files {
        match read_gold(path) {
            Ok(doc) => golds.push((doc, path)),
            Err(e) => {
                failures += 1;
                eprintln!("sitrep: {e:#}");
            }
        }
    }
    let scored = score::dedup_gold(golds.iter().map(|(g, _)| GoldDoc { id: g.id.clone(), gold: g.gold.clone() }).collect());
    if let Some(path) = &args.pred {
        let preds = read_predictions(path)?;
        print_report(&score::score(&scored, preds, args.per_doc), args.json)?;
        return Ok(code(failures));
    }
    let engine = engine::build(&args.engine)?;
    // A gold file without its text still counts: its events are all missed.
    let results: Vec<Result<Vec<pipeline::events::Event>, String>> = golds
        .par_iter()
        .map(|(doc, path)| {
            let txt = text_path(path);
            let mut article = read_inputs(std::slice::from_ref(&txt))
                .next()
                .unwrap_or_else(|| Err(crate::read::ReadError::new(txt.display(), crate::read::Problem::Empty)))
                .map_err(|e| e.to_string())?;
            article.id = doc.id.clone();
            analyze(&engine.pipeline, &article).map(|a| a.events)
        })
        .collect();
    let mut events = Vec::new();
    for r in results {
        match r {
            Ok(evs) => events.extend(evs),
            Err(message) => {
                failures += 1;
                eprintln!("sitrep: {message}");
            }
        }
    }
    if let Some(path) = &args.pred_out {
        let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut w = Writer::new(Format::Jsonl, std::io::BufWriter::new(file), &engine.countries)?;
        for e in &events {
            w.write(e)?;
        }
        w.finish().with_context(|| format!("writing {}", path.display()))?;
    }
    let preds = events.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
    print_report(&score::score(&scored, preds, args.per_doc), args.json)?;
    Ok(code(failures))
}

fn code(failures: usize) -> ExitCode {
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints as `score.py` prints: `json.dumps(indent=1)` or its text lines.
fn print_report(report: &score::Report, json: bool) -> Result<()> {
    if json {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b" "));
        serde::Serialize::serialize(report, &mut ser)?;
        out.push(b'\n');
        std::io::stdout().lock().write_all(&out)?;
    } else {
        std::io::stdout().lock().write_all(report.to_text().as_bytes())?;
    }
    Ok(())
}

/// A prediction file must be whole: a score over a silently shortened file would mislead.
fn read_predictions(path: &Path) -> Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}: malformed JSON", path.display(), i + 1)))
        .collect()
}

fn read_gold(path: &Path) -> Result<GoldDoc> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let gold: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}: malformed gold JSON", path.display()))?;
    let id = gold
        .get("id")
        .and_then(|v| v.as_str())
        .with_context(|| format!("{}: no string \"id\"", path.display()))?
        .to_string();
    Ok(GoldDoc { id, gold })
}

/// `NAME.gold.json` → `NAME.txt`.
fn text_path(gold: &Path) -> PathBuf {
    let name = gold.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    gold.with_file_name(format!("{}.txt", name.trim_end_matches(".gold.json")))
}

fn find_gold(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            find_gold(&path, out)?;
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".gold.json")) {
            out.push(path);
        }
    }
    Ok(())
}
