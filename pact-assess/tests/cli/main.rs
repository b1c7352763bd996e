//! `pact-assess` as a user runs it, on small fixture trees in each language.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod support;

mod bad_input;
mod formats;
mod options;
mod python;
mod rules;
mod rust;
mod script;

#[test]
fn every_test_file_is_registered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            assert!(
                stem == "main" || main.contains(&format!("mod {stem};")),
                "tests/cli/{stem}.rs is not registered in main.rs"
            );
        }
    }
}
