//! Running a project's suites through the harness.

use std::path::PathBuf;

use pact_core::id::ComponentId;
use pact_core::model::{ComponentContract, TestResults, TestRun, TestSuite, Timestamp, Visibility};
use pact_harness::{HarnessError, Job, Settings};

use pact_project::{OpenProject as Project, ProjectError};

#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Harness(#[from] HarnessError),
}

/// Runs each suite against `src/<id>/`, with the contract's dependencies'
/// implementations beside it.
pub fn run_suites(
    project: &Project,
    visibility: Visibility,
    suites: &[TestSuite],
    settings: &Settings,
) -> Result<TestRun, JudgeError> {
    let mut results = Vec::new();
    for suite in suites {
        results.push(run_one(project, suite, settings)?);
    }
    Ok(TestRun::new(visibility, results))
}

fn run_one(
    project: &Project,
    suite: &TestSuite,
    settings: &Settings,
) -> Result<TestResults, JudgeError> {
    let id = &suite.component_id;
    let implementation = project.layout.component_src(id);
    if !implementation.is_dir() {
        let mut results = TestResults::new(
            id.clone(),
            suite.visibility,
            suite.runner,
            Vec::new(),
            Some(format!(
                "no implementation at {} to run the suite against",
                implementation.display()
            )),
        );
        results.started_at = Some(Timestamp::now());
        return Ok(results);
    }
    let contract = project.contract(id)?;
    let mut job = Job::new(suite, &implementation);
    if let Some(contract) = &contract {
        job.dependencies = dependencies(project, contract);
    }
    // With the contract, the harness checks structured cases independently.
    job.contract = contract.as_ref();
    Ok(pact_harness::run(&job, settings)?)
}

fn dependencies(project: &Project, contract: &ComponentContract) -> Vec<(ComponentId, PathBuf)> {
    contract
        .dependencies
        .iter()
        .filter_map(|dep| ComponentId::new(dep.as_str()).ok())
        .map(|dep| {
            let dir = project.layout.component_src(&dep);
            (dep, dir)
        })
        .filter(|(_, dir)| dir.is_dir())
        .collect()
}
