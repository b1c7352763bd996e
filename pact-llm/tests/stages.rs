//! Every built stage end to end from its committed cassette (recorded through
//! the real Anthropic wire format against a loopback server, correction turns
//! included), and every stage's `--dry-run` request pinned by a snapshot so
//! prompt changes show up in review.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use pact_core::Source;
use pact_core::document::parse_document;
use pact_core::model::{
    AuditReview, AuditVerdicts, ComponentContract, CoverageStatus, DecompositionTree, Diagnosis,
    Implementation, Interview, RootCause, Shape, TestSuite, Visibility,
};
use pact_test_support::{copy_dir, stderr_of, stdout_of};
use support::bin;
use support::mock_server::{MockServer, Reply};

mod support;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of the stage-test project (task.md, sops.md, pact.yaml, brief.md).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&manifest().join("tests/fixtures/stage-project"), dir.path());
    dir
}

fn cassette(stage: &str) -> PathBuf {
    manifest().join(format!("tests/cassettes/{stage}.jsonl"))
}

/// Runs `args` replaying the stage's cassette; returns stdout.
fn replay(dir: &Path, stage: &str, args: &[&str]) -> Vec<u8> {
    let out = bin(dir)
        .args(args)
        .arg("--replay")
        .arg(cassette(stage))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{stage}: {}", stderr_of(&out));
    out.stdout
}

