//! The one exit-code table shared by every Pact binary.

use std::process::ExitCode;

/// Why a Pact program exited. The numbers are part of the public interface
/// (docs/PROTOCOL.md) and never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// Success.
    Success,
    /// The command worked and its check failed: findings at or above
    /// `--fail-on`, a failed gate, failing tests, a verification mismatch.
    CheckFailed,
    /// Wrong arguments, an unknown subcommand, or an action that needs `--force`.
    Usage,
    /// An input file or document is missing, unreadable or invalid.
    BadInput,
    /// A model provider or the network failed (after retries), or rejected the request.
    Provider,
    /// A spending cap would be exceeded; nothing was sent.
    BudgetExhausted,
    /// The command exists but is not built in this version.
    NotBuilt,
    /// The target is in use or already exists: another run holds the project
    /// lock, or a file would be overwritten.
    Conflict,
    /// The environment is missing something: a tool (pytest, node, cargo), a
    /// writable directory, free disk space.
    Environment,
    /// Interrupted by Ctrl-C (SIGINT).
    Interrupted,
    /// A bug in Pact. Please report it.
    Internal,
}

impl Code {
    /// Every code, in table order.
    pub const ALL: [Self; 11] = [
        Self::Success,
        Self::CheckFailed,
        Self::Usage,
        Self::BadInput,
        Self::Provider,
        Self::BudgetExhausted,
        Self::NotBuilt,
        Self::Conflict,
        Self::Environment,
        Self::Interrupted,
        Self::Internal,
    ];

    pub const fn number(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::CheckFailed => 1,
            Self::Usage => 2,
            Self::BadInput => 3,
            Self::Provider => 4,
            Self::BudgetExhausted => 5,
            Self::NotBuilt => 6,
            Self::Conflict => 7,
            Self::Environment => 8,
            Self::Interrupted => 130,
            Self::Internal => 70,
        }
    }

    /// The short name used in docs and JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::CheckFailed => "check_failed",
            Self::Usage => "usage",
            Self::BadInput => "bad_input",
            Self::Provider => "provider",
            Self::BudgetExhausted => "budget_exhausted",
            Self::NotBuilt => "not_built",
            Self::Conflict => "conflict",
            Self::Environment => "environment",
            Self::Interrupted => "interrupted",
            Self::Internal => "internal",
        }
    }

    pub const fn meaning(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::CheckFailed => {
                "the check ran and failed (findings at --fail-on, gate failed, tests failed, verification mismatch)"
            }
            Self::Usage => "bad arguments, unknown subcommand, or an action that needs --force",
            Self::BadInput => "an input file or document is missing, unreadable or invalid",
            Self::Provider => "a model provider or the network failed or rejected the request",
            Self::BudgetExhausted => "a spending cap would be exceeded; nothing was sent",
            Self::NotBuilt => "the command is not built in this version",
            Self::Conflict => {
                "the target is in use (project locked by another run) or already exists"
            }
            Self::Environment => {
                "the environment lacks something needed (a tool, a writable directory)"
            }
            Self::Interrupted => "interrupted by Ctrl-C",
            Self::Internal => "internal error: a bug in Pact",
        }
    }
}

impl From<Code> for ExitCode {
    fn from(code: Code) -> Self {
        ExitCode::from(code.number())
    }
}
