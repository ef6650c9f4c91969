//! `sitrep gazetteer build` (being built).

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Compile GeoNames (and registry) data into the on-disk index.
    Build {},
}

pub fn run(_command: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`gazetteer build` is not built yet")
}
