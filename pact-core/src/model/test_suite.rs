//! Test suites: the visible tests an implementer sees and the hidden ones it never does.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Language, Runner, Visibility, duplicate_issues, is_default, is_one, one};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// The executable tests of one component, visible or hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestSuite {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    /// The contract revision these tests were written against.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(range(min = 1))]
    pub contract_revision: u32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub visibility: Visibility,
    pub language: Language,
    pub runner: Runner,
    pub cases: Vec<TestCase>,
    /// The test file's content, in the suite's language for its runner.
    pub code: String,
    /// The test file's name, e.g. `test_contract.py`; derived from the language
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

impl Document for TestSuite {
    const KIND: &'static str = "pact.test_suite";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "a component's test cases and their code, visible or hidden";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.cases, "cases", "test id", |c| &c.id);
        let expected = self.language.runner();
        if self.runner != expected {
            issues.push(Issue::new(
                "runner",
                format!(
                    "{} tests run with {expected:?}, not {:?}",
                    self.language, self.runner
                )
                .to_lowercase(),
            ));
        }
        issues
    }
}

/// One behaviour under test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// The test's name in the code (e.g. `test_rejects_empty_name`): results are
    /// matched to cases by this id.
    pub id: String,
    /// The behaviour, in one sentence, without literal inputs.
    pub description: String,
    /// The contract function exercised.
    pub function: String,
    pub category: TestCategory,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub setup: String,
    /// Literal inputs by parameter name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, serde_json::Value>,
    /// The expected result as the test's language writes it (for people).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub expected_output: String,
    /// The value the function returns for `inputs`, as JSON: tuples and sets
    /// as arrays (sets sorted), structs as objects with every field, enums as
    /// their values, `None`/`null`/`undefined` as `null`. A case with
    /// `returns` or `expected_error` is checked independently of the test
    /// runner (see `pact-harness`'s `independent` module).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<serde_json::Value>")]
    pub returns: Option<serde_json::Value>,
    /// The error type the call raises or throws (its class or a base class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertions: Vec<String>,
    /// Dependencies replaced by test doubles, with what the double does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mocks: BTreeMap<String, String>,
}

/// A field that is present, even as `null`, is `Some`: `"returns": null`
/// expects a function that returns nothing, which an absent field does not.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TestCategory {
    HappyPath,
    EdgeCase,
    ErrorCase,
    Invariant,
}
