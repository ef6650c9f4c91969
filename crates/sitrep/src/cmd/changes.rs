//! `sitrep changes [--since CURSOR] [--limit N]`: the changefeed, one JSON object per
//! line (created / updated / merged events, in order). The cursor is the last `seq`
//! printed; pass it back to continue where the previous call stopped.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::store::Store;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "sitrep.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Print changes after this cursor (0 = from the beginning).
    #[arg(long, default_value_t = 0)]
    pub since: i64,
    /// At most this many changes.
    #[arg(long, default_value_t = 1000)]
    pub limit: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let mut out = String::new();
    let mut since = args.since;
    let mut left = args.limit;
    while left > 0 {
        let page = store.changes(since, left.min(1000))?;
        if page.items.is_empty() {
            break;
        }
        for c in &page.items {
            out.push_str(&serde_json::to_string(c)?);
            out.push('\n');
        }
        left -= page.items.len();
        since = page.items.last().map_or(since, |c| c.seq);
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
