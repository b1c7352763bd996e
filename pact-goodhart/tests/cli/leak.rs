use pact_test_support::{json_of, stdout_of};

use crate::fixture::*;

fn leak_check(project: &std::path::Path, text: &str) -> std::process::Output {
    let brief = project.join("brief.md");
    std::fs::write(&brief, text).unwrap();
    bin()
        .args(["leak-check", "--json", "--project"])
        .arg(project)
        .arg(&brief)
        .output()
        .unwrap()
}

#[test]
fn a_brief_with_a_pasted_hidden_test_is_caught() {
    let project = project();
    let pasted = format!(
        "# Brief for names\n\nImplement normalize.\n\n```python\n{}\n```\n",
        HIDDEN_CODE
            .lines()
            .skip(4)
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let out = leak_check(project.path(), &pasted);
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(report["kind"], "pact.leak_report");
    assert_eq!(report["clean"], false);
    let categories: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap())
        .collect();
    assert!(categories.contains(&"code"), "{report:#}");
    assert!(categories.contains(&"identifier"), "{report:#}");
    assert_eq!(report["findings"][0]["line"], 6);
}

#[test]
fn a_literal_input_alone_is_caught() {
    let project = project();
    let out = leak_check(
        project.path(),
        "Remember that Xerxes Brightwater must normalize too.\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(report["findings"][0]["category"], "input");
    assert_eq!(report["findings"][0]["test_id"], "test_goodhart_idempotent");
}

#[test]
fn a_clean_brief_passes_even_with_the_contract_and_visible_tests_in_it() {
    let project = project();
    let contract = serde_json::to_string_pretty(&contract()).unwrap();
    let visible = visible_suite()["code"].as_str().unwrap().to_owned();
    let text = format!("# Brief\n\n{contract}\n\n```python\n{visible}```\n");
    let out = leak_check(project.path(), &text);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
}

#[test]
fn the_hints_themselves_pass_the_leak_check() {
    let project = project();
    for attempt in ["1", "2"] {
        let hints = bin()
            .args(["hints", "--attempt", attempt])
            .arg(project.path())
            .arg("names")
            .output()
            .unwrap();
        assert!(hints.status.success());
        let out = leak_check(project.path(), &stdout_of(&hints));
        assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    }
}

#[test]
fn text_output_names_file_line_and_column() {
    let project = project();
    let brief = project.path().join("prompt.txt");
    std::fs::write(&brief, "ok\n    once = normalize(\"Xerxes Brightwater\")\n").unwrap();
    let out = bin()
        .args(["leak-check", "--project"])
        .arg(project.path())
        .arg(&brief)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.ends_with("prompt.txt:2:5: hidden test code of `names`"),
        "{text}"
    );
}

#[test]
fn stdin_is_accepted() {
    let project = project();
    bin()
        .args(["leak-check", "--project"])
        .arg(project.path())
        .arg("-")
        .write_stdin("def test_goodhart_rejects_blank():\n")
        .assert()
        .code(1);
}
