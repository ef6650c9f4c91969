//! Readers against real files on disk: good inputs come through, each bad input gives
//! one error naming it, and the batch goes on.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::civil::date;
use sitrep::read::{read_inputs, Problem, ReadError, MAX_DOC_BYTES};

/// A fresh directory per test, so tests can run in parallel.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-read-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn split(paths: &[PathBuf]) -> (Vec<pipeline::Article>, Vec<ReadError>) {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for item in read_inputs(paths) {
        match item {
            Ok(a) => ok.push(a),
            Err(e) => bad.push(e),
        }
    }
    (ok, bad)
}

const GOOD_FR: &str = " date 2024-11 Frappes sur Kafr Nabl : trois morts selon la défense civile.";

#[test]
fn text_file_with_header() {
    let dir = scratch("header");
    let p = write(&dir, "fr-101.txt", GOOD_FR);
    let (ok, bad) = split(&[p]);
    assert!(bad.is_empty(), "{bad:?}");
    let a = &ok[0];
    assert_eq!(a.id, "fr-101");
    assert_eq!(a.text, GOOD_FR, "the text is kept exactly, header included");
    assert!(a.body().starts_with("Frappes sur Kafr Nabl"));
    let d = a.published.unwrap();
    assert_eq!((d.start, d.end, d.precision), (date(2024, 11, 1), date(2024, 11, 30), 3));
}

#[test]
fn text_file_without_header() {
    let dir = scratch("noheader");
    let p = write(&dir, "report", "Gunmen attacked a checkpoint near Kidal on Monday.");
    let (ok, _) = split(&[p]);
    assert_eq!((ok[0].id.as_str(), ok[0].body_start, ok[0].published), ("report", 0, None));
}

#[test]
fn directory_walk_is_sorted_recursive_and_skips_annotations() {
    let dir = scratch("walk");
    write(&dir, "b.txt", GOOD_FR);
    write(&dir, "a.txt", GOOD_FR);
    write(&dir, "a.gold.json", r#"{"id":"a","events":[]}"#);
    write(&dir, "NOTES.md", "# notes about the corpus");
    write(&dir, ".hidden.txt", GOOD_FR);
    write(&dir, "sub/c.txt", GOOD_FR);
    write(&dir, "sub/feed.jsonl", r#"{"id":"j1","date":"2024-11-05","text":"Des tirs à Hama."}"#);
    let (ok, bad) = split(&[dir]);
    assert!(bad.is_empty(), "{bad:?}");
    let ids: Vec<_> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "j1"]);
}

#[test]
fn an_explicit_json_file_is_json_lines_not_an_article() {
    let dir = scratch("json");
    let gold = write(&dir, "a.gold.json", "{\n  \"id\": \"a\",\n  \"events\": []\n}\n");
    let one = write(&dir, "one.ndjson", r#"{"id":"n1","text":"Clashes in Gao."}"#);
    let (ok, bad) = split(&[gold.clone(), one]);
    assert_eq!(ok.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["n1"]);
    assert!(!bad.is_empty() && bad.iter().all(|e| e.input.starts_with(&gold.display().to_string())), "{bad:?}");
}

#[test]
fn a_symlink_loop_is_walked_once() {
    let dir = scratch("loop");
    write(&dir, "a.txt", GOOD_FR);
    std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
    let (ok, bad) = split(&[dir]);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 1);
}

