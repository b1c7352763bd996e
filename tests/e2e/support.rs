//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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

/// A command for a built binary with a clean, deterministic environment: no
/// colour, no user config, PATH limited to the system directories.
pub fn cmd(name: &str) -> Command {
    let mut c = Command::new(bin_path(name));
    c.env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("PACT_CONFIG", "/nonexistent/pact-config.yaml")
        .env("PATH", "/usr/bin:/bin");
    c
}

pub fn pact() -> Command {
    cmd("pact")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
