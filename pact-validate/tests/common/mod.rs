//! Fixture projects built in temporary directories: a valid one that passes
//! every check, and helpers to break it one way at a time. The command
//! environment, file writes and output helpers come from `pact-test-support`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pact_test_support::{json_of, stderr_of, write};
use serde_json::{Value, json};

pub fn bin() -> Command {
    pact_test_support::command(env!("CARGO_BIN_EXE_pact-validate"))
}

/// Runs `pact-validate SUBCOMMAND PROJECT --json` and returns the exit code and
/// the parsed document.
pub fn run_json(subcommand: &str, project: &Path) -> (i32, Value) {
    let out = bin()
        .arg(subcommand)
        .arg(project)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), json_of(&out))
}

/// Asserts a command exited 0, showing its stderr otherwise.
pub fn assert_ok(out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(out));
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const TASK: &str = "# Task\n\nBuild a URL shortener: shorten long URLs into codes, store the links, resolve codes back.\n";

pub fn contract(id: &str, name: &str, deps: &[&str]) -> Value {
    json!({
        "kind": "pact.contract",
        "version": 1,
        "component_id": id,
        "name": name,
        "description": format!("The {name} component of the URL shortener."),
        "types": [
            {"name": "Link", "kind": "struct", "fields": [
                {"name": "code", "type_ref": "str", "validators": [{"kind": "regex", "expression": "^[a-z0-9]{6}$"}]},
                {"name": "url", "type_ref": "str", "validators": [{"kind": "length", "expression": "1..=2048"}]},
                {"name": "hits", "type_ref": "int", "validators": [{"kind": "range", "expression": ">=0"}]}
            ]},
            {"name": "LinkList", "kind": "list", "item_type": "Link"}
        ],
        "functions": [
            {"name": "put", "description": "Stores a link.", "inputs": [{"name": "link", "type_ref": "Link"}], "output_type": "None"},
            {"name": "get", "description": "Looks a code up.", "inputs": [{"name": "code", "type_ref": "str"}], "output_type": "Optional[Link] | list[dict[str, tuple[int, ...]]]"}
        ],
        "dependencies": deps,
    })
}

pub fn suite(id: &str, language: &str, code: &str) -> Value {
    let runner = match language {
        "python" => "pytest",
        "rust" => "cargo",
        _ => "vitest",
    };
    json!({
        "kind": "pact.test_suite",
        "version": 1,
        "component_id": id,
        "language": language,
        "runner": runner,
        "cases": [
            {"id": "test_get", "description": "A stored link is found", "function": "get", "category": "happy_path"}
        ],
        "code": code,
    })
}

pub const PY_OK: &str = "def test_get():\n    assert get('abc123') is not None\n";

impl Fixture {
    /// A project that passes every check: root `app` with children `codes` and `store`.
    pub fn valid() -> Self {
        let f = Self {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        };
        f.write("task.md", TASK);
        f.write_json(
            "decomposition/tree.json",
            &json!({
                "kind": "pact.tree", "version": 1, "root": "app",
                "nodes": {
                    "app": {"name": "App", "description": "Shortens URLs and resolves codes", "children": ["codes", "store"]},
                    "codes": {"name": "Codes", "description": "Generates unique short codes", "parent": "app", "depth": 1},
                    "store": {"name": "Store", "description": "Stores the links from code to long URL", "parent": "app", "depth": 1}
                }
            }),
        );
        f.add_component("app", "App", &["codes", "store"]);
        f.add_component("codes", "Codes", &[]);
        f.add_component("store", "Store", &["Codes"]);
        f
    }

    pub fn add_component(&self, id: &str, name: &str, deps: &[&str]) {
        self.write_json(
            &format!("contracts/{id}/interface.json"),
            &contract(id, name, deps),
        );
        self.write_json(
            &format!("tests/{id}/suite.json"),
            &suite(id, "python", PY_OK),
        );
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn at(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        write(self.path(), rel, text);
    }

    pub fn write_json(&self, rel: &str, v: &Value) {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        self.write(rel, &s);
    }

    pub fn read_json(&self, rel: &str) -> Value {
        let text = std::fs::read_to_string(self.at(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn edit(&self, rel: &str, f: impl FnOnce(&mut Value)) {
        let mut v = self.read_json(rel);
        f(&mut v);
        self.write_json(rel, &v);
    }

    pub fn remove(&self, rel: &str) {
        let p = self.at(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::remove_file(&p).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// Runs the gate with `--json` and returns the exit code and the document.
    pub fn gate(&self, extra: &[&str]) -> (i32, Value) {
        let out = bin()
            .arg(self.path())
            .arg("--json")
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (out.status.code().unwrap_or(-1), json_of(&out))
    }
}

/// The findings of a gate document with this code.
pub fn with_code<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["code"] == code).collect())
        .unwrap_or_default()
}

pub fn codes(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}
