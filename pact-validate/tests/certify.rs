//! Certification and verification through the binary and the library.

mod common;

use common::{Fixture, bin, suite, with_code};
use pact_test_support::{stderr_of, stdout_of};
use serde_json::json;

fn certified() -> Fixture {
    let f = Fixture::valid();
    let mut hidden = suite("codes", "python", common::PY_OK);
    hidden["visibility"] = json!("hidden");
    f.write_json("goodhart/codes/suite.json", &hidden);
    f.write("src/codes/__init__.py", "def get(code):\n    return None\n");
    f.write("src/store/store.py", "LINKS = {}\n");
    f.write_json(
        "results-codes.json",
        &json!({
            "kind": "pact.test_results", "version": 1, "component_id": "codes", "runner": "pytest",
            "verdict": "passed", "summary": {"total": 1, "passed": 1, "failed": 0, "errors": 0, "skipped": 0},
            "cases": [{"id": "test_get", "status": "passed"}]
        }),
    );
    let out = bin()
        .arg("certify")
        .arg(f.path())
        .arg("--results")
        .arg(f.at("results-codes.json"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    common::assert_ok(&out);
    f
}

fn verify(f: &Fixture) -> (i32, serde_json::Value) {
    common::run_json("verify", f.path())
}

/// Flips one byte of a file in place.
fn flip_one_byte(f: &Fixture, rel: &str, find: &str, replace: &str) {
    assert_eq!(find.len(), replace.len());
    let text = std::fs::read_to_string(f.at(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(text.contains(find), "{rel} lacks {find:?}");
    f.write(rel, &text.replacen(find, replace, 1));
}

#[test]
fn certification_lists_every_artifact_with_results_and_verifies() {
    let f = certified();
    let cert = f.read_json("certification/certification.json");
    assert_eq!(cert["kind"], "pact.certification");
    let paths: Vec<&str> = cert["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["path"].as_str())
        .collect();
    for p in [
        "decomposition/tree.json",
        "contracts/codes/interface.json",
        "tests/codes/suite.json",
        "goodhart/codes/suite.json",
        "src/codes/__init__.py",
        "src/store/store.py",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    assert_eq!(cert["results"][0]["component"], "codes");
    assert_eq!(cert["results"][0]["passed"], 1);
    assert_eq!(cert["tool_version"], env!("CARGO_PKG_VERSION"));
    let (code, doc) = verify(&f);
    assert_eq!(code, 0, "{doc:#}");
    bin().arg("verify").arg(f.path()).assert().code(0);
}

#[test]
fn verify_detects_a_one_byte_change_in_each_kind_of_artifact() {
    let changes = [
        ("decomposition/tree.json", "Generates", "generates"),
        (
            "contracts/codes/interface.json",
            "Stores a link",
            "Stores a lInk",
        ),
        ("tests/codes/suite.json", "abc123", "abc124"),
        ("goodhart/codes/suite.json", "abc123", "abc113"),
        ("src/codes/__init__.py", "None", "Nonf"),
    ];
    for (rel, from, to) in changes {
        let f = certified();
        flip_one_byte(&f, rel, from, to);
        let (code, doc) = verify(&f);
        assert_eq!(code, 1, "{rel}: {doc:#}");
        let changed = with_code(&doc, "V101");
        assert_eq!(changed.len(), 1, "{rel}: {doc:#}");
        assert_eq!(changed[0]["artifact"], rel);
        assert_eq!(common::codes(&doc), ["V101"], "{rel}");
    }
}

#[test]
fn reformatting_json_is_not_a_change() {
    let f = certified();
    let v = f.read_json("contracts/codes/interface.json");
    f.write(
        "contracts/codes/interface.json",
        &serde_json::to_string(&v).unwrap_or_default(),
    );
    let (code, doc) = verify(&f);
    assert_eq!(code, 0, "{doc:#}");
}

#[test]
fn verify_names_deleted_and_added_files() {
    let f = certified();
    f.remove("src/store/store.py");
    f.write("src/store/extra.py", "x = 1\n");
    let out = bin()
        .arg("verify")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(
        text.contains("src/store/store.py was certified but is gone"),
        "{text}"
    );
    assert!(
        text.contains("src/store/extra.py was added after certification"),
        "{text}"
    );
    assert!(text.contains("NOT VERIFIED: 2 difference(s)"), "{text}");
}

#[test]
fn an_edited_certification_fails_its_self_hash() {
    let f = certified();
    f.edit("certification/certification.json", |c| {
        c["results"][0]["passed"] = json!(0)
    });
    // passed > total would be caught by nothing else: the self-hash catches it.
    let (code, doc) = verify(&f);
    assert_eq!(code, 1);
    assert_eq!(common::codes(&doc), ["V100"]);
}

#[test]
fn verify_without_a_certification_or_with_a_broken_one_is_bad_input() {
    let f = Fixture::valid();
    let out = bin()
        .arg("verify")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("no certification"));
    f.write(
        "certification/certification.json",
        "{\"kind\": \"pact.certification\", \"version\": 1",
    );
    let out = bin()
        .arg("verify")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("certification.json:1:"));
}

#[test]
fn a_project_that_fails_the_gate_is_not_certified() {
    let f = Fixture::valid();
    f.remove("tests/codes");
    let out = bin()
        .arg("certify")
        .arg(f.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("V050"));
    assert!(!f.at("certification/certification.json").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_are_hashed_as_links_never_followed() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let secret = outside.path().join("secret.py");
    std::fs::write(&secret, "a = 1\n").unwrap_or_else(|e| panic!("{e}"));
    let f = Fixture::valid();
    std::fs::create_dir_all(f.at("src/codes")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&secret, f.at("src/codes/secret.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    // The gate reports the link, so certify refuses.
    bin().arg("certify").arg(f.path()).assert().code(1);
    // The library hashes the link itself: changing the target's content is not seen.
    let before = pact_project::hash::artifacts(f.path()).unwrap_or_default();
    std::fs::write(&secret, "a = 2\n").unwrap_or_else(|e| panic!("{e}"));
    let after = pact_project::hash::artifacts(f.path()).unwrap_or_default();
    assert_eq!(before, after);
    assert!(after.iter().any(|a| a.path == "src/codes/secret.py"));
}

#[test]
fn library_certify_and_verify_round_trip() {
    let f = Fixture::valid();
    f.write("src/app/main.py", "print('hi')\n");
    let cert = pact_validate::certify::certify(f.path(), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pact_validate::certify::self_hash(&cert), cert.self_sha256);
    let clean = pact_validate::certify::verify(f.path(), &cert).unwrap_or_else(|e| panic!("{e}"));
    assert!(clean.is_empty(), "{clean:?}");
    f.write("src/app/main.py", "print('ho')\n");
    let found = pact_validate::certify::verify(f.path(), &cert).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].artifact, "src/app/main.py");
}

#[cfg(unix)]
#[test]
fn a_symlinked_artifact_directory_is_never_followed() {
    // Replace src/ by a link to an identical copy outside the project: the
    // content is the same, but verify must see a link where files were.
    let f = certified();
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = outside.path().join("src");
    std::fs::rename(f.at("src"), &copy).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&copy, f.at("src")).unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = verify(&f);
    assert_eq!(code, 1, "{doc:#}");
    let artifacts: Vec<&str> = doc["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["artifact"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        artifacts.contains(&"src"),
        "the link itself is an added artifact: {doc:#}"
    );
    let hashed = pact_project::hash::artifacts(f.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !hashed.iter().any(|a| a.path.starts_with("src/")),
        "followed the link: {hashed:?}"
    );
}