#[test]
fn interview_runs_from_its_cassette() {
    let dir = project();
    let out = replay(dir.path(), "interview", &["interview"]);
    let doc: Interview = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(doc.questions.len(), 2);
    assert!(!doc.approved, "the model never approves for the user");
    assert!(doc.questions.iter().all(|q| q.answer.is_none()));
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn decompose_runs_from_its_cassette_after_a_correction_turn() {
    let dir = project();
    let out = replay(dir.path(), "decompose", &["decompose"]);
    let doc: DecompositionTree = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(doc.root.as_str(), "wc");
    assert_eq!(doc.nodes.len(), 3);
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
    // The first answer had two roots; the correction quoted the exact problem.
    let second = std::fs::read_to_string(cassette("decompose")).unwrap();
    let second: serde_json::Value = serde_json::from_str(second.lines().nth(1).unwrap()).unwrap();
    let correction = second["request"]["messages"][2]["text"].as_str().unwrap();
    assert!(
        correction.contains(
            "exactly one component must be the root (nobody's child); found 2: cli, counter"
        ),
        "{correction}"
    );
}

#[test]
fn implement_runs_from_its_cassette_and_rejected_a_path_outside_the_component() {
    let dir = project();
    let out = replay(
        dir.path(),
        "implement",
        &["implement", "--component", "counter", "brief.md"],
    );
    let doc: Implementation = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(
        doc.files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
        ["counter.py"]
    );
    let recorded = std::fs::read_to_string(cassette("implement")).unwrap();
    let second: serde_json::Value = serde_json::from_str(recorded.lines().nth(1).unwrap()).unwrap();
    let correction = second["request"]["messages"][2]["text"].as_str().unwrap();
    assert!(
        correction.contains("`../cli/hack.py` contains `..`"),
        "{correction}"
    );
}

#[test]
fn implement_rejects_a_symlinked_source_directory() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("src/counter"))
        .unwrap();
    let files =
        serde_json::json!({"files": [{"path": "counter.py", "content": "x = 1\n"}], "notes": ""});
    let answer = || {
        Reply::json(
            200,
            serde_json::json!({
                "id": "m", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                "content": [{"type": "tool_use", "id": "t", "name": "implementation", "input": files}],
                "stop_reason": "tool_use",
                "usage": {"input_tokens": 10, "output_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
            }),
        )
    };
    let server = MockServer::start(vec![answer(), answer(), answer()]);
    let out = bin(dir.path())
        .args(["implement", "--component", "counter", "brief.md"])
        .env("ANTHROPIC_API_KEY", "k")
        .env("ANTHROPIC_BASE_URL", &server.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(
        err.contains("still invalid after 2 correction turn(s)"),
        "{err}"
    );
    assert!(
        err.contains("`counter.py` would be written through the symbolic link `src/counter`"),
        "{err}"
    );
    assert_eq!(server.received().len(), 3);
    assert!(
        std::fs::read_dir(dir.path().join("elsewhere"))
            .unwrap()
            .next()
            .is_none(),
        "nothing written"
    );
}

#[test]
fn contract_runs_from_its_cassette_with_the_trees_id_and_name() {
    let dir = project();
    let out = replay(
        dir.path(),
        "contract",
        &["contract", "--component", "counter"],
    );
    let doc: ComponentContract = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(
        (doc.component_id.as_str(), doc.name.as_str()),
        ("counter", "Counter")
    );
    assert_eq!(
        doc.functions.len(),
        1,
        "the empty first answer was corrected"
    );
    let recorded = std::fs::read_to_string(cassette("contract")).unwrap();
    assert!(recorded.contains("a contract needs at least one function"));
    // The committed fixture the tests stage reads is this very output.
    assert_eq!(
        out,
        std::fs::read(dir.path().join("counter.contract.json")).unwrap()
    );
}

#[test]
fn a_parent_is_contracted_only_after_its_children() {
    let dir = project();
    std::fs::remove_dir_all(dir.path().join("contracts/cli")).unwrap();
    let out = bin(dir.path())
        .args(["contract", "--component", "wc", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains("no contract for `cli`, a dependency of `wc`"),
        "{err}"
    );
    assert!(
        err.contains("pact-llm contract --component cli` first"),
        "{err}"
    );
    let out = bin(dir.path())
        .args(["contract", "--component", "nope", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("known: cli, counter, wc"));
}

#[test]
fn tests_run_from_their_cassettes_visible_and_hidden() {
    let dir = project();
    let out = replay(dir.path(), "tests", &["tests", "counter.contract.json"]);
    let visible: TestSuite = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(visible.visibility, Visibility::Visible);
    assert_eq!(visible.cases.len(), 2);
    let out = replay(
        dir.path(),
        "tests_hidden",
        &[
            "tests",
            "counter.contract.json",
            "--hidden",
            "--visible",
            "counter.suite.json",
        ],
    );
    let hidden: TestSuite = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(hidden.visibility, Visibility::Hidden);
    assert!(
        hidden
            .cases
            .iter()
            .all(|c| visible.cases.iter().all(|v| v.id != c.id))
    );
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn shape_runs_from_its_cassette_with_a_breadboard_at_standard_depth() {
    let dir = project();
    let out = replay(dir.path(), "shape", &["shape"]);
    let doc: Shape = parse_document(&out, &Source::Stdin).unwrap();
    let board = doc.breadboard.unwrap();
    assert_eq!(board.places, ["shell", "report"]);
    let recorded = std::fs::read_to_string(cassette("shape")).unwrap();
    assert!(
        recorded.contains("a breadboard is required at this depth"),
        "the first answer was corrected"
    );
}

#[test]
fn integrate_runs_from_its_cassette() {
    let dir = project();
    let out = replay(dir.path(), "integrate", &["integrate", "--component", "wc"]);
    let doc: Implementation = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(doc.component_id.as_str(), "wc");
    assert_eq!(doc.files[0].path, "wc.py");
    let leaf = bin(dir.path())
        .args(["integrate", "--component", "counter", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(leaf.status.code(), Some(2));
    assert!(stderr_of(&leaf).contains("has no children"));
}

#[test]
fn diagnose_runs_from_its_cassette() {
    let dir = project();
    let out = replay(
        dir.path(),
        "diagnose",
        &["diagnose", "--component", "counter", "failing.txt"],
    );
    let doc: Diagnosis = parse_document(&out, &Source::Stdin).unwrap();
    assert_eq!(doc.root_cause, RootCause::Implementation);
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn audit_runs_from_its_cassette_after_a_correction_turn() {
    let dir = project();
    let out = replay(dir.path(), "audit", &["audit", "audit-review.json"]);
    let doc: AuditVerdicts = parse_document(&out, &Source::Stdin).unwrap();
    let review: AuditReview = pact_core::input::read_document(Some(
        &manifest().join("tests/fixtures/stage-project/audit-review.json"),
    ))
    .unwrap();
    // One verdict per reviewed requirement, in the review's order.
    assert_eq!(
        doc.verdicts
            .iter()
            .map(|v| v.requirement.as_str())
            .collect::<Vec<_>>(),
        review
            .requirements
            .iter()
            .map(|r| r.requirement.id.as_str())
            .collect::<Vec<_>>()
    );
    assert!(
        doc.verdicts
            .iter()
            .any(|v| v.status == CoverageStatus::Covered)
    );
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
    // The first answer cited evidence the requirement was not shown; the
    // correction quoted it.
    let recorded = std::fs::read_to_string(cassette("audit")).unwrap();
    let second: serde_json::Value = serde_json::from_str(recorded.lines().nth(1).unwrap()).unwrap();
    let correction = second["request"]["messages"][2]["text"].as_str().unwrap();
    assert!(
        correction.contains("is not an evidence id of"),
        "{correction}"
    );
}

#[test]
fn audit_of_an_empty_review_asks_nothing() {
    let dir = project();
    let review = serde_json::json!({
        "kind": "pact.audit_review", "version": 1,
        "thresholds": {"covered": 45, "partial": 20},
        "requirements": []
    });
    let out = bin(dir.path())
        .args(["audit", "-"])
        .write_stdin(review.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: AuditVerdicts = parse_document(&out.stdout, &Source::Stdin).unwrap();
    assert!(doc.verdicts.is_empty());
    assert!(!dir.path().join(".pact/ledger.jsonl").exists());
}

#[test]
fn unary_mode_makes_one_component_without_a_call() {
    let dir = project();
    std::fs::write(dir.path().join("pact.yaml"), "build_mode: unary\n").unwrap();
    let out = bin(dir.path()).arg("decompose").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: DecompositionTree = parse_document(&out.stdout, &Source::Stdin).unwrap();
    assert_eq!(doc.nodes.len(), 1);
    assert!(
        !dir.path().join(".pact/ledger.jsonl").exists(),
        "no call, no spend"
    );
}

#[test]
fn every_stage_dry_run_is_pinned() {
    let dir = project();
    for (stage, args) in [
        ("interview", vec!["interview"]),
        ("decompose", vec!["decompose"]),
        (
            "implement",
            vec!["implement", "--component", "counter", "brief.md"],
        ),
        ("contract", vec!["contract", "--component", "counter"]),
        ("tests", vec!["tests", "counter.contract.json"]),
        (
            "tests_hidden",
            vec![
                "tests",
                "counter.contract.json",
                "--hidden",
                "--visible",
                "counter.suite.json",
            ],
        ),
        ("shape", vec!["shape"]),
        ("integrate", vec!["integrate", "--component", "wc"]),
        (
            "diagnose",
            vec!["diagnose", "--component", "counter", "failing.txt"],
        ),
        ("audit", vec!["audit", "audit-review.json"]),
    ] {
        let out = bin(dir.path())
            .args(&args)
            .arg("--dry-run")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{stage}: {}", stderr_of(&out));
        insta::assert_snapshot!(
            format!("dry_run_{stage}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
    assert!(
        !dir.path().join(".pact/ledger.jsonl").exists(),
        "a dry run spends nothing"
    );
}

#[test]
fn a_project_prompt_overrides_the_shipped_one() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("prompts")).unwrap();
    std::fs::write(
        dir.path().join("prompts/interview.system.j2"),
        "Be brief about {{ task.title }}.",
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["interview", "--dry-run"])
        .output()
        .unwrap();
    let request: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        request["body"]["system"][0]["text"],
        "Be brief about Word counter."
    );

    std::fs::write(
        dir.path().join("prompts/interview.system.j2"),
        "{{ no_such_variable }}",
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["interview", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("prompts/interview.system.j2"));
}

fn tool_answer(tool: &str, input: serde_json::Value) -> Reply {
    Reply::json(
        200,
        serde_json::json!({
            "id": "m", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
            "content": [{"type": "tool_use", "id": "t", "name": tool, "input": input}],
            "stop_reason": "tool_use",
            "usage": {"input_tokens": 100, "output_tokens": 50, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        }),
    )
}

#[test]
fn full_research_comes_first_is_kept_and_feeds_the_stage() {
    let dir = project();
    std::fs::write(
        dir.path().join("pact.yaml"),
        "research: full\nbudget:\n  project_usd: 1.0\n",
    )
    .unwrap();
    let research = serde_json::json!({
        "summary": "A pure counter of lines, words and characters.",
        "findings": [{"topic": "str.split()", "finding": "Splits on runs of any whitespace.", "relevance": "It is exactly the word rule wanted."}],
        "recommended_approach": "One pure function returning a small struct.",
        "alternatives": ["A regex tokenizer"], "risks": ["Counting bytes instead of characters"],
        "plan": ["Define Counts", "Define count"]
    });
    let contract = serde_json::json!({
        "description": "Counts.", "types": [], "invariants": [], "requires": [],
        "functions": [{"name": "count", "description": "Counts.", "inputs": [{"name": "text", "type_ref": "str"}], "output_type": "int"}]
    });
    let server = MockServer::start(vec![
        tool_answer("research", research),
        tool_answer("contract", contract),
    ]);

    let dry = bin(dir.path())
        .args(["contract", "--component", "counter", "--dry-run"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(
        shown["body"]["tool_choice"]["name"], "research",
        "the first request is the research"
    );

    let out = bin(dir.path())
        .args(["contract", "--component", "counter"])
        .env("ANTHROPIC_API_KEY", "k")
        .env("ANTHROPIC_BASE_URL", &server.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let kept = std::fs::read(dir.path().join(".pact/research/counter/contract.json")).unwrap();
    let kept: pact_core::model::Research = parse_document(&kept, &Source::Stdin).unwrap();
    assert_eq!(kept.plan, ["Define Counts", "Define count"]);
    let second = server.received()[1].json();
    let prefix = &second["messages"][0]["content"][0];
    assert_eq!(prefix["cache_control"]["type"], "ephemeral");
    let text = prefix["text"].as_str().unwrap();
    assert!(
        text.starts_with("# The task this component is part of"),
        "{text}"
    );
    assert!(
        text.contains("\n\n# Research done for this work\n\nA pure counter"),
        "{text}"
    );
    assert!(
        text.contains("Plan:\n1. Define Counts\n2. Define count"),
        "{text}"
    );
    let ledger = std::fs::read_to_string(dir.path().join(".pact/ledger.jsonl")).unwrap();
    assert!(ledger.contains(r#""stage":"research""#) && ledger.contains(r#""stage":"contract""#));
}

#[test]
fn decompose_uses_the_interview_and_a_task_without_sops() {
    let dir = project();
    std::fs::remove_file(dir.path().join("sops.md")).unwrap();
    let interview = manifest().join("../tests/fixtures/documents/interview.json");
    let out = bin(dir.path())
        .args(["decompose", "--dry-run", "--interview"])
        .arg(&interview)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let prompt = shown["body"]["messages"][0]["content"].as_str().unwrap();
    assert!(
        !prompt.contains("Standard operating procedures"),
        "{prompt}"
    );
    assert!(prompt.contains("- Should short codes be case-sensitive? → yes (the default)\n- Which storage backend? → memory\n"), "{prompt}");
    assert!(
        prompt.contains("- Assumption: Single process; no distributed coordination\n"),
        "{prompt}"
    );
}

#[test]
fn shared_types_are_defined_once_by_their_owner_and_injected() {
    let dir = project();
    // The model redefines the child's `Counts` its own way and uses it.
    let contract = serde_json::json!({
        "description": "The tool.", "invariants": [], "requires": [],
        "types": [{"name": "Counts", "kind": "alias", "item_type": "tuple"}],
        "functions": [{"name": "run", "description": "Runs.", "inputs": [{"name": "argv", "type_ref": "list[str]"}], "output_type": "dict[str, Counts]"}]
    });
    let server = MockServer::start(vec![tool_answer("contract", contract)]);
    let out = bin(dir.path())
        .args(["contract", "--component", "wc"])
        .env("ANTHROPIC_API_KEY", "k")
        .env("ANTHROPIC_BASE_URL", &server.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: ComponentContract = parse_document(&out.stdout, &Source::Stdin).unwrap();
    assert_eq!(
        doc.dependencies,
        ["cli", "counter"],
        "the tree's children, not the model's"
    );
    let counts: Vec<_> = doc.types.iter().filter(|t| t.name == "Counts").collect();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].owner.as_ref().unwrap().as_str(), "counter");
    assert_eq!(
        counts[0].fields.len(),
        3,
        "the owner's definition, not the model's alias"
    );
}

#[test]
fn decompose_accepts_an_interview_with_nothing_settled() {
    let dir = project();
    let interview = dir.path().join("empty-interview.json");
    std::fs::write(
        &interview,
        r#"{"kind": "pact.interview", "version": 1, "processing_register": "pragmatic-implementation"}"#,
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["decompose", "--dry-run", "--interview"])
        .arg(&interview)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let prompt = shown["body"]["messages"][0]["content"].as_str().unwrap();
    assert!(prompt.contains("# What the interview settled"), "{prompt}");
}

#[test]
fn integrate_with_a_brief_asks_from_the_brief_and_the_childrens_contracts() {
    let dir = project();
    std::fs::write(
        dir.path().join("brief.md"),
        "# Brief for wc\n\nAttempt 2: test_total failed with AssertionError.\n",
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["integrate", "--component", "wc", "brief.md", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The request as it would go on the wire.
    let request = stdout_of(&out);
    assert!(
        request.contains("Attempt 2: test_total failed"),
        "{request}"
    );
    assert!(
        request.contains("Write the glue of parent `wc`"),
        "{request}"
    );
    assert!(request.contains("# The children's contracts"), "{request}");
}

#[test]
fn contract_and_decompose_see_the_lessons_learnt() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("learnings")).unwrap();
    std::fs::write(
        dir.path().join("learnings/learnings.jsonl"),
        concat!(
            r#"{"kind":"pact.learning","version":1,"at":"2026-11-21T22:10:00Z","component_id":"counter","category":"failure_mode","root_cause":"contract","lesson":"counter: the contract never says what an empty text counts."}"#,
            "\n",
            r#"{"kind":"pact.learning","version":1,"at":"2026-11-21T22:11:00Z","component_id":"wc","category":"failure_mode","root_cause":"design","lesson":"wc: counting and formatting belong apart."}"#,
            "\n"
        ),
    )
    .unwrap();
    let ask = |args: &[&str]| {
        let out = bin(dir.path())
            .args(args)
            .arg("--dry-run")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    let contract = ask(&["contract", "--component", "counter"]);
    assert!(contract.contains("what an empty text counts"), "{contract}");
    assert!(!contract.contains("formatting belong apart"), "{contract}");
    let decompose = ask(&["decompose"]);
    assert!(
        decompose.contains("what an empty text counts"),
        "{decompose}"
    );
    assert!(decompose.contains("formatting belong apart"), "{decompose}");
}
