//! `sitrep ingest PATH... [--db FILE]`: read → analyse (in parallel) → store, one
//! transaction per batch, merging every extracted event into the stored picture.
//!
//! The analysis of a batch runs on the thread pool; the writing is one transaction on
//! this thread, in input order, so the database (event ids included) does not depend on
//! the number of threads, and a crash loses at most the batch being written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::events::Event;
use pipeline::{Article, Pipeline};
use rayon::prelude::*;

use crate::engine::{self, EngineArgs};
use crate::progress::Progress;
use crate::read::{read_inputs, ReadError};
use crate::store::{BatchReport, NewDocument, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Text files, directories (walked recursively), JSON Lines files (`.jsonl`) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The database (created if missing).
    #[arg(long, default_value = "sitrep.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Documents per transaction: larger is faster, smaller loses less to a crash.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Analysis threads (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub threads: Option<u64>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let engine = engine::build(&args.engine)?;
    let mut store = Store::open(&args.db)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n as usize);
    }
    let pool = pool.build().context("starting the analysis threads")?;
    let progress = Progress::new("documents", None);
    let mut inputs = read_inputs(&args.paths);
    let mut total = BatchReport::default();
    loop {
        let batch: Vec<Result<Article, ReadError>> = inputs.by_ref().take(args.batch as usize).collect();
        if batch.is_empty() {
            break;
        }
        let analysed: Vec<Result<Analysed, String>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|item| item.map_err(|e| e.to_string()).and_then(|a| analyze(&engine.pipeline, a)))
                .collect()
        });
        let mut docs = Vec::with_capacity(analysed.len());
        for item in &analysed {
            match item {
                Ok((article, lang, events)) => docs.push(NewDocument { article, lang, events }),
                Err(message) => progress.failed(message),
            }
        }
        let report = store.ingest_batch(&docs).with_context(|| format!("writing to {}", args.db.display()))?;
        for _ in 0..docs.len() {
            progress.ok();
        }
        add(&mut total, &report);
    }
    progress.finish();
    eprintln!(
        "sitrep: {}: {} documents stored ({} already there), {} mentions; events: {} created, {} updated, {} merged away; {} inputs failed",
        args.db.display(),
        total.documents,
        total.duplicates,
        total.mentions,
        total.events_created,
        total.events_updated,
        total.events_merged,
        progress.failures()
    );
    Ok(if progress.failures() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// An article with its detected language and extracted events.
type Analysed = (Article, String, Vec<Event>);

/// Runs the pipeline on one article; a panic costs this article only (see `extract::analyze`).
fn analyze(pipeline: &Pipeline, article: Article) -> Result<Analysed, String> {
    super::extract::analyze(pipeline, &article).map(|analysis| (article, analysis.lang, analysis.events))
}

fn add(total: &mut BatchReport, r: &BatchReport) {
    total.documents += r.documents;
    total.duplicates += r.duplicates;
    total.mentions += r.mentions;
    total.events_created += r.events_created;
    total.events_updated += r.events_updated;
    total.events_merged += r.events_merged;
}
