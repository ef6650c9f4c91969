//! Builds the whole analysis pipeline for a command, the same way for every command,
//! so that `extract`, `eval`, `classify`, `ingest` and `serve` see identical results.

use std::path::PathBuf;

use anyhow::{Context, Result};
use pipeline::Pipeline;

use crate::export::Countries;

/// Options every pipeline-running command shares.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct EngineArgs {
    /// Gazetteer directory (from `sitrep gazetteer build`); without it, places are not resolved.
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
}

/// The pipeline and the tables its exports need, built once per run.
pub struct Engine {
    pub pipeline: Pipeline,
    pub countries: Countries,
}

/// Loads `data/` (embedded, or `SITREP_DATA`) and the gazetteer; bad data fails here.
pub fn build(args: &EngineArgs) -> Result<Engine> {
    let data = crate::data::load().context("loading the data files")?;
    let geocoder = match &args.gazetteer {
        Some(dir) => anyhow::bail!("--gazetteer {}: gazetteer loading is not merged yet", dir.display()),
        None => pipeline::places::Geocoder::empty(),
    };
    let pipeline = Pipeline::new(&data, geocoder).context("building the pipeline from the data files")?;
    let countries = Countries::from_data(&data).context("reading the country table")?;
    Ok(Engine { pipeline, countries })
}
