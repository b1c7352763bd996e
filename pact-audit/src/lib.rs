//! `pact-audit`: does the plan cover the spec: requirements coverage, analysis, checklist, tasks.
//!
//! Not built yet: the binary exists so that `pact --list`, `--help` and
//! `--version` work, and says plainly that its work is not available.

use std::ffi::OsString;

use clap::Parser;
use pact_core::{Code, Failure};

/// Extracts requirements from task.md and checks, mechanically and explainably, that the contracts and tests cover them.
#[derive(Debug, Parser)]
#[command(name = "pact-audit", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// Arguments of the commands to come.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<OsString>,
}

/// Runs the binary: anything but `--help` and `--version` is not built yet.
pub fn main() -> Result<Code, Failure> {
    let _cli = Cli::parse();
    Err(Failure::not_built("pact-audit"))
}
