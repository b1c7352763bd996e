//! The typed client of the stage binaries: the one place a stage's command
//! line is spelled and its output read. Every call is a function here; each
//! document a stage prints is read through its `pact_core` type, so its own
//! checks (a `pact.test_run` whose `passed` contradicts its suites, a budget
//! report with a negative amount) hold before anything acts on it.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pact_core::id::ComponentId;
use pact_core::layout::ProjectLayout;
use pact_core::model::{BudgetReport, Diagnosis, TestResults, TestRun, Visibility};
use pact_core::{Code, Document};

use crate::finder::Finder;
use crate::steps::{Step, StepKind};

/// A stage program Pact drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Llm,
    Validate,
    Handoff,
    Goodhart,
}

impl Stage {
    pub const ALL: [Self; 4] = [Self::Llm, Self::Validate, Self::Handoff, Self::Goodhart];

    /// The stage a pipeline step runs (a build runs several, from `build`).
    pub fn of(kind: StepKind) -> Self {
        match kind {
            StepKind::Gate | StepKind::Certify => Self::Validate,
            StepKind::Implement => Self::Handoff,
            _ => Self::Llm,
        }
    }

    /// The `SUB` of `pact-SUB`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Llm => "llm",
            Self::Validate => "validate",
            Self::Handoff => "handoff",
            Self::Goodhart => "goodhart",
        }
    }
}

/// Why a stage call gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("pact-{stage} is not installed")]
    Missing { stage: &'static str },
    #[error("cannot start {}: {error}", .program.display())]
    Spawn {
        program: PathBuf,
        error: std::io::Error,
    },
    #[error("pact-{stage} {call}: {message}")]
    Failed {
        stage: &'static str,
        call: &'static str,
        /// The stage's exit status; `None` when a signal ended it.
        exit: Option<i32>,
        message: String,
    },
    #[error("pact-{stage} {call} printed no valid document: {message}")]
    Output {
        stage: &'static str,
        call: &'static str,
        message: String,
    },
}

impl pact_core::cli::Categorized for StageError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Missing { .. } | Self::Spawn { .. } => Code::Environment,
            Self::Failed { exit, .. } => exit
                .and_then(|n| Code::ALL.into_iter().find(|c| i32::from(c.number()) == n))
                .unwrap_or(Code::Internal),
            Self::Output { .. } => Code::Internal,
        }
    }
}

/// What one stage process left behind.
#[derive(Debug)]
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Ran {
    pub fn succeeded(&self) -> bool {
        self.code == Some(0)
    }
}

/// Where model answers come from besides the configured providers.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    /// Answer every model call from this cassette (offline, free).
    pub replay: Option<PathBuf>,
    /// Append every answer to this cassette.
    pub record: Option<PathBuf>,
}

/// One visible or hidden suite run of one component, read as a checked
/// `pact.test_run`.
#[derive(Debug)]
pub struct Judged {
    pub passed: bool,
    /// The stage's stdout, kept as evidence.
    pub raw: Vec<u8>,
    /// The component's `pact.test_results`.
    pub results: Vec<u8>,
    pub summary: String,
    pub cases_passed: u64,
    pub cases: u64,
    pub duration_ms: u64,
}

/// The stage programs of one installation.
#[derive(Debug, Clone)]
pub struct Stages {
    programs: BTreeMap<Stage, PathBuf>,
}

impl Stages {
    /// The stages `finder` finds; a missing one fails only when called.
    pub fn find(finder: &Finder) -> Self {
        Self {
            programs: Stage::ALL
                .into_iter()
                .filter_map(|s| finder.find(s.name()).map(|p| (s, p)))
                .collect(),
        }
    }

    /// No stage at all (tests of the scheduler's bookkeeping).
    pub fn none() -> Self {
        Self {
            programs: BTreeMap::new(),
        }
    }

