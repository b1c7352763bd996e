//! `pact-llm tests`: a component's visible suite or, with `--hidden`, the
//! hidden adversarial suite the implementer never sees, written from the
//! contract. Each case must exercise a contract function and appear by its id
//! in the code.

use std::path::Path;

use pact_core::model::{ComponentContract, TestCase, TestSuite, Visibility};
use pact_core::{Code, Document, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft};
use crate::command::Project;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuiteDraft {
    pub cases: Vec<TestCase>,
    /// One complete test file.
    pub code: String,
}

fn document(
    contract: &ComponentContract,
    project: &Project,
    hidden: bool,
    d: SuiteDraft,
) -> TestSuite {
    let language = contract.language.unwrap_or(project.config.language);
    TestSuite {
        kind: Default::default(),
        version: Default::default(),
        component_id: contract.component_id.clone(),
        contract_revision: contract.revision,
        visibility: if hidden {
            Visibility::Hidden
        } else {
            Visibility::Visible
        },
        language,
        runner: language.runner(),
        cases: d.cases,
        code: d.code,
        file_name: None,
    }
}

pub fn run(
    project: &Project,
    contract: &Path,
    hidden: bool,
    visible: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let contract: ComponentContract = pact_core::input::read_document(Some(contract))?;
    let visible: Option<TestSuite> = match visible {
        Some(p) => Some(pact_core::input::read_document(Some(p))?),
        None => None,
    };
    let language = contract.language.unwrap_or(project.config.language);
    let context = json!({
        "contract": contract,
        "contract_json": serde_json::to_string_pretty(&contract).unwrap_or_default(),
        "hidden": hidden,
        "visible": visible,
        "language": language,
        "runner": language.runner(),
    });
    let functions: Vec<&str> = contract.functions.iter().map(|f| f.name.as_str()).collect();
    let taken: Vec<&str> = visible
        .iter()
        .flat_map(|v| v.cases.iter().map(|c| c.id.as_str()))
        .collect();
    let rules = |d: &SuiteDraft| {
        let mut errors: Vec<String> = document(&contract, project, hidden, d.clone())
            .check()
            .into_iter()
            .map(|i| format!("at {}: {}", i.path, i.message))
            .collect();
        if d.cases.is_empty() {
            errors.push("at /cases: the suite needs at least one case".to_owned());
        }
        for (i, c) in d.cases.iter().enumerate() {
            if !functions.contains(&c.function.as_str()) {
                errors.push(format!(
                    "at /cases/{i}/function: `{}` is not a function of the contract ({})",
                    c.function,
                    functions.join(", ")
                ));
            }
            if !d.code.contains(&c.id) {
                errors.push(format!(
                    "at /cases/{i}/id: no test named `{}` in the code",
                    c.id
                ));
            }
            if c.returns.is_some() && c.expected_error.is_some() {
                errors.push(format!(
                    "at /cases/{i}: give either `returns` or `expected_error`, not both"
                ));
            }
            if taken.contains(&c.id.as_str()) {
                errors.push(format!(
                    "at /cases/{i}/id: `{}` is a visible test; hidden tests must be new",
                    c.id
                ));
            }
        }
        errors
    };
    let (name, what) = if hidden {
        ("hidden_tests", "The hidden adversarial test suite.")
    } else {
        ("tests", "The visible test suite.")
    };
    let answer = ask(
        project,
        args,
        Ask {
            stage: "tests",
            role: "tests",
            component: Some(contract.component_id.as_str()),
            context,
            output: draft_schema::<SuiteDraft>(name, what),
            max_tokens: 16_000,
            check: &|v| draft_check(v, rules),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    emit_document(&document(&contract, project, hidden, from_draft(value)?))
}
