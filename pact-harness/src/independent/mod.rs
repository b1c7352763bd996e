//! The independent verdict: every case the runner reports as passed and
//! whose call is structured (see [`pact_project::checkable`]) is replayed by
//! a driver the harness writes, in a fresh sandboxed process per case, with
//! no test framework loaded and no test file in view. The driver records
//! what the function returned or raised; the comparison with the case's
//! expectation happens here, in Rust, where nothing the implementation does
//! in a process can reach. A pass the driver does not confirm is a failure,
//! and the whole run `tampered`: the runner vouched for a result the function
//! does not give.
//!
//! What this stops: any forging of the runner from inside (patched report
//! objects, plugins registered through the live config, atexit rewrites,
//! `expect.extend`, `Object.is`, the worker's result channel). What it
//! cannot stop: a function that computes the right answer only for the
//! literal inputs it was given, which is what the hidden suite is for.

mod compare;
mod node;
mod python;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use pact_core::model::{CaseStatus, ComponentContract, Language, TestResults, Visibility};
use pact_project::checkable::{self, Call, Expect};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::process::{self, Outcome, Plan};
use crate::text::{MESSAGE_LIMIT, truncate};
use crate::workspace::Workspace;
use crate::{HarnessError, Job, Settings};

pub use compare::agrees;

/// The longest one replayed call may take. Honest calls take milliseconds;
/// the cap only bounds what a hanging implementation costs.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What the driver recorded (its private format, never shown to users).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Observation {
    Returned {
        value: Value,
    },
    Raised {
        types: Vec<String>,
        #[serde(default)]
        detail: String,
    },
    /// The result has no JSON rendering.
    Unrenderable {
        detail: String,
    },
    /// The module or the function could not be loaded.
    Unavailable {
        detail: String,
    },
    /// The driver left no readable record: it crashed, was killed or timed out.
    #[serde(skip)]
    Lost(String),
}

/// One language's way of replaying calls.
trait Driver {
    /// Prepares the workspace once per suite (writes the driver, compiles it).
    fn prepare(&self, space: &Workspace, settings: &Settings) -> Result<(), Prepared>;
    /// The command that replays one call: `call` is the call's file, `record`
    /// where the driver writes what happened, `scratch` the process's own
    /// writable directory.
    fn plan(
        &self,
        space: &Workspace,
        settings: &Settings,
        call: &Path,
        record: &Path,
        scratch: &Path,
    ) -> Result<Plan, HarnessError>;
}

/// Why a driver could not be prepared: every call it would replay is lost.
#[derive(Debug)]
enum Prepared {
    Failed(String),
    Harness(HarnessError),
}

impl From<HarnessError> for Prepared {
    fn from(error: HarnessError) -> Self {
        Self::Harness(error)
    }
}

impl From<crate::workspace::WorkspaceError> for Prepared {
    fn from(error: crate::workspace::WorkspaceError) -> Self {
        Self::Harness(error.into())
    }
}

/// Confirms the runner's passes independently; returns the results with the
/// confirmed cases marked and, if any pass is not confirmed, those cases
/// failed and the run `tampered`.
pub fn confirm(
    job: &Job<'_>,
    contract: &ComponentContract,
    results: TestResults,
    settings: &Settings,
) -> Result<TestResults, HarnessError> {
    if results.integrity_error.is_some() || results.collection_error.is_some() {
        return Ok(results);
    }
    let suite = job.suite;
    let calls: BTreeMap<&str, Call> = suite
        .cases
        .iter()
        .filter_map(|case| {
            checkable::call(contract, case, suite.language)
                .ok()
                .map(|call| (case.id.as_str(), call))
        })
        .collect();
    let to_check: Vec<(usize, &Call)> = results
        .cases
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == CaseStatus::Passed)
        .filter_map(|(i, r)| calls.get(r.id.as_str()).map(|call| (i, call)))
        .collect();
    if to_check.is_empty() {
        return Ok(results);
    }
    let observations = observe(job, settings, &to_check)?;
    Ok(reconcile(
        results,
        &to_check,
        observations,
        suite.visibility,
    ))
}

