//! `pact_core::layout::ProjectLayout` is the only place project paths are
//! built (issue 14). This scans every crate's `src/` for the shapes a
//! hand-built path takes — a literal starting with a project directory, a
//! `join` of a layout name, a layout file name on its own — and names each
//! offending line. Comment lines may mention paths and are skipped; `tests/`
//! directories are not scanned.

use std::path::{Path, PathBuf};

use regex::Regex;

/// The one file allowed to spell project paths out.
const LAYOUT: &str = "pact-core/src/layout.rs";

/// File names the layout owns (regex alternatives).
const FILES: &str = r"interface\.json|suite\.json|state\.json|ledger\.jsonl|ledger\.lock|audit\.jsonl|learnings\.jsonl|tree\.json|interview\.json|standards\.json|shape\.json|certification\.json|baseline\.json|adopt\.json|task\.md|sops\.md|design\.md|tasks\.json|TASKS\.md|gate\.json|design\.json|retrospective\.json|passed\.json|implementation\.json|failures\.json|hints\.json|diagnosis\.json|visible-results\.json|hidden-results\.json";

/// Each shape with what to use instead.
fn patterns() -> Vec<(Regex, &'static str)> {
    let shapes: [(String, &'static str); 7] = [
        (
            r"state_dir\(\)\s*\.join\(".to_owned(),
            "a path under .pact/ joined by hand: use the ProjectLayout method",
        ),
        (
            r#""(attempt|agent|cycle|replan)-\{"#.to_owned(),
            "an attempt or archive directory built with format!: use AttemptSet / archived_plan / archived_component",
        ),
        (
            r#""(contracts|decomposition|learnings|certification|goodhart)/"#.to_owned(),
            "a literal path under a project directory: use the ProjectLayout method (or relative_name for messages)",
        ),
        (
            r#""(tests|src)/\{(id)?[}:]"#.to_owned(),
            "a component directory built with format!: use visible_tests_dir/component_src",
        ),
        (
            r#""\.pact/[^"]"#.to_owned(),
            "a literal path under .pact/: use the ProjectLayout method",
        ),
        (
            format!(
                r#"join\("(\.pact|contracts|decomposition|learnings|certification|hidden|baselines|archive|research|prompts|competitive|goodhart)"\)|join\("[^"]*({FILES}|pact\.yaml)"\)"#
            ),
            "a project path joined by hand: use the ProjectLayout method",
        ),
        (
            format!(r#""({FILES})""#),
            "a layout file name on its own: use the ProjectLayout method",
        ),
    ];
    shapes
        .into_iter()
        .map(|(re, why)| (Regex::new(&re).unwrap_or_else(|e| panic!("{re}: {e}")), why))
        .collect()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| panic!("pact-core has no parent directory"))
        .to_path_buf()
}

/// `src/` of every crate directly under the workspace root.
fn source_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|d| d.join("Cargo.toml").is_file() && d.join("src").is_dir())
        .map(|d| d.join("src"))
        .collect();
    dirs.sort();
    dirs
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// `path` relative to the workspace root, `/`-separated.
fn shown(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every offending line of `text`, as `line: why: text`.
fn offences(text: &str, patterns: &[(Regex, &str)]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        if let Some((_, why)) = patterns.iter().find(|(re, _)| re.is_match(line)) {
            found.push(format!("{}: {why}: {}", n + 1, line.trim()));
        }
    }
    found
}

#[test]
fn no_project_path_is_built_outside_the_layout() {
    let root = workspace_root();
    let patterns = patterns();
    let mut files = Vec::new();
    for dir in source_dirs(&root) {
        rust_files(&dir, &mut files);
    }
    files.sort();
    let mut scanned = Vec::new();
    let mut found = Vec::new();
    for file in &files {
        let name = shown(&root, file);
        if name == LAYOUT {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{name}: {e}"));
        found.extend(
            offences(&text, &patterns)
                .into_iter()
                .map(|o| format!("{name}:{o}")),
        );
        scanned.push(name);
    }
    // A wrong root would scan nothing and pass.
    for expected in [
        "pact-validate/src/gate/mod.rs",
        "pact-audit/src/analyze.rs",
        "pact-pipeline/src/build.rs",
        "pact/src/diff.rs",
    ] {
        assert!(
            scanned.iter().any(|s| s == expected),
            "{expected} was not scanned"
        );
    }
    assert!(
        found.is_empty(),
        "project paths built by hand (use pact_core::layout::ProjectLayout):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_shapes_of_hand_built_paths_are_recognised() {
    let patterns = patterns();
    let bad = [
        r#"    format!("contracts/{id}/interface.json")"#,
        r#"    format!("goodhart/{id}/suite.json")"#,
        r#"    Some(format!("tests/{id}/suite.json")),"#,
        r#"    Some(format!("src/{}/", id)),"#,
        r#"    root.join(".pact").join("hidden")"#,
        r#"    dir.join("state.json")"#,
        r#"    p.join("pact.yaml")"#,
        r#"    vec!["decomposition/tree.json".to_owned()]"#,
        r#"    let name = "ledger.jsonl";"#,
        r#"    ("task.md", 1)"#,
        r#"    layout.state_dir().join("build").join(id.as_str())"#,
        r#"    let here = dir.join(format!("attempt-{attempt}"));"#,
        r#"    dir.join("gate.json")"#,
    ];
    for line in bad {
        assert_eq!(offences(line, &patterns).len(), 1, "not caught: {line}");
    }
    let fine = [
        r#"    ProjectLayout::relative_name(|l| l.contract(id))"#,
        r#"    "a directory name under contracts/, tests/, src/ or goodhart/ is not valid","#,
        r#"pub const GITIGNORE_LINE: &str = ".pact/";"#,
        r#"    candidates.push(format!("src/{rest}"));"#,
        r#"    const TEMPLATE: &str = include_str!("pact.yaml");"#,
        r#"    /// Reads contracts/<id>/interface.json."#,
        r#"    // format!("contracts/{id}/interface.json")"#,
    ];
    for line in fine {
        assert!(
            offences(line, &patterns).is_empty(),
            "wrongly caught: {line}"
        );
    }
}
