//! `pact init`: scaffolds, never overwrites, archives with --force.

use std::path::Path;

use pact_core::config;
use pact_test_support::stderr_of;

use crate::support::pact;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn init_creates_a_project_whose_config_is_the_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    pact().arg("init").arg(&demo).assert().success();
    for f in ["task.md", "sops.md", "pact.yaml", ".gitignore"] {
        assert!(demo.join(f).is_file(), "{f} missing");
    }
    assert_eq!(read(&demo.join(".gitignore")), ".pact/\n");
    let loaded = config::load_files(&[demo.join("pact.yaml")]).unwrap();
    assert_eq!(loaded.config, config::Config::default());
    assert!(loaded.unknown_keys.is_empty());
    let log = pact_core::audit_log::read(&demo.join(".pact/audit.jsonl")).unwrap();
    assert_eq!(log.entries.len(), 1);
    assert_eq!(log.entries[0].action, "init");
}

#[test]
fn a_second_init_refuses_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    pact().arg("init").arg(&demo).assert().success();
    std::fs::write(demo.join("task.md"), "# My real task\n").unwrap();
    let out = pact().arg("init").arg(&demo).output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr_of(&out);
    assert!(
        err.contains("already has task.md, sops.md, pact.yaml"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(&demo.join("task.md")), "# My real task\n");
}

#[test]
fn force_archives_the_old_files_first() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    pact().arg("init").arg(&demo).assert().success();
    std::fs::write(demo.join("task.md"), "# My real task\n").unwrap();
    pact()
        .arg("init")
        .arg(&demo)
        .arg("--force")
        .assert()
        .success();
    assert!(read(&demo.join("task.md")).contains(pact_core::scaffold::TASK_SENTINEL));
    let archives: Vec<_> = std::fs::read_dir(demo.join(".pact/archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archives.len(), 1);
    assert_eq!(read(&archives[0].join("task.md")), "# My real task\n");
    assert!(archives[0].join("pact.yaml").is_file());
    let name = archives[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        name.len() == 16 && name.ends_with('Z') && name.as_bytes()[8] == b'T',
        "{name}"
    );
}

#[test]
fn an_existing_gitignore_is_kept_and_extended_once() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "target/").unwrap();
    pact().arg("init").arg(tmp.path()).assert().success();
    assert_eq!(read(&tmp.path().join(".gitignore")), "target/\n.pact/\n");
    pact()
        .arg("init")
        .arg(tmp.path())
        .arg("--force")
        .assert()
        .success();
    assert_eq!(read(&tmp.path().join(".gitignore")), "target/\n.pact/\n");
}

#[test]
fn language_sets_config_and_sops() {
    let tmp = tempfile::tempdir().unwrap();
    pact()
        .arg("init")
        .arg(tmp.path())
        .args(["--language", "rust"])
        .assert()
        .success();
    let loaded = config::load_files(&[tmp.path().join("pact.yaml")]).unwrap();
    assert_eq!(loaded.config.language, pact_core::model::Language::Rust);
    assert!(read(&tmp.path().join("sops.md")).contains("cargo test"));
}

#[test]
fn init_on_a_file_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("f");
    std::fs::write(&file, "x").unwrap();
    let out = pact().arg("init").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
}
