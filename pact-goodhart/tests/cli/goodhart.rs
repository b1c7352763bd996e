use pact_test_support::{json_of, stderr_of, stdout_of};

use crate::fixture::*;

#[test]
fn version_and_help_work() {
    bin().arg("--version").assert().success();
    bin().arg("--help").assert().success();
}

#[test]
fn list_names_hidden_suites_without_their_content() {
    let project = project();
    let out = bin().arg("list").arg(project.path()).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert_eq!(text, "names\tpython\t4 cases\n");
}

#[test]
fn run_reports_exactly_the_failing_hidden_cases() {
    let project = project();
    let out = bin()
        .args(["run", "--json"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let run = json_of(&out);
    assert_eq!(run["kind"], "pact.test_run");
    assert_eq!(run["visibility"], "hidden");
    assert_eq!(run["passed"], false);
    let suite = &run["suites"][0];
    assert_eq!(suite["verdict"], "failed");
    let mut failing: Vec<&str> = suite["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "passed")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    failing.sort_unstable();
    assert_eq!(
        failing,
        ["test_goodhart_rejects_blank", "test_goodhart_strips_tabs"]
    );
    assert_eq!(suite["summary"]["passed"], 2);
}

#[test]
fn run_prints_a_table_without_json() {
    let project = project();
    let out = bin()
        .arg("run")
        .arg(project.path())
        .arg("names")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(text.starts_with("names: failed (2/4 passed"), "{text}");
    assert!(text.contains("failed: test_goodhart_strips_tabs"), "{text}");
    assert!(text.ends_with("0 of 1 suite(s) passed\n"), "{text}");
}

#[test]
fn test_runs_the_visible_suites() {
    let project = project();
    let out = bin()
        .args(["test", "--json"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    let run = json_of(&out);
    assert_eq!(run["passed"], true);
    assert!(run.get("visibility").is_none(), "visible is the default");
}

#[test]
fn hidden_suites_of_an_older_project_move_into_the_project_tree() {
    let project = project();
    let root = project.path();
    std::fs::create_dir_all(root.join(".pact")).unwrap();
    std::fs::rename(root.join("goodhart"), root.join(".pact/hidden")).unwrap();
    let out = bin().arg("list").arg(root).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("names\tpython\t"),
        "{}",
        stdout_of(&out)
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("hidden suites moved from .pact/hidden to goodhart"),
        "{err}"
    );
    assert!(root.join("goodhart/names/suite.json").is_file());
    assert!(!root.join(".pact/hidden").exists());
}

#[test]
fn without_a_sandbox_nothing_runs_unless_the_project_opts_out() {
    let project = project();
    let out = bin()
        .env("PACT_BWRAP", "/nonexistent/bwrap")
        .arg("test")
        .arg(project.path())
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(8), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("no OS sandbox for the test run"), "{err}");
    assert!(err.contains("tests.sandbox: off"), "{err}");
    std::fs::write(
        project.path().join("pact.yaml"),
        "language: python\ntests:\n  timeout_seconds: 120\n  sandbox: off\n",
    )
    .unwrap();
    bin()
        .env("PACT_BWRAP", "/nonexistent/bwrap")
        .arg("test")
        .arg(project.path())
        .assert()
        .code(0);
}

#[test]
fn a_fixed_implementation_passes_the_hidden_suite() {
    let project = project();
    std::fs::write(
        project.path().join("src/names/names.py"),
        "class EmptyName(ValueError):\n    pass\n\n\ndef normalize(name):\n    if not name.strip():\n        raise EmptyName('empty')\n    return name.strip().lower()\n",
    )
    .unwrap();
    bin().arg("run").arg(project.path()).assert().code(0);
}

fn hints(project: &std::path::Path, attempt: &str) -> std::process::Output {
    bin()
        .args(["hints", "--json", "--attempt", attempt])
        .arg(project)
        .arg("names")
        .output()
        .unwrap()
}

/// Nothing of the hidden suite but the failing cases' descriptions.
fn assert_no_hidden_content(text: &str) {
    for secret in [
        "Quokka",
        "BARNABY",
        "Xerxes",
        "Brightwater",
        "test_goodhart",
        "pytest.raises",
        "assert normalize",
    ] {
        assert!(!text.contains(secret), "hint leaks {secret:?}: {text}");
    }
    for passing in ["Capital letters come back", "already normalized name"] {
        assert!(
            !text.contains(passing),
            "hint names a passing case {passing:?}: {text}"
        );
    }
}

#[test]
fn level_one_hints_name_only_the_failing_behaviours() {
    let project = project();
    let out = hints(project.path(), "1");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["kind"], "pact.goodhart_hints");
    assert_eq!(doc["level"], 1);
    let behaviours: Vec<&str> = doc["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["behaviour"].as_str().unwrap())
        .collect();
    assert_eq!(behaviours.len(), 2, "{doc:#}");
    assert!(behaviours.contains(&"Surrounding tabs are stripped as well as spaces"));
    assert!(behaviours.contains(&"A name made only of whitespace is rejected"));
    assert!(doc["hints"][0].get("clause").is_none());
    assert_no_hidden_content(&stdout_of(&out));
}

#[test]
fn level_two_hints_cite_the_matching_contract_clauses() {
    let project = project();
    let out = hints(project.path(), "2");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc = json_of(&out);
    assert_eq!(doc["level"], 2);
    let hints = doc["hints"].as_array().unwrap();
    let clause_of = |behaviour: &str| {
        hints
            .iter()
            .find(|h| h["behaviour"].as_str().unwrap().starts_with(behaviour))
            .map(|h| h["clause"].clone())
            .unwrap()
    };
    let tabs = clause_of("Surrounding tabs");
    assert_eq!(tabs["kind"], "postcondition", "{tabs:#}");
    assert!(tabs["text"].as_str().unwrap().contains("tabs included"));
    let blank = clause_of("A name made only");
    assert_eq!(blank["kind"], "error_case", "{blank:#}");
    assert!(blank["text"].as_str().unwrap().starts_with("EmptyName"));
    let text = stdout_of(&out);
    assert_no_hidden_content(&text);
    assert!(
        doc["feedback"]
            .as_str()
            .unwrap()
            .contains("The contract's postcondition of `normalize`")
    );
}

#[test]
fn attempts_past_the_configured_cap_are_refused() {
    let project = project();
    let out = hints(project.path(), "3");
    assert_eq!(out.status.code(), Some(5));
    let err = stderr_of(&out);
    assert!(err.contains("max_goodhart_attempts (2)"), "{err}");
    std::fs::write(
        project.path().join("pact.yaml"),
        "limits:\n  max_goodhart_attempts: 3\n",
    )
    .unwrap();
    assert!(hints(project.path(), "3").status.success());
}

#[test]
fn hints_can_use_saved_results() {
    let project = project();
    let out = bin()
        .args(["run", "--json"])
        .arg(project.path())
        .output()
        .unwrap();
    let run = json_of(&out);
    let results = project.path().join("results.json");
    std::fs::write(&results, serde_json::to_string(&run["suites"][0]).unwrap()).unwrap();
    let out = bin()
        .args(["hints", "--results"])
        .arg(&results)
        .arg(project.path())
        .arg("names")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.contains("- `normalize`: Surrounding tabs are stripped as well as spaces"),
        "{text}"
    );
}

#[test]
fn an_unknown_component_or_project_is_bad_input() {
    let project = project();
    bin()
        .arg("run")
        .arg(project.path())
        .arg("nobody")
        .assert()
        .code(3);
    bin()
        .arg("list")
        .arg(project.path().join("missing"))
        .assert()
        .code(3);
}
