//! Thresholds, baselines, --fail-on, languages and determinism.

use pact_core::model::{AssessmentCategory as C, Language};
use pact_test_support::{stderr_of, tree, write};

use crate::support::{assess, bin, subjects};

fn cyclic() -> tempfile::TempDir {
    tree(&[
        ("a.py", "import b\ndef fa():\n    pass\n"),
        ("b.py", "import a\ndef fb():\n    pass\n"),
        ("c.py", "import a\n"),
        ("ui.ts", "export function ui() { return 1; }\n"),
    ])
}

#[test]
fn output_is_byte_identical_across_runs_and_timestamped_only_on_request() {
    let dir = cyclic();
    let run = |extra: &[&str]| {
        bin()
            .current_dir(dir.path())
            .args(["--format", "json", "."])
            .args(extra)
            .output()
            .unwrap()
            .stdout
    };
    let first = run(&[]);
    assert_eq!(first, run(&[]));
    assert!(!String::from_utf8_lossy(&first).contains("assessed_at"));
    assert!(String::from_utf8_lossy(&run(&["--timestamp"])).contains("\"assessed_at\""));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = cyclic();
    let code = |sev: &str| {
        bin()
            .current_dir(dir.path())
            .args(["--fail-on", sev, "."])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code("error"), Some(0), "a mutual import is a warning");
    assert_eq!(code("warning"), Some(1));
    assert_eq!(code("info"), Some(1));
}

#[test]
fn a_baseline_reports_only_new_findings() {
    let dir = cyclic();
    let baseline = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "."])
        .output()
        .unwrap()
        .stdout;
    let known = dir.path().join("baseline.json");
    std::fs::write(&known, &baseline).unwrap();
    let r = assess(dir.path(), &["--baseline", known.to_str().unwrap()]);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert!(r.summary.suppressed > 0);

    write(dir.path(), "d.py", "def fd():\n    pass\n");
    let r = assess(dir.path(), &["--baseline", known.to_str().unwrap()]);
    assert_eq!(subjects(&r, C::TestGap), ["d"]);
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn a_broken_baseline_is_bad_input() {
    let dir = cyclic();
    let bad = write(
        dir.path(),
        "bad.json",
        "{\"kind\": \"pact.contract\", \"version\": 1}",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["--baseline"])
        .arg(&bad)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("expected pact.assessment"));
}

#[test]
fn threshold_errors_are_usage_errors() {
    for bad in [
        "nope=1",
        "hub_fan_in_error",
        "hub_fan_in_error=-2",
        "hub_fan_in_error=1.5",
    ] {
        let out = bin().args(["-t", bad, "."]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    let out = bin()
        .args(["-t", "hub_fan_in_eror=1", "."])
        .output()
        .unwrap();
    assert!(stderr_of(&out).contains("did you mean `hub_fan_in_error`"));
}

#[test]
fn languages_are_reported_separately_and_can_be_narrowed() {
    let dir = cyclic();
    let r = assess(dir.path(), &[]);
    assert_eq!(r.summary.languages.get(&Language::Python), Some(&3));
    assert_eq!(r.summary.languages.get(&Language::Typescript), Some(&1));
    let r = assess(dir.path(), &["--language", "typescript"]);
    assert_eq!(r.summary.modules, 1);
}

#[test]
fn several_roots_are_qualified() {
    let dir = tree(&[("one/m.py", "X = 1\n"), ("two/m.py", "Y = 1\n")]);
    let out = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "one", "two"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: pact_core::model::Assessment =
        pact_core::document::parse_document(&out.stdout, &pact_core::Source::Stdin).unwrap();
    let names: Vec<_> = r
        .modules
        .iter()
        .map(|m| (m.module.as_str(), m.path.as_str()))
        .collect();
    assert_eq!(names, [("one:m", "one/m.py"), ("two:m", "two/m.py")]);
}
