//! The coverage audit on fixture projects with known coverage.

use pact_test_support::{stderr_of, stdout_of};
use serde_json::Value;

use crate::support::{assert_valid, bin, copy_of, fixture, json, requirement};

fn statuses(doc: &Value) -> Vec<(String, String)> {
    doc["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["requirement"]["text"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn terms(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn fully_covered_project_is_all_covered_with_evidence() {
    let (code, doc) = json(&[], &fixture("covered"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    assert_eq!(doc["summary"]["covered"], 3);
    assert_eq!(doc["summary"]["covered_percent"], 100);
    assert!(
        statuses(&doc).iter().all(|(_, s)| s == "covered"),
        "{doc:#}"
    );
    let shorten = requirement(&doc, "Shorten a long URL");
    assert_eq!(shorten["contracts"][0]["component"], "links");
    assert_eq!(
        shorten["contracts"][0]["elements"][0]["element"],
        "functions[shorten]"
    );
    assert_eq!(
        shorten["tests"][0]["test"],
        "test_shorten_returns_six_letter_code"
    );
    // The EARS sentence is matched by the error case and its test.
    let unknown = requirement(&doc, "When a code is unknown");
    assert_eq!(unknown["requirement"]["form"], "ears");
    assert_eq!(unknown["status"], "covered");
    assert_eq!(
        unknown["tests"][0]["test"],
        "test_expand_unknown_code_reports_not_found"
    );
    assert!(doc.get("north_star").is_none(), "{:#}", doc["north_star"]);
}

#[test]
fn a_requirement_only_in_a_contract_is_partial() {
    let (code, doc) = json(&[], &fixture("contract-only"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    let visits = requirement(&doc, "Count the visits");
    assert_eq!(visits["status"], "partial");
    assert_eq!(visits["contract_score"], 100);
    assert!(visits["test_score"].as_u64().unwrap() < 45);
    assert_eq!(
        visits["contracts"][0]["elements"][0]["element"],
        "functions[count_visits]"
    );
    assert_eq!(
        terms(&visits["contracts"][0]["elements"][0]["terms"]),
        ["count", "visits", "code"]
    );
    assert!(visits["reason"].as_str().unwrap().contains("no test does"));
    assert_eq!(doc["summary"]["partial"], 1);
}

#[test]
fn a_missing_requirement_is_missing_and_its_verb_unperformed() {
    let (_, doc) = json(&[], &fixture("missing"));
    assert_valid(&doc);
    let export = requirement(&doc, "Export the visit statistics");
    assert_eq!(export["status"], "missing");
    assert_eq!(
        terms(&export["unmatched_terms"]),
        ["export", "visit", "statistics", "csv", "file"]
    );
    assert_eq!(doc["north_star"]["unperformed_verbs"][0]["verb"], "export");
    assert_eq!(
        doc["north_star"]["unperformed_verbs"][0]["requirements"][0],
        export["requirement"]["id"]
    );
}

#[test]
fn wording_that_differs_by_inflection_and_case_style_still_matches() {
    let (_, doc) = json(&[], &fixture("inflection"));
    assert_valid(&doc);
    let email = requirement(&doc, "validate email addresses");
    assert_eq!(email["status"], "covered", "{email:#}");
    assert_eq!(
        email["contracts"][0]["elements"][0]["element"],
        "functions[validateEmailAddress]"
    );
    assert_eq!(
        terms(&email["contracts"][0]["elements"][0]["terms"]),
        ["validate", "email", "addresses"]
    );
    let stored = requirement(&doc, "Shortened URLs are stored");
    assert_eq!(stored["status"], "covered", "{stored:#}");
    assert_eq!(
        stored["contracts"][0]["elements"][0]["element"],
        "functions[store_shortened_url]"
    );
}

#[test]
fn human_report_shows_table_reasons_and_north_star() {
    let out = bin().arg(fixture("missing")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout_of(&out));
}

#[test]
fn fail_under_exits_1_below_the_covered_share() {
    // 3 of 4 covered: 75%.
    let p = fixture("missing");
    let out = bin().arg(&p).args(["--fail-under", "80"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("below --fail-under 80%"),
        "{}",
        stderr_of(&out)
    );
    let out = bin().arg(&p).args(["--fail-under", "75"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = bin()
        .arg(&p)
        .args(["--fail-under", "101"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn cassette() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cassettes/audit.jsonl")
}

/// `--llm` replayed on a project with one tested partial requirement
/// (R-180e8fa5: a test, no contract), one untested (R-87fc4716: a contract,
/// no test) and one missing; the model calls both partial ones covered.
#[test]
fn llm_upgrades_a_tested_requirement_and_refuses_an_untested_one() {
    let p = copy_of("llm-review");
    let out = bin()
        .arg(p.path())
        .args(["--llm", "--json", "--replay"])
        .arg(cassette())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let req = |id: &str| {
        doc["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requirement"]["id"] == id)
            .unwrap()
            .clone()
    };
    let tested = req("R-180e8fa5");
    assert_eq!(tested["status"], "covered");
    assert_eq!(tested["decided_by"], "model");
    assert!(
        tested["reason"]
            .as_str()
            .unwrap()
            .starts_with("model: test:links:test_codes_survive_restart"),
        "{tested}"
    );
    let untested = req("R-87fc4716");
    assert_eq!(untested["status"], "partial");
    assert!(untested.get("decided_by").is_none(), "{untested}");
    assert!(
        untested["reason"]
            .as_str()
            .unwrap()
            .contains("a model judged it covered"),
        "{untested}"
    );
    assert_eq!(req("R-0e735764")["status"], "missing");
    assert_eq!(req("R-31a49d57")["status"], "covered");
    assert_eq!(doc["summary"]["covered"], 3);
    assert_eq!(doc["summary"]["model_verdicts"], 1);
    assert!(
        stderr_of(&out)
            .contains("the model would upgrade R-87fc4716, but no test matches it: refused"),
        "{}",
        stderr_of(&out)
    );
    // The call was counted in the project's ledger.
    assert!(p.path().join(".pact/ledger.jsonl").is_file());

    let human = bin()
        .arg(p.path())
        .args(["--llm", "--replay"])
        .arg(cassette())
        .output()
        .unwrap();
    let text = stdout_of(&human);
    assert!(text.contains("covered (model)"), "{text}");
    assert!(text.contains("Decided by a model:"), "{text}");
}

#[test]
fn llm_sends_only_partial_and_missing_requirements() {
    let p = copy_of("llm-review");
    let out = bin()
        .arg(p.path())
        .args(["--llm", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let request: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(request["kind"], "pact.llm_http_request");
    let body = request["body"].to_string();
    for sent in ["R-87fc4716", "R-180e8fa5", "R-0e735764"] {
        assert!(body.contains(sent), "{sent} not sent");
    }
    for covered in ["R-31a49d57", "R-213a3b5f"] {
        assert!(!body.contains(covered), "{covered} was sent");
    }
    assert!(
        !p.path().join(".pact/ledger.jsonl").exists(),
        "a dry run spends nothing"
    );
    // The recorded request is the same one.
    let recorded = std::fs::read_to_string(cassette()).unwrap();
    assert!(!recorded.contains("R-31a49d57") && !recorded.contains("R-213a3b5f"));
}

#[test]
fn llm_on_a_fully_covered_project_asks_nothing() {
    let p = copy_of("covered");
    let (code, doc) = json(&["--llm", "--replay", "/nonexistent.jsonl"], p.path());
    assert_eq!(code, 0);
    assert!(doc["summary"].get("model_verdicts").is_none());
    assert!(!p.path().join(".pact").exists());
}

#[test]
fn model_options_need_llm() {
    let out = bin()
        .arg(fixture("covered"))
        .arg("--dry-run")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--llm"), "{}", stderr_of(&out));
}

#[test]
fn no_color_is_honoured_and_colour_can_be_forced() {
    let p = fixture("missing");
    let plain = bin().arg(&p).env("CLICOLOR_FORCE", "1").output().unwrap();
    assert!(!stdout_of(&plain).contains('\u{1b}'));
    let coloured = bin()
        .arg(&p)
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stdout_of(&coloured).contains('\u{1b}'));
}

#[test]
fn documents_piped_on_stdin_are_audited_like_a_project() {
    let p = fixture("contract-only");
    let task = std::fs::read_to_string(p.join("task.md")).unwrap();
    let mut stream = serde_json::to_string(&serde_json::json!({
        "kind": "pact.task", "version": 1, "title": "Link shortener", "body": task
    }))
    .unwrap();
    for rel in [
        "decomposition/tree.json",
        "contracts/links/interface.json",
        "contracts/shortener/interface.json",
        "tests/links/suite.json",
        "tests/shortener/suite.json",
    ] {
        stream.push('\n');
        stream.push_str(&std::fs::read_to_string(p.join(rel)).unwrap());
    }
    let out = bin()
        .args(["-", "--json"])
        .write_stdin(stream)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let piped: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (_, on_disk) = json(&[], &p);
    assert_eq!(piped, on_disk);
}

#[test]
fn requirements_lists_ids_lines_and_forms() {
    let (code, doc) = json(&["requirements"], &fixture("missing"));
    assert_eq!(code, 0);
    assert_valid(&doc);
    let got: Vec<(u64, String)> = doc["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["form"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (7, "bullet".to_owned()),
            (8, "bullet".to_owned()),
            (10, "ears".to_owned()),
            (14, "bullet".to_owned())
        ]
    );
    assert_eq!(
        doc["requirements"][3]["context"],
        serde_json::json!(["Link shortener", "Reporting"])
    );
}

#[test]
fn requirements_reads_markdown_from_stdin() {
    let out = bin()
        .args(["requirements", "-", "--json"])
        .write_stdin("# T\n\n1. Parse the file\n2. Report errors\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["requirements"][1]["text"], "Report errors");
    assert_eq!(doc["requirements"][1]["form"], "numbered");
    assert_eq!(doc["requirements"][1]["line"], 4);
}

#[test]
fn acceptance_criteria_of_the_interview_are_requirements_too() {
    let dir = copy_of("covered");
    std::fs::write(
        dir.path().join("decomposition/interview.json"),
        r#"{"kind": "pact.interview", "version": 1, "acceptance_criteria": ["Expanding an unknown code answers not found", "Codes are unguessable"]}"#,
    )
    .unwrap();
    let (_, doc) = json(&[], dir.path());
    assert_valid(&doc);
    let ac = requirement(&doc, "Codes are unguessable");
    assert_eq!(ac["requirement"]["source"], "acceptance_criterion");
    assert_eq!(ac["requirement"]["line"], 2);
    assert!(ac["requirement"]["id"].as_str().unwrap().starts_with("AC-"));
    assert_eq!(
        requirement(&doc, "Expanding an unknown code")["status"],
        "covered"
    );
}
