//! `pact-handoff`: the brief each implementing agent sees, within a token budget.
//!
//! Not built yet: the binary exists so that `pact --list`, `--help` and
//! `--version` work, and says plainly that its work is not available.

use std::ffi::OsString;

use clap::Parser;
use pact_core::{Code, Failure};

/// Renders the brief an implementing agent receives: the interface stub in the project's language, dependency contracts, visible tests, standards and prior failures, within a token budget.
#[derive(Debug, Parser)]
#[command(name = "pact-handoff", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// Arguments of the commands to come.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<OsString>,
}

/// Runs the binary: anything but `--help` and `--version` is not built yet.
pub fn main() -> Result<Code, Failure> {
    let _cli = Cli::parse();
    Err(Failure::not_built("pact-handoff"))
}
