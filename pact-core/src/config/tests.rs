use std::path::PathBuf;

use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn template_is_exactly_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "pact.yaml", TEMPLATE);
    let loaded = load_files(&[file]).unwrap();
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.unknown_keys, vec![]);
}

#[test]
fn template_lists_every_key() {
    fn keys(prefix: &str, v: &serde_norway::Value, out: &mut Vec<String>) {
        if let serde_norway::Value::Mapping(m) = v {
            for (k, v) in m {
                let k = format!("{prefix}{}", k.as_str().unwrap());
                out.push(k.clone());
                keys(&format!("{k}."), v, out);
            }
        }
    }
    let mut expected = Vec::new();
    keys("", &to_value(&Config::default()), &mut expected);
    let template: serde_norway::Value = serde_norway::from_str(TEMPLATE).unwrap();
    let mut present = Vec::new();
    keys("", &template, &mut present);
    expected.sort();
    present.sort();
    assert_eq!(present, expected);
}

#[test]
fn project_overrides_global_overrides_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let global = write(
        dir.path(),
        "global.yaml",
        "language: rust\nlimits:\n  max_concurrent_agents: 8\n  max_phase_cycles: 5\n",
    );
    let project = write(
        dir.path(),
        "pact.yaml",
        "limits:\n  max_concurrent_agents: 2\n",
    );
    let loaded = load_files(&[global, project]).unwrap();
    assert_eq!(loaded.config.language, Language::Rust);
    assert_eq!(loaded.config.limits.max_concurrent_agents, 2);
    assert_eq!(loaded.config.limits.max_phase_cycles, 5);
    assert_eq!(loaded.config.limits.max_goodhart_attempts, 2);
}

#[test]
fn unknown_keys_are_reported_with_file_line_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "pact.yaml",
        "language: python\nlimits:\n  max_concurent_agents: 8\nfrobnicate: true\n",
    );
    let loaded = load_files(std::slice::from_ref(&file)).unwrap();
    let shown: Vec<String> = loaded
        .unknown_keys
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        vec![
            format!(
                "{}:3: unknown key `limits.max_concurent_agents` (ignored); did you mean `limits.max_concurrent_agents`?",
                file.display()
            ),
            format!("{}:4: unknown key `frobnicate` (ignored)", file.display()),
        ]
    );
}

#[test]
fn wrong_types_are_errors_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "pact.yaml",
        "language: python\nlimits:\n  max_phase_cycles: many\n",
    );
    let err = load_files(std::slice::from_ref(&file))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&format!("{}:3:", file.display())), "{err}");
    assert!(err.contains("max_phase_cycles"), "{err}");
}

#[test]
fn bad_enum_value_names_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "pact.yaml", "language: cobol\n");
    let err = load_files(&[file]).unwrap_err().to_string();
    assert!(err.contains("cobol") && err.contains("python"), "{err}");
}

#[test]
fn empty_and_missing_files_mean_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "pact.yaml", "");
    let missing = dir.path().join("absent.yaml");
    let loaded = load_files(&[missing, empty.clone()]).unwrap();
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.files, vec![empty]);
}

#[test]
fn a_scalar_document_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "pact.yaml", "just a string\n");
    assert!(load_files(&[file]).is_err());
}
