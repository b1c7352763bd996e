//! `pact-llm`: model providers, the spending ledger, and the LLM stages.
//!
//! The library: [`request`] (what a call asks and gets), [`wire`] (each
//! provider's HTTP format), [`http`] (the transport), [`retry`] (backoff),
//! [`provider`] (the `Provider` trait and HTTP providers), [`route`] (which
//! provider, model and key serve a role), [`budget`] (prices, caps and the
//! ledger).

pub mod budget;
pub mod call;
pub mod error;
pub mod http;
pub mod provider;
pub mod request;
pub mod retry;
pub mod route;
pub mod wire;

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
