//! `pact-harness`: runs one test suite against one implementation so that the
//! implementation cannot edit, skip or fake the tests that judge it.
//!
//! The steps, one module each:
//! 1. [`workspace`]: a fresh temporary workspace holding copies of the tests,
//!    the harness's own runner files and the implementation; the test files
//!    are hashed before and after the run.
//! 2. [`process`]: the runner runs in its own process group with a minimal
//!    environment, a timeout and (where the OS allows) a memory limit, and is
//!    killed with its children when the time is up.
//! 3. [`runner`]: per language, the command (pytest, vitest, cargo test) and
//!    the parser of the runner's machine-readable report, written to a
//!    directory outside the workspace.
//! 4. [`verdict`]: the report is matched to the suite's cases; skipped, xfail,
//!    todo, missing and zero-collected tests are failures.
//! 5. [`independent`]: every pass of a structured case is replayed by the
//!    harness's own driver in a separate sandboxed process and compared in
//!    Rust; a pass it does not confirm makes the run `tampered`.

pub mod independent;
pub mod process;
pub mod runner;
pub mod sandbox;
pub mod settings;
pub mod text;
pub mod verdict;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::time::Instant;

use pact_core::id::ComponentId;
use pact_core::model::ComponentContract;
use pact_core::model::TestResults;
use pact_core::model::TestSuite;
use pact_core::model::Timestamp;

pub use settings::Settings;

/// What to run: one suite against one implementation directory.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub suite: &'a TestSuite,
    /// The implementation's directory (`src/<id>/` in a project).
    pub implementation: &'a Path,
    /// Other components' implementations the code imports, copied beside it.
    pub dependencies: Vec<(ComponentId, PathBuf)>,
    /// The component's contract: with it, structured cases are checked
    /// independently of the runner (see [`independent`]).
    pub contract: Option<&'a ComponentContract>,
}

impl<'a> Job<'a> {
    pub fn new(suite: &'a TestSuite, implementation: &'a Path) -> Self {
        Self {
            suite,
            implementation,
            dependencies: Vec::new(),
            contract: None,
        }
    }
}

/// Why a suite could not be run at all (as opposed to running and failing).
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("implementation directory {0} does not exist or is not a directory")]
    NoImplementation(PathBuf),
    #[error("{0}")]
    Workspace(#[from] workspace::WorkspaceError),
    #[error("{runner} is not available: {detail}")]
    RunnerMissing {
        runner: &'static str,
        detail: String,
        /// What the user should install, in one line.
        install: String,
    },
    #[error("cannot start {program}: {error}")]
    Spawn {
        program: String,
        error: std::io::Error,
    },
    #[error("waiting for the test process failed: {0}")]
    Wait(std::io::Error),
    #[error("the suite's test file name {0:?} is not a plain file name")]
    BadFileName(String),
    #[error(
        "no OS sandbox for the test run: {0}; install bubblewrap (`apt-get install bubblewrap`), or set `tests.sandbox: off` in pact.yaml to run tests unconfined"
    )]
    Sandbox(sandbox::Unavailable),
}

/// Runs the suite against the implementation and returns its results.
///
/// A suite that runs and fails is `Ok` with a failing verdict; `Err` means the
/// run could not happen (missing runner, unreadable implementation).
pub fn run(job: &Job<'_>, settings: &Settings) -> Result<TestResults, HarnessError> {
    if !job.implementation.is_dir() {
        return Err(HarnessError::NoImplementation(
            job.implementation.to_path_buf(),
        ));
    }
    let started_at = Timestamp::now();
    let clock = Instant::now();
    if settings.sandbox {
        // Fail closed, before anything runs.
        sandbox::Sandbox::probe().map_err(HarnessError::Sandbox)?;
    }
    let runner = runner::for_language(job.suite.language);
    runner.check_available(settings)?;
    let space = workspace::Workspace::create(job, runner.as_ref())?;
    let before = space.hash_tests()?;
    let plan = runner.plan(&space, job, settings)?;
    let outcome = process::execute(&plan, settings)?;
    let after = space.hash_tests()?;
    let report = runner.read_report(&space, &outcome);
    let mut results = verdict::judge(job.suite, report, &outcome, settings);
    if let Some(changed) = workspace::changed_files(&before, &after) {
        results = verdict::tampered(results, &changed);
    }
    // The runner's workspace (and every process in it) is gone before the
    // independent check starts.
    drop(space);
    results.sandboxed = Some(settings.sandbox);
    if let Some(contract) = job.contract {
        results = independent::confirm(job, contract, results, settings)?;
    }
    results.started_at = Some(started_at);
    results.duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(results)
}

impl pact_core::Categorized for HarnessError {
    fn exit_code(&self) -> pact_core::Code {
        match self {
            Self::NoImplementation(_) | Self::BadFileName(_) => pact_core::Code::BadInput,
            Self::Workspace(workspace::WorkspaceError::BadPath(_)) => pact_core::Code::BadInput,
            Self::Workspace(_)
            | Self::RunnerMissing { .. }
            | Self::Spawn { .. }
            | Self::Wait(_)
            | Self::Sandbox(_) => pact_core::Code::Environment,
        }
    }
}
