//! `pact-validate`: the mechanical gate over a project's tree, contracts and
//! tests, SHA-256 baselines and drift, and tamper-evident certification.
//!
//! The library is usable on its own: [`pact_project::load`] reads a project,
//! [`gate::run`] returns its findings, [`fix::stub_undefined_types`] repairs
//! undefined type names, [`baseline`] records and
//! compares baselines, and [`certify`] writes and verifies certifications.

pub mod baseline;
pub mod certify;
pub mod codes;
pub mod error;
pub mod fix;
pub mod gate;
pub mod report;

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use pact_core::cli::ProjectArg;
use pact_core::document::to_canonical_json;
use pact_core::model::GateResult;
use pact_core::{Code, Failure};

pub use error::ValidateError;

/// Checks a project's contracts, tests and tree mechanically, records SHA-256 baselines, reports drift, and certifies and verifies finished projects.
#[derive(Debug, Parser)]
#[command(
    name = "pact-validate",
    version = pact_core::VERSION,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The gate (the default command).
#[derive(Debug, Clone, Args)]
pub struct GateArgs {
    #[command(flatten)]
    pub project: pact_core::cli::ProjectOrStdinArg,
    /// Print the `pact.gate_result` document instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Add stub types for undefined type names to the contracts (reported as V090).
    #[arg(long)]
    pub fix: bool,
    /// Treat this warning code as an error, e.g. `--deny V062` for authority overlaps (repeatable).
    #[arg(long, value_name = "CODE")]
    pub deny: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record SHA-256 hashes of every contract, suite and implementation file in .pact/baselines/.
    Baseline {
        #[command(flatten)]
        project: ProjectArg,
    },
    /// Compare the project with its baseline: changed artifacts, missing revision bumps, stale implementations.
    Drift {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the findings as a `pact.gate_result` document instead of the report.
        #[arg(long)]
        json: bool,
        /// Days after which an unchanged component is `aging`.
        #[arg(long, default_value_t = baseline::AGING_DAYS)]
        aging_days: u32,
    },
    /// Write certification/certification.json: every artifact with its hash and the results it passed.
    Certify {
        #[command(flatten)]
        project: ProjectArg,
        /// `pact.test_results` documents to certify with (repeatable).
        #[arg(long = "results", value_name = "FILE")]
        results: Vec<PathBuf>,
    },
    /// Recompute every hash of the certification and fail when anything changed.
    Verify {
        #[command(flatten)]
        project: ProjectArg,
        /// Print the findings as a `pact.gate_result` document.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    match cli.command {
        None => run_gate(&cli.gate),
        Some(Command::Baseline { project }) => baseline::run_baseline(&project.dir()?),
        Some(Command::Drift {
            project,
            json,
            aging_days,
        }) => baseline::run_drift(&project.dir()?, json, aging_days),
        Some(Command::Certify { project, results }) => {
            certify::run_certify(&project.dir()?, &results)
        }
        Some(Command::Verify { project, json }) => certify::run_verify(&project.dir()?, json),
    }
}

fn run_gate(args: &GateArgs) -> Result<Code, Failure> {
    let mut deny = BTreeSet::new();
    for code in &args.deny {
        let code = code.trim().to_uppercase();
        if codes::find(&code).is_none() {
            return Err(
                Failure::new(Code::Usage, format!("--deny: unknown check code `{code}`"))
                    .hint("the codes are listed in docs/PROTOCOL.md under `pact-validate`"),
            );
        }
        deny.insert(code);
    }
    let root = args.project.dir()?;
    let from_stdin = root.as_os_str() == "-";
    if from_stdin && args.fix {
        return Err(Failure::new(
            Code::Usage,
            "--fix rewrites contracts in a project; it cannot be used with `-`",
        ));
    }
    let opts = gate::Options {
        deny,
        partial: from_stdin,
    };
    let mut project = if from_stdin {
        let bytes = pact_core::Source::Stdin
            .read_bytes()
            .map_err(pact_core::input::ReadError::from)
            .map_err(ValidateError::Read)?;
        pact_project::load::from_documents(&bytes)?
    } else {
        pact_project::load::load(&root)?
    };
    let mut stubs = Vec::new();
    if args.fix {
        stubs = fix::stub_undefined_types(&mut project)?;
    }
    let mut findings = gate::run(&project, &opts);
    findings.extend(fix::findings(&stubs, &opts));
    gate::sort(&mut findings);
    let result = GateResult::new(findings, args.strict);
    if args.json {
        pact_core::cli::emit(to_canonical_json(&result))?;
    } else {
        let paint = pact_core::term::Paint::for_stream(pact_core::term::Stream::Stdout);
        pact_core::cli::emit(report::gate(&result, &root, paint))?;
    }
    Ok(if result.passed {
        Code::Success
    } else {
        Code::CheckFailed
    })
}

/// Runs the gate on a project directory: load, then check (no `--fix`).
pub fn validate(
    root: &std::path::Path,
    opts: &gate::Options,
    strict: bool,
) -> Result<GateResult, ValidateError> {
    let project = pact_project::load::load(root)?;
    Ok(GateResult::new(gate::run(&project, opts), strict))
}
