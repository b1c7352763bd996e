//! `pact-llm`: model providers, the spending ledger, and the LLM stages.
//!
//! The library: [`request`] (what a call asks and gets), [`wire`] (each
//! provider's HTTP format), [`http`] (the transport), [`retry`] (backoff),
//! [`provider`] (the `Provider` trait and HTTP providers), [`route`] (which
//! provider, model and key serve a role), [`budget`] (prices, caps and the
//! ledger), [`call`] (one call under the budget), [`report`] and [`command`]
//! (the subcommands).

pub mod agent_cli;
pub mod budget;
pub mod call;
pub mod cassette;
pub mod command;
pub mod error;
pub mod http;
pub mod provider;
pub mod report;
pub mod request;
pub mod retry;
pub mod route;
pub mod stage;
pub mod structured;
pub mod wire;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use pact_core::{Code, Failure};

use crate::command::Project;
use crate::stage::StageArgs;

/// Calls model providers (Anthropic, OpenAI, Gemini, OpenAI-compatible local servers) under a hard budget: every call's worst case is reserved against every cap before it is sent.
#[derive(Debug, Parser)]
#[command(name = "pact-llm", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// The project directory (default: the nearest directory upwards with
    /// pact.yaml or .pact/, else the working directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make one model call from a `pact.llm_request` document and print the `pact.llm_response`.
    Call {
        /// The request document, or `-` for stdin.
        input: Option<PathBuf>,
        /// The run the cost is counted under (default: $PACT_RUN_ID, else this process).
        #[arg(long, value_name = "ID")]
        run: Option<String>,
        /// Print the exact HTTP request (credentials redacted) instead of sending it.
        #[arg(long)]
        dry_run: bool,
        /// Answer from this cassette (JSONL) instead of any provider; a request it has no answer for fails, naming the closest recorded one.
        #[arg(long, value_name = "CASSETTE", conflicts_with = "record")]
        replay: Option<PathBuf>,
        /// Append every answer to this cassette (requests and responses only; never keys or headers).
        #[arg(long, value_name = "CASSETTE")]
        record: Option<PathBuf>,
    },
    /// Show spending by stage, component, model and window against every cap.
    Budget {
        /// Show this run's cap line (default: the latest run).
        #[arg(long, value_name = "ID")]
        run: Option<String>,
        /// Print the `pact.budget_report` document.
        #[arg(long)]
        json: bool,
    },
    /// Show the price table in effect (built-in prices and pact.yaml overrides).
    Pricing {
        /// Print the `pact.price_table` document.
        #[arg(long)]
        json: bool,
    },
    /// Interview the task: risks, ambiguities, typed questions, assumptions, acceptance criteria (prints `pact.interview`).
    Interview {
        /// A `pact.task` document, or `-` (default: the project's task.md and sops.md).
        task: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Shape the task at `shaping.depth`: problem, appetite, breadboard, rabbit holes, no-gos (prints `pact.shape`).
    Shape {
        /// A `pact.task` document, or `-` (default: the project's task.md and sops.md).
        task: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Decompose the task into a component tree under `build_mode` (prints `pact.tree`).
    Decompose {
        /// A `pact.task` document, or `-` (default: the project's task.md and sops.md).
        task: Option<PathBuf>,
        /// The interview to take answers and assumptions from (default: decomposition/interview.json if present).
        #[arg(long, value_name = "FILE")]
        interview: Option<PathBuf>,
        /// The shaped task (default: decomposition/shape.json if present).
        #[arg(long, value_name = "FILE")]
        shape: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Write a component's contract, its children's contracts in context (prints `pact.contract`).
    Contract {
        /// The component's id.
        #[arg(long, value_name = "ID")]
        component: String,
        /// The tree (default: decomposition/tree.json).
        #[arg(long, value_name = "FILE")]
        tree: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Write a component's visible test suite, or with --hidden its hidden adversarial one (prints `pact.test_suite`).
    Tests {
        /// The component's contract, or `-`.
        contract: PathBuf,
        /// Write the hidden (Goodhart) suite the implementer never sees.
        #[arg(long)]
        hidden: bool,
        /// The visible suite, so hidden tests do not repeat it.
        #[arg(long, value_name = "FILE", requires = "hidden")]
        visible: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Implement a component from its handoff brief (prints `pact.implementation`; paths outside src/<id>/ are rejected).
    Implement {
        /// The component's id.
        #[arg(long, value_name = "ID")]
        component: String,
        /// The handoff brief (Markdown), or `-` for stdin.
        brief: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Write a parent's glue from its children's contracts (prints `pact.implementation`).
    Integrate {
        /// The parent component's id.
        #[arg(long, value_name = "ID")]
        component: String,
        /// The parent's handoff brief (Markdown, or `-`): with it the model sees
        /// the brief's tests, earlier failures and lessons, not only the contract.
        brief: Option<PathBuf>,
        /// The tree (default: decomposition/tree.json).
        #[arg(long, value_name = "FILE")]
        tree: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Diagnose failing tests: implementation, glue, contract or design (prints `pact.diagnosis`).
    Diagnose {
        /// The component's id.
        #[arg(long, value_name = "ID")]
        component: String,
        /// The failing test output, or `-`.
        output: Option<PathBuf>,
        /// The contract (default: contracts/<id>/interface.json).
        #[arg(long, value_name = "FILE")]
        contract: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
    /// Judge the partial and missing requirements of a `pact.audit_review` (prints `pact.audit_verdicts`; `pact-audit --llm` merges them).
    Audit {
        /// The `pact.audit_review` document, or `-` for stdin.
        review: Option<PathBuf>,
        #[command(flatten)]
        stage: StageArgs,
    },
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    match cli.command {
        Command::Call {
            input,
            run,
            dry_run,
            replay,
            record,
        } => {
            let project = Project::open(cli.project.as_deref())?;
            let tape = command::Tape {
                replay: replay.as_deref(),
                record: record.as_deref(),
            };
            command::call(&project, input.as_deref(), run.as_deref(), dry_run, tape)
        }
        Command::Budget { run, json } => command::budget(
            &Project::open(cli.project.as_deref())?,
            run.as_deref(),
            json,
        ),
        Command::Pricing { json } => {
            command::pricing(&Project::open(cli.project.as_deref())?, json)
        }
        Command::Interview { task, stage } => stage::interview::run(
            &Project::open(cli.project.as_deref())?,
            task.as_deref(),
            &stage,
        ),
        Command::Shape { task, stage } => stage::shape::run(
            &Project::open(cli.project.as_deref())?,
            task.as_deref(),
            &stage,
        ),
        Command::Decompose {
            task,
            interview,
            shape,
            stage,
        } => stage::decompose::run(
            &Project::open(cli.project.as_deref())?,
            task.as_deref(),
            interview.as_deref(),
            shape.as_deref(),
            &stage,
        ),
        Command::Contract {
            component,
            tree,
            stage,
        } => stage::contract::run(
            &Project::open(cli.project.as_deref())?,
            &component,
            tree.as_deref(),
            &stage,
        ),
        Command::Tests {
            contract,
            hidden,
            visible,
            stage,
        } => stage::tests::run(
            &Project::open(cli.project.as_deref())?,
            &contract,
            hidden,
            visible.as_deref(),
            &stage,
        ),
        Command::Implement {
            component,
            brief,
            stage,
        } => stage::implement::run(
            &Project::open(cli.project.as_deref())?,
            &component,
            brief.as_deref(),
            &stage,
        ),
        Command::Integrate {
            component,
            brief,
            tree,
            stage,
        } => stage::integrate::run(
            &Project::open(cli.project.as_deref())?,
            &component,
            brief.as_deref(),
            tree.as_deref(),
            &stage,
        ),
        Command::Diagnose {
            component,
            output,
            contract,
            stage,
        } => stage::diagnose::run(
            &Project::open(cli.project.as_deref())?,
            &component,
            output.as_deref(),
            contract.as_deref(),
            &stage,
        ),
        Command::Audit { review, stage } => stage::audit::run(
            &Project::open(cli.project.as_deref())?,
            review.as_deref(),
            &stage,
        ),
    }
}