/// Replays each call in its own process and reads what it recorded.
fn observe(
    job: &Job<'_>,
    settings: &Settings,
    calls: &[(usize, &Call)],
) -> Result<Vec<Observation>, HarnessError> {
    let suite = job.suite;
    let driver: Box<dyn Driver> = match suite.language {
        Language::Python => Box::new(python::PythonDriver::new(job, settings)?),
        Language::Typescript | Language::Javascript => Box::new(node::NodeDriver::new(job)),
        // `checkable::call` never makes a Rust call.
        Language::Rust => return Ok(Vec::new()),
    };
    let runner = crate::runner::for_language(suite.language);
    let space = Workspace::with_code(job, runner.layout(job)?)?;
    let mut per_call = settings.clone();
    per_call.timeout = settings.timeout.min(CALL_TIMEOUT);
    match driver.prepare(&space, &per_call) {
        Ok(()) => {}
        Err(Prepared::Harness(error)) => return Err(error),
        Err(Prepared::Failed(why)) => {
            return Ok(calls
                .iter()
                .map(|_| Observation::Lost(why.clone()))
                .collect());
        }
    }
    let mut observations = Vec::with_capacity(calls.len());
    for (n, (_, call)) in calls.iter().enumerate() {
        let dir = space.private(&format!("call-{n}"))?;
        let scratch = space.private(&format!("call-{n}/tmp"))?;
        let call_file = space.write(
            Path::new(&format!("calls/{n}.json")),
            &call_document(job, call).to_string(),
        )?;
        let record = dir.join("record.json");
        let plan = driver.plan(&space, &per_call, &call_file, &record, &scratch)?;
        let outcome = process::execute(&plan, &per_call)?;
        observations.push(read_record(&record, &outcome));
    }
    Ok(observations)
}

/// The call as the driver reads it: the module, the function, and the
/// arguments (`null` for a left-out positional one). Never the expectation.
fn call_document(job: &Job<'_>, call: &Call) -> Value {
    let args: Vec<Value> = call
        .args
        .iter()
        .map(|a| a.as_ref().map_or(Value::Null, |v| json!({ "value": v })))
        .collect();
    json!({
        "module": job.suite.component_id.as_str(),
        "function": call.function,
        "args": args,
        "keywords": call.keywords,
    })
}

fn read_record(record: &Path, outcome: &Outcome) -> Observation {
    let lost = |why: String| Observation::Lost(why);
    if outcome.timed_out {
        return lost(format!("the call {}", outcome.ending()));
    }
    match std::fs::read_to_string(record) {
        Err(_) => lost(format!(
            "the call left no record ({}): {}",
            outcome.ending(),
            crate::runner::output_tail(outcome)
        )),
        Ok(text) => serde_json::from_str(&text)
            .unwrap_or_else(|e| lost(format!("the call's record is not readable: {e}"))),
    }
}

/// Marks confirmed passes, fails the others and, when any failed, marks the
/// whole run as not to be trusted.
fn reconcile(
    mut results: TestResults,
    checked: &[(usize, &Call)],
    observations: Vec<Observation>,
    visibility: Visibility,
) -> TestResults {
    let mut cases = std::mem::take(&mut results.cases);
    let mut disagreements = Vec::new();
    for ((index, call), observation) in checked.iter().zip(observations) {
        let case = &mut cases[*index];
        match disagreement(call, &observation) {
            None => case.independent = true,
            Some(why) => {
                case.status = CaseStatus::Failed;
                case.message = truncate(
                    &format!(
                        "the runner reported a pass, but called on its own, `{}` {why}",
                        call.function
                    ),
                    MESSAGE_LIMIT,
                );
                disagreements.push(case.id.clone());
            }
        }
    }
    let mut out = TestResults::new(
        results.component_id.clone(),
        results.visibility,
        results.runner,
        cases,
        None,
    );
    out.started_at = results.started_at;
    out.duration_ms = results.duration_ms;
    out.sandboxed = results.sandboxed;
    if disagreements.is_empty() {
        return out;
    }
    // A hidden case's id is itself hidden: the message counts them.
    let which = match visibility {
        Visibility::Hidden => format!("{} hidden case(s)", disagreements.len()),
        Visibility::Visible => disagreements.join(", "),
    };
    out.with_integrity_error(format!(
        "the test runner reported {which} as passed, but the function, called with the same inputs in a separate process with no test framework loaded, does not give the expected result: the runner's report cannot be trusted"
    ))
}

