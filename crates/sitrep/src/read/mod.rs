//! Readers: files, directories, JSON Lines and stdin → a stream of [`Article`]s.
//!
//! Every input that cannot give an article yields a [`ReadError`] naming it, and the
//! stream goes on, so one broken file never stops a batch. Nothing is read ahead: a
//! directory is listed when reached and a JSON Lines file is read one line at a time.
//!
//! Rules (the contract the commands rely on):
//! * A path given explicitly is read whatever its extension: `.jsonl`, `.ndjson` and
//!   `.json` as JSON Lines (so a JSON document that is not one gives a JSON error, not
//!   a junk article), anything else as one text article whose id is the file name
//!   without extension.
//! * A directory is walked recursively in sorted order. Only `.txt`, `.jsonl`,
//!   `.ndjson` and extension-less files are articles; the rest (`NAME.gold.json`
//!   annotations, `NOTES.md`, hidden files) sit next to articles in a corpus and are
//!   skipped.
//! * `-` is stdin: JSON Lines if its first non-blank character is `{`, else one text
//!   article with id `stdin`.
//! * A document over [`MAX_DOC_BYTES`] (16 MB) is refused before being read.

mod error;
mod jsonl;
mod text;

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use pipeline::Article;

pub use error::{Problem, ReadError};
use jsonl::JsonLines;
pub use text::MAX_DOC_BYTES;
use text::article_from_bytes;

/// Streams the articles of `paths` in order (see the module doc for the rules).
pub fn read_inputs(paths: &[PathBuf]) -> Inputs {
    Inputs { pending: paths.iter().cloned().collect(), current: None, walked: HashSet::new() }
}

/// The iterator behind [`read_inputs`]. `Send`, so it can feed a worker pool.
pub struct Inputs {
    pending: VecDeque<PathBuf>,
    current: Option<JsonLines>,
    /// Directories already listed (canonical paths): a symlink back to an ancestor
    /// would otherwise make the walk endless.
    walked: HashSet<PathBuf>,
}

impl Iterator for Inputs {
    type Item = Result<Article, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(lines) = &mut self.current {
                match lines.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.pending.pop_front()?;
            if path.as_os_str() == "-" {
                match read_stdin() {
                    Source::Article(item) => return Some(item),
                    Source::Lines(lines) => self.current = Some(lines),
                }
                continue;
            }
            let name = path.display().to_string();
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => return Some(Err(ReadError::new(name, e))),
            };
            if meta.is_dir() {
                let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                if !self.walked.insert(canonical) {
                    continue;
                }
                match list_dir(&path) {
                    Ok(children) => {
                        for child in children.into_iter().rev() {
                            self.pending.push_front(child);
                        }
                    }
                    Err(e) => return Some(Err(ReadError::new(name, e))),
                }
                continue;
            }
            if is_jsonl(&path) {
                match File::open(&path) {
                    Ok(file) => self.current = Some(JsonLines::new(name, stem(&path), Box::new(BufReader::new(file)))),
                    Err(e) => return Some(Err(ReadError::new(name, e))),
                }
                continue;
            }
            if meta.len() > MAX_DOC_BYTES {
                return Some(Err(ReadError::new(name, Problem::TooLarge { limit: MAX_DOC_BYTES })));
            }
            return Some(read_text_file(&path).map_err(|p| ReadError::new(name, p)));
        }
    }
}

fn read_text_file(path: &Path) -> Result<Article, Problem> {
    let bytes = read_capped(File::open(path)?)?;
    article_from_bytes(stem(path), bytes)
}

/// Reads at most [`MAX_DOC_BYTES`]; the size check on metadata cannot see pipes or
/// files that grow while being read.
fn read_capped(reader: impl Read) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    reader.take(MAX_DOC_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_DOC_BYTES {
        return Err(Problem::TooLarge { limit: MAX_DOC_BYTES });
    }
    Ok(bytes)
}

enum Source {
    Article(Result<Article, ReadError>),
    Lines(JsonLines),
}

fn read_stdin() -> Source {
    const NAME: &str = "stdin";
    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin());
    let first = match reader.fill_buf() {
        Ok(buf) => buf.iter().copied().find(|b| !b.is_ascii_whitespace()),
        Err(e) => return Source::Article(Err(ReadError::new(NAME, e))),
    };
    if first == Some(b'{') {
        return Source::Lines(JsonLines::new(NAME.into(), NAME.into(), Box::new(reader)));
    }
    let article = read_capped(reader).and_then(|bytes| article_from_bytes(NAME.into(), bytes));
    Source::Article(article.map_err(|p| ReadError::new(NAME, p)))
}

/// The children of `dir` that are articles or directories, sorted by name.
fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut children = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Follows symlinks, so a linked corpus directory is walked like a real one.
        let is_dir = std::fs::metadata(&path).map(|m| m.is_dir()).unwrap_or(false);
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        if is_dir || matches!(ext.as_deref(), None | Some("txt" | "jsonl" | "ndjson")) {
            children.push(path);
        }
    }
    children.sort();
    Ok(children)
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().is_some_and(|e| ["jsonl", "ndjson", "json"].iter().any(|j| e.eq_ignore_ascii_case(j)))
}

/// The document id: the file name without its extension.
fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}
