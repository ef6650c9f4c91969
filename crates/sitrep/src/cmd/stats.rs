//! `sitrep stats [--db FILE] [--format text|json]`: what the database holds.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::store::Store;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "sitrep.db", value_name = "FILE")]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let stats = Store::open_read_only(&args.db)?.stats()?;
    let mut out = String::new();
    match args.format {
        StatsFormat::Json => out = serde_json::to_string(&stats)? + "\n",
        StatsFormat::Text => {
            writeln!(out, "documents        {}", stats.documents)?;
            writeln!(out, "mentions         {}", stats.mentions)?;
            writeln!(out, "events (merged)  {}", stats.events)?;
            writeln!(out, "merged-away ids  {}", stats.redirects)?;
            writeln!(out, "places           {}", stats.places)?;
            writeln!(out, "control changes  {}", stats.control_changes)?;
            writeln!(out, "\nby event type")?;
            for (k, n) in &stats.by_event_type {
                writeln!(out, "  {n:>8}  {k}")?;
            }
            writeln!(out, "\nby country")?;
            for (k, n) in &stats.by_country {
                writeln!(out, "  {n:>8}  {k}")?;
            }
        }
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
