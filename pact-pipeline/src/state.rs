//! `.pact/state.json` and the audit trail of a run.

use std::time::{SystemTime, UNIX_EPOCH};

use pact_core::audit_log;
use pact_core::document::{Kind, Version};
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{AuditEntry, Phase, RunState, RunStatus, Timestamp};
use pact_core::{Code, Failure};

/// The run's state on disk, or `None` when no run has started.
pub fn load(layout: &ProjectLayout) -> Result<Option<RunState>, Failure> {
    let path = layout.state();
    if !path.is_file() {
        return Ok(None);
    }
    Ok(Some(Source::File(path).read_document()?))
}

/// Writes the state atomically, stamping `updated_at`.
pub fn save(layout: &ProjectLayout, state: &mut RunState) -> Result<(), Failure> {
    state.updated_at = Timestamp::now();
    let mut text = serde_json::to_string_pretty(state)
        .unwrap_or_else(|e| unreachable!("run state always serialises: {e}"));
    text.push('\n');
    pact_core::fs::write_atomic(&layout.state(), text.as_bytes())?;
    Ok(())
}

/// Saves the state unless it equals what was last saved (apart from
/// `updated_at`): the scheduler records after every step, and most steps
/// change no component's status, so an unchanged state costs no write and
/// no fsync. `last` is what this process saved last.
pub fn save_if_changed(
    layout: &ProjectLayout,
    state: &mut RunState,
    last: &mut Option<RunState>,
) -> Result<(), Failure> {
    if let Some(saved) = last.as_ref() {
        let mut same = saved.clone();
        same.updated_at = state.updated_at.clone();
        if same == *state {
            return Ok(());
        }
    }
    save(layout, state)?;
    *last = Some(state.clone());
    Ok(())
}

/// A fresh state for a new run.
pub fn fresh() -> RunState {
    let now = Timestamp::now();
    RunState {
        kind: Kind::new(),
        version: Version::new(),
        run_id: new_run_id(),
        status: RunStatus::Active,
        phase: Phase::Interview,
        created_at: now.clone(),
        updated_at: now,
        completed_at: None,
        reason: None,
        phase_cycles: 0,
        components: Default::default(),
    }
}

/// 12 hex digits from the clock and the process id: unique enough for the
/// runs of one project, which never start in the same nanosecond and process.
fn new_run_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mixed = nanos ^ (u128::from(std::process::id()) << 20);
    format!("{:012x}", mixed & 0xffff_ffff_ffff)
}

/// Appends one action to `.pact/audit.jsonl`.
pub fn audit(
    layout: &ProjectLayout,
    action: &str,
    component: Option<&pact_core::id::ComponentId>,
    detail: impl Into<String>,
    data: &[(&str, serde_json::Value)],
) -> Result<(), Failure> {
    let mut entry = AuditEntry::now("pact", action, detail);
    entry.component = component.cloned();
    for (k, v) in data {
        entry.data.insert((*k).to_owned(), v.clone());
    }
    audit_log::append(&layout.audit_log(), &entry)?;
    Ok(())
}

/// Refuses a directory that is not a Pact project.
/// What a command that needs the decomposition says when there is none yet.
pub fn not_decomposed(layout: &ProjectLayout) -> Failure {
    Failure::new(
        Code::BadInput,
        format!("{}: not decomposed yet", layout.tree().display()),
    )
    .hint(format!(
        "`pact run {}` decomposes the task",
        layout.root().display()
    ))
}

pub fn require_project(layout: &ProjectLayout) -> Result<(), Failure> {
    if layout.config().is_file() || layout.state_dir().is_dir() {
        Ok(())
    } else {
        Err(Failure::new(
            Code::BadInput,
            format!(
                "{} is not a Pact project (no pact.yaml or .pact/)",
                layout.root().display()
            ),
        )
        .hint(format!(
            "create one with `pact init {}`",
            layout.root().display()
        )))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_unchanged_state_is_not_written_again_a_changed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        std::fs::create_dir_all(layout.state_dir()).unwrap();
        let mut state = fresh();
        let mut last = None;
        save_if_changed(&layout, &mut state, &mut last).unwrap();
        let written = std::fs::read_to_string(layout.state()).unwrap();
        std::fs::remove_file(layout.state()).unwrap();
        save_if_changed(&layout, &mut state, &mut last).unwrap();
        assert!(!layout.state().exists());
        state.phase = Phase::Contract;
        save_if_changed(&layout, &mut state, &mut last).unwrap();
        let again = std::fs::read_to_string(layout.state()).unwrap();
        assert_ne!(again, written);
        assert_eq!(load(&layout).unwrap().unwrap(), state);
    }
}
