//! The steps of the pipeline: which stage process each runs, where its output
//! goes, and which document kind that output must be.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

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

    /// The stage program (`pact-<name>`) the step runs.
    pub fn program(self) -> &'static str {
        match self {
            Self::Gate | Self::Certify => "validate",
            Self::Implement => "handoff",
            _ => "llm",
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
            StepKind::Gate => gate_result(layout),
            StepKind::Implement => super::build::passed_marker(layout, &id(&self.component)),
            StepKind::Certify => layout.certification(),
        }
    }

    /// The arguments of the stage program.
    pub fn args(&self, layout: &ProjectLayout, tape: &Tape, run_id: &str) -> Vec<String> {
        let root = layout.root().display().to_string();
        let mut args: Vec<String> = match self.kind {
            StepKind::Gate => return vec![root, "--json".into()],
            StepKind::Certify => return vec!["certify".into(), root],
            // A build runs several programs itself (see `build`).
            StepKind::Implement => return Vec::new(),
            _ => vec!["--project".into(), root],
        };
        let path = |p: PathBuf| p.display().to_string();
        match (&self.kind, &self.component) {
            (StepKind::Interview, _) => args.push("interview".into()),
            (StepKind::Shape, _) => args.push("shape".into()),
            (StepKind::Decompose, _) => args.push("decompose".into()),
            (StepKind::Contract, Some(c)) => {
                args.extend(["contract".into(), "--component".into(), c.to_string()]);
            }
            (StepKind::Tests, Some(c)) => {
                args.extend(["tests".into(), path(layout.contract(c))]);
            }
            (StepKind::Hidden, Some(c)) => args.extend([
                "tests".into(),
                path(layout.contract(c)),
                "--hidden".into(),
                "--visible".into(),
                path(layout.visible_suite(c)),
            ]),
            _ => unreachable!("component steps always have a component"),
        }
        args.extend(["--run".into(), run_id.to_owned()]);
        if let Some(replay) = &tape.replay {
            args.extend(["--replay".into(), path(replay.clone())]);
        }
        if let Some(record) = &tape.record {
            args.extend(["--record".into(), path(record.clone())]);
        }
        args
    }

    /// The process for this step.
    pub fn command(
        &self,
        program: &Path,
        layout: &ProjectLayout,
        tape: &Tape,
        run_id: &str,
    ) -> Command {
        let mut command = Command::new(program);
        command
            .args(self.args(layout, tape, run_id))
            .env("PACT_RUN_ID", run_id)
            .current_dir(layout.root());
        command
    }
}

/// Where the gate's `pact.gate_result` is kept.
pub fn gate_result(layout: &ProjectLayout) -> PathBuf {
    layout.state_dir().join("gate.json")
}

/// Where model answers come from besides the configured providers.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    /// Answer every model call from this cassette (offline, free).
    pub replay: Option<PathBuf>,
    /// Append every answer to this cassette.
    pub record: Option<PathBuf>,
}
