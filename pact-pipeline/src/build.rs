//! Building one component: brief → implementation → visible tests → hidden
//! tests, retried with the real failure messages (visible) or graduated hints
//! (hidden) up to `limits.max_implementation_attempts`. Every attempt's paid
//! output is kept under `.pact/build/<id>/attempt-<n>/`, so a resumed build
//! never asks the model again for an attempt it already has.

use std::path::{Component, Path, PathBuf};

use pact_core::digest::hex;
use pact_core::id::ComponentId;
use pact_core::input::Source;
use pact_core::layout::{Attempt, AttemptSet, ProjectLayout};
use pact_core::model::{
    BuildRecord, Diagnosis, Learning, LearningCategory, RootCause, Sha256Hex, Visibility,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub use crate::failure::StepFailure;
use crate::stages::{StageError, Stages, Tape};

/// The attempts kept for the component's current inputs.
pub fn current_attempts(layout: &ProjectLayout, id: &ComponentId) -> AttemptSet {
    layout.attempt_set(id, &inputs_hash(layout, id))
}

/// SHA-256 over the inputs of a build: contract, visible suite, hidden suite.
/// Attempts are kept per inputs, so a changed contract never reuses an answer
/// given for the old one.
pub fn inputs_hash(layout: &ProjectLayout, id: &ComponentId) -> String {
    let mut hasher = Sha256::new();
    for path in [
        layout.contract(id),
        layout.visible_suite(id),
        layout.hidden_suite(id),
    ] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    hex(&hasher.finalize())
}

/// SHA-256 over the code a component's tests exercise: its own `src/<id>/`
/// and, for a parent, every descendant's, so a child rebuilt after its
/// parent passed makes the parent be tested again.
pub fn implementation_hash(layout: &ProjectLayout, id: &ComponentId) -> String {
    if children(layout, id).is_empty() {
        return own_code_hash(layout, id);
    }
    let tree = Source::File(layout.tree())
        .read_document::<pact_core::model::DecompositionTree>()
        .ok();
    let mut ids = vec![id.clone()];
    let mut next = 0;
    while next < ids.len() {
        let below = tree
            .as_ref()
            .and_then(|t| t.nodes.get(&ids[next]))
            .map(|n| n.children.clone())
            .unwrap_or_default();
        for child in below {
            if !ids.contains(&child) {
                ids.push(child);
            }
        }
        next += 1;
    }
    let mut hasher = Sha256::new();
    for id in &ids {
        hasher.update(id.as_str().as_bytes());
        hasher.update(own_code_hash(layout, id).as_bytes());
    }
    hex(&hasher.finalize())
}

/// SHA-256 over the files of `src/<id>/` (relative paths and contents, in
/// path order).
fn own_code_hash(layout: &ProjectLayout, id: &ComponentId) -> String {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // Interpreter caches are not the implementation.
                if entry.file_name() != "__pycache__" {
                    walk(&path, root, out);
                }
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push((rel, bytes));
            }
        }
    }
    let root = layout.component_src(id);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for (path, bytes) in files {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    hex(&hasher.finalize())
}

/// Whether the component passed with exactly its current contract, suites
/// and code: then it is not rebuilt.
pub fn passed_and_unchanged(layout: &ProjectLayout, id: &ComponentId) -> bool {
    // A record that does not read (an older format, a hand edit) is no pass.
    let Some(record) = read_record(layout, id) else {
        return false;
    };
    record.component == *id
        && record.inputs.as_str() == inputs_hash(layout, id)
        && record.implementation.as_str() == implementation_hash(layout, id)
}

/// The component's last pass, if its record reads.
pub fn read_record(layout: &ProjectLayout, id: &ComponentId) -> Option<BuildRecord> {
    let path = layout.build_record(id);
    let text = std::fs::read(&path).ok()?;
    pact_core::document::parse_document::<BuildRecord>(&text, &Source::File(path)).ok()
}

