//! `sitrep serve`: the JSON API and the web map on one address, until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port (the URL printed says which).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The database written by `sitrep ingest`.
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args))?;
    Ok(ExitCode::SUCCESS)
}

/// Binds, prints the URL (scripts and the browser test read it from stdout), and serves
/// until Ctrl-C. Shared with `sitrep demo`.
pub async fn serve(args: Args) -> anyhow::Result<()> {
    if !crate::api::vendored() {
        eprintln!(
            "sitrep serve: warning: the map's libraries were not vendored when this binary was built; \
             run `npm ci && npm run vendor` in crates/sitrep/web and rebuild (the API works regardless)"
        );
    }
    let data = crate::data::load()?;
    let countries = crate::export::Countries::from_data(&data).context("loading the country table")?;
    let state = crate::api::AppState::open(args.db.clone(), countries)?;
    let app = crate::api::router(state);
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("binding {}", args.addr))?;
    let local = listener.local_addr().context("reading the bound address")?;
    println!("sitrep: serving {} at http://{local}/ (Ctrl-C to stop)", args.db.display());
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving HTTP")
}
