//! Throughput of language detection and segmentation, and detection accuracy, on a
//! corpus directory laid out like `../shared/corpus/dev` (`NAME.txt` + `NAME.gold.json`
//! whose `lang` is the truth).
//!
//! `cargo bench -p pipeline --bench text [-- DIR]` (DIR defaults to `../shared/corpus/dev`
//! from the workspace root). A plain `harness = false` timer: the numbers that matter
//! are articles per second per core against the 1,000/s budget, not nanosecond noise.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pipeline::article::parse_header;
use pipeline::lang::LangDetector;
use pipeline::text::Segmenter;

/// Runs each measurement for at least this long, over the corpus repeatedly.
const MIN_TIME: Duration = Duration::from_secs(3);

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev"));
    let mut docs = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let gold = path.with_extension("gold.json");
        let lang = std::fs::read_to_string(&gold)
            .ok()
            .and_then(|g| serde_json::from_str::<serde_json::Value>(&g).ok())
            .and_then(|v| v["lang"].as_str().map(str::to_string));
        let (_, body_start) = parse_header(&text);
        docs.push((path.file_stem().unwrap().to_string_lossy().into_owned(), text, body_start, lang));
    }
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    println!("corpus: {} ({} articles, {:.0} bytes/article)", dir.display(), docs.len(), bytes as f64 / docs.len() as f64);

    let detector = LangDetector::new();
    let segmenter = Segmenter::builtin();

    // Accuracy first (this also loads lingua's models, outside the timings).
    let mut right = 0;
    let mut judged = 0;
    for (id, text, start, gold) in &docs {
        let got = detector.detect(&text[*start..]);
        if let Some(gold) = gold {
            judged += 1;
            if *gold == got {
                right += 1;
            } else {
                println!("  lang miss: {id}: gold {gold}, detected {got}");
            }
        }
    }
    println!("language detection: {right}/{judged} correct");
    other_sets(&detector, &dir.join("../../eval"));

    let langs: Vec<String> = docs.iter().map(|(_, t, s, _)| detector.detect(&t[*s..])).collect();
    report("lang detect", bytes, docs.len(), || {
        for (_, text, start, _) in &docs {
            black_box(detector.detect(&text[*start..]));
        }
    });
    report("segment", bytes, docs.len(), || {
        for ((_, text, start, _), lang) in docs.iter().zip(&langs) {
            black_box(segmenter.segment(text, *start, lang));
        }
    });
    report("detect + segment", bytes, docs.len(), || {
        for (_, text, start, _) in &docs {
            let lang = detector.detect(&text[*start..]);
            black_box(segmenter.segment(text, *start, &lang));
        }
    });
}

/// Language detection on two public sets, when they sit next to the corpus: CASE 2021
/// task 2 snippets (English, one sentence each) and French TimeBank (French news).
fn other_sets(detector: &LangDetector, eval: &std::path::Path) {
    let case = eval.join("case2021-task2/test_set_final_release_with_labels.tsv");
    if let Ok(tsv) = std::fs::read_to_string(&case) {
        let snippets: Vec<&str> = tsv.lines().skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
        tally("CASE 2021 task 2 snippets (en)", "en", snippets.iter().map(|s| detector.detect(s)));
    }
    if let Ok(dir) = std::fs::read_dir(eval.join("french-timebank/Data")) {
        let tags = regex::Regex::new("<[^>]*>").expect("valid regex");
        let docs: Vec<String> = dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect();
        tally("French TimeBank documents (fr)", "fr", docs.iter().map(|d| detector.detect(&tags.replace_all(d, ""))));
    }
}

fn tally(what: &str, want: &str, got: impl Iterator<Item = String>) {
    let mut counts = std::collections::BTreeMap::new();
    for lang in got {
        *counts.entry(lang).or_insert(0usize) += 1;
    }
    let total: usize = counts.values().sum();
    println!("language detection, {what}: {}/{total} correct {counts:?}", counts.get(want).copied().unwrap_or(0));
}

/// CPU seconds this process has used (user + system), from `/proc/self/stat`: on a
/// machine shared with other jobs, wall time measures the neighbours as much as us.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn report(what: &str, bytes: usize, n: usize, mut pass: impl FnMut()) {
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let mut passes = 0;
    while started.elapsed() < MIN_TIME {
        pass();
        passes += 1;
    }
    let wall = started.elapsed().as_secs_f64();
    let secs = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let articles = (n * passes) as f64 / secs;
    let per_3kb = articles * (bytes as f64 / n as f64) / 3000.0;
    println!(
        "{what:>18}: {articles:>8.0} articles/s  {:>6.1} MB/s  {:>6.1} µs/article  ({per_3kb:.0} 3-KB articles/s; per CPU-second, wall {:.0}% of CPU)",
        (bytes * passes) as f64 / secs / 1e6,
        1e6 / articles,
        100.0 * secs / wall,
    );
}
