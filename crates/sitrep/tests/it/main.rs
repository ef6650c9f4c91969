//! Integration tests of the `sitrep` crate; one module per area.

mod eval;
mod extract;
mod read;
