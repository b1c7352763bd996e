use pact_core::model::{CaseStatus, Verdict};

use crate::support::*;

const CALC_TS: &str = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";

fn ts_suite(ids: &[&str], code: &str) -> pact_core::model::TestSuite {
    suite("typescript", ids, code, None)
}

#[test]
fn typescript_statuses_are_told_apart() {
    let code = r#"
import { describe, it, expect } from 'vitest';
import { add } from '../src/calc/index';

describe('add', () => {
  it('adds', () => { expect(add(1, 2)).toBe(3); });
  it('adds wrongly', () => { expect(add(1, 2)).toBe(4); });
  it('throws', () => { throw new Error('exploded inside'); });
  it.skip('skipped', () => {});
  it.todo('later');
});
"#;
    let dir = implementation(&[("index.ts", CALC_TS)]);
    let ids = ["adds", "adds wrongly", "throws", "skipped", "later"];
    let results = run(&ts_suite(&ids, code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Failed);
    assert_eq!(status(&results, "adds"), CaseStatus::Passed);
    assert_eq!(status(&results, "adds wrongly"), CaseStatus::Failed);
    assert_eq!(status(&results, "throws"), CaseStatus::Failed);
    assert_eq!(status(&results, "skipped"), CaseStatus::Skipped);
    assert_eq!(status(&results, "later"), CaseStatus::Todo);
    let message = &case(&results, "adds wrongly").message;
    assert!(message.contains("expected 3 to be 4"), "{message}");
    assert!(case(&results, "throws").message.contains("exploded inside"));
}

#[test]
fn javascript_passes_and_fails() {
    let code = r#"
import { it, expect } from 'vitest';
import { add } from '../src/calc/index.js';
it('adds', () => { expect(add(2, 2)).toBe(4); });
"#;
    let good = implementation(&[("index.js", "export function add(a, b) { return a + b; }\n")]);
    let results = run(
        &suite("javascript", &["adds"], code, None),
        good.path(),
        &settings(120),
    );
    assert_verdict(&results, Verdict::Passed);
    let bad = implementation(&[(
        "index.js",
        "export function add(a, b) { return 4 + a - a - b + b + 1; }\n",
    )]);
    let results = run(
        &suite("javascript", &["adds"], code, None),
        bad.path(),
        &settings(120),
    );
    assert_verdict(&results, Verdict::Failed);
}

#[test]
fn a_typescript_collection_error_is_reported() {
    let code = "import { it, expect } from 'vitest';\nimport { multiply } from '../src/calc/missing';\nit('multiplies', () => { expect(multiply(2, 3)).toBe(6); });\n";
    let dir = implementation(&[("index.ts", CALC_TS)]);
    let results = run(&ts_suite(&["multiplies"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::CollectionError);
    let message = results.collection_error.as_deref().unwrap();
    assert!(message.contains("missing"), "{message}");
}

#[test]
fn a_hanging_vitest_run_is_killed_with_its_children() {
    let sleep = unique_sleep();
    let code = format!(
        r#"
import {{ it }} from 'vitest';
import {{ spawn }} from 'node:child_process';
it('hangs', async () => {{
  spawn('sleep', [{sleep:?}], {{ detached: true }});
  await new Promise(() => {{}});
}}, 600000);
"#
    );
    let dir = implementation(&[("index.ts", CALC_TS)]);
    let results = run(&ts_suite(&["hangs"], &code), dir.path(), &settings(12));
    assert_verdict(&results, Verdict::Failed);
    assert!(
        case(&results, "hangs").message.contains("timed out"),
        "{results:#?}"
    );
    assert_no_sleeper(&sleep);
}

#[test]
fn a_vitest_test_that_rewrites_its_own_file_is_caught() {
    let code = r#"
import { it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { add } from '../src/calc/index';
it('adds', () => {
  writeFileSync(fileURLToPath(import.meta.url), "it('adds', () => {});\n");
  expect(add(1, 1)).toBe(2);
});
"#;
    let dir = implementation(&[("index.ts", CALC_TS)]);
    let results = run(&ts_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Tampered);
}

#[test]
fn fake_pass_lines_from_a_typescript_implementation_do_not_fool_the_harness() {
    let fake = r#"
console.log(' ✓ tests/calc.test.ts > adds 1ms');
console.log(' Test Files  1 passed (1)');
console.log('      Tests  1 passed (1)');
export function add(a: number, b: number): number { return a - b; }
"#;
    let code = "import { it, expect } from 'vitest';\nimport { add } from '../src/calc/index';\nit('adds', () => { expect(add(1, 2)).toBe(3); });\n";
    let dir = implementation(&[("index.ts", fake)]);
    let results = run(&ts_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Failed);
}

#[test]
fn an_implementations_own_test_files_are_not_run() {
    let code = "import { it, expect } from 'vitest';\nimport { add } from '../src/calc/index';\nit('adds', () => { expect(add(1, 2)).toBe(3); });\n";
    let dir = implementation(&[
        ("index.ts", CALC_TS),
        (
            "extra.test.ts",
            "import { it } from 'vitest';\nit('extra', () => { throw new Error('must not run'); });\n",
        ),
    ]);
    let results = run(&ts_suite(&["adds"], code), dir.path(), &settings(120));
    assert_verdict(&results, Verdict::Passed);
    assert_eq!(results.cases.len(), 1, "{results:#?}");
}

#[test]
fn a_missing_vitest_is_a_clear_error() {
    let dir = implementation(&[("index.ts", CALC_TS)]);
    let mut settings = settings(10);
    settings.node_modules = Some(dir.path().join("nowhere"));
    let suite = ts_suite(&["adds"], "");
    let err =
        pact_harness::run(&pact_harness::Job::new(&suite, dir.path()), &settings).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("vitest"), "{text}");
    let pact_harness::HarnessError::RunnerMissing { install, .. } = err else {
        panic!("expected RunnerMissing");
    };
    assert!(install.contains("npm install"), "{install}");
}
