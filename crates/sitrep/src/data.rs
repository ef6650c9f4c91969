//! The `data/` tree (lexicons, dictionaries, cue words), embedded at compile time so the
//! binary works anywhere; `SITREP_DATA=DIR` reads a working copy instead, so editing a
//! dictionary needs no rebuild.

use anyhow::{Context, Result};
use include_dir::{include_dir, Dir};
use pipeline::lexicon::DataFiles;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data");

pub fn load() -> Result<DataFiles> {
    let mut files = DataFiles::new();
    match std::env::var_os("SITREP_DATA") {
        Some(dir) => read_dir(std::path::Path::new(&dir), std::path::Path::new(&dir), &mut files)?,
        None => add_embedded(&EMBEDDED, &mut files),
    }
    Ok(files)
}

fn add_embedded(dir: &Dir<'static>, files: &mut DataFiles) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            files.insert(file.path().to_string_lossy().replace('\\', "/"), text);
        }
    }
    for sub in dir.dirs() {
        add_embedded(sub, files);
    }
}

fn read_dir(root: &std::path::Path, dir: &std::path::Path, files: &mut DataFiles) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading data directory {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            read_dir(root, &path, files)?;
        } else {
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            files.insert(rel, text);
        }
    }
    Ok(())
}