/// The `pact.build_record` of a pass with the current inputs and code.
pub(super) fn record(
    layout: &ProjectLayout,
    id: &ComponentId,
    attempts: u32,
    inputs: &str,
    competitive: Option<pact_core::model::Competition>,
) -> Vec<u8> {
    let hash = |hex: &str| {
        Sha256Hex::parse(hex).unwrap_or_else(|| unreachable!("the build hashes are SHA-256 hex"))
    };
    let mut record = BuildRecord::new(
        id.clone(),
        attempts,
        hash(inputs),
        hash(&implementation_hash(layout, id)),
    );
    record.competitive = competitive;
    pact_core::document::to_canonical_json(&record).into_bytes()
}

/// Attempts made for the component's current inputs.
pub fn attempts_made(layout: &ProjectLayout, id: &ComponentId) -> u32 {
    let set = current_attempts(layout, id);
    (1..)
        .take_while(|n| set.attempt(*n).implementation().is_file())
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}

pub struct Limits {
    pub attempts: u32,
    pub hint_attempts: u32,
}

/// The component's children in the tree: a component with children is a
/// parent, whose code is glue written by `pact-llm integrate`.
pub fn children(layout: &ProjectLayout, id: &ComponentId) -> Vec<ComponentId> {
    Source::File(layout.tree())
        .read_document::<pact_core::model::DecompositionTree>()
        .ok()
        .and_then(|t| t.nodes.get(id).map(|n| n.children.clone()))
        .unwrap_or_default()
}

pub(super) fn tail(text: &str) -> String {
    crate::stages::last_lines(text, 8)
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), StepFailure> {
    pact_core::fs::write_atomic(path, bytes).map_err(|e| StepFailure::environment(e.to_string()))
}

/// What one component's build calls on.
pub struct Builder<'a> {
    pub layout: &'a ProjectLayout,
    pub id: &'a ComponentId,
    pub stages: &'a Stages,
    pub tape: &'a Tape,
    pub run_id: &'a str,
}

impl Builder<'_> {
    /// Writes the brief of an attempt, checks it for leaks, and asks the
    /// model for the code; returns nothing, the answer is in
    /// `implementation`.
    fn implement(
        &self,
        attempt: u32,
        here: &Attempt,
        failures: Option<&Path>,
        hints: Option<&Path>,
    ) -> Result<(), StepFailure> {
        let root = self.layout.root();
        // The brief is leak-checked by pact-handoff, and again here,
        // before anything is sent.
        let brief = self
            .stages
            .brief(root, self.id, Some(attempt), failures, hints)?;
        if !brief.succeeded() {
            return Err(StepFailure::stage(
                brief.code,
                format!("the brief for attempt {attempt}: {}", tail(&brief.stderr)),
            ));
        }
        let brief_path = here.brief();
        write(&brief_path, &brief.stdout)?;
        let leak = self.stages.leak_check(root, &brief_path)?;
        if !leak.succeeded() {
            return Err(StepFailure::stage(
                leak.code,
                format!(
                    "the brief for attempt {attempt} failed the leak check; nothing was sent: {}",
                    tail(&String::from_utf8_lossy(&leak.stdout))
                ),
            ));
        }
        let answer = self.code(&brief_path)?;
        if !answer.succeeded() {
            return Err(StepFailure::stage(
                answer.code,
                format!("attempt {attempt}: {}", tail(&answer.stderr)),
            ));
        }
        write(&here.implementation(), &answer.stdout)
    }

    /// The model call that writes the component's code from a brief.
    pub(super) fn code(&self, brief: &Path) -> Result<crate::stages::Ran, StepFailure> {
        let parent = !children(self.layout, self.id).is_empty();
        Ok(self
            .stages
            .code(self.layout, self.id, parent, brief, self.tape, self.run_id)?)
    }
}

/// What the attempts so far have taught the next one.
#[derive(Default)]
struct Feedback {
    /// The visible results that failed last, for the next brief.
    failures: Option<PathBuf>,
    /// The hints given after the hidden suite failed last.
    hints: Option<PathBuf>,
    /// How many times hints were given.
    hint_round: u32,
    /// The last failure, in one line.
    last: String,
    evidence: Evidence,
}

/// How one attempt ended.
enum Judgement {
    /// Both suites passed: the build record's content.
    Passed(Vec<u8>),
    /// It failed and the next attempt gets the feedback.
    Retry,
    /// The hidden suite failed with no hint rounds left.
    OutOfHints,
}

