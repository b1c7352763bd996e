//! The steps of the pipeline: which stage process each runs, where its output
//! goes, and which document kind that output must be.

use std::fmt;
use std::path::PathBuf;

use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::model::Phase;

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepKind {
    Interview,
    /// Only when `shaping.enabled`.
    Shape,
    Decompose,
    Contract,
    Tests,
    Hidden,
    Gate,
    /// Implement and test one component until it passes (see `build`).
    Implement,
    Certify,
}

/// One step: a kind, for one component or for the whole project.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Step {
    pub kind: StepKind,
    pub component: Option<ComponentId>,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.component {
            Some(c) => write!(f, "{}:{c}", self.kind.name()),
            None => f.write_str(self.kind.name()),
        }
    }
}

impl StepKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Interview => "interview",
            Self::Shape => "shape",
            Self::Decompose => "decompose",
            Self::Contract => "contract",
            Self::Tests => "tests",
            Self::Hidden => "hidden-tests",
            Self::Gate => "gate",
            Self::Implement => "implement",
            Self::Certify => "certify",
        }
    }

    pub fn phase(self) -> Phase {
        match self {
            Self::Interview => Phase::Interview,
            Self::Shape => Phase::Shape,
            Self::Decompose => Phase::Decompose,
            Self::Contract => Phase::Contract,
            Self::Tests | Self::Hidden => Phase::Tests,
            Self::Gate => Phase::Gate,
            Self::Implement => Phase::Implement,
            Self::Certify => Phase::Certify,
        }
    }

    /// The `kind` the step's output document must have.
    pub fn output_kind(self) -> &'static str {
        match self {
            Self::Interview => "pact.interview",
            Self::Shape => "pact.shape",
            Self::Decompose => "pact.tree",
            Self::Contract => "pact.contract",
            Self::Tests | Self::Hidden => "pact.test_suite",
            Self::Gate => "pact.gate_result",
            Self::Implement => "",
            Self::Certify => "pact.certification",
        }
    }

    /// Whether the step calls a model (and so may cost money).
    pub fn is_paid(self) -> bool {
        !matches!(self, Self::Gate | Self::Certify)
    }

    /// Whether the step's stdout is its output (else the stage writes its own).
    pub fn stdout_is_output(self) -> bool {
        !matches!(self, Self::Implement | Self::Certify)
    }
}

impl Step {
    pub fn project(kind: StepKind) -> Self {
        Self {
            kind,
            component: None,
        }
    }

    pub fn of(kind: StepKind, component: &ComponentId) -> Self {
        Self {
            kind,
            component: Some(component.clone()),
        }
    }

    /// Where the step's output is written; its existence means the step is done.
    pub fn output(&self, layout: &ProjectLayout) -> PathBuf {
        let id = |c: &Option<ComponentId>| {
            c.clone()
                .unwrap_or_else(|| unreachable!("component steps always have a component"))
        };
        match self.kind {
            StepKind::Interview => layout.interview(),
            StepKind::Shape => layout.shape(),
            StepKind::Decompose => layout.tree(),
            StepKind::Contract => layout.contract(&id(&self.component)),
            StepKind::Tests => layout.visible_suite(&id(&self.component)),
            StepKind::Hidden => layout.hidden_suite(&id(&self.component)),
            StepKind::Gate => layout.gate_result(),
            StepKind::Implement => layout.build_record(&id(&self.component)),
            StepKind::Certify => layout.certification(),
        }
    }
}
