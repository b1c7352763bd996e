//! `pact-goodhart`: hidden tests: storage, isolated runs, graduated hints, leak checks.
//!
//! Not built yet: the binary exists so that `pact --list`, `--help` and
//! `--version` work, and says plainly that its work is not available.

use std::ffi::OsString;

use clap::Parser;
use pact_core::{Code, Failure};

/// Keeps the hidden (Goodhart) tests away from implementing agents, runs them in isolation, and turns their failures into hints that never leak test content.
#[derive(Debug, Parser)]
#[command(name = "pact-goodhart", version = pact_core::VERSION, about, long_about = None)]
pub struct Cli {
    /// Arguments of the commands to come.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<OsString>,
}

/// Runs the binary: anything but `--help` and `--version` is not built yet.
pub fn main() -> Result<Code, Failure> {
    let _cli = Cli::parse();
    Err(Failure::not_built("pact-goodhart"))
}
