//! Visible and hidden test suites (V050–V058): every contract has a visible
//! suite, a suite is stored under its component, is written against the
//! contract's current revision, has cases and code, tests only functions the
//! contract defines, and its code parses; most hidden cases are structured so
//! that the harness can check them independently of the runner, and no case
//! expects a value and an error at once.

use std::collections::BTreeSet;

use pact_core::ComponentId;
use pact_core::model::{ComponentContract, GateFinding, Language, TestSuite};
use pact_project::checkable::{self, Coverage};
use pact_project::load::Project;
use rayon::prelude::*;

use super::{Options, contract_file, finding, suite_file};

pub(super) fn check(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    check_contracts_have_suites(project, opts, out);
    let all: Vec<(&ComponentId, &TestSuite, bool)> = project
        .suites
        .iter()
        .map(|(i, s)| (i, s, false))
        .chain(project.hidden_suites.iter().map(|(i, s)| (i, s, true)))
        .collect();
    // Parsing the code dominates; suites are independent.
    let found: Vec<Vec<GateFinding>> = all
        .par_iter()
        .map(|(id, suite, hidden)| {
            let mut f = Vec::new();
            check_suite(project, id, suite, *hidden, opts, &mut f);
            f
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// V050. A selection without any suite (stdin) is not expected to have them.
fn check_contracts_have_suites(project: &Project, opts: &Options, out: &mut Vec<GateFinding>) {
    let suites_given = !(opts.partial && project.suites.is_empty());
    for id in project.contracts.keys() {
        if suites_given && !project.suites.contains_key(id) {
            let file = suite_file(id, false);
            out.push(finding(
                opts,
                "V050",
                &file,
                "",
                format!("contract `{id}` has no visible test suite; write {file} (a pact.test_suite document)"),
            ));
        }
    }
}

fn check_suite(
    project: &Project,
    id: &ComponentId,
    suite: &TestSuite,
    hidden: bool,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let file = suite_file(id, hidden);
    let contract = project.contracts.get(id);
    check_against_contract(id, suite, contract, &file, opts, out);
    check_not_empty(suite, &file, opts, out);
    check_expectations(suite, &file, opts, out);
    if let Some(c) = contract {
        check_cases_exercise_functions(id, suite, c, &file, opts, out);
        if hidden {
            check_independent_share(suite, c, &file, opts, out);
        }
    }
    if !suite.code.trim().is_empty() {
        check_code_parses(id, suite, &file, opts, out);
    }
}

/// The suite is stored under its component, which has a contract at most as
/// new as the suite.
fn check_against_contract(
    id: &ComponentId,
    suite: &TestSuite,
    contract: Option<&ComponentContract>,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    if suite.component_id != *id {
        out.push(finding(
            opts,
            "V054",
            file,
            "component_id",
            format!(
                "component_id is `{}` but the suite is stored for `{id}`; make them equal",
                suite.component_id
            ),
        ));
    }
    match contract {
        None => out.push(finding(
            opts,
            "V056",
            file,
            "",
            format!(
                "there is no contract for `{id}`; write {} or remove the suite",
                contract_file(id)
            ),
        )),
        Some(c) if suite.contract_revision < c.revision => out.push(finding(
            opts,
            "V055",
            file,
            "contract_revision",
            format!(
                "written against revision {} of the contract, which is now at revision {}; update the tests and their contract_revision",
                suite.contract_revision, c.revision
            ),
        )),
        Some(_) => {}
    }
}

fn check_not_empty(suite: &TestSuite, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    if suite.cases.is_empty() {
        out.push(finding(
            opts,
            "V051",
            file,
            "cases",
            "the suite has no test cases; add at least one",
        ));
    }
    if suite.code.trim().is_empty() {
        out.push(finding(
            opts,
            "V051",
            file,
            "code",
            "the suite has no code; generate the test file's content",
        ));
    }
}

fn check_cases_exercise_functions(
    id: &ComponentId,
    suite: &TestSuite,
    c: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let names: BTreeSet<&str> = c.functions.iter().map(|f| f.name.as_str()).collect();
    for (i, case) in suite.cases.iter().enumerate() {
        if !names.contains(case.function.as_str()) {
            let suggestion = pact_core::suggest::closest(&case.function, names.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            out.push(finding(
                opts,
                "V052",
                file,
                format!("cases[{i}].function"),
                format!(
                    "test `{}` exercises `{}`, which contract `{id}` does not define{suggestion}",
                    case.id, case.function
                ),
            ));
        }
    }
}

/// V058.
fn check_expectations(suite: &TestSuite, file: &str, opts: &Options, out: &mut Vec<GateFinding>) {
    for (i, case) in suite.cases.iter().enumerate() {
        if case.returns.is_some() && case.expected_error.is_some() {
            out.push(finding(
                opts,
                "V058",
                file,
                format!("cases[{i}]"),
                format!(
                    "test `{}` expects both a value (`returns`) and an error (`expected_error`); keep the one the test asserts",
                    case.id
                ),
            ));
        }
    }
}

/// V057: the independent check replays only structured cases, so a hidden
/// suite of mostly free-form cases is judged by the runner's word alone.
/// Rust suites are not replayed at all and are not warned about.
fn check_independent_share(
    suite: &TestSuite,
    contract: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    if suite.language == Language::Rust || suite.cases.is_empty() {
        return;
    }
    let coverage = Coverage::of(contract, suite);
    if coverage.share() >= checkable::TARGET_SHARE {
        return;
    }
    let examples: Vec<String> = coverage
        .unchecked
        .iter()
        .take(3)
        .map(|(id, why)| format!("`{id}`: {why}"))
        .collect();
    out.push(finding(
        opts,
        "V057",
        file,
        "cases",
        format!(
            "only {} of {} hidden cases can be checked independently of the test runner (the target is {:.0}%); give more cases literal `inputs` and `returns` or `expected_error`, with no setup or test doubles ({})",
            coverage.checkable,
            coverage.total,
            checkable::TARGET_SHARE * 100.0,
            examples.join("; ")
        ),
    ));
}

/// Only the first syntax error is shown: the later ones often follow from it.
fn check_code_parses(
    id: &ComponentId,
    suite: &TestSuite,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    let name = suite
        .file_name
        .clone()
        .unwrap_or_else(|| default_file_name(id.as_str(), suite.language));
    let parsed = pact_source::parse_source(&name, suite.language, suite.code.as_bytes());
    if let Some(first) = parsed.syntax_errors.first() {
        let more = if parsed.syntax_error_count > 1 {
            format!(" ({} syntax errors in all)", parsed.syntax_error_count)
        } else {
            String::new()
        };
        out.push(finding(
            opts,
            "V053",
            file,
            "code",
            format!(
                "{} test code ({name}) does not parse: line {}, column {}: {}{more}; fix the code",
                suite.language, first.line, first.column, first.message
            ),
        ));
    }
}

fn default_file_name(id: &str, l: Language) -> String {
    match l {
        Language::Python => format!("test_{id}.py"),
        Language::Typescript => format!("{id}.test.ts"),
        Language::Javascript => format!("{id}.test.js"),
        Language::Rust => format!("{id}_test.rs"),
    }
}
