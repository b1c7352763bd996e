//! Why a step stopped without its output: the one error of builds,
//! competitions and scheduled steps. The scheduler routes on it (a gate that
//! found problems, a spent budget, a diagnosis's root cause) and the run's
//! exit code comes from it through [`Categorized`].

use pact_core::Code;
use pact_core::cli::Categorized;
use pact_core::model::RootCause;

use crate::stages::StageError;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StepFailure {
    pub cause: Cause,
    pub message: String,
    /// Every attempt failed and a diagnosis named this root cause: the
    /// scheduler routes the component back (see `scheduler::settle`).
    pub route: Option<RootCause>,
}

/// Who failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A stage process ran and exited with this status (`None`: a signal
    /// ended it). Its exit code is the stage's verdict (docs/PROTOCOL.md).
    Stage(Option<i32>),
    /// Pact itself, around the stages (files, the audit log, a lost thread),
    /// or a build whose attempts all failed (`Code::CheckFailed`).
    Pact(Code),
}

impl StepFailure {
    fn new(cause: Cause, message: impl Into<String>) -> Self {
        Self {
            cause,
            message: message.into(),
            route: None,
        }
    }

    /// A stage process that exited with `status`.
    pub fn stage(status: Option<i32>, message: impl Into<String>) -> Self {
        Self::new(Cause::Stage(status), message)
    }

    /// A file or directory Pact could not read or write.
    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(Cause::Pact(Code::Environment), message)
    }

    /// Something that cannot happen unless Pact has a bug (a stage broke its
    /// protocol, a thread vanished).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Cause::Pact(Code::Internal), message)
    }

    /// A document a stage gave (a model's answer) that cannot be used.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(Cause::Pact(Code::BadInput), message)
    }

    /// The work was done and judged, and it failed: no attempt passed.
    pub fn check_failed(message: impl Into<String>) -> Self {
        Self::new(Cause::Pact(Code::CheckFailed), message)
    }

    /// Sends the component back to where a diagnosis found the fault.
    pub fn routed(mut self, cause: RootCause) -> Self {
        self.route = Some(cause);
        self
    }

    /// The exit status the audit log records and the health check counts
    /// (`None`: a stage ended by a signal).
    pub fn status(&self) -> Option<i32> {
        match self.cause {
            Cause::Stage(status) => status,
            Cause::Pact(code) => Some(i32::from(code.number())),
        }
    }
}

impl Categorized for StepFailure {
    fn exit_code(&self) -> Code {
        match self.cause {
            Cause::Stage(status) => status
                .and_then(|n| Code::ALL.into_iter().find(|c| i32::from(c.number()) == n))
                .unwrap_or(Code::Internal),
            Cause::Pact(code) => code,
        }
    }
}

impl From<StageError> for StepFailure {
    fn from(error: StageError) -> Self {
        match error {
            // The stage's own words are the reason: the gate's result, or the
            // tail of its stderr.
            StageError::Failed { exit, message, .. } => Self::stage(exit, message),
            StageError::Missing { .. } | StageError::Spawn { .. } => {
                Self::environment(error.to_string())
            }
            StageError::Output { .. } => Self::internal(error.to_string()),
        }
    }
}

impl From<pact_core::Failure> for StepFailure {
    fn from(failure: pact_core::Failure) -> Self {
        Self::new(Cause::Pact(failure.code()), failure.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_status_is_its_exit_code_and_an_unknown_one_is_a_bug() {
        assert_eq!(
            StepFailure::stage(Some(5), "").exit_code(),
            Code::BudgetExhausted
        );
        assert_eq!(
            StepFailure::stage(Some(1), "").exit_code(),
            Code::CheckFailed
        );
        assert_eq!(StepFailure::stage(Some(99), "").exit_code(), Code::Internal);
        assert_eq!(StepFailure::stage(None, "").exit_code(), Code::Internal);
        assert_eq!(StepFailure::stage(None, "").status(), None);
        assert_eq!(StepFailure::environment("").status(), Some(8));
    }
}
