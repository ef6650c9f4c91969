//! Builds the whole analysis pipeline for a command, the same way for every command,
//! so that `extract`, `eval`, `classify`, `ingest` and `serve` see identical results.

use std::path::PathBuf;

use anyhow::{Context, Result};
use pipeline::Pipeline;

use crate::export::Countries;

/// Options every pipeline-running command shares.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct EngineArgs {
    /// Gazetteer directory (default: $SITREP_GAZETTEER, ./gazetteer, or the repository's).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
}

/// The pipeline and the tables its exports need, built once per run.
pub struct Engine {
    pub pipeline: Pipeline,
    pub countries: Countries,
}

/// Loads `data/` (embedded, or `SITREP_DATA`) and the gazetteer; bad or missing data fails here.
pub fn build(args: &EngineArgs) -> Result<Engine> {
    let data = crate::data::load().context("loading the data files")?;
    // No gazetteer is fatal rather than a warning: events without places are not worth
    // a batch run, and the error says how to build one.
    let gazetteer = crate::gazetteer::load(args.gazetteer.as_deref())?;
    let geocoder = pipeline::places::Geocoder::new(gazetteer, &data).context("building the geocoder from the data files")?;
    let pipeline = Pipeline::new(&data, geocoder).context("building the pipeline from the data files")?;
    let countries = Countries::from_data(&data).context("reading the country table")?;
    Ok(Engine { pipeline, countries })
}
