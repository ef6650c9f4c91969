//! `sitrep demo`: what the README's first command ends with. Ingests the bundled example
//! articles into a fresh database, prints what it holds, and serves the map until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::engine::EngineArgs;
use crate::store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// Articles to ingest (files, directories, JSON Lines).
    #[arg(value_name = "PATH", default_value = "examples")]
    pub paths: Vec<PathBuf>,
    /// The demo database; replaced on every run so the demo always starts fresh.
    #[arg(long, default_value = "demo.db")]
    pub db: PathBuf,
    /// Address to serve on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", args.db.display()));
        match std::fs::remove_file(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("removing the previous demo database {}", path.display()))
            }
            _ => {}
        }
    }
    let ingested = super::ingest::run(super::ingest::Args {
        paths: args.paths,
        db: args.db.clone(),
        batch: 256,
        threads: None,
        engine: args.engine,
    })?;

    let store = Store::open_read_only(&args.db)?;
    // The merged events themselves, as `sitrep extract --format table` shows them.
    let countries = crate::export::Countries::from_data(&crate::data::load()?)?;
    let stdout = std::io::stdout();
    let mut table = crate::export::Writer::new(crate::export::Format::Table, stdout.lock(), &countries)?;
    for event in store.export_events(&crate::store::EventFilter::default()) {
        table.write(&event?)?;
    }
    std::io::Write::flush(&mut table.finish()?)?;
    let stats = store.stats()?;
    println!(
        "sitrep demo: {} documents, {} event reports merged into {} events at {} places, {} control changes",
        stats.documents, stats.mentions, stats.events, stats.places, stats.control_changes
    );
    for (event_type, n) in &stats.by_event_type {
        println!("  {n:>5}  {event_type}");
    }

    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(super::serve::serve(super::serve::Args { addr: args.addr, db: args.db }))?;
    Ok(ingested)
}
