//! `pact-llm`: model providers, the spending ledger, and the LLM stages.
//!
//! Not built yet: the binary exists so that `pact --list`, `--help` and
//! `--version` work, and says plainly that its work is not available.

use std::ffi::OsString;

use clap::Parser;
use pact_core::{Code, Failure};

/// Calls model providers (Anthropic, OpenAI, Gemini, OpenAI-compatible local servers, agent CLIs, replay cassettes) under a hard budget, for the stages interview, shape, decompose, contract, tests, implement, integrate and diagnose.
#[derive(Debug, Parser)]
#[command(name = "pact-llm", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// Arguments of the commands to come.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<OsString>,
}

/// Runs the binary: anything but `--help` and `--version` is not built yet.
pub fn main() -> Result<Code, Failure> {
    let _cli = Cli::parse();
    Err(Failure::not_built("pact-llm"))
}
