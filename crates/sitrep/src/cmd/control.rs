//! `sitrep control --at DATE [--country SY] [--format table|json|geojson]`: who holds
//! which place at a date, on whose claim, contested or not.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::store::{control_geojson, Store};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ControlFormat {
    Table,
    Json,
    Geojson,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "sitrep.db", value_name = "FILE")]
    pub db: PathBuf,
    /// The day asked about (YYYY-MM-DD).
    #[arg(long)]
    pub at: String,
    /// ISO 3166-1 alpha-2 code.
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long, value_enum, default_value_t = ControlFormat::Table)]
    pub format: ControlFormat,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let at: jiff::civil::Date = args.at.parse().with_context(|| format!("--at {:?}: expected YYYY-MM-DD", args.at))?;
    let country = args.country.map(|c| c.to_uppercase());
    let states = Store::open_read_only(&args.db)?.control_at(at, country.as_deref())?;
    let mut out = String::new();
    match args.format {
        ControlFormat::Json => out = serde_json::to_string(&states)? + "\n",
        ControlFormat::Geojson => out = control_geojson(&states).to_string() + "\n",
        ControlFormat::Table => {
            for s in &states {
                let claim = s
                    .claimed_by
                    .iter()
                    .map(|c| c.as_ref().map_or("reported", |a| a.name.as_str()))
                    .collect::<Vec<_>>()
                    .join("; ");
                let contested = if s.contested {
                    let rivals: Vec<&str> = s.rivals.iter().map(|r| r.name.as_str()).collect();
                    format!("  CONTESTED by {}", rivals.join(", "))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}\t{}\t{} ({})\tsince {}\tclaim: {}\t{}{}",
                    s.place.name,
                    s.place.country.as_deref().unwrap_or("?"),
                    s.holder.name,
                    s.holder.inter,
                    s.since,
                    claim,
                    s.event_id,
                    contested
                )?;
            }
        }
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
