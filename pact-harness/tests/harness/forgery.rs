//! In-process forging, tried as a cheating implementation would: code
//! imported into the runner patches its report objects, registers a plugin
//! through the live config, rewrites the report at exit, or (in vitest)
//! replaces `Object.is`, extends `expect` and hijacks the worker's result
//! channel. Each implementation below computes nothing; the independent
//! check replays the calls without a test framework and catches every one.
//! Honest implementations pass, confirmed case by case.

use pact_core::model::{CaseStatus, ComponentContract, TestSuite, Verdict};
use pact_harness::{Job, Settings};
use serde_json::{Value, json};

use crate::support::*;

/// `add(a, b)` and `parse(text)` (raises on empty text), in `language`'s types.
fn contract(language: &str) -> ComponentContract {
    let (int, string, err) = if language == "python" {
        ("int", "str", "ValueError")
    } else {
        ("number", "string", "RangeError")
    };
    serde_json::from_value(json!({
        "kind": "pact.contract", "version": 1, "component_id": "calc",
        "name": "Calc", "description": "Adds.",
        "functions": [
            {"name": "add", "description": "Sum.", "output_type": int,
             "inputs": [{"name": "a", "type_ref": int}, {"name": "b", "type_ref": int}]},
            {"name": "parse", "description": "Parses a number.", "output_type": int,
             "inputs": [{"name": "text", "type_ref": string}],
             "errors": [{"name": "empty", "condition": "text is empty", "error_type": err}]},
        ],
    }))
    .unwrap()
}

/// A suite whose cases carry their inputs and expectations.
fn structured(language: &str, cases: &[(&str, &str, Value, Value)], code: &str) -> TestSuite {
    let mut suite = suite(language, &[], code, None);
    suite.cases = cases
        .iter()
        .map(|(id, function, inputs, expect)| {
            let mut case = json!({"id": id, "description": format!("behaviour {id}"),
                                  "function": function, "category": "happy_path",
                                  "inputs": inputs});
            match expect {
                Value::Object(o) if o.contains_key("error") => {
                    case["expected_error"] = o["error"].clone();
                }
                value => case["returns"] = value.clone(),
            }
            serde_json::from_value(case).unwrap()
        })
        .collect();
    suite
}

fn judge(
    suite: &TestSuite,
    files: &[(&str, &str)],
    settings: &Settings,
) -> pact_core::model::TestResults {
    let dir = implementation(files);
    let contract = contract(if suite.language == pact_core::model::Language::Python {
        "python"
    } else {
        "typescript"
    });
    let mut job = Job::new(suite, dir.path());
    job.contract = Some(&contract);
    pact_harness::run(&job, settings).unwrap()
}

const PY_TESTS: &str = r#"
import pytest
from calc import *


def test_adds():
    assert add(1, 2) == 3


def test_adds_negatives():
    assert add(-4, 1) == -3


def test_empty_text_is_refused():
    with pytest.raises(ValueError):
        parse("")
"#;

fn py_suite() -> TestSuite {
    structured(
        "python",
        &[
            ("test_adds", "add", json!({"a": 1, "b": 2}), json!(3)),
            (
                "test_adds_negatives",
                "add",
                json!({"a": -4, "b": 1}),
                json!(-3),
            ),
            (
                "test_empty_text_is_refused",
                "parse",
                json!({"text": ""}),
                json!({"error": "ValueError"}),
            ),
        ],
        PY_TESTS,
    )
}

const PY_HONEST: &str = r#"
class EmptyText(ValueError):
    pass


def add(a, b):
    return a + b


def parse(text):
    if not text:
        raise EmptyText("empty")
    return int(text)
"#;

#[test]
fn an_honest_python_implementation_passes_every_case_confirmed() {
    let results = judge(&py_suite(), &[("calc.py", PY_HONEST)], &settings(60));
    assert_verdict(&results, Verdict::Passed);
    assert!(results.cases.iter().all(|c| c.independent), "{results:#?}");
    assert_eq!(results.summary.independent, 3);
    assert_eq!(results.sandboxed, Some(true));
}

/// Rewrites pytest's JUnit report at exit with every test passing, and exits 0.
const PY_ATEXIT_FORGER: &str = r#"
import atexit, os, re, sys


def _forge():
    report = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--junitxml=")), None)
    tests = next((a for a in sys.argv[1:] if a.endswith(".py") and "/tests/" in a), None)
    if report and tests:
        names = re.findall(r"^def (test_\w+)", open(tests).read(), re.M)
        cases = "".join('<testcase classname="tests.test_calc" name="%s" time="0"/>' % n for n in names)
        with open(report, "w") as out:
            out.write('<testsuites><testsuite name="pact" tests="%d">%s</testsuite></testsuites>' % (len(names), cases))
    os._exit(0)


atexit.register(_forge)


def add(a, b):
    return 0


def parse(text):
    return 0
"#;