    fn command(&self, stage: Stage) -> Result<Command, StageError> {
        let program = self.programs.get(&stage).ok_or(StageError::Missing {
            stage: stage.name(),
        })?;
        Ok(Command::new(program))
    }

    /// Fails when a stage a run needs is not installed, before anything runs.
    pub fn require(&self, stage: Stage) -> Result<(), StageError> {
        self.command(stage).map(drop)
    }

    /// A pipeline step's stage process (`pact-llm STAGE`, `pact-validate`):
    /// its stdout is the step's output. The gate prints its result and exits
    /// 1 when a check fails: that is `Failed` with the result as message.
    pub fn step(
        &self,
        step: &Step,
        layout: &ProjectLayout,
        tape: &Tape,
        run_id: &str,
        results: &[PathBuf],
    ) -> Result<Vec<u8>, StageError> {
        let stage = Stage::of(step.kind);
        let mut command = self.command(stage)?;
        command
            .args(step_args(step, layout, tape, run_id))
            .env("PACT_RUN_ID", run_id)
            .current_dir(layout.root());
        for file in results {
            command.arg("--results").arg(file);
        }
        let ran = execute(&mut command)?;
        match ran.code {
            Some(0) => Ok(ran.stdout),
            Some(1) if !ran.stdout.is_empty() => Err(StageError::Failed {
                stage: stage.name(),
                call: step.kind.name(),
                exit: Some(1),
                message: String::from_utf8_lossy(&ran.stdout).into_owned(),
            }),
            exit => Err(StageError::Failed {
                stage: stage.name(),
                call: step.kind.name(),
                exit,
                message: last_lines(&ran.stderr, 12),
            }),
        }
    }

    /// `pact-handoff`: the brief of one attempt, with the last failures or
    /// hints it answers.
    pub fn brief(
        &self,
        root: &Path,
        id: &ComponentId,
        attempt: Option<u32>,
        failures: Option<&Path>,
        hints: Option<&Path>,
    ) -> Result<Ran, StageError> {
        let mut command = self.command(Stage::Handoff)?;
        command.arg(root).arg(id.as_str());
        if let Some(attempt) = attempt {
            command.args(["--attempt", &attempt.to_string()]);
        }
        if let Some(f) = failures {
            command.arg("--failures").arg(f);
        }
        if let Some(h) = hints {
            command.arg("--hints").arg(h);
        }
        run(&mut command, None)
    }

    /// `pact-goodhart leak-check`: whether a brief gives away hidden tests.
    pub fn leak_check(&self, root: &Path, brief: &Path) -> Result<Ran, StageError> {
        let mut command = self.command(Stage::Goodhart)?;
        command
            .args(["leak-check", "--project"])
            .arg(root)
            .arg(brief);
        run(&mut command, None)
    }

    /// The model call that writes a component's code from its brief:
    /// `integrate` for a parent, `implement` for a leaf.
    pub fn code(
        &self,
        layout: &ProjectLayout,
        id: &ComponentId,
        parent: bool,
        brief: &Path,
        tape: &Tape,
        run_id: &str,
    ) -> Result<Ran, StageError> {
        let stage = if parent { "integrate" } else { "implement" };
        self.llm_component_call(layout, stage, id, brief, tape, run_id)
    }

    /// `pact-llm diagnose`: why a component's attempts all failed.
    pub fn diagnose(
        &self,
        layout: &ProjectLayout,
        id: &ComponentId,
        evidence: &Path,
        tape: &Tape,
        run_id: &str,
    ) -> Result<(Diagnosis, Vec<u8>), StageError> {
        let ran = self.llm_component_call(layout, "diagnose", id, evidence, tape, run_id)?;
        if !ran.succeeded() {
            return Err(StageError::Failed {
                stage: "llm",
                call: "diagnose",
                exit: ran.code,
                message: last_lines(&ran.stderr, 8),
            });
        }
        let diagnosis = read::<Diagnosis>(&ran.stdout, "llm", "diagnose")?;
        Ok((diagnosis, ran.stdout))
    }

