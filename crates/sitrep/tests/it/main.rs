//! sitrep's integration tests: one binary, one module per area.

mod crash;
mod merge;
mod read;
mod store;
