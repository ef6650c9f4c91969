//! Crash safety of `sitrep ingest` (being built).