#[test]
fn a_report_rewritten_at_exit_fools_the_runner_but_not_the_independent_check() {
    let suite = py_suite();
    // Without the contract there is nothing to replay: the forgery stands,
    // which is what the independent check exists for.
    let dir = implementation(&[("calc.py", PY_ATEXIT_FORGER)]);
    let unchecked = pact_harness::run(&Job::new(&suite, dir.path()), &settings(60)).unwrap();
    assert_verdict(&unchecked, Verdict::Passed);
    let results = judge(&suite, &[("calc.py", PY_ATEXIT_FORGER)], &settings(60));
    assert_verdict(&results, Verdict::Tampered);
    assert_eq!(status(&results, "test_adds"), CaseStatus::Failed);
    let message = &case(&results, "test_adds").message;
    assert!(
        message.contains("returned 0 where the case expects 3"),
        "{message}"
    );
    assert!(
        case(&results, "test_empty_text_is_refused")
            .message
            .contains("returned 0")
    );
}

/// Patches pytest's report class so every report says "passed".
const PY_REPORT_PATCHER: &str = r#"
try:
    from _pytest import reports as _reports

    _init = _reports.TestReport.__init__

    def _passed(self, *args, **kwargs):
        _init(self, *args, **kwargs)
        self.outcome = "passed"
        self.longrepr = None

    _reports.TestReport.__init__ = _passed
except ImportError:
    pass


def add(a, b):
    return 0


def parse(text):
    return 0
"#;

/// Finds the live pytest config and registers a plugin that turns every
/// report into a pass.
const PY_PLUGIN_REGISTRAR: &str = r#"
import gc

import pytest


class _Forger:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        report.outcome = "passed"
        report.longrepr = None


for _obj in gc.get_objects():
    if type(_obj).__name__ == "Config" and hasattr(_obj, "pluginmanager"):
        _obj.pluginmanager.register(_Forger(), "pact-forger")
        break


def add(a, b):
    return 0


def parse(text):
    return 0
"#;

/// Answers correctly under pytest and sabotages any other caller, so that a
/// check outside the runner sees nothing it can compare.
const PY_SABOTEUR: &str = r#"
import os, sys

if "pytest" not in sys.modules:
    os._exit(0)


def add(a, b):
    return a + b


def parse(text):
    if not text:
        raise ValueError("empty")
    return int(text)
"#;

/// Each forger fools the runner on its own (the attack is real) and is
/// `tampered` once the passes are replayed (the check stops it).
fn assert_forgery_caught(
    name: &str,
    suite: &TestSuite,
    file: &str,
    forger: &str,
    settings: &Settings,
) {
    let dir = implementation(&[(file, forger)]);
    let plain = pact_harness::run(&Job::new(suite, dir.path()), settings).unwrap();
    assert_eq!(
        plain.verdict,
        Verdict::Passed,
        "{name} no longer fools the runner: {plain:#?}"
    );
    let checked = judge(suite, &[(file, forger)], settings);
    assert_eq!(checked.verdict, Verdict::Tampered, "{name}: {checked:#?}");
    assert!(
        checked
            .integrity_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot be trusted")),
        "{name}: {checked:#?}"
    );
}

#[test]
fn python_in_process_forgeries_are_tampered() {
    for (name, forger) in [
        ("report patcher", PY_REPORT_PATCHER),
        ("plugin registrar", PY_PLUGIN_REGISTRAR),
        ("saboteur", PY_SABOTEUR),
    ] {
        assert_forgery_caught(name, &py_suite(), "calc.py", forger, &settings(60));
    }
}

const TS_TESTS: &str = r#"
import { describe, it, expect } from 'vitest';
import { add, parse } from '../src/calc/calc';

describe('calc', () => {
  it('adds', () => { expect(add(1, 2)).toBe(3); });
  it('adds lists', () => { expect([add(1, 1)]).toEqual([2]); });
  it('refuses empty text', () => { expect(() => parse('')).toThrow(RangeError); });
});
"#;

fn ts_suite() -> TestSuite {
    structured(
        "typescript",
        &[
            ("adds", "add", json!({"a": 1, "b": 2}), json!(3)),
            ("adds lists", "add", json!({"a": 1, "b": 1}), json!(2)),
            (
                "refuses empty text",
                "parse",
                json!({"text": ""}),
                json!({"error": "RangeError"}),
            ),
        ],
        TS_TESTS,
    )
}

const TS_HONEST: &str = r#"
export class EmptyText extends RangeError {}

export function add(a: number, b: number): number {
  return a + b;
}

export function parse(text: string): number {
  if (text === '') throw new EmptyText('empty');
  return Number(text);
}
"#;

#[test]
fn an_honest_typescript_implementation_passes_every_case_confirmed() {
    let results = judge(&ts_suite(), &[("calc.ts", TS_HONEST)], &settings(120));
    assert_verdict(&results, Verdict::Passed);
    assert!(results.cases.iter().all(|c| c.independent), "{results:#?}");
}

