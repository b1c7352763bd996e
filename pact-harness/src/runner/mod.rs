//! One runner per language: its workspace layout, its command and the parser
//! of its machine-readable report.

mod cargo;
pub(crate) mod pytest;
pub(crate) mod vitest;

use pact_core::model::CaseStatus;
use pact_core::model::Language;

use crate::process::{Outcome, Plan};
use crate::workspace::{Layout, Workspace, WorkspaceError};
use crate::{HarnessError, Job, Settings};

pub use cargo::CargoRunner;
pub use pytest::PytestRunner;
pub use vitest::VitestRunner;

pub trait Runner {
    /// The runner's name in messages.
    fn name(&self) -> &'static str;
    /// Fails with an install instruction when the runner is missing.
    fn check_available(&self, settings: &Settings) -> Result<(), HarnessError>;
    fn layout(&self, job: &Job<'_>) -> Result<Layout, WorkspaceError>;
    fn plan(
        &self,
        space: &Workspace,
        job: &Job<'_>,
        settings: &Settings,
    ) -> Result<Plan, HarnessError>;
    /// Reads the report the runner wrote outside the workspace. Never reads
    /// results from the process's console output.
    fn read_report(&self, space: &Workspace, outcome: &Outcome) -> Report;
}

pub fn for_language(language: Language) -> Box<dyn Runner> {
    match language {
        Language::Python => Box::new(PytestRunner),
        Language::Typescript | Language::Javascript => Box::new(VitestRunner { language }),
        Language::Rust => Box::new(CargoRunner),
    }
}

/// What a runner's report says.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The runner ran tests and reported each.
    Cases(Vec<RawCase>),
    /// The suite could not be collected or compiled.
    CollectionError(String),
    /// The runner left no report: why, as far as the output tells.
    Missing(String),
}

/// One test as the runner reported it, before matching to the suite.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCase {
    /// The runner's name for the test.
    pub id: String,
    /// Other spellings a suite may use for it (`Class::test`, `describe > it`).
    pub aliases: Vec<String>,
    pub status: CaseStatus,
    pub duration_ms: u64,
    pub message: String,
    pub stdout: String,
    pub stderr: String,
}

impl RawCase {
    pub fn new(id: impl Into<String>, status: CaseStatus) -> Self {
        Self {
            id: id.into(),
            aliases: Vec::new(),
            status,
            duration_ms: 0,
            message: String::new(),
            stdout: String::new(),
            stderr: String::new(),
        }
    }
}

/// The tail of a runner's console output, for messages about missing reports.
pub fn output_tail(outcome: &Outcome) -> String {
    let mut text = outcome.stderr.trim_end().to_owned();
    if text.is_empty() {
        text = outcome.stdout.trim_end().to_owned();
    }
    crate::text::tail(&text, crate::text::OUTPUT_LIMIT)
}
