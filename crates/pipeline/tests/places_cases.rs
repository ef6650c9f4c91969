//! Data-driven place recognition cases: `cases/places/<lang>-<name>.txt` against
//! `<name>.expect.tsv`, resolved with the committed sample gazetteer
//! (`data/places/sample.tsv`) and the real `data/places/` cue files.

use std::path::{Path, PathBuf};

use pipeline::lexicon::DataFiles;
use pipeline::places::{Gazetteer, Geocoder};
use pipeline::text::Doc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data_files() -> DataFiles {
    fn walk(base: &Path, dir: &Path, files: &mut DataFiles) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, files);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, text);
            }
        }
    }
    let mut files = DataFiles::new();
    let base = root().join("data");
    walk(&base, &base, &mut files);
    files
}

fn geocoder() -> Geocoder {
    let data = data_files();
    let gaz = Gazetteer::from_tsv(data.get("places/sample.tsv").expect("data/places/sample.tsv")).unwrap();
    Geocoder::new(gaz, &data).unwrap()
}

#[test]
fn every_case_resolves_as_expected() {
    let geocoder = geocoder();
    let dir = root().join("cases/places");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "expected the fr, en and ar cases in {}", dir.display());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let lang = name.split('-').next().unwrap();
        let text = std::fs::read_to_string(case).unwrap();
        let (_, body_start) = pipeline::article::parse_header(&text);
        let doc = Doc::segment(&text, body_start, lang);
        let mentions = geocoder.resolve(&doc);
        for m in &mentions {
            assert_eq!(&text[m.span.start..m.span.end], m.text, "{name}: span and text disagree");
        }
        let expect = std::fs::read_to_string(case.with_extension("expect.tsv")).unwrap();
        let mut used = vec![false; mentions.len()];
        for line in expect.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let (surface, want) = line.split_once('\t').unwrap_or_else(|| panic!("{name}: bad expectation line {line:?}"));
            if want == "-" {
                if let Some(m) = mentions.iter().find(|m| m.text.contains(surface)) {
                    failures.push(format!(
                        "{name}: {surface:?} must not be a place, got mention {:?} → {:?}",
                        m.text,
                        m.place.as_ref().map(|p| &p.name)
                    ));
                }
                continue;
            }
            let hit = mentions.iter().enumerate().find(|(i, m)| {
                !used[*i]
                    && m.text == surface
                    && m.place.as_ref().is_some_and(|p| match want.parse::<i64>() {
                        Ok(id) => p.geonameid == Some(id),
                        Err(_) => p.feature_code == want,
                    })
            });
            match hit {
                Some((i, _)) => used[i] = true,
                None => {
                    let got: Vec<String> = mentions
                        .iter()
                        .filter(|m| m.text.contains(surface) || surface.contains(m.text.as_str()))
                        .map(|m| format!("{:?}→{:?}", m.text, m.place.as_ref().map(|p| (p.geonameid, &p.feature_code))))
                        .collect();
                    failures.push(format!("{name}: expected {surface:?} → {want}, got {got:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_cue_lines_are_rejected_with_their_place() {
    let mut data = data_files();
    data.insert("places/cues/xx.tsv", "before\tADM1\tprovince of\nbefore\tWHAT\tnear\n");
    let gaz = Gazetteer::from_tsv(data.get("places/sample.tsv").unwrap()).unwrap();
    let err = Geocoder::new(gaz, &data).err().expect("unknown kind must be rejected");
    assert_eq!((err.path.as_str(), err.line), ("places/cues/xx.tsv", 2));
}

#[test]
fn empty_and_odd_text_gives_no_mentions_and_no_panic() {
    let geocoder = geocoder();
    for text in ["", "   ", "\u{feff}", "1234 5678", "---''''---", "ـــ"] {
        let doc = Doc::segment(text, 0, "en");
        assert!(geocoder.resolve(&doc).is_empty(), "{text:?}");
    }
}