/// Why an observation does not confirm the call's expectation, or `None`.
fn disagreement(call: &Call, observation: &Observation) -> Option<String> {
    match (&call.expect, observation) {
        (Expect::Returns(expected), Observation::Returned { value }) => (!agrees(expected, value))
            .then(|| {
                format!(
                    "returned {} where the case expects {}",
                    short(value),
                    short(expected)
                )
            }),
        (Expect::Raises(expected), Observation::Raised { types, .. }) => {
            (!compare::raised(expected, types)).then(|| {
                format!(
                    "raised {} where the case expects {expected}",
                    types.first().map_or("an error", String::as_str)
                )
            })
        }
        (Expect::Returns(expected), Observation::Raised { types, detail }) => Some(format!(
            "raised {}{} where the case expects {}",
            types.first().map_or("an error", String::as_str),
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", truncate(detail, 200))
            },
            short(expected)
        )),
        (Expect::Raises(expected), Observation::Returned { value }) => Some(format!(
            "returned {} where the case expects {expected} to be raised",
            short(value)
        )),
        (_, Observation::Unrenderable { detail } | Observation::Unavailable { detail }) => {
            Some(format!("could not be checked: {detail}"))
        }
        (_, Observation::Lost(why)) => Some(format!("could not be checked: {why}")),
    }
}

fn short(value: &Value) -> String {
    truncate(&value.to_string(), 300)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pact_core::ComponentId;
    use pact_core::model::{CaseResult, Runner};

    fn passed(id: &str) -> CaseResult {
        CaseResult {
            id: id.to_owned(),
            status: CaseStatus::Passed,
            duration_ms: 1,
            message: String::new(),
            expected: None,
            actual: None,
            stdout: String::new(),
            stderr: String::new(),
            independent: false,
        }
    }

    fn results() -> TestResults {
        TestResults::new(
            ComponentId::new("c").unwrap(),
            Visibility::Hidden,
            Runner::Pytest,
            vec![passed("test_a"), passed("test_b")],
            None,
        )
    }

    fn returns(value: Value) -> Call {
        Call {
            function: "f".into(),
            args: Vec::new(),
            keywords: Vec::new(),
            expect: Expect::Returns(value),
        }
    }

    #[test]
    fn confirmed_passes_are_marked_and_counted() {
        let call = returns(json!([1]));
        let out = reconcile(
            results(),
            &[(0, &call)],
            vec![Observation::Returned { value: json!([1]) }],
            Visibility::Hidden,
        );
        assert!(out.all_passed());
        assert!(out.cases[0].independent && !out.cases[1].independent);
        assert_eq!(out.summary.independent, 1);
    }

    #[test]
    fn an_unconfirmed_pass_fails_and_taints_the_run_without_naming_hidden_cases() {
        let call = returns(json!(3));
        let out = reconcile(
            results(),
            &[(1, &call)],
            vec![Observation::Returned { value: json!(4) }],
            Visibility::Hidden,
        );
        assert_eq!(out.verdict, pact_core::model::Verdict::Tampered);
        assert_eq!(out.cases[1].status, CaseStatus::Failed);
        assert!(
            out.cases[1]
                .message
                .contains("returned 4 where the case expects 3")
        );
        let error = out.integrity_error.unwrap();
        assert!(
            error.contains("1 hidden case(s)") && !error.contains("test_b"),
            "{error}"
        );
    }

    #[test]
    fn a_lost_or_unrenderable_record_is_a_disagreement() {
        let call = returns(json!(null));
        for observation in [
            Observation::Lost("killed".into()),
            Observation::Unrenderable {
                detail: "a socket".into(),
            },
        ] {
            assert!(disagreement(&call, &observation).is_some());
        }
        let raises = Call {
            expect: Expect::Raises("ValueError".into()),
            ..returns(json!(null))
        };
        let raised = Observation::Raised {
            types: vec!["EmptyName".into(), "ValueError".into(), "Exception".into()],
            detail: String::new(),
        };
        assert_eq!(disagreement(&raises, &raised), None);
        assert!(disagreement(&raises, &Observation::Returned { value: json!(1) }).is_some());
    }
}