    fn llm_component_call(
        &self,
        layout: &ProjectLayout,
        stage: &str,
        id: &ComponentId,
        input: &Path,
        tape: &Tape,
        run_id: &str,
    ) -> Result<Ran, StageError> {
        let mut command = self.command(Stage::Llm)?;
        command
            .arg("--project")
            .arg(layout.root())
            .args([stage, "--component", id.as_str()])
            .arg(input)
            .args(["--run", run_id])
            .env("PACT_RUN_ID", run_id);
        command.args(tape_args(tape));
        run(&mut command, None)
    }

    /// `pact-goodhart test` (visible) or `run` (hidden) of one component,
    /// read as a checked `pact.test_run` of that visibility and component.
    pub fn judge(
        &self,
        root: &Path,
        id: &ComponentId,
        visibility: Visibility,
    ) -> Result<Judged, StageError> {
        let call = match visibility {
            Visibility::Hidden => "run",
            _ => "test",
        };
        let mut command = self.command(Stage::Goodhart)?;
        command.arg(call).arg(root).arg(id.as_str()).arg("--json");
        let ran = run(&mut command, None)?;
        if !matches!(ran.code, Some(0 | 1)) {
            return Err(StageError::Failed {
                stage: "goodhart",
                call,
                exit: ran.code,
                message: last_lines(&ran.stderr, 8),
            });
        }
        let doc = read::<TestRun>(&ran.stdout, "goodhart", call)?;
        let wrong = |message: String| StageError::Output {
            stage: "goodhart",
            call,
            message,
        };
        if doc.visibility != visibility {
            return Err(wrong(format!("ran the {:?} suites", doc.visibility)));
        }
        let suite: &TestResults = match doc.suites.as_slice() {
            [one] if one.component_id == *id => one,
            [one] => return Err(wrong(format!("ran {}'s suite", one.component_id))),
            _ => return Err(wrong(format!("ran {} suites, not one", doc.suites.len()))),
        };
        // The exit status and the document must tell the same story.
        if doc.passed != (ran.code == Some(0)) {
            return Err(wrong("its exit status contradicts its report".to_owned()));
        }
        let failing: Vec<&str> = suite
            .cases
            .iter()
            .filter(|c| c.status != pact_core::model::CaseStatus::Passed)
            .map(|c| c.id.as_str())
            .collect();
        let verdict = serde_json::to_value(suite.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let summary = match visibility {
            // Hidden case ids never leave the store: only counts are reported.
            Visibility::Hidden => format!("{verdict}, {} case(s) failing", failing.len()),
            _ => format!("{verdict}: {}", failing.join(", ")),
        };
        // Through a `Value`, so the bytes are those the stage wrote (the
        // failures a brief quotes, and so its cassette fingerprint).
        let mut results = serde_json::to_value(suite)
            .and_then(|v| serde_json::to_vec_pretty(&v))
            .unwrap_or_default();
        results.push(b'\n');
        Ok(Judged {
            passed: doc.passed,
            cases_passed: u64::from(suite.summary.passed),
            cases: u64::from(suite.summary.total),
            duration_ms: suite.duration_ms,
            raw: ran.stdout,
            results,
            summary,
        })
    }

    /// `pact-goodhart hints`: the graduated hints for a failed hidden run.
    pub fn hints(
        &self,
        root: &Path,
        id: &ComponentId,
        round: u32,
        results: &Path,
    ) -> Result<Ran, StageError> {
        let mut command = self.command(Stage::Goodhart)?;
        command
            .arg("hints")
            .arg(root)
            .arg(id.as_str())
            .args(["--attempt", &round.to_string(), "--json", "--results"])
            .arg(results);
        run(&mut command, None)
    }

    /// `pact-llm budget --json`: the project's spending, from the ledger's
    /// owner.
    pub fn budget(&self, root: &Path) -> Result<BudgetReport, StageError> {
        let mut command = self.command(Stage::Llm)?;
        command
            .arg("--project")
            .arg(root)
            .args(["budget", "--json"]);
        let ran = run(&mut command, None)?;
        if !ran.succeeded() {
            return Err(StageError::Failed {
                stage: "llm",
                call: "budget",
                exit: ran.code,
                message: last_lines(&ran.stderr, 8),
            });
        }
        read::<BudgetReport>(&ran.stdout, "llm", "budget")
    }
}

/// The command line of an external subcommand (`pact SUB ARGS…`), with the
/// dispatcher's own path in `PACT`.
pub fn external(finder: &Finder, program: &Path, args: &[OsString]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    if let Some(d) = finder.dispatcher() {
        command.env("PACT", d);
    }
    command
}

/// The arguments of a pipeline step's stage program.
fn step_args(step: &Step, layout: &ProjectLayout, tape: &Tape, run_id: &str) -> Vec<OsString> {
    let root = layout.root().as_os_str().to_owned();
    let component = || {
        step.component
            .clone()
            .unwrap_or_else(|| unreachable!("component steps always have a component"))
    };
    let mut args: Vec<OsString> = match step.kind {
        StepKind::Gate => return vec![root, "--json".into()],
        StepKind::Certify => return vec!["certify".into(), root],
        // A build runs several programs itself (see `build`).
        StepKind::Implement => return Vec::new(),
        _ => vec!["--project".into(), root],
    };
    match step.kind {
        StepKind::Interview => args.push("interview".into()),
        StepKind::Shape => args.push("shape".into()),
        StepKind::Decompose => args.push("decompose".into()),
        StepKind::Contract => {
            args.extend([
                "contract".into(),
                "--component".into(),
                component().as_str().into(),
            ]);
        }
        StepKind::Tests => {
            args.extend(["tests".into(), layout.contract(&component()).into()]);
        }
        StepKind::Hidden => {
            let c = component();
            args.extend([
                "tests".into(),
                layout.contract(&c).into(),
                "--hidden".into(),
                "--visible".into(),
                layout.visible_suite(&c).into(),
            ]);
        }
        StepKind::Gate | StepKind::Certify | StepKind::Implement => {}
    }
    args.extend(["--run".into(), run_id.into()]);
    args.extend(tape_args(tape));
    args
}

fn tape_args(tape: &Tape) -> Vec<OsString> {
    let mut args = Vec::new();
    if let Some(replay) = &tape.replay {
        args.extend(["--replay".into(), replay.as_os_str().to_owned()]);
    }
    if let Some(record) = &tape.record {
        args.extend(["--record".into(), record.as_os_str().to_owned()]);
    }
    args
}

fn read<D: Document>(
    bytes: &[u8],
    stage: &'static str,
    call: &'static str,
) -> Result<D, StageError> {
    pact_core::document::parse_document(bytes, &pact_core::input::Source::Stdin).map_err(|e| {
        StageError::Output {
            stage,
            call,
            message: e.to_string(),
        }
    })
}

/// Runs a stage to completion, stderr read on its own thread so a chatty
/// stage never blocks on a full pipe.
fn execute(command: &mut Command) -> Result<Ran, StageError> {
    run(command, None)
}

fn run(command: &mut Command, stdin: Option<&[u8]>) -> Result<Ran, StageError> {
    let program = PathBuf::from(command.get_program());
    let spawn = |error| StageError::Spawn {
        program: program.clone(),
        error,
    };
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn)?;
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = pipe.write_all(bytes);
    }
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut text);
        }
        text
    });
    let mut stdout = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_end(&mut stdout);
    }
    let status = child.wait().map_err(spawn)?;
    Ok(Ran {
        code: status.code(),
        stdout,
        stderr: errors.join().unwrap_or_default(),
    })
}

/// The last `n` lines of a stage's stderr: its reason, without its progress.
pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
