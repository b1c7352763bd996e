//! `pact-goodhart`: hidden (Goodhart) tests — listing and running them through
//! the harness, graduated hints that never disclose test content, and the
//! leak check every agent-bound text passes. Also runs the visible suites
//! (`pact-goodhart test`), since both go through the same harness.

pub mod cli;
pub mod hints;
pub mod judge;
pub mod render;

pub use cli::main;

use pact_core::{Categorized, Code};

impl Categorized for judge::JudgeError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Project(e) => e.exit_code(),
            Self::Harness(e) => e.exit_code(),
        }
    }
}

impl Categorized for hints::HintError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Exhausted { .. } => Code::BudgetExhausted,
            Self::ZeroAttempt => Code::Usage,
        }
    }
}
