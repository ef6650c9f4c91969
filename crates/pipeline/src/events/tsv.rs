//! The shared reader for `data/` tables: tab-separated, `#` comments, blank lines ignored.

use crate::lexicon::{DataFiles, LexiconError};

/// One data line: its 1-based number and its tab-separated fields (trimmed).
pub struct Row<'a> {
    pub path: &'a str,
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub fn error(&self, message: impl Into<String>) -> LexiconError {
        LexiconError { path: self.path.to_string(), line: self.line, message: message.into() }
    }

    /// Field `i`, or empty when the line is shorter (optional trailing columns).
    pub fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    pub fn number<T: std::str::FromStr>(&self, i: usize) -> Result<T, LexiconError> {
        self.get(i).parse().map_err(|_| self.error(format!("column {} is not a number: {:?}", i + 1, self.get(i))))
    }
}

/// Parses `text` (the file at `path`), requiring at least `min_fields` columns per line.
pub fn rows<'a>(path: &'a str, text: &'a str, min_fields: usize) -> Result<Vec<Row<'a>>, LexiconError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let row = Row { path, line: i + 1, fields };
        if row.fields.len() < min_fields || row.fields[..min_fields].iter().any(|f| f.is_empty()) {
            return Err(row.error(format!("expected {min_fields} tab-separated columns")));
        }
        out.push(row);
    }
    Ok(out)
}

/// The languages that have a file `dir/<lang>.<ext>`, with the file's path and contents.
pub fn per_language<'a>(data: &'a DataFiles, dir: &'a str, ext: &'a str) -> impl Iterator<Item = (String, &'a str, &'a str)> + 'a {
    data.under(dir).filter_map(move |(path, text)| {
        let name = path.strip_prefix(dir)?.strip_prefix('/')?;
        let lang = name.strip_suffix(ext)?.strip_suffix('.')?;
        (!lang.contains('.') && !lang.contains('/')).then(|| (lang.to_string(), path, text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_rejected_with_their_number() {
        let err = rows("events/xx.tsv", "# c\n\na\tb\nc\n", 2).err().unwrap();
        assert_eq!((err.line, err.path.as_str()), (4, "events/xx.tsv"));
    }

    #[test]
    fn language_files_are_found_by_extension() {
        let mut d = DataFiles::new();
        d.insert("events/fr.tsv", "");
        d.insert("events/fr.cues.tsv", "");
        let langs: Vec<_> = per_language(&d, "events", "tsv").map(|(l, _, _)| l).collect();
        assert_eq!(langs, ["fr"]);
        let cues: Vec<_> = per_language(&d, "events", "cues.tsv").map(|(l, _, _)| l).collect();
        assert_eq!(cues, ["fr"]);
    }
}
