//! Documents of the judge: runs of several suites, Goodhart hints, leak reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{TestResults, Visibility, is_default};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// The results of running a project's visible or hidden suites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestRun {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub visibility: Visibility,
    /// True only when at least one suite ran and every suite passed; checked
    /// on reading.
    pub passed: bool,
    pub suites: Vec<TestResults>,
}

impl TestRun {
    pub fn new(visibility: Visibility, suites: Vec<TestResults>) -> Self {
        let passed = Self::all_passed(&suites);
        Self {
            kind: Kind::new(),
            version: Version::new(),
            visibility,
            passed,
            suites,
        }
    }

    fn all_passed(suites: &[TestResults]) -> bool {
        !suites.is_empty() && suites.iter().all(TestResults::all_passed)
    }
}

impl Document for TestRun {
    const KIND: &'static str = "pact.test_run";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the results of running a project's visible or hidden suites";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.passed != Self::all_passed(&self.suites) {
            issues.push(Issue::new(
                "passed",
                "does not follow from the suites' verdicts",
            ));
        }
        for (i, suite) in self.suites.iter().enumerate() {
            for issue in suite.check() {
                issues.push(Issue::new(
                    format!("suites[{i}].{}", issue.path),
                    issue.message,
                ));
            }
        }
        issues
    }
}

/// Remediation feedback for failing hidden tests: behaviours and contract
/// clauses, never test code or literal inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodhartHints {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    /// 1-based remediation attempt these hints are for.
    pub attempt: u32,
    pub max_attempts: u32,
    /// 1: behaviours only; 2: behaviours with the contract clause each belongs to.
    pub level: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
    /// The hints as prose, ready for a brief.
    pub feedback: String,
}

impl Document for GoodhartHints {
    const KIND: &'static str = "pact.goodhart_hints";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "remediation feedback for failing hidden tests, free of test code and inputs";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if !(1..=2).contains(&self.level) {
            issues.push(Issue::new("level", "must be 1 or 2"));
        }
        if self.attempt == 0 || self.attempt > self.max_attempts {
            issues.push(Issue::new("attempt", "must be between 1 and max_attempts"));
        }
        issues
    }
}

/// One failing behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    /// The behaviour, from the hidden case's description, with any literal
    /// input removed.
    pub behaviour: String,
    /// The contract function the behaviour belongs to.
    pub function: String,
    /// Level 2 only: the clause of the contract the behaviour was matched to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<ContractClause>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractClause {
    pub kind: ClauseKind,
    /// Where the clause sits: `function`, `Type.field`, or empty for a
    /// contract-wide invariant.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    Invariant,
    Precondition,
    Postcondition,
    ErrorCase,
    Validator,
}

impl ClauseKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Invariant => "invariant",
            Self::Precondition => "precondition",
            Self::Postcondition => "postcondition",
            Self::ErrorCase => "error case",
            Self::Validator => "validator",
        }
    }
}

/// Hidden-test content found in texts meant for an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeakReport {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// True when nothing was found; checked on reading.
    pub clean: bool,
    /// The files scanned, as named on the command line.
    pub scanned: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Leak>,
}

impl LeakReport {
    pub fn new(scanned: Vec<String>, findings: Vec<Leak>) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            clean: findings.is_empty(),
            scanned,
            findings,
        }
    }
}

impl Document for LeakReport {
    const KIND: &'static str = "pact.leak_report";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "hidden-test code, identifiers and inputs found in agent-bound text";

    fn check(&self) -> Vec<Issue> {
        if self.clean == self.findings.is_empty() {
            Vec::new()
        } else {
            vec![Issue::new("clean", "does not match the findings")]
        }
    }
}

/// One piece of hidden-test content found in a file. The leaked text itself is
/// not repeated, so the report can travel where the file must not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leak {
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub category: LeakCategory,
    pub component_id: ComponentId,
    /// The hidden case the content belongs to, when it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_id: Option<String>,
    /// Length of the leaked text in characters.
    pub length: u32,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LeakCategory {
    /// A line of hidden test code.
    Code,
    /// A hidden test's name or an identifier defined by hidden test code.
    Identifier,
    /// A literal input or expected value of a hidden case.
    Input,
}

impl LeakCategory {
    pub fn name(self) -> &'static str {
        match self {
            Self::Code => "test code",
            Self::Identifier => "identifier",
            Self::Input => "literal input",
        }
    }
}
