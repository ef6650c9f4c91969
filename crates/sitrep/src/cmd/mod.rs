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