/// Builds `id` until it passes or the attempts run out; returns the passed
/// record's content.
pub fn build(b: &Builder<'_>, limits: &Limits, diagnose: bool) -> Result<Vec<u8>, StepFailure> {
    let (layout, id) = (b.layout, b.id);
    let inputs = inputs_hash(layout, id);
    let set = layout.attempt_set(id, &inputs);
    let mut feedback = Feedback::default();
    for attempt in 1..=limits.attempts.max(1) {
        match judge_attempt(b, &set, &inputs, attempt, limits, &mut feedback)? {
            Judgement::Passed(record) => return Ok(record),
            Judgement::Retry => {}
            Judgement::OutOfHints => break,
        }
    }
    let exhausted = format!(
        "no attempt passed ({} allowed); last: {}",
        limits.attempts, feedback.last
    );
    if !diagnose {
        return Err(StepFailure::check_failed(format!(
            "{exhausted}\nnot diagnosed: the run has used its phase cycles (limits.max_phase_cycles); raise the limit in pact.yaml to let a diagnosis send it back"
        )));
    }
    let diagnosis = diagnosed(b, &set, &feedback.evidence)?;
    Err(StepFailure::check_failed(format!(
        "{exhausted}\ndiagnosis ({}): {}",
        root_cause_name(diagnosis.root_cause),
        diagnosis.explanation
    ))
    .routed(diagnosis.root_cause))
}

/// One attempt: its code (kept, or asked for with the feedback), installed,
/// judged on the visible suite, then the hidden one; on a hidden failure the
/// next round of hints is asked for.
fn judge_attempt(
    b: &Builder<'_>,
    set: &AttemptSet,
    inputs: &str,
    attempt: u32,
    limits: &Limits,
    feedback: &mut Feedback,
) -> Result<Judgement, StepFailure> {
    let (layout, id) = (b.layout, b.id);
    let root = layout.root();
    let here = set.attempt(attempt);
    let implementation = here.implementation();
    if !implementation.is_file() {
        b.implement(
            attempt,
            &here,
            feedback.failures.as_deref(),
            feedback.hints.as_deref(),
        )?;
    }
    install(layout, id, &implementation)?;

    let visible = b.stages.judge(root, id, Visibility::Visible)?;
    write(&here.visible_verdict(), &visible.raw)?;
    if !visible.passed {
        feedback.last = format!(
            "attempt {attempt}: visible tests failed: {}",
            visible.summary
        );
        let path = here.failures();
        write(&path, &visible.results)?;
        feedback.evidence = Evidence::Visible(path.clone());
        feedback.failures = Some(path);
        feedback.hints = None;
        return Ok(Judgement::Retry);
    }
    let hidden = b.stages.judge(root, id, Visibility::Hidden)?;
    write(&here.hidden_verdict(), &hidden.raw)?;
    if hidden.passed {
        let [v, h] = layout.passing_results(id);
        write(&v, &visible.results)?;
        write(&h, &hidden.results)?;
        if attempt > 1 || set.sets_aside() > 0 {
            let lesson = if feedback.last.is_empty() {
                format!(
                    "{id} passed on attempt {attempt} after a diagnosis sent it back with its lesson."
                )
            } else {
                format!(
                    "{id} failed before it passed ({}); attempt {attempt} fixed it.",
                    feedback.last
                )
            };
            learn(layout, id, LearningCategory::Fix, None, lesson)?;
        }
        return Ok(Judgement::Passed(record(layout, id, attempt, inputs, None)));
    }
    feedback.hint_round += 1;
    feedback.last = format!(
        "attempt {attempt}: hidden tests failed ({})",
        hidden.summary
    );
    feedback.evidence = Evidence::Hidden(hidden.summary.clone(), feedback.hints.clone());
    if feedback.hint_round > limits.hint_attempts {
        return Ok(Judgement::OutOfHints);
    }
    let results_path = here.hidden_results();
    write(&results_path, &hidden.results)?;
    let given = b
        .stages
        .hints(root, id, feedback.hint_round, &results_path)?;
    if !given.succeeded() {
        return Err(StepFailure::stage(
            given.code,
            format!("hints: {}", tail(&given.stderr)),
        ));
    }
    let hints_path = here.hints();
    write(&hints_path, &given.stdout)?;
    feedback.hints = Some(hints_path);
    feedback.failures = None;
    Ok(Judgement::Retry)
}