/// `Object.is` answers yes to everything: `toBe` passes whatever `add` returns.
const TS_OBJECT_IS: &str = r#"
Object.is = () => true;

export function add(a: number, b: number): number {
  return 0;
}

export function parse(text: string): number {
  throw new RangeError('always');
}
"#;

/// Replaces the matchers themselves.
const TS_EXPECT_EXTEND: &str = r#"
import { expect } from 'vitest';

const yes = () => ({ pass: true, message: () => '' });
expect.extend({ toBe: yes, toEqual: yes, toThrow: yes });

export function add(a: number, b: number): number {
  return 0;
}

export function parse(text: string): number {
  return 0;
}
"#;

/// Rewrites every message the worker sends to the main process so failed
/// tests read as passed.
const TS_RESULT_CHANNEL: &str = r#"
const forge = (message: unknown): unknown =>
  JSON.parse(JSON.stringify(message ?? null).replaceAll('"fail"', '"pass"'));
const proc = process as unknown as { send?: (...args: unknown[]) => boolean; _send?: (...args: unknown[]) => boolean };
for (const key of ['send', '_send'] as const) {
  const original = proc[key];
  if (typeof original === 'function') {
    proc[key] = (message: unknown, ...rest: unknown[]) => original.call(process, forge(message), ...rest);
  }
}

export function add(a: number, b: number): number {
  return 0;
}

export function parse(text: string): number {
  return 0;
}
"#;

#[test]
fn typescript_in_process_forgeries_are_tampered() {
    for (name, forger) in [
        ("Object.is", TS_OBJECT_IS),
        ("expect.extend", TS_EXPECT_EXTEND),
    ] {
        assert_forgery_caught(name, &ts_suite(), "calc.ts", forger, &settings(120));
    }
    let results = judge(&ts_suite(), &[("calc.ts", TS_OBJECT_IS)], &settings(120));
    let message = &case(&results, "adds").message;
    assert!(
        message.contains("`add` returned 0 where the case expects 3"),
        "{message}"
    );
}

/// Rewriting what the test worker sends the main process (`process.send`,
/// `process._send`): whether or not a rewrite reaches vitest's reporter, any
/// pass it forged is replayed and caught, so the run never passes.
#[test]
fn rewriting_the_worker_result_channel_never_passes() {
    let results = judge(
        &ts_suite(),
        &[("calc.ts", TS_RESULT_CHANNEL)],
        &settings(120),
    );
    assert!(
        matches!(results.verdict, Verdict::Failed | Verdict::Tampered),
        "{results:#?}"
    );
    assert!(
        results.cases.iter().all(|c| c.status == CaseStatus::Failed),
        "{results:#?}"
    );
}

/// Results that JSON only approximates — tuples, sets, dataclasses, enums,
/// floats — are rendered canonically, so an honest implementation is never
/// taken for a forger.
#[test]
fn honest_rich_python_results_are_confirmed() {
    let contract: ComponentContract = serde_json::from_value(json!({
        "kind": "pact.contract", "version": 1, "component_id": "calc",
        "name": "Calc", "description": "Counts.",
        "types": [
            {"name": "Level", "kind": "enum", "variants": ["low", "high"]},
            {"name": "Stats", "kind": "struct", "fields": [
                {"name": "pairs", "type_ref": "list[tuple[str, int]]"},
                {"name": "unique", "type_ref": "set[str]"},
                {"name": "mean", "type_ref": "float"},
                {"name": "level", "type_ref": "Level"}]}],
        "functions": [{"name": "stats", "description": "Stats of words.", "output_type": "Stats",
                       "inputs": [{"name": "words", "type_ref": "list[str]"}]}],
    }))
    .unwrap();
    let code = "from calc import *\n\ndef test_stats():\n    s = stats(['b', 'a', 'b'])\n    assert s.pairs == [('b', 2), ('a', 1)] and s.unique == {'a', 'b'}\n";
    let suite = structured(
        "python",
        &[(
            "test_stats",
            "stats",
            json!({"words": ["b", "a", "b"]}),
            json!({"pairs": [["b", 2], ["a", 1]], "unique": ["a", "b"], "mean": 1.5, "level": "low"}),
        )],
        code,
    );
    let implementation_code = r#"
import dataclasses, enum


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


@dataclasses.dataclass
class Stats:
    pairs: list
    unique: set
    mean: float
    level: Level


def stats(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    pairs = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Stats(pairs, set(words), len(words) / len(counts), Level.LOW)
"#;
    let dir = implementation(&[("calc.py", implementation_code)]);
    let mut job = Job::new(&suite, dir.path());
    job.contract = Some(&contract);
    let results = pact_harness::run(&job, &settings(60)).unwrap();
    assert_verdict(&results, Verdict::Passed);
    assert!(case(&results, "test_stats").independent, "{results:#?}");
}
