//! A corpus of broken inputs, fed to the reader of every document kind, through
//! the library and through the binary (file and stdin): each gives the
//! bad-input exit code and a message with its location, never a panic.

use std::io::Write;

use pact_core::input::Source;
use pact_core::schema::{self, KindInfo};
use pact_test_support::stderr_of;

use crate::support::{document_fixtures, pact};

struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    /// Every one of these must appear in the message.
    expect: Vec<String>,
    /// The message must carry `:LINE:COLUMN:`.
    located: bool,
}

fn fixture_for(kind: &str) -> String {
    document_fixtures()
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|t| t.contains(&format!("\"kind\": \"{kind}\"")))
        .unwrap_or_else(|| panic!("no fixture for {kind}"))
}

fn corpus(info: &KindInfo) -> Vec<Broken> {
    let kind = info.kind;
    let good = fixture_for(kind);
    let other_kind = if kind == "pact.task" {
        "pact.tree"
    } else {
        "pact.task"
    };
    let other = fixture_for(other_kind);
    let value: serde_json::Value = serde_json::from_str(&good).unwrap();
    // A structured field where there is one: serde_json reports an enum given
    // the wrong type as "expected value", not "invalid type".
    let fields: Vec<(&String, &serde_json::Value)> = value
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| *k != "kind" && *k != "version")
        .collect();
    let first_field = fields
        .iter()
        .find(|(_, v)| v.is_object() || v.is_array())
        .or(fields.first())
        .map(|(k, _)| (*k).clone())
        .unwrap();
    let mut wrong_type = value.clone();
    wrong_type[&first_field] = serde_json::json!([true]);
    let mut unknown = value.clone();
    unknown["zzz_unknown"] = serde_json::json!(1);
    let mut bad_utf8 = good.clone().into_bytes();
    let third_line = bad_utf8
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    bad_utf8.splice(third_line..third_line, [b' ', 0xff, 0xfe]);
    let s = |v: &str| v.to_owned();
    vec![
        Broken {
            name: "empty",
            bytes: vec![],
            expect: vec![s("empty input")],
            located: false,
        },
        Broken {
            name: "blank",
            bytes: b" \n\t\n".to_vec(),
            expect: vec![s("empty input")],
            located: false,
        },
        Broken {
            name: "truncated",
            bytes: good.as_bytes()[..good.len() / 2].to_vec(),
            expect: vec![s("EOF while parsing")],
            located: true,
        },
        Broken {
            name: "invalid-utf8",
            bytes: bad_utf8,
            expect: vec![s("invalid UTF-8"), s(":3:2:")],
            located: true,
        },
        Broken {
            name: "wrong-kind",
            bytes: other.into_bytes(),
            expect: vec![format!("this is a {other_kind} document, expected {kind}")],
            located: false,
        },
        Broken {
            name: "newer-version",
            bytes: format!("{{\"kind\": \"{kind}\", \"version\": 999}}").into_bytes(),
            expect: vec![s("version 999 is newer than this Pact understands")],
            located: false,
        },
        Broken {
            name: "missing-kind",
            bytes: b"{\"version\": 1}".to_vec(),
            expect: vec![s("missing field `kind`")],
            located: false,
        },
        Broken {
            name: "not-an-object",
            bytes: b"[1, 2]".to_vec(),
            expect: vec![s("expected a JSON object")],
            located: false,
        },
        Broken {
            name: "wrong-field-type",
            bytes: serde_json::to_string_pretty(&wrong_type)
                .unwrap()
                .into_bytes(),
            expect: vec![format!("at `{first_field}"), s("invalid type")],
            located: true,
        },
        Broken {
            name: "unknown-field",
            bytes: serde_json::to_string_pretty(&unknown).unwrap().into_bytes(),
            expect: vec![s("unknown field `zzz_unknown`")],
            located: true,
        },
        Broken {
            name: "trailing-garbage",
            bytes: format!("{good}}}").into_bytes(),
            expect: vec![s("trailing characters")],
            located: true,
        },
    ]
}

fn has_location(message: &str) -> bool {
    message.split(':').collect::<Vec<_>>().windows(2).any(|w| {
        !w[0].is_empty()
            && w[0].chars().all(|c| c.is_ascii_digit())
            && !w[1].is_empty()
            && w[1].chars().all(|c| c.is_ascii_digit())
    })
}

fn assert_message(kind: &str, case: &Broken, message: &str, source: &str) {
    let ctx = format!("{kind}/{}: {message}", case.name);
    assert!(message.contains(source), "source not named: {ctx}");
    for e in &case.expect {
        assert!(message.contains(e.as_str()), "missing {e:?}: {ctx}");
    }
    if case.located {
        assert!(has_location(message), "no line:column: {ctx}");
    }
    assert!(!message.contains("panicked"), "panic: {ctx}");
}

#[test]
fn every_reader_rejects_the_corpus_with_located_messages() {
    for info in schema::kinds() {
        for case in corpus(info) {
            let source = Source::File("broken.json".into());
            let err = info
                .canonicalize(&case.bytes, &source)
                .expect_err(&format!("{} accepted {}", info.kind, case.name));
            assert_message(info.kind, &case, &err.to_string(), "broken.json");
        }
    }
}

#[test]
fn the_binary_rejects_the_corpus_from_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    for info in schema::kinds() {
        for case in corpus(info) {
            let path = dir.path().join(format!("{}-{}.json", info.kind, case.name));
            std::fs::File::create(&path)
                .unwrap()
                .write_all(&case.bytes)
                .unwrap();
            let out = pact()
                .args(["schema", info.kind, "--check"])
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3), "{}/{}", info.kind, case.name);
            assert!(out.stdout.is_empty(), "stdout must stay clean on error");
            assert_message(
                info.kind,
                &case,
                &stderr_of(&out),
                &path.display().to_string(),
            );

            let out = pact()
                .args(["schema", info.kind, "--check", "-"])
                .write_stdin(case.bytes.clone())
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(3),
                "{}/{} on stdin",
                info.kind,
                case.name
            );
            assert_message(info.kind, &case, &stderr_of(&out), "<stdin>");
        }
    }
}

#[test]
fn a_missing_file_is_bad_input() {
    let out = pact()
        .args(["schema", "--check", "/nonexistent/doc.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("/nonexistent/doc.json: no such file"));
}

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let out = pact()
        .args(["schema", "--check", "-"])
        .write_stdin(r#"{"kind": "pact.nonsense", "version": 1}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains("unknown document kind \"pact.nonsense\""),
        "{err}"
    );
    assert!(err.contains("pact.contract"), "{err}");
}
