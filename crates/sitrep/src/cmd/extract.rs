//! `sitrep extract PATH... [--format jsonl|csv|geojson|table] [--out FILE]`: articles in,
//! coded events out, in input order whatever the number of threads.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::{Analysis, Article, Pipeline};
use rayon::prelude::*;

use crate::engine::{self, EngineArgs};
use crate::export::{Format, Writer};
use crate::progress::Progress;
use crate::read::{read_inputs, ReadError};

#[derive(clap::Args)]
pub struct Args {
    /// Text files, directories (walked recursively), JSON Lines files (`.jsonl`) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Articles handed to the thread pool at a time per thread: enough to keep every
/// thread busy, few enough that output starts at once and memory stays flat.
const BATCH_PER_THREAD: usize = 64;

pub fn run(args: Args) -> Result<ExitCode> {
    let engine = engine::build(&args.engine)?;
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let out_name = args.out.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
    let mut writer = Writer::new(args.format, out, &engine.countries).with_context(|| format!("writing {out_name}"))?;
    let progress = Progress::new("articles", None);
    let mut inputs = read_inputs(&args.paths);
    let batch_size = BATCH_PER_THREAD * rayon::current_num_threads();
    let mut next: Vec<Result<Article, ReadError>> = inputs.by_ref().take(batch_size).collect();
    while !next.is_empty() {
        let batch = std::mem::take(&mut next);
        // Reading the next batch overlaps with analysing this one.
        let (results, following) = rayon::join(
            || {
                batch
                    .into_par_iter()
                    .map(|item| item.map_err(|e| e.to_string()).and_then(|a| analyze(&engine.pipeline, &a)))
                    .collect::<Vec<Result<Analysis, String>>>()
            },
            || inputs.by_ref().take(batch_size).collect(),
        );
        next = following;
        for result in results {
            match result {
                Ok(analysis) => {
                    for d in &analysis.diagnostics {
                        progress.note(format_args!("{}: {}: {}", analysis.doc_id, d.stage, d.message));
                    }
                    for e in &analysis.events {
                        writer.write(e).with_context(|| format!("writing {out_name}"))?;
                    }
                    progress.ok();
                }
                Err(message) => progress.failed(message),
            }
        }
    }
    writer.finish().with_context(|| format!("writing {out_name}"))?;
    progress.finish();
    Ok(if progress.failures() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Runs the pipeline on one article. A panic in the pipeline is a bug, but it must cost
/// only this article, not the batch: it becomes an error naming the article.
pub fn analyze(pipeline: &Pipeline, article: &Article) -> Result<Analysis, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.analyze(article)))
        .map_err(|_| format!("{}: internal error while analysing (see the panic message above)", article.id))
}