/// What the last failure showed, for a diagnosis: the visible results, or
/// (hidden tests never leave their store) only their count and the hints
/// the implementer was already given.
#[derive(Default)]
enum Evidence {
    #[default]
    None,
    Visible(PathBuf),
    Hidden(String, Option<PathBuf>),
}

pub fn root_cause_name(cause: RootCause) -> &'static str {
    match cause {
        RootCause::Implementation => "implementation",
        RootCause::Glue => "glue",
        RootCause::Contract => "contract",
        RootCause::Design => "design",
    }
}

/// The diagnosis of a component whose attempts all failed, asked once per
/// attempt set (`diagnosis.json` is kept beside the attempts) and turned
/// into a lesson for later briefs and revisions.
fn diagnosed(
    b: &Builder<'_>,
    set: &AttemptSet,
    evidence: &Evidence,
) -> Result<Diagnosis, StepFailure> {
    let (layout, id) = (b.layout, b.id);
    let path = set.diagnosis();
    if !path.is_file() {
        let input = set.diagnosis_input();
        let text = match evidence {
            Evidence::Visible(results) => format!(
                "The component's visible tests failed on its last attempt:\n\n{}",
                failing_cases(results)
            ),
            Evidence::Hidden(summary, hints) => format!(
                "The component passes its visible tests but fails hidden acceptance tests ({summary}); their content is withheld. The hints the implementer was given:\n\n{}",
                hints
                    .as_deref()
                    .and_then(|h| std::fs::read_to_string(h).ok())
                    .unwrap_or_else(|| "(none)".to_owned())
            ),
            Evidence::None => "No test results were recorded.".to_owned(),
        };
        // Written once: the evidence of a resumed diagnosis is the same bytes,
        // so its request is the same request.
        if !input.is_file() {
            write(&input, text.as_bytes())?;
        }
        let (diagnosis, answer) = b
            .stages
            .diagnose(layout, id, &input, b.tape, b.run_id)
            .map_err(|e| match e {
                StageError::Failed { exit, message, .. } => {
                    StepFailure::stage(exit, format!("diagnose: {message}"))
                }
                other => other.into(),
            })?;
        // The lesson first: a crash before the diagnosis is kept asks again,
        // and a lesson written twice is shown once.
        learn(
            layout,
            id,
            LearningCategory::FailureMode,
            Some(diagnosis.root_cause),
            format!(
                "{id}: {} Fix: {}",
                diagnosis.explanation.trim(),
                diagnosis.suggested_fix.trim()
            ),
        )?;
        write(&path, &answer)?;
        return Ok(diagnosis);
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| StepFailure::environment(format!("{}: {e}", path.display())))?;
    parse(&bytes, &path.display().to_string())
}

/// The failing cases of a `pact.test_results` file, as text with no
/// timings in it: the same failures always read the same.
fn failing_cases(results: &Path) -> String {
    let Ok(doc) = std::fs::read(results)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()))
    else {
        return "(the results could not be read)".to_owned();
    };
    let mut out = format!(
        "{} of {} case(s) passed.\n",
        doc["summary"]["passed"], doc["summary"]["total"]
    );
    for case in doc["cases"].as_array().into_iter().flatten() {
        if case["status"] == "passed" {
            continue;
        }
        out.push_str(&format!(
            "\n## {} ({})\n\n{}\n",
            case["id"].as_str().unwrap_or("?"),
            case["status"].as_str().unwrap_or("?"),
            case["message"].as_str().unwrap_or("").trim()
        ));
    }
    out
}

fn parse<D: pact_core::Document>(bytes: &[u8], origin: &str) -> Result<D, StepFailure> {
    pact_core::document::parse_document(bytes, &Source::Stdin)
        .map_err(|e| StepFailure::bad_input(format!("{origin}: {e}")))
}

