//! `pact-adopt`: smoke tests and contract skeletons for existing code, from its syntax tree.
//!
//! Not built yet: the binary exists so that `pact --list`, `--help` and
//! `--version` work, and says plainly that its work is not available.

use std::ffi::OsString;

use clap::Parser;
use pact_core::{Code, Failure};

/// Brings an existing codebase under contract without an LLM and without running its code: smoke tests for every public item and contract skeletons derived from signatures.
#[derive(Debug, Parser)]
#[command(name = "pact-adopt", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// Arguments of the commands to come.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<OsString>,
}

/// Runs the binary: anything but `--help` and `--version` is not built yet.
pub fn main() -> Result<Code, Failure> {
    let _cli = Cli::parse();
    Err(Failure::not_built("pact-adopt"))
}
