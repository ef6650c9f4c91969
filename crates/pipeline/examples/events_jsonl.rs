//! Prints the events of every `*.txt` under a directory as JSONL, for scoring with
//! `../shared/tools/score.py` while `sitrep extract` is not on this branch:
//!
//! `cargo run -p pipeline --example events_jsonl -- GAZETTEER_DIR CORPUS_DIR > pred.jsonl`
//!
//! `data/` is read from the working tree (or `SITREP_DATA`).

use std::path::{Path, PathBuf};

use pipeline::lexicon::DataFiles;
use pipeline::places::{Gazetteer, Geocoder};
use pipeline::{Article, Pipeline};

fn read_data(root: &Path, dir: &Path, files: &mut DataFiles) {
    for entry in std::fs::read_dir(dir).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            read_data(root, &path, files);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            files.insert(rel, text);
        }
    }
}

fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            txt_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (gaz_dir, corpus) = (Path::new(&args[1]), Path::new(&args[2]));
    let data_dir = std::env::var("SITREP_DATA").map(PathBuf::from).unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"));
    let mut data = DataFiles::new();
    read_data(&data_dir, &data_dir, &mut data);
    let bytes = std::fs::read(gaz_dir.join("gazetteer.idx")).expect("gazetteer.idx");
    let gaz = Gazetteer::from_bytes(&bytes, "gazetteer.idx").expect("gazetteer");
    let pipeline = Pipeline::new(&data, Geocoder::new(gaz, &data).expect("place cues")).expect("data");
    let mut files = Vec::new();
    txt_files(corpus, &mut files);
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("utf-8 article");
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let (published, body_start) = pipeline::article::parse_header(&text);
        let article = Article { id: stem.clone(), text, body_start, published, title: None, url: None, lang_hint: None };
        let analysis = pipeline.analyze(&article);
        if std::env::var_os("SHOW_PLACES").is_some() {
            for m in &analysis.places {
                let p = m.place.as_ref().map(|p| format!("{} {} {}", p.name, p.country, p.feature_code));
                eprintln!("{stem}\t{:?}\t{:?}\t{:.2}", m.text, p, m.score);
            }
        }
        for ev in analysis.events {
            println!("{}", serde_json::to_string(&ev).expect("event serialises"));
        }
    }
}
