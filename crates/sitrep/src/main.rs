//! `sitrep`: the command line. Each subcommand is a thin shell over the pipeline and the store.

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "sitrep", version, about = "News reports about armed conflict → coded, geolocated, dated events")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every place mention with its resolution.
    Places { paths: Vec<std::path::PathBuf> },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Places { paths } => {
            let _ = paths;
            Ok(())
        }
    }
}
