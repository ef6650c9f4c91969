//! `sitrep`: the command line. Each subcommand lives in `cmd/<name>.rs` as an `Args`
//! struct and a `run` function; this file only dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use sitrep::cmd;

#[derive(Parser)]
#[command(name = "sitrep", version, about = "News reports about armed conflict → coded, geolocated, dated events")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every place mention with its span and its resolution.
    Places(cmd::places::Args),
    /// Extract ACLED-coded events from articles.
    Extract(cmd::extract::Args),
    /// Extract events from a gold directory and score them (spec §4).
    Eval(cmd::eval::Args),
    /// Geoparsing benchmark over the public gold sets.
    EvalPlaces(cmd::eval_places::Args),
    /// Classify snippets to one ACLED sub-event type (CASE 2021 task 2).
    Classify(cmd::classify::Args),
    /// Build the gazetteer index from GeoNames data.
    #[command(subcommand)]
    Gazetteer(cmd::gazetteer::Command),
    /// Store articles, their event mentions and merged events in SQLite.
    Ingest(cmd::ingest::Args),
    /// List created/updated/merged events since a cursor.
    Changes(cmd::changes::Args),
    /// Who controls which place at a date.
    Control(cmd::control::Args),
    /// Counts of documents, mentions, events, places and control changes.
    Stats(cmd::stats::Args),
    /// Serve the JSON API and the web map.
    Serve(cmd::serve::Args),
    /// Set up, ingest the bundled example articles, summarise and serve the map.
    Demo(cmd::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Places(args) => cmd::places::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::EvalPlaces(args) => cmd::eval_places::run(args),
        Command::Classify(args) => cmd::classify::run(args),
        Command::Gazetteer(command) => cmd::gazetteer::run(command),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Changes(args) => cmd::changes::run(args),
        Command::Control(args) => cmd::control::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Demo(args) => cmd::demo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sitrep: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
