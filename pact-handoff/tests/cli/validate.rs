//! A fixture set of broken briefs: each fails `--validate` with its own code.

use pact_test_support::stdout_of;

use crate::fixture::*;

fn check(project: &std::path::Path, text: &str, extra: &[&str]) -> (i32, String) {
    let file = project.join("brief.md");
    std::fs::write(&file, text).unwrap();
    let out = bin()
        .arg(project)
        .arg("store")
        .arg("--brief")
        .arg(&file)
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stdout_of(&out))
}

fn failing_codes(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix("FAIL "))
        .map(|l| l[..4].to_owned())
        .collect()
}

#[test]
fn the_good_brief_passes() {
    let project = project("python");
    let good = brief(project.path(), &[]);
    let (code, report) = check(project.path(), &good, &[]);
    assert_eq!(code, 0, "{report}");
    assert!(failing_codes(&report).is_empty());
}

#[test]
fn each_broken_brief_fails_with_its_code() {
    let project = project("python");
    let good = brief(project.path(), &[]);
    let fence_end = good.find("## Processing register").unwrap();
    let (fence, rest) = good.split_at(fence_end);
    let register_end = rest
        .find("## ")
        .map(|_| rest[3..].find("## ").unwrap() + 3)
        .unwrap();
    let (register, after_register) = rest.split_at(register_end);
    let broken: Vec<(&str, String)> = vec![
        ("H001", format!("Some preamble first.\n\n{good}")),
        ("H002", format!("{fence}{after_register}{register}")),
        (
            "H003",
            good.replacen(
                "```python\n# Interface of",
                "(stub omitted)\n# Interface of",
                1,
            ),
        ),
        (
            "H004",
            good.replace("def list_all(", "def list_everything("),
        ),
        ("H006", format!("{good}\nexpect(seen.size).toBe(10000);\n")),
        ("H007", good.replace("### codes\n", "### other\n")),
    ];
    for (expected, text) in broken {
        let (code, report) = check(project.path(), &text, &[]);
        assert_eq!(code, 1, "{expected}: {report}");
        let codes = failing_codes(&report);
        assert!(codes.contains(&expected.to_owned()), "{expected}: {report}");
    }
    let (code, report) = check(project.path(), &good, &["--max-tokens", "100"]);
    assert_eq!(code, 1);
    assert_eq!(failing_codes(&report), ["H005"], "{report}");
}

#[test]
fn json_report_is_a_brief_check_document() {
    let project = project("python");
    let (code, report) = check(project.path(), "nothing useful\n", &["--json"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(doc["kind"], "pact.brief_check");
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["checks"].as_array().unwrap().len(), 7);
}
