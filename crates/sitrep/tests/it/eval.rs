//! `sitrep eval` must print the numbers of the reference scorer `score.py` (spec §4).
//! Both need the shared corpus and python3; without them the tests say so and pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The dev corpus and the reference scorer, or `None` (with a notice) when absent.
fn shared() -> Option<(PathBuf, PathBuf)> {
    let dev = repo_root().join("../shared/corpus/dev");
    let score = repo_root().join("../shared/tools/score.py");
    let python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if dev.is_dir() && score.is_file() && python {
        Some((dev, score))
    } else {
        eprintln!("NOTICE: ../shared/corpus/dev, ../shared/tools/score.py or python3 absent; skipping");
        None
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-eval-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{cmd:?} printed no JSON ({e})"))
}

fn score_py(score: &Path, dev: &Path, pred: &Path) -> Value {
    json_of(Command::new("python3").arg(score).arg(dev).arg(pred).args(["--json", "--per-doc"]))
}

#[test]
fn eval_prints_the_numbers_of_score_py_on_the_dev_corpus() {
    let Some((dev, score)) = shared() else { return };
    let dir = scratch("dev");
    let pred = dir.join("pred.jsonl");
    let status = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--format", "jsonl", "--out"])
        .arg(&pred)
        .arg(&dev)
        .status()
        .unwrap();
    assert!(status.success(), "extract failed on the dev corpus");
    let reference = score_py(&score, &dev, &pred);
    let ours = json_of(Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("eval").arg(&dev).args(["--json", "--per-doc"]));
    assert_eq!(ours, reference);
    // The text report too, line for line, with and without the per-document lines.
    for extra in [&[][..], &["--per-doc"][..]] {
        let py = Command::new("python3").arg(&score).arg(&dev).arg(&pred).args(extra).output().unwrap();
        let rs = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("eval").arg(&dev).args(extra).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&rs.stdout), String::from_utf8_lossy(&py.stdout), "{extra:?}");
    }
}

/// Predictions made from the gold events themselves, each changed in a different way
/// (moved 5, 30, 100 or 300 km, another sub-type or type, other deaths, another date,
/// dropped, doubled, stray), so that every branch of the pairing and the field checks
/// is exercised on real gold files, optional events and `*_any` lists included.
fn perturbed_predictions(dev: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dev)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    let mut preds = Vec::new();
    let mut k = 0usize;
    for f in files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let id = gold["id"].as_str().unwrap().to_string();
        for g in gold["events"].as_array().unwrap() {
            k += 1;
            let loc = if g["location"].is_object() { g["location"].clone() } else { g["location_any"][0].clone() };
            let (lat, lon) = (loc["lat"].as_f64().unwrap_or(0.0), loc["lon"].as_f64().unwrap_or(0.0));
            let shift_km = [0.0, 5.0, 30.0, 100.0, 300.0][k % 5];
            let mut p = json!({
                "doc_id": id,
                "event_type": g["event_type"],
                "sub_event_type": g.get("sub_event_type").cloned().unwrap_or(g["sub_event_type_any"][0].clone()),
                "actor1": g["actor1"].as_object().map(|a| json!({"name": "A", "inter": a["inter"]})),
                "actor2": if k.is_multiple_of(3) { json!({"name": "B", "inter": "Civilians"}) } else { Value::Null },
                "location": {"name": "P", "lat": lat + shift_km / 111.2, "lon": lon, "geo_precision": 1},
                "date": g["date"],
                "fatalities": g["fatalities"],
                "claimed_by": if k.is_multiple_of(4) { g["claimed_by"].clone() } else { Value::Null },
                "evidence": {"text": "", "start": 0, "end": 0},
                "confidence": 0.5,
            });
            match k % 7 {
                1 => p["sub_event_type"] = json!("Armed clash"),
                2 => p["event_type"] = json!("Strategic developments"),
                3 => p["fatalities"] = json!({"low": 1, "high": null}),
                4 => p["date"]["precision"] = json!(1),
                5 => continue,
                _ => {}
            }
            if k.is_multiple_of(11) {
                preds.push(p.clone());
            }
            if k.is_multiple_of(13) {
                let mut stray = p.clone();
                stray["doc_id"] = json!("no-such-doc");
                preds.push(stray);
            }
            preds.push(p);
        }
    }
    preds
}

#[test]
fn eval_scores_given_predictions_as_score_py_does() {
    let Some((dev, score)) = shared() else { return };
    let dir = scratch("perturbed");
    let pred = dir.join("pred.jsonl");
    let lines: Vec<String> = perturbed_predictions(&dev).iter().map(Value::to_string).collect();
    std::fs::write(&pred, lines.join("\n") + "\n").unwrap();
    let reference = score_py(&score, &dev, &pred);
    let ours = json_of(
        Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("eval").arg(&dev).arg("--pred").arg(&pred).args(["--json", "--per-doc"]),
    );
    assert_eq!(ours, reference);
    // Not a degenerate agreement: some pairs, some misses, some field errors.
    let o = &ours["overall"];
    assert!(o["tp_gold"].as_u64().unwrap() > 10 && o["recall"].as_f64().unwrap() < 1.0, "{o}");
    assert!(ours["stray_predictions"].as_u64().unwrap() > 0);
    assert!(ours["fields"]["location@10km"]["accuracy"].as_f64().unwrap() < 1.0);
}

#[test]
fn eval_names_a_broken_gold_file_and_scores_the_rest() {
    let dir = scratch("broken");
    std::fs::write(dir.join("a.txt"), " date 2025-02 A quiet day in the valley; nothing was reported.").unwrap();
    std::fs::write(dir.join("a.gold.json"), r#"{"id": "a", "lang": "en", "events": []}"#).unwrap();
    std::fs::write(dir.join("b.gold.json"), "{not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("eval").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b.gold.json") && stderr.contains("malformed"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("docs 1 "));
}

#[test]
fn classify_scores_snippets_and_names_a_malformed_line() {
    let dir = scratch("classify");
    let tsv = dir.join("snippets.tsv");
    std::fs::write(
        &tsv,
        "id\tEventSnippet\tSubType\n\
         1\tA suicide bomber blew himself up at a checkpoint in Kabul, killing eleven policemen.\tSUIC_BOMB\n\
         2\tThe two parties signed a trade memorandum in Geneva.\tDIPLO\n\
         3\tthis line has no label\n",
    )
    .unwrap();
    let preds = dir.join("pred.tsv");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("classify").arg(&tsv).arg("--out").arg(&preds).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "one malformed line");
    assert!(String::from_utf8_lossy(&out.stderr).contains("snippets.tsv:4"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("subtask 1: n 1 ") && stdout.contains("subtask 3: n 2 "), "{stdout}");
    let rows = std::fs::read_to_string(&preds).unwrap();
    let labels: Vec<&str> = rows.lines().map(|l| l.rsplit('\t').next().unwrap()).collect();
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[1], "OTHER", "no conflict event: the fallback label");
}
