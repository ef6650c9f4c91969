//! Progress for long batch work: a bar (or a spinner when the total is unknown) on
//! stderr with items/s and the number of failed inputs. Hidden when stderr is not a
//! terminal, so pipes, logs and tests get only the output and the error lines.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Shared by reference between worker threads (`&Progress` is enough to count).
pub struct Progress {
    bar: ProgressBar,
    failed: AtomicU64,
}

impl Progress {
    /// `what` names the items (`articles`); `total` gives a bar, `None` a spinner.
    pub fn new(what: &str, total: Option<u64>) -> Progress {
        Progress::build(what, total, std::io::stderr().is_terminal())
    }

    fn build(what: &str, total: Option<u64>, visible: bool) -> Progress {
        let bar = if visible {
            match total {
                Some(n) => ProgressBar::new(n).with_style(
                    ProgressStyle::with_template(&format!(
                        "{{bar:30}} {{pos}}/{{len}} {what} ({{per_sec}}, eta {{eta}}) {{msg}}"
                    ))
                    .expect("valid template"),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {what} ({{per_sec}}) {{msg}}"))
                        .expect("valid template"),
                ),
            }
        } else {
            ProgressBar::hidden()
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar, failed: AtomicU64::new(0) }
    }

    /// One item done, fine.
    pub fn ok(&self) {
        self.bar.inc(1);
    }

    /// One item failed: prints `error` on its own line above the bar and counts it.
    pub fn failed(&self, error: impl Display) {
        let n = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar.suspend(|| eprintln!("sitrep: {error}"));
        self.bar.inc(1);
        self.bar.set_message(format!("{n} failed"));
    }

    /// A warning about an item that was still processed (a pipeline diagnostic): printed
    /// above the bar, not counted as a failure.
    pub fn note(&self, warning: impl Display) {
        self.bar.suspend(|| eprintln!("sitrep: warning: {warning}"));
    }

    /// How many items failed so far (decides exit status 1).
    pub fn failures(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Removes the bar; output after this is not interleaved with it.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_failures_and_stays_hidden_off_a_terminal() {
        let p = Progress::build("articles", Some(3), false);
        assert!(p.bar.is_hidden());
        p.ok();
        p.failed("x.txt: empty (no text)");
        p.failed("y.txt: empty (no text)");
        assert_eq!((p.failures(), p.bar.position()), (2, 3));
        p.finish();
    }

    #[test]
    fn spinner_without_a_total() {
        let p = Progress::build("articles", None, true);
        assert_eq!(p.bar.length(), None);
        p.ok();
        p.finish();
    }
}
