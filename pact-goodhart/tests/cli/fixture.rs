//! `pact-goodhart`'s fixture: a project whose hidden tests catch an
//! implementation that only handles the visible cases. The command
//! environment and the file writes come from `pact-test-support`.

use assert_cmd::Command;
use pact_test_support::write;
use serde_json::{Value, json};

/// The binary in the clean environment, with the user's `PATH` (it runs the
/// suites with pytest) and no vitest installation from the environment.
pub fn bin() -> Command {
    let mut cmd = pact_test_support::command_with_user_path(env!("CARGO_BIN_EXE_pact-goodhart"));
    cmd.env_remove("PACT_NODE_MODULES");
    cmd
}

/// The hidden suite's code: literal inputs an agent must never see.
pub const HIDDEN_CODE: &str = r#"import pytest
from names import normalize, EmptyName


def test_goodhart_strips_tabs():
    assert normalize("\tQuokka ") == "quokka"


def test_goodhart_lowercases_capitals():
    assert normalize("BARNABY") == "barnaby"


def test_goodhart_rejects_blank():
    with pytest.raises(EmptyName):
        normalize("   \t ")


def test_goodhart_idempotent():
    once = normalize("Xerxes Brightwater")
    assert normalize(once) == once
"#;

/// Strips spaces only and rejects only the empty string: passes the visible
/// test, fails two hidden ones.
pub const IMPLEMENTATION: &str = r#"class EmptyName(ValueError):
    pass


def normalize(name):
    if name == "":
        raise EmptyName("empty")
    return name.strip(" ").lower()
"#;

pub fn hidden_suite() -> Value {
    json!({
        "kind": "pact.test_suite", "version": 1, "component_id": "names",
        "visibility": "hidden", "language": "python", "runner": "pytest",
        "file_name": "test_goodhart_names.py",
        "cases": [
            {"id": "test_goodhart_strips_tabs", "function": "normalize", "category": "edge_case",
             "description": "Surrounding tabs are stripped as well as spaces",
             "inputs": {"name": "\tQuokka "}, "expected_output": "quokka"},
            {"id": "test_goodhart_lowercases_capitals", "function": "normalize", "category": "happy_path",
             "description": "Capital letters come back in lower case",
             "inputs": {"name": "BARNABY"}, "expected_output": "barnaby"},
            {"id": "test_goodhart_rejects_blank", "function": "normalize", "category": "error_case",
             "description": "A name made only of whitespace is rejected",
             "inputs": {"name": "   \t "}, "expected_error": "EmptyName"},
            {"id": "test_goodhart_idempotent", "function": "normalize", "category": "invariant",
             "description": "Normalizing an already normalized name changes nothing",
             "inputs": {"name": "Xerxes Brightwater"}}
        ],
        "code": HIDDEN_CODE
    })
}

pub fn contract() -> Value {
    json!({
        "kind": "pact.contract", "version": 1, "component_id": "names",
        "name": "Names", "description": "Normalizes person names.",
        "functions": [{
            "name": "normalize", "description": "Normalizes a name for comparison.",
            "inputs": [{"name": "name", "type_ref": "str"}],
            "output_type": "str",
            "errors": [{"name": "EmptyName", "condition": "the name is empty or only whitespace", "error_type": "ValueError"}],
            "postconditions": [
                "the result has no leading or trailing whitespace of any kind, tabs included",
                "the result is in lower case"
            ]
        }],
        "invariants": ["normalize is idempotent: normalizing a normalized name returns it unchanged"]
    })
}

pub fn visible_suite() -> Value {
    json!({
        "kind": "pact.test_suite", "version": 1, "component_id": "names",
        "language": "python", "runner": "pytest",
        "cases": [{"id": "test_normalize_trims_spaces", "function": "normalize", "category": "happy_path",
                   "description": "Leading and trailing spaces are removed"}],
        "code": "from names import normalize\n\n\ndef test_normalize_trims_spaces():\n    assert normalize(\"  Ada \") == \"ada\"\n"
    })
}

/// A project with one component, its contract, a visible and a hidden suite,
/// and the half-right implementation.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let json = |v: &Value| serde_json::to_string_pretty(v).unwrap();
    write(
        root,
        "pact.yaml",
        "language: python\ntests:\n  timeout_seconds: 120\n",
    );
    write(root, "contracts/names/interface.json", json(&contract()));
    write(root, "tests/names/suite.json", json(&visible_suite()));
    write(root, "goodhart/names/suite.json", json(&hidden_suite()));
    write(root, "src/names/names.py", IMPLEMENTATION);
    dir
}
