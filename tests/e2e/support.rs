//! Where the end-to-end tests find the built binaries, and the repository's
//! example documents. The clean environment, the output helpers and the
//! fixture trees come from `pact-test-support`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pact_test_support::repo_root;

/// The workspace's target directory for this build profile: the test binary
/// lives in `<target>/<profile>/deps/`.
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps layout")
        .to_path_buf()
}

/// Path to a built Pact binary. `cargo test --workspace` builds every binary
/// before running tests.
pub fn bin_path(name: &str) -> PathBuf {
    let path = bin_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built; run `cargo build --workspace` (or `cargo test --workspace`)",
        path.display()
    );
    path
}

/// A built binary in the clean environment (`pact_test_support::command`).
pub fn cmd(name: &str) -> Command {
    pact_test_support::command(bin_path(name))
}

/// A built binary in the clean environment with the user's `PATH`: the test
/// runners (pytest) are found there, not only in the system directories.
pub fn cmd_with_user_path(name: &str) -> Command {
    pact_test_support::command_with_user_path(bin_path(name))
}

pub fn pact() -> Command {
    cmd("pact")
}

pub fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// Every example document in `tests/fixtures/documents`, sorted.
pub fn document_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("documents"))
        .expect("fixtures/documents")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}
