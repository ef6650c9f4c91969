//! Integration tests of the `sitrep` crate; one module per area.

mod crash;
mod eval;
mod extract;
mod merge;
mod read;
mod store;
