//! The outcome of running one test suite. Zero tests never counts as passed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Runner, Timestamp, Visibility, is_default};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestResults {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    #[serde(default, skip_serializing_if = "is_default")]
    pub visibility: Visibility,
    pub runner: Runner,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub duration_ms: u64,
    /// Whether the tests ran in the OS sandbox; absent in results written
    /// before Pact recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandboxed: Option<bool>,
    /// Set when the suite could not be collected or compiled at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_error: Option<String>,
    /// Set when the run cannot be trusted: a test file changed during the run,
    /// or the runner's exit status contradicts its report. Overrides the cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity_error: Option<String>,
    /// Derived from `cases`, `collection_error` and `integrity_error`; checked
    /// on reading.
    pub verdict: Verdict,
    /// Derived from `cases`; checked on reading.
    pub summary: ResultSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseResult>,
}

impl TestResults {
    /// Builds results whose verdict and summary are computed from the cases.
    pub fn new(
        component_id: ComponentId,
        visibility: Visibility,
        runner: Runner,
        cases: Vec<CaseResult>,
        collection_error: Option<String>,
    ) -> Self {
        let summary = ResultSummary::of(&cases);
        let verdict = Verdict::of(&summary, collection_error.as_deref());
        Self {
            kind: Kind::new(),
            version: Version::new(),
            component_id,
            visibility,
            runner,
            started_at: None,
            duration_ms: 0,
            sandboxed: None,
            collection_error,
            integrity_error: None,
            verdict,
            summary,
            cases,
        }
    }

    /// Marks the run as untrustworthy: whatever the cases say, it is not a pass.
    pub fn with_integrity_error(mut self, message: impl Into<String>) -> Self {
        self.integrity_error = Some(message.into());
        self.verdict = Verdict::Tampered;
        self
    }

    /// True only when at least one test ran and every test passed.
    pub fn all_passed(&self) -> bool {
        self.verdict == Verdict::Passed
    }

    /// The cases that did not pass, skipped ones included.
    pub fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| c.status != CaseStatus::Passed)
    }
}

impl Document for TestResults {
    const KIND: &'static str = "pact.test_results";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the per-test outcome of running one suite";

    fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        let summary = ResultSummary::of(&self.cases);
        if summary != self.summary {
            issues.push(Issue::new(
                "summary",
                format!("does not match the cases (they give {summary:?})"),
            ));
        }
        let verdict = if self.integrity_error.is_some() {
            Verdict::Tampered
        } else {
            Verdict::of(&summary, self.collection_error.as_deref())
        };
        if verdict != self.verdict {
            issues.push(Issue::new(
                "verdict",
                format!(
                    "{:?} does not follow from the cases (expected {verdict:?})",
                    self.verdict
                )
                .to_lowercase(),
            ));
        }
        issues
    }
}

/// The suite's overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At least one test ran and all passed.
    Passed,
    /// Some test failed, errored, or was skipped.
    Failed,
    /// Nothing was collected: never a pass.
    NoTests,
    /// The suite could not be collected or compiled.
    CollectionError,
    /// The run cannot be trusted (see `integrity_error`): never a pass.
    Tampered,
}

impl Verdict {
    pub fn of(summary: &ResultSummary, collection_error: Option<&str>) -> Self {
        if collection_error.is_some() {
            Self::CollectionError
        } else if summary.total == 0 {
            Self::NoTests
        } else if summary.passed == summary.total {
            Self::Passed
        } else {
            Self::Failed
        }
    }
}

/// Counts by status. `skipped` includes xfail and todo: none of them is a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultSummary {
    pub total: u32,
    pub passed: u32,
    pub failed: u32,
    pub errors: u32,
    pub skipped: u32,
    /// Passed cases whose result an independent check confirmed.
    #[serde(default, skip_serializing_if = "is_default")]
    pub independent: u32,
}

impl ResultSummary {
    pub fn of(cases: &[CaseResult]) -> Self {
        let mut s = Self::default();
        for case in cases {
            s.total += 1;
            if case.independent {
                s.independent += 1;
            }
            match case.status {
                CaseStatus::Passed => s.passed += 1,
                CaseStatus::Failed | CaseStatus::Xpassed => s.failed += 1,
                CaseStatus::Error => s.errors += 1,
                CaseStatus::Skipped | CaseStatus::Xfailed | CaseStatus::Todo => s.skipped += 1,
            }
        }
        s
    }
}

/// The outcome of one test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseResult {
    /// The test's id, matching `TestCase.id` in the suite.
    pub id: String,
    pub status: CaseStatus,
    #[serde(default, skip_serializing_if = "is_default")]
    pub duration_ms: u64,
    /// The assertion or error message.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stdout: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stderr: String,
    /// The pass was confirmed by calling the function in a separate sandboxed
    /// process, with no test framework loaded, and comparing its result with
    /// the case's `returns` or `expected_error` outside that process.
    #[serde(default, skip_serializing_if = "is_default")]
    pub independent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Passed,
    Failed,
    Error,
    Skipped,
    /// Expected to fail and did: still not a pass.
    Xfailed,
    /// Expected to fail but passed: the expectation was wrong.
    Xpassed,
    Todo,
}
