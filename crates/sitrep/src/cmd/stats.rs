//! `sitrep stats [--db FILE] [--format text|json]`: what the database holds.

use std::process::ExitCode;
use std::path::PathBuf;

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
    match args.format {
        StatsFormat::Json => println!("{}", serde_json::to_string(&stats)?),
        StatsFormat::Text => {
            println!("documents        {}", stats.documents);
            println!("mentions         {}", stats.mentions);
            println!("events (merged)  {}", stats.events);
            println!("merged-away ids  {}", stats.redirects);
            println!("places           {}", stats.places);
            println!("control changes  {}", stats.control_changes);
            println!("\nby event type");
            for (k, n) in &stats.by_event_type {
                println!("  {n:>8}  {k}");
            }
            println!("\nby country");
            for (k, n) in &stats.by_country {
                println!("  {n:>8}  {k}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
