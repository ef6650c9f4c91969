//! sitrep's service side: everything that touches files, the database or the network.
//! The binary (`main.rs`) only parses arguments and dispatches to `cmd`.

pub mod api;
pub mod cmd;
pub mod data;
pub mod engine;
pub mod export;
pub mod gazetteer;
pub mod progress;
pub mod read;
pub mod store;
