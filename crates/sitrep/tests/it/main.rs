//! sitrep's integration tests: one binary, one module per area.

mod api;
mod crash;
mod eval;
mod extract;
mod gazetteer;
mod merge;
mod read;
mod store;