/// Appends a lesson to `learnings/learnings.jsonl`.
pub(super) fn learn(
    layout: &ProjectLayout,
    id: &ComponentId,
    category: LearningCategory,
    root_cause: Option<RootCause>,
    lesson: String,
) -> Result<(), StepFailure> {
    let learning = Learning::now(Some(id.clone()), category, root_cause, lesson);
    pact_core::fs::append_line(&layout.learnings(), &learning)
        .map_err(|e| StepFailure::environment(e.to_string()))
}

/// Sets the current attempts aside so the component is built afresh, with
/// the diagnosis's lesson in its brief.
pub fn start_cycle(layout: &ProjectLayout, id: &ComponentId) -> Result<(), StepFailure> {
    let set = current_attempts(layout, id);
    let (current, next) = (set.dir(), set.set_aside(set.sets_aside() + 1));
    std::fs::rename(current, &next)
        .map_err(|e| StepFailure::environment(format!("{}: {e}", current.display())))
}

/// The `(path, content)` of each file of a kept model answer
/// (`pact.implementation`), for comparing answers; `None` when it does not
/// read as JSON.
pub fn implementation_files(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    Some(
        doc["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some((
                    f["path"].as_str()?.to_owned(),
                    f["content"].as_str()?.to_owned(),
                ))
            })
            .collect(),
    )
}

/// Writes an implementation's files into `src/<id>/` (and nowhere else),
/// replacing what an earlier attempt left there.
pub(super) fn install(
    layout: &ProjectLayout,
    id: &ComponentId,
    implementation: &Path,
) -> Result<(), StepFailure> {
    let text =
        std::fs::read(implementation).map_err(|e| StepFailure::environment(e.to_string()))?;
    let doc: Value = serde_json::from_slice(&text)
        .map_err(|e| StepFailure::bad_input(format!("{}: {e}", implementation.display())))?;
    let files = doc["files"]
        .as_array()
        .ok_or_else(|| StepFailure::bad_input(format!("{}: no files", implementation.display())))?;
    let target = layout.component_src(id);
    let mut checked = Vec::new();
    for file in files {
        let (Some(path), Some(content)) = (file["path"].as_str(), file["content"].as_str()) else {
            return Err(StepFailure::bad_input(format!(
                "{}: a file without path or content",
                implementation.display()
            )));
        };
        let relative = Path::new(path);
        let safe = !path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(StepFailure::bad_input(format!(
                "the implementation writes `{path}`, outside src/{id}/; rejected"
            )));
        }
        checked.push((target.join(relative), content.to_owned()));
    }
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| StepFailure::environment(format!("{}: {e}", target.display())))?;
    }
    for (path, content) in checked {
        write(&path, content.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_parents_code_hash_covers_its_descendants_code() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        pact_core::fs::write_atomic(
            &layout.tree(),
            br#"{"kind":"pact.tree","version":1,"root":"app","nodes":{
              "app":{"name":"A","description":"a","children":["mid"]},
              "mid":{"name":"M","description":"m","parent":"app","depth":1,"children":["leaf"]},
              "leaf":{"name":"L","description":"l","parent":"mid","depth":2}}}"#,
        )
        .unwrap();
        let id = |s: &str| ComponentId::new(s).unwrap();
        for c in ["app", "mid", "leaf"] {
            pact_core::fs::write_atomic(&layout.component_src(&id(c)).join("x.py"), b"1").unwrap();
        }
        let (app, mid, leaf) = (
            implementation_hash(&layout, &id("app")),
            implementation_hash(&layout, &id("mid")),
            implementation_hash(&layout, &id("leaf")),
        );
        pact_core::fs::write_atomic(&layout.component_src(&id("leaf")).join("x.py"), b"2").unwrap();
        assert_ne!(implementation_hash(&layout, &id("app")), app);
        assert_ne!(implementation_hash(&layout, &id("mid")), mid);
        assert_ne!(implementation_hash(&layout, &id("leaf")), leaf);
        // A leaf's hash is its own code only.
        pact_core::fs::write_atomic(&layout.component_src(&id("app")).join("x.py"), b"3").unwrap();
        assert_eq!(
            implementation_hash(&layout, &id("leaf")),
            own_code_hash(&layout, &id("leaf"))
        );
    }
}
