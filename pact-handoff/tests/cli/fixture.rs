use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn bin(project: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pact-handoff"));
    cmd.env("PACT_CONFIG", project.join("no-global-config.yaml"))
        .env("NO_COLOR", "1");
    cmd
}

fn example(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/documents")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

const CODES_CONTRACT: &str = r#"{
  "kind": "pact.contract", "version": 1, "component_id": "codes",
  "name": "Code generator", "description": "Generates short codes.",
  "types": [{"name": "Link", "kind": "struct", "fields": [{"name": "code", "type_ref": "str"}]}],
  "functions": [{"name": "next_code", "description": "A fresh code.", "output_type": "str",
    "postconditions": ["the code matches ^[A-Za-z0-9]{6,10}$"]}]
}"#;

pub const TASK: &str = "# Task\n\nBuild a URL shortener that stores links in SQLite and serves redirects quickly.\n\n## Details\n\nMore.\n";
pub const SOPS: &str = "# Operating procedures\n\n- Type-annotate every public function.\n- Never print; log with the PACT key.\n";

/// A project whose `store` component depends on `codes`, in `language`.
pub fn project(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("pact.yaml", &format!("language: {language}\n"));
    write("task.md", TASK);
    write("sops.md", SOPS);
    write("contracts/store/interface.json", &example("contract.json"));
    write("contracts/codes/interface.json", CODES_CONTRACT);
    write("tests/store/suite.json", &example("test-suite.json"));
    write(
        ".pact/hidden/codes/suite.json",
        &example("test-suite-hidden.json"),
    );
    write(
        "learnings/learnings.jsonl",
        "{\"lesson\": \"SQLite needs one connection per thread\"}\nplain text lesson\n",
    );
    dir
}

pub fn brief(project: &Path, extra: &[&str]) -> String {
    let out = bin(project)
        .arg(project)
        .arg("store")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
