use pact_core::model::{CaseStatus, Verdict};

use crate::support::*;

const CALC: &str = "def add(a, b):\n    return a + b\n";

fn py_suite(ids: &[&str], code: &str) -> pact_core::model::TestSuite {
    suite("python", ids, code, None)
}

#[test]
fn passing_failing_erroring_and_skipped_tests_are_told_apart() {
    let code = r#"
import pytest
from calc import add

@pytest.fixture
def broken():
    raise RuntimeError("fixture exploded")

def test_adds():
    assert add(1, 2) == 3

def test_adds_wrongly():
    print("captured output")
    assert add(1, 2) == 4

def test_errors(broken):
    pass

@pytest.mark.skip(reason="later")
def test_skipped():
    pass

@pytest.mark.xfail(reason="known")
def test_xfailed():
    assert False

@pytest.mark.xfail(reason="wrong expectation")
def test_xpassed():
    assert True
"#;
    let ids = [
        "test_adds",
        "test_adds_wrongly",
        "test_errors",
        "test_skipped",
        "test_xfailed",
        "test_xpassed",
    ];
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(&py_suite(&ids, code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Failed);
    assert_eq!(status(&results, "test_adds"), CaseStatus::Passed);
    assert_eq!(status(&results, "test_adds_wrongly"), CaseStatus::Failed);
    assert_eq!(status(&results, "test_errors"), CaseStatus::Error);
    assert_eq!(status(&results, "test_skipped"), CaseStatus::Skipped);
    assert_eq!(status(&results, "test_xfailed"), CaseStatus::Xfailed);
    assert_eq!(status(&results, "test_xpassed"), CaseStatus::Xpassed);
    let failed = case(&results, "test_adds_wrongly");
    assert!(
        failed.message.contains("assert 3 == 4"),
        "{}",
        failed.message
    );
    assert!(failed.stdout.contains("captured output"), "{failed:?}");
    assert!(
        case(&results, "test_errors")
            .message
            .contains("fixture exploded")
    );
    assert_eq!(results.summary.passed, 1);
    assert_eq!(results.summary.skipped, 2);
}

#[test]
fn an_all_passing_suite_passes() {
    let code = "from calc import add\n\ndef test_adds():\n    assert add(2, 2) == 4\n";
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Passed);
    assert!(results.started_at.is_some());
}

#[test]
fn a_collection_error_is_reported_with_its_message() {
    let code =
        "from calc import multiply\n\ndef test_multiplies():\n    assert multiply(2, 3) == 6\n";
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(
        &py_suite(&["test_multiplies"], code),
        dir.path(),
        &settings(60),
    );
    assert_verdict(&results, Verdict::CollectionError);
    let message = results.collection_error.as_deref().unwrap();
    assert!(message.contains("multiply"), "{message}");
}

#[test]
fn zero_collected_tests_never_pass() {
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(&py_suite(&[], "# no tests\n"), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::NoTests);
    let listed = run(
        &py_suite(&["test_adds"], "# no tests\n"),
        dir.path(),
        &settings(60),
    );
    assert_verdict(&listed, Verdict::Failed);
    assert!(
        case(&listed, "test_adds")
            .message
            .contains("did not report")
    );
}

#[test]
fn a_hanging_test_is_killed_with_its_children() {
    // One child in the process group, one that left it with setsid: both
    // must die with the run.
    let (stays, leaves) = (unique_sleep(), unique_sleep() + "1");
    let code = format!(
        r#"
import subprocess, time
def test_hangs():
    subprocess.Popen(["sleep", {stays:?}])
    subprocess.Popen(["sleep", {leaves:?}], start_new_session=True)
    time.sleep(300)
"#
    );
    let dir = implementation(&[("calc.py", CALC)]);
    let started = std::time::Instant::now();
    let results = run(&py_suite(&["test_hangs"], &code), dir.path(), &settings(6));
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
    assert_verdict(&results, Verdict::Failed);
    assert!(
        case(&results, "test_hangs").message.contains("timed out"),
        "{results:#?}"
    );
    assert_no_sleeper(&stays);
    assert_no_sleeper(&leaves);
}

#[test]
fn a_test_that_rewrites_its_own_file_is_caught() {
    let code = r#"
from calc import add
def test_adds():
    with open(__file__, "w") as f:
        f.write("def test_adds():\n    pass\n")
    assert add(1, 1) == 2
"#;
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Tampered);
    assert!(
        results
            .integrity_error
            .as_deref()
            .unwrap()
            .contains("test_calc.py")
    );
}

#[test]
fn an_implementation_printing_fake_passes_does_not_fool_the_harness() {
    let fake = r#"
import sys
print("test_calc.py::test_adds PASSED")
print("======== 1 passed in 0.01s ========")
sys.stderr.write("test_calc.py::test_adds PASSED\n")
def add(a, b):
    print("test_adds PASSED")
    return a - b
"#;
    let code = "from calc import add\n\ndef test_adds():\n    assert add(1, 2) == 3\n";
    let dir = implementation(&[("calc.py", fake)]);
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Failed);
    assert_eq!(status(&results, "test_adds"), CaseStatus::Failed);
}

#[test]
fn an_implementations_conftest_and_ini_are_not_loaded() {
    let conftest = r#"
import pytest
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
"#;
    let code = "from calc import add\n\ndef test_adds():\n    assert add(1, 2) == 3\n";
    let dir = implementation(&[
        ("calc.py", "def add(a, b):\n    return 0\n"),
        ("conftest.py", conftest),
        ("pytest.ini", "[pytest]\naddopts = -p no:junitxml\n"),
    ]);
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert_eq!(
        status(&results, "test_adds"),
        CaseStatus::Failed,
        "{results:#?}"
    );
}

#[test]
fn an_implementation_that_exits_early_with_success_does_not_pass() {
    let code = "from calc import add\n\ndef test_adds():\n    assert add(1, 2) == 3\n";
    let dir = implementation(&[("calc.py", "import os\nos._exit(0)\n")]);
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert!(!results.all_passed(), "{results:#?}");
}

#[test]
fn api_keys_do_not_reach_the_tests() {
    // cargo sets CARGO_* variables for this test process; like API keys, they
    // are not on the harness's allow-list and must not reach the tests.
    let code = r#"
import os
def test_env_is_minimal():
    leaked = [k for k in os.environ if "KEY" in k or "TOKEN" in k or k.startswith("CARGO_")]
    assert leaked == [], leaked
"#;
    let dir = implementation(&[("calc.py", CALC)]);
    let results = run(
        &py_suite(&["test_env_is_minimal"], code),
        dir.path(),
        &settings(60),
    );
    assert_verdict(&results, Verdict::Passed);
}

#[test]
fn the_memory_limit_applies_to_the_test_process() {
    assert!(
        pact_harness::process::find_program("prlimit").is_some(),
        "the memory limit needs prlimit (util-linux) on PATH"
    );
    let code =
        "def test_allocates():\n    block = bytearray(2 * 1024 ** 3)\n    assert len(block) > 0\n";
    let dir = implementation(&[("calc.py", CALC)]);
    let mut limited = settings(60);
    limited.memory_mb = Some(512);
    let results = run(&py_suite(&["test_allocates"], code), dir.path(), &limited);
    assert_verdict(&results, Verdict::Failed);
    assert!(
        case(&results, "test_allocates")
            .message
            .contains("MemoryError"),
        "{results:#?}"
    );
}