#[test]
fn jsonl_fields_and_ids() {
    let dir = scratch("jsonl");
    let p = write(
        &dir,
        "feed.jsonl",
        concat!(
            r#"{"id":"x1","date":"2024-11-05","text":"Shelling hit Idlib.","title":"Idlib","url":"https://example.org/1","lang":"EN"}"#,
            "\n\n",
            r#"{"id":42,"date":null,"lang":"fr-FR","text":" date 2023-06 Un texte avec son en-tête."}"#,
            "\n",
            r#"{"text":"Sans identifiant.","date":"2022"}"#,
            "\n",
            r#"{"id":"rss","date":"Tue, 5 Nov 2024 23:10:00 -0500","text":"Clashes in Gao."}"#,
            "\n",
        ),
    );
    let (ok, bad) = split(&[p]);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 4);
    assert_eq!(ok[3].published.unwrap().start, date(2024, 11, 5), "RSS dates are read too");
    let a = &ok[0];
    assert_eq!(a.id, "x1");
    assert_eq!(a.published.unwrap().start, date(2024, 11, 5));
    assert_eq!(a.published.unwrap().precision, 1);
    assert_eq!(a.title.as_deref(), Some("Idlib"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(a.lang_hint.as_deref(), Some("en"));
    assert_eq!(ok[1].id, "42");
    assert_eq!(ok[1].lang_hint.as_deref(), Some("fr"));
    assert_eq!(ok[1].published.unwrap().start, date(2023, 6, 1), "header date used when the record has none");
    assert_eq!(ok[1].body(), "Un texte avec son en-tête.");
    assert_eq!(ok[2].id, "feed-4", "a record without id gets FILE-LINE");
}

#[test]
fn bad_jsonl_lines_are_named_and_skipped() {
    let dir = scratch("badjsonl");
    let mut feed = Vec::new();
    feed.extend_from_slice(br#"{"id":"ok1","date":"2024-11","text":"Un drone a frappe Alep."}"#);
    feed.extend_from_slice(b"\n{\"id\": \"broken\", \"text\": \n");
    feed.extend_from_slice(b"{\"id\":\"d\",\"date\":\"next week\",\"text\":\"x\"}\n");
    feed.extend_from_slice(b"{\"id\":\"nt\",\"date\":\"2024\"}\n");
    feed.extend_from_slice(b"{\"id\":\"u\",\"text\":\"caf\xe9\"}\n");
    feed.extend_from_slice(b"{\"id\":\"e\",\"text\":\"   \"}\n");
    feed.extend_from_slice(br#"{"id":"ok2","text":"Clashes in Gao."}"#);
    let p = write(&dir, "feed.jsonl", feed);
    let (ok, bad) = split(std::slice::from_ref(&p));
    let ids: Vec<_> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["ok1", "ok2"]);
    let msgs: Vec<String> = bad.iter().map(ToString::to_string).collect();
    let name = p.display().to_string();
    assert!(msgs[0].starts_with(&format!("{name}:2: malformed JSON")), "{msgs:?}");
    assert_eq!(msgs[1], format!("{name}:3: unknown date \"next week\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"));
    assert!(msgs[2].starts_with(&format!("{name}:4: no \"text\" field")), "{msgs:?}");
    assert!(msgs[3].starts_with(&format!("{name}:5: not UTF-8")), "{msgs:?}");
    assert!(msgs[4].starts_with(&format!("{name}:6: empty")), "{msgs:?}");
    assert_eq!(bad.len(), 5);
}

#[test]
fn bad_files_each_give_one_error_and_the_batch_goes_on() {
    let dir = scratch("badfiles");
    let mut not_utf8 = b"Des frappes sur Alep ".to_vec();
    not_utf8.extend_from_slice(&[0xff, 0xfe]);
    let paths = vec![
        write(&dir, "1-good.txt", GOOD_FR),
        write(&dir, "2-latin1.txt", not_utf8),
        write(&dir, "3-empty.txt", ""),
        write(&dir, "4-blank.txt", " \n\t\n"),
        write(&dir, "5-binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        write(&dir, "6-header-only.txt", " date 2024-11-05 "),
        write(&dir, "7-bad-date.txt", " date 2024-13 Texte"),
        dir.join("8-missing.txt"),
        write(&dir, "8b-utf16.txt", b"\xff\xfeA\0t\0t\0a\0c\0k\0"),
        write(&dir, "9-good.txt", "Clashes in Gao left four dead."),
    ];
    let results: Vec<_> = read_inputs(&paths).collect();
    assert_eq!(results.len(), paths.len(), "one result per input");
    assert!(results[0].is_ok() && results[9].is_ok());
    let err = |i: usize| results[i].as_ref().unwrap_err();
    for (i, path) in paths.iter().enumerate().take(9).skip(1) {
        assert_eq!(err(i).input, path.display().to_string(), "error names its input");
    }
    assert!(matches!(err(1).problem, Problem::NotUtf8 { offset: 21 }), "{}", err(1));
    assert!(err(1).to_string().ends_with("2-latin1.txt: not UTF-8 (invalid byte at offset 21)"));
    assert!(matches!(err(2).problem, Problem::Empty));
    assert!(matches!(err(3).problem, Problem::Empty));
    assert!(matches!(err(4).problem, Problem::Binary(_)));
    assert!(matches!(err(5).problem, Problem::Empty));
    assert!(matches!(&err(6).problem, Problem::BadDate(d) if d == "2024-13"));
    assert!(matches!(err(7).problem, Problem::Io(_)));
    assert!(matches!(err(8).problem, Problem::Utf16));
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let dir = scratch("huge");
    let path = dir.join("huge.txt");
    // Sparse: 200 MB on paper, nothing on disk, and reading it would take seconds.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(200 << 20).unwrap();
    let small = write(&dir, "small.txt", GOOD_FR);
    let (ok, bad) = split(&[path, small]);
    assert_eq!(ok.len(), 1);
    assert!(matches!(bad[0].problem, Problem::TooLarge { limit } if limit == MAX_DOC_BYTES));
    assert!(bad[0].to_string().contains("huge.txt: larger than the 16 MB limit"), "{}", bad[0]);
}

#[test]
fn huge_jsonl_line_is_skipped() {
    let dir = scratch("hugeline");
    let path = dir.join("big.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(f, "{{\"id\":\"big\",\"text\":\"").unwrap();
    let chunk = "a".repeat(1 << 20);
    for _ in 0..17 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(f, "{{\"id\":\"after\",\"text\":\"Clashes in Gao.\"}}").unwrap();
    drop(f);
    let (ok, bad) = split(&[path]);
    assert_eq!(ok.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["after"]);
    assert!(bad[0].to_string().contains("big.jsonl:1: larger than"), "{}", bad[0]);
}

/// stdin cannot be replaced inside this process, so the test binary runs itself as a
/// child (only `stdin_child`) with `input` piped in, and reports `(id, body)` or the error.
fn stdin_articles(input: &[u8]) -> Vec<Result<(String, String), String>> {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["--exact", "read::stdin_child", "--nocapture", "--include-ignored"])
        .env("SITREP_STDIN_CHILD", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("RESULT "))
        .map(|l| match l.strip_prefix("ok ") {
            Some(rest) => {
                let (id, body) = rest.split_once(' ').unwrap();
                Ok((id.to_string(), body.to_string()))
            }
            None => Err(l.to_string()),
        })
        .collect()
}

/// Runs only as the child of `stdin_*` tests: reads `-` and prints what came out.
#[test]
#[ignore = "helper run by the stdin tests in a child process"]
fn stdin_child() {
    if std::env::var_os("SITREP_STDIN_CHILD").is_none() {
        return;
    }
    for item in read_inputs(&[PathBuf::from("-")]) {
        match item {
            Ok(a) => println!("RESULT ok {} {}", a.id, a.body().replace('\n', " ")),
            Err(e) => println!("RESULT {e}"),
        }
    }
}

#[test]
fn stdin_text_is_one_article() {
    let got = stdin_articles(" date 2024-11-05 Frappes sur Alep.\nDeux morts.".as_bytes());
    let (id, body) = got[0].as_ref().unwrap();
    assert_eq!((id.as_str(), body.as_str()), ("stdin", "Frappes sur Alep. Deux morts."));
    assert_eq!(got.len(), 1);
}

#[test]
fn stdin_jsonl_is_streamed_line_by_line() {
    let got = stdin_articles(b"\n{\"id\":\"s1\",\"text\":\"One.\"}\nnot json\n{\"id\":\"s2\",\"text\":\"Two.\"}\n");
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().0, "s1");
    assert!(got[1].as_ref().unwrap_err().starts_with("stdin:3: malformed JSON"), "{:?}", got[1]);
    assert_eq!(got[2].as_ref().unwrap().0, "s2");
}

#[test]
fn bundled_examples_read_cleanly_and_detect_their_language() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let (ok, bad) = split(&[dir]);
    assert!(bad.is_empty(), "{bad:?}");
    let detector = pipeline::lang::LangDetector::new();
    let got: Vec<(String, String, u8)> = ok
        .iter()
        .map(|a| {
            let lang = a.lang_hint.clone().unwrap_or_else(|| detector.detect(a.body()));
            (a.id.clone(), lang, a.published.expect("every example is dated").precision)
        })
        .collect();
    let want = [
        ("ar-sarmin", "ar", 1),
        ("en-el-fasher", "en", 1),
        ("es-suarez", "es", 3),
        ("en-mahas", "en", 1),
        ("fr-mangina", "fr", 3),
        ("fr-djibo", "fr", 1),
    ];
    let want: Vec<(String, String, u8)> = want.iter().map(|(i, l, p)| (i.to_string(), l.to_string(), *p)).collect();
    assert_eq!(got, want);
}

/// Commands read the next batch on one thread while a pool analyses the last one.
#[test]
fn the_input_stream_can_move_to_another_thread() {
    let dir = scratch("send");
    let p = write(&dir, "a.txt", GOOD_FR);
    let inputs = read_inputs(&[p]);
    let ids = std::thread::spawn(move || inputs.map(|a| a.unwrap().id).collect::<Vec<_>>()).join().unwrap();
    assert_eq!(ids, ["a"]);
}
