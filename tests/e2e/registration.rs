//! Guard: every test file in tests/e2e is registered in main.rs.

use crate::support::repo_root;

#[test]
fn every_test_file_is_registered() {
    let dir = repo_root().join("tests/e2e");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() || path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if stem != "main" && !main.contains(&format!("mod {stem};")) {
            missing.push(stem);
        }
    }
    assert!(
        missing.is_empty(),
        "not registered in tests/e2e/main.rs: {missing:?}"
    );
}
