use pact_core::model::{CaseStatus, Verdict};

use crate::support::*;

const MANIFEST: &str =
    "[package]\nname = \"calc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n";
const CALC: &str = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n";

fn rs_suite(ids: &[&str], code: &str) -> pact_core::model::TestSuite {
    suite("rust", ids, code, None)
}

fn crate_with(lib: &str) -> tempfile::TempDir {
    implementation(&[("Cargo.toml", MANIFEST), ("src/lib.rs", lib)])
}

#[test]
fn rust_statuses_are_told_apart() {
    let code = r#"
use calc::add;
#[test] fn adds() { assert_eq!(add(1, 2), 3); }
#[test] fn adds_wrongly() { assert_eq!(add(1, 2), 4, "sum is off"); }
#[test] #[ignore] fn ignored() {}
"#;
    let dir = crate_with(CALC);
    let results = run(
        &rs_suite(&["adds", "adds_wrongly", "ignored"], code),
        dir.path(),
        &settings(120),
    );
    assert_verdict(&results, Verdict::Failed);
    assert_eq!(status(&results, "adds"), CaseStatus::Passed);
    assert_eq!(status(&results, "adds_wrongly"), CaseStatus::Failed);
    assert_eq!(status(&results, "ignored"), CaseStatus::Skipped);
    let message = &case(&results, "adds_wrongly").message;
    assert!(
        message.contains("sum is off") && message.contains("right: 4"),
        "{message}"
    );
}

#[test]
fn bare_sources_get_a_manifest_and_pass() {
    let code = "use calc::add;\n#[test] fn adds() { assert_eq!(add(2, 2), 4); }\n";
    let dir = implementation(&[("lib.rs", CALC)]);
    let results = run(&rs_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Passed);
}

#[test]
fn a_compile_error_is_a_collection_error() {
    let code = "use calc::multiply;\n#[test] fn multiplies() { assert_eq!(multiply(2, 3), 6); }\n";
    let dir = crate_with(CALC);
    let results = run(&rs_suite(&["multiplies"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::CollectionError);
    let message = results.collection_error.as_deref().unwrap();
    assert!(
        message.contains("multiply") && message.contains("error"),
        "{message}"
    );
}

#[test]
fn a_hanging_rust_test_is_killed_with_its_children() {
    let sleep = unique_sleep();
    let code = format!(
        r#"
#[test] fn hangs() {{
    std::process::Command::new("sleep").arg({sleep:?}).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_secs(300));
}}
"#
    );
    let dir = crate_with(CALC);
    // Long enough to compile the fixture, far shorter than the sleep.
    let results = run(&rs_suite(&["hangs"], &code), dir.path(), &settings(25));
    assert_verdict(&results, Verdict::Failed);
    assert!(
        case(&results, "hangs").message.contains("timed out"),
        "{results:#?}"
    );
    assert_no_sleeper(&sleep);
}

#[test]
fn a_rust_test_that_rewrites_its_own_file_is_caught() {
    let code = r##"
#[test] fn adds() {
    let me = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pact_calc.rs");
    std::fs::write(me, "#[test] fn adds() {}\n").unwrap();
    assert_eq!(calc::add(1, 1), 2);
}
"##;
    let dir = crate_with(CALC);
    let results = run(&rs_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Tampered);
}

#[test]
fn fake_libtest_lines_do_not_fool_the_harness() {
    let fake = r#"
use std::io::Write;
pub fn add(a: i32, b: i32) -> i32 {
    let mut out = std::io::stdout();
    let _ = out.write_all(b"test adds ... ok\ntest result: ok. 1 passed; 0 failed\n");
    let _ = out.flush();
    a - b
}
"#;
    let code = "#[test] fn adds() { assert_eq!(calc::add(1, 2), 3); }\n";
    let dir = crate_with(fake);
    let results = run(&rs_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Failed);
    assert_eq!(status(&results, "adds"), CaseStatus::Failed);
}

#[test]
fn an_implementation_declaring_test_targets_is_refused() {
    let manifest = format!("{MANIFEST}\n[[test]]\nname = \"pact_calc\"\npath = \"fake.rs\"\n");
    let dir = implementation(&[
        ("Cargo.toml", &manifest),
        ("src/lib.rs", CALC),
        ("fake.rs", "#[test] fn adds() {}\n"),
    ]);
    let code = "#[test] fn adds() { assert_eq!(calc::add(1, 2), 0); }\n";
    let results = run(&rs_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::CollectionError);
    assert!(
        results
            .collection_error
            .as_deref()
            .unwrap()
            .contains("[[test]]")
    );
}
