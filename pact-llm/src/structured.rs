//! Calls whose answer must be a JSON document of a given schema: the answer is
//! validated; an invalid one gets up to two correction turns that quote the
//! exact errors; an answer cut off at `max_tokens` is retried once with a
//! larger limit when the model allows one.

use pact_core::Code;
use pact_core::cli::Categorized;
use serde_json::Value;

use crate::call::{Budgeted, CallError, Outcome};
use crate::request::{Message, Request, StopReason};

/// How hard to try for a valid answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Correction turns after an invalid answer.
    pub correction_turns: u32,
    /// Retry a truncated answer once with twice the limit.
    pub retry_truncated: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            correction_turns: 2,
            retry_truncated: true,
        }
    }
}

/// The largest `max_tokens` a model accepts, where known.
pub fn output_limit(model: &str) -> Option<u32> {
    const LIMITS: &[(&str, u32)] = &[
        ("claude-opus-4-6", 128_000),
        ("claude-opus-4-5", 64_000),
        ("claude-opus-4-1", 32_000),
        ("claude-opus-4-0", 32_000),
        ("claude-sonnet-4", 64_000),
        ("claude-haiku-4-5", 64_000),
        ("claude-3-5-haiku", 8_192),
        ("gpt-5", 128_000),
        ("gpt-4.1", 32_768),
        ("gpt-4o", 16_384),
        ("o3", 100_000),
        ("o4-mini", 100_000),
        ("gemini-2.5", 65_536),
    ];
    LIMITS
        .iter()
        .filter(|(prefix, _)| model.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, limit)| *limit)
}

#[derive(Debug, thiserror::Error)]
pub enum StructuredError {
    #[error(transparent)]
    Call(#[from] CallError),
    #[error("the request has no output schema")]
    NoSchema,
    #[error("the output schema itself is invalid: {0}")]
    BadSchema(String),
    #[error("the answer was cut off at max_tokens = {max_tokens}{}", if *.at_limit { " (the model's largest output)" } else { " after one retry with a larger limit" })]
    Truncated { max_tokens: u32, at_limit: bool },
    #[error("the model refused to answer")]
    Refused,
    #[error("the answer is still invalid after {turns} correction turn(s):\n{}", .errors.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid { turns: u32, errors: Vec<String> },
}

impl Categorized for StructuredError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Call(e) => e.exit_code(),
            Self::NoSchema | Self::BadSchema(_) => Code::BadInput,
            Self::Truncated { .. } | Self::Refused | Self::Invalid { .. } => Code::Provider,
        }
    }
}

/// A valid answer and every call it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Structured {
    pub value: Value,
    pub calls: Vec<Outcome>,
}

/// The validation errors of `text` against `validator`, each as
/// `at /json/pointer: message`; empty when valid.
pub fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("the answer is not a JSON document: {e}")],
    };
    validator
        .iter_errors(&value)
        .map(|e| {
            let path = e.instance_path().to_string();
            let at = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            format!("at {at}: {e}")
        })
        .collect()
}

fn correction(errors: &[String]) -> String {
    let list: Vec<String> = errors.iter().map(|e| format!("- {e}")).collect();
    format!(
        "Your answer is invalid:\n{}\nReply again with the complete, corrected JSON document and nothing else.",
        list.join("\n")
    )
}

/// Sends `request` and insists on an answer valid against its output schema.
pub fn call(
    budgeted: &Budgeted<'_>,
    request: &Request,
    policy: Policy,
) -> Result<Structured, StructuredError> {
    call_checked(budgeted, request, policy, &|_| Vec::new())
}

/// [`call`], with `check` adding rules a schema cannot state (ids that must
/// exist, paths that must stay inside a directory); its errors get the same
/// correction turns.
pub fn call_checked(
    budgeted: &Budgeted<'_>,
    request: &Request,
    policy: Policy,
    check: &dyn Fn(&Value) -> Vec<String>,
) -> Result<Structured, StructuredError> {
    let schema = &request
        .output
        .as_ref()
        .ok_or(StructuredError::NoSchema)?
        .schema;
    let validator =
        jsonschema::validator_for(schema).map_err(|e| StructuredError::BadSchema(e.to_string()))?;
    let mut request = request.clone();
    let mut calls = Vec::new();
    let mut corrections = 0;
    let mut retried_truncation = false;
    loop {
        let outcome = budgeted.call(&request)?;
        let response = outcome.completion.response.clone();
        calls.push(outcome);
        match response.stop {
            StopReason::MaxTokens => {
                let limit = output_limit(&request.model);
                let at_limit = limit.is_some_and(|l| request.max_tokens >= l);
                if !policy.retry_truncated || retried_truncation || at_limit {
                    return Err(StructuredError::Truncated {
                        max_tokens: request.max_tokens,
                        at_limit,
                    });
                }
                retried_truncation = true;
                let doubled = request.max_tokens.saturating_mul(2);
                request.max_tokens = limit.map_or(doubled, |l| doubled.min(l));
                continue;
            }
            StopReason::Refused => return Err(StructuredError::Refused),
            StopReason::Complete | StopReason::Other(_) => {}
        }
        let mut found = errors(&validator, &response.text);
        if found.is_empty() {
            let value: Value = serde_json::from_str(&response.text)
                .unwrap_or_else(|e| unreachable!("validated JSON parses: {e}"));
            found = check(&value);
            if found.is_empty() {
                return Ok(Structured { value, calls });
            }
        }
        if corrections >= policy.correction_turns {
            return Err(StructuredError::Invalid {
                turns: corrections,
                errors: found,
            });
        }
        corrections += 1;
        request.messages.push(Message::assistant(response.text));
        request.messages.push(Message::user(correction(&found)));
    }
}
