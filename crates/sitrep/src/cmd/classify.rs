//! `sitrep classify SNIPPETS.tsv`: the CASE 2021 Task 2 benchmark (one ACLED sub-event
//! type per English snippet). Each snippet goes through the whole pipeline; its label is
//! the sub-event type of the most confident event, or a fallback when none is found.
//! Scored as the shared task scored: weighted F1 per subtask (1 = the 25 ACLED types,
//! 2 = plus 3 unseen types, 3 = plus 2 more), beside the best systems' 83.9 / 79.7 / 77.1.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use pipeline::{Article, DateRange};
use rayon::prelude::*;

use crate::cmd::extract::analyze;
use crate::engine::{self, EngineArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Tab-separated `id`, `EventSnippet`, `SubType` with a header line (the task's test file).
    #[arg(value_name = "TSV")]
    pub tsv: PathBuf,
    /// Label given when the pipeline finds no event in a snippet.
    #[arg(long, default_value = "OTHER")]
    pub fallback: String,
    /// Write `id TAB gold TAB predicted` per snippet here.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also print precision/recall/F1 per label and the most frequent confusions.
    #[arg(long)]
    pub per_label: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// The task's label for each ACLED sub-event type (spec §1 spelling).
const LABELS: [(&str, &str); 25] = [
    ("Armed clash", "ARMED_CLASH"),
    ("Government regains territory", "GOV_REGAINS_TERIT"),
    ("Non-state actor overtakes territory", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Chemical weapon", "CHEM_WEAP"),
    ("Air/drone strike", "AIR_STRIKE"),
    ("Suicide bomb", "SUIC_BOMB"),
    ("Shelling/artillery/missile attack", "ART_MISS_ATTACK"),
    ("Remote explosive/landmine/IED", "REM_EXPLOS"),
    ("Grenade", "GRENADE"),
    ("Sexual violence", "SEX_VIOL"),
    ("Attack", "ATTACK"),
    ("Abduction/forced disappearance", "ABDUCT_DISSAP"),
    ("Peaceful protest", "PEACE_PROTEST"),
    ("Protest with intervention", "PROTEST_WITH_INTER"),
    ("Excessive force against protesters", "FORCE_AGAINST_PROTEST"),
    ("Violent demonstration", "VIOL_DEMONSTR"),
    ("Mob violence", "MOB_VIOL"),
    ("Agreement", "AGREEMENT"),
    ("Arrests", "ARREST"),
    ("Change to group/activity", "CHANGE_TO_GROUP_ACT"),
    ("Disrupted weapons use", "DISR_WEAP"),
    ("Headquarters or base established", "HQ_ESTABLISHED"),
    ("Looting/property destruction", "PROPERTY_DISTRUCT"),
    ("Non-violent transfer of territory", "NON_VIOL_TERRIT_TRANSFER"),
    ("Other", "OTHER"),
];
/// Labels outside ACLED, added by subtask 2 and then subtask 3.
const UNSEEN_2: [&str; 3] = ["ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"];
const UNSEEN_3: [&str; 2] = ["DIPLO", "ATTRIB"];

struct Snippet {
    id: String,
    text: String,
    gold: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let engine = engine::build(&args.engine)?;
    let (snippets, failures) = read_snippets(&args.tsv)?;
    let predicted: Vec<Result<String, String>> = snippets
        .par_iter()
        .map(|s| {
            let article = Article {
                id: format!("case2021-{}", s.id),
                text: s.text.clone(),
                body_start: 0,
                // Snippets carry no date, and the pipeline dates events from the
                // publication date; the task's year stands in (dates are not scored here).
                published: Some(task_year()),
                title: None,
                url: None,
                lang_hint: Some("en".into()),
            };
            let events = analyze(&engine.pipeline, &article)?.events;
            let best = events.iter().reduce(|a, b| if b.confidence > a.confidence { b } else { a });
            Ok(best.and_then(|e| label(&e.sub_event_type)).unwrap_or(&args.fallback).to_string())
        })
        .collect();
    let mut pairs = Vec::new();
    let mut failed = failures;
    for (s, p) in snippets.iter().zip(predicted) {
        match p {
            Ok(p) => pairs.push((s.id.as_str(), s.gold.as_str(), p)),
            Err(message) => {
                failed += 1;
                eprintln!("sitrep: {}: snippet {}: {message}", args.tsv.display(), s.id);
            }
        }
    }
    if let Some(path) = &args.out {
        let text: String = pairs.iter().map(|(id, g, p)| format!("{id}\t{g}\t{p}\n")).collect();
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let seen: Vec<&str> = LABELS.iter().map(|(_, l)| *l).collect();
    let sub2: Vec<&str> = seen.iter().chain(&UNSEEN_2).copied().collect();
    let sub3: Vec<&str> = sub2.iter().chain(&UNSEEN_3).copied().collect();
    let mut out = std::io::stdout().lock();
    writeln!(out, "CASE 2021 Task 2 ({}), fallback label {}", args.tsv.display(), args.fallback)?;
    for (name, labels, best) in [("subtask 1", &seen, 83.9), ("subtask 2", &sub2, 79.7), ("subtask 3", &sub3, 77.1)] {
        let rows: Vec<(&str, &str)> =
            pairs.iter().filter(|(_, g, _)| labels.contains(g)).map(|(_, g, p)| (*g, p.as_str())).collect();
        let m = Metrics::of(&rows);
        writeln!(
            out,
            "{name}: n {}  weighted F1 {:.1}  (best shared-task system {best})  macro F1 {:.1}  accuracy {:.1}",
            rows.len(),
            100.0 * m.weighted_f1,
            100.0 * m.macro_f1,
            100.0 * m.accuracy
        )?;
    }
    if args.per_label {
        let rows: Vec<(&str, &str)> = pairs.iter().map(|(_, g, p)| (*g, p.as_str())).collect();
        print_per_label(&mut out, &rows)?;
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn task_year() -> DateRange {
    DateRange { start: jiff::civil::date(2021, 1, 1), end: jiff::civil::date(2021, 12, 31), precision: 3 }
}

fn label(sub_event_type: &str) -> Option<&'static str> {
    LABELS.iter().find(|(s, _)| *s == sub_event_type).map(|(_, l)| *l)
}

/// Reads the task file; a malformed line is named and skipped, the rest is scored.
fn read_snippets(path: &Path) -> Result<(Vec<Snippet>, usize)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut failures = 0;
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        match line.split('\t').collect::<Vec<_>>()[..] {
            [id, snippet, gold] => out.push(Snippet { id: id.into(), text: snippet.into(), gold: gold.trim().into() }),
            ref cols => {
                failures += 1;
                eprintln!("sitrep: {}:{}: expected 3 tab-separated columns, found {}", path.display(), i + 1, cols.len());
            }
        }
    }
    Ok((out, failures))
}

/// Per-label counts: true positives, predicted, gold.
fn counts<'a>(rows: &[(&'a str, &'a str)]) -> BTreeMap<&'a str, (usize, usize, usize)> {
    let mut c: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for &(g, p) in rows {
        c.entry(g).or_default().2 += 1;
        c.entry(p).or_default().1 += 1;
        if g == p {
            c.entry(g).or_default().0 += 1;
        }
    }
    c
}

fn f1(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 { tp as f64 / pred as f64 } else { 0.0 };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// The task's metrics, as scikit-learn computes them over the labels seen in gold or predictions.
#[derive(Debug, PartialEq)]
struct Metrics {
    weighted_f1: f64,
    macro_f1: f64,
    accuracy: f64,
}

impl Metrics {
    fn of(rows: &[(&str, &str)]) -> Metrics {
        if rows.is_empty() {
            return Metrics { weighted_f1: 0.0, macro_f1: 0.0, accuracy: 0.0 };
        }
        let c = counts(rows);
        let (mut weighted, mut macro_sum) = (0.0, 0.0);
        for &(tp, pred, gold) in c.values() {
            let (_, _, f) = f1(tp, pred, gold);
            weighted += f * gold as f64;
            macro_sum += f;
        }
        let correct = rows.iter().filter(|(g, p)| g == p).count();
        Metrics {
            weighted_f1: weighted / rows.len() as f64,
            macro_f1: macro_sum / c.len() as f64,
            accuracy: correct as f64 / rows.len() as f64,
        }
    }
}

fn print_per_label(out: &mut impl Write, rows: &[(&str, &str)]) -> std::io::Result<()> {
    writeln!(out, "{:<32} {:>5} {:>5} {:>5} {:>5}", "label", "gold", "P", "R", "F1")?;
    for (l, (tp, pred, gold)) in counts(rows) {
        let (p, r, f) = f1(tp, pred, gold);
        writeln!(out, "{l:<32} {gold:>5} {:>5.2} {:>5.2} {:>5.2}", p, r, f)?;
    }
    let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for &(g, p) in rows.iter().filter(|(g, p)| g != p) {
        *confusions.entry((g, p)).or_default() += 1;
    }
    let mut top: Vec<_> = confusions.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    writeln!(out, "most frequent confusions (gold → predicted):")?;
    for ((g, p), n) in top.into_iter().take(15) {
        writeln!(out, "  {n:>4}  {g} → {p}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_acled_sub_event_type_has_a_task_label() {
        assert_eq!(label("Air/drone strike"), Some("AIR_STRIKE"));
        assert_eq!(label("Looting/property destruction"), Some("PROPERTY_DISTRUCT"));
        assert_eq!(label("Air strike"), None);
    }

    #[test]
    fn metrics_match_scikit_learn_on_a_small_case() {
        // sklearn: y_true = [A A A B B C], y_pred = [A A B B C C]
        // weighted F1 = 0.6778, macro F1 = 0.6556, accuracy = 0.6667
        let rows = [("A", "A"), ("A", "A"), ("A", "B"), ("B", "B"), ("B", "C"), ("C", "C")];
        let m = Metrics::of(&rows);
        assert!((m.weighted_f1 - 0.677_777).abs() < 1e-4, "{m:?}");
        assert!((m.macro_f1 - 0.655_555).abs() < 1e-4, "{m:?}");
        assert!((m.accuracy - 4.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn a_label_only_predicted_weighs_nothing_but_counts_in_the_macro_average() {
        let m = Metrics::of(&[("A", "A"), ("A", "X")]);
        // A: P 1, R 0.5, F1 0.667 (support 2); X: F1 0 (support 0).
        assert!((m.weighted_f1 - 2.0 / 3.0).abs() < 1e-9, "{m:?}");
        assert!((m.macro_f1 - 1.0 / 3.0).abs() < 1e-9, "{m:?}");
    }
}
