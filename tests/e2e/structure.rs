//! Guards on where things live (docs/ARCHITECTURE.md): the seams other
//! features build on stay single.

use std::path::{Path, PathBuf};

use pact_test_support::repo_root;

/// Every `.rs` file under the crates' `src/` directories.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo_root()).unwrap().flatten() {
        let src = entry.path().join("src");
        if entry.path().join("Cargo.toml").is_file() && src.is_dir() {
            walk(&src, &mut out);
        }
    }
    out.sort();
    out
}

#[test]
fn only_the_stage_client_starts_stage_binaries() {
    let client = repo_root().join("pact-pipeline/src/stages.rs");
    let mut found = Vec::new();
    for path in sources() {
        if path == client {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // A stage program is named through the finder (`find("llm")`,
            // `programs.llm`) or spelled `pact-…`.
            let spawns_stage = code.contains("Command::new")
                && (code.contains("program") || code.contains("pact-") || code.contains("finder"));
            if spawns_stage {
                found.push(format!(
                    "{}:{}: {}",
                    path.strip_prefix(repo_root()).unwrap().display(),
                    n + 1,
                    code
                ));
            }
        }
    }
    // The harness and the agent CLIs start runners and agents, not stages:
    // the runner program comes from settings, the agent from configuration.
    found
        .retain(|f| !f.starts_with("pact-harness/") && !f.starts_with("pact-llm/src/agent_cli.rs"));
    assert!(
        found.is_empty(),
        "stage processes started outside pact-pipeline/src/stages.rs:\n{}",
        found.join("\n")
    );
}
