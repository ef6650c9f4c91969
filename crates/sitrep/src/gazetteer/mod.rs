//! The gazetteer on disk: building the index from GeoNames-derived sources
//! ([`build`]), and finding and loading it ([`load`]).
//!
//! GeoNames data is CC BY 4.0 (https://www.geonames.org); see `data/places/README.md`.

pub mod build;
pub mod sources;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pipeline::places::Gazetteer;

/// File name of the compiled index inside the gazetteer directory.
pub const INDEX_FILE: &str = "gazetteer.idx";

/// Loads the compiled gazetteer from `dir`, or from the default location:
/// `$SITREP_GAZETTEER`, else `./gazetteer`, else `gazetteer/` of the repository the
/// executable was built in (so `target/*/sitrep` works from any directory).
pub fn load(dir: Option<&Path>) -> Result<Gazetteer> {
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => locate().context("no gazetteer found; run `scripts/setup` to download the sources and build it, or set SITREP_GAZETTEER=DIR")?,
    };
    let path = dir.join(INDEX_FILE);
    let bytes = std::fs::read(&path)
        .with_context(|| format!("reading gazetteer index {} (run `scripts/setup` to build it)", path.display()))?;
    Gazetteer::from_bytes(&bytes, &path.display().to_string()).map_err(anyhow::Error::from)
}

fn locate() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("SITREP_GAZETTEER") {
        return Some(PathBuf::from(d));
    }
    let here = PathBuf::from("gazetteer");
    if here.join(INDEX_FILE).is_file() {
        return Some(here);
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors().skip(1).map(|a| a.join("gazetteer")).find(|d| d.join(INDEX_FILE).is_file())
}
