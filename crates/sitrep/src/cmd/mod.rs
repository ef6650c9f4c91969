//! One module per subcommand: `Args` (clap) and `run(args) -> Result<ExitCode>`.
//! Exit status: 0 = all inputs fine, 1 = some inputs failed (the rest was processed), 2 = fatal error.

pub mod changes;
pub mod classify;
pub mod control;
pub mod demo;
pub mod eval;
pub mod eval_places;
pub mod extract;
pub mod gazetteer;
pub mod ingest;
pub mod places;
pub mod serve;
pub mod stats;

/// Writes a command's whole output to stdout. A reader that stops early (`| head`) is
/// not an error: the output simply ends there.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow::Error::new(e).context("writing stdout")),
        _ => Ok(()),
    }
}
