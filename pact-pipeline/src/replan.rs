//! `pact run --replan`: the plan (tree, contracts, visible and hidden
//! suites, the gate's verdict) is moved under `.pact/archive/`, never deleted,
//! so the next run decomposes again, with the lessons in
//! learnings/learnings.jsonl. The interview and its answers are kept: the
//! task has not changed, only the design.

use pact_core::Failure;
use pact_core::layout::{ArchivedPlan, ProjectLayout};
use pact_core::model::Timestamp;

/// Moves the plan into `.pact/archive/<run>/replan-<time>/` and says where.
pub fn archive_plan(layout: &ProjectLayout, run_id: &str) -> Result<ArchivedPlan, Failure> {
    let stamp: String = Timestamp::now()
        .to_string()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let archive = layout.archived_plan(run_id, &stamp);
    let moves = [
        (layout.tree(), archive.tree()),
        (layout.standards(), archive.standards()),
        (layout.contracts_dir(), archive.contracts_dir()),
        (layout.tests_dir(), archive.tests_dir()),
        (layout.hidden_dir(), archive.hidden_dir()),
        (layout.gate_result(), archive.gate_result()),
    ];
    for (from, to) in moves {
        if from.exists() {
            pact_core::fs::rename(&from, &to)?;
        }
    }
    Ok(archive)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_plan_moves_and_the_interview_stays() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let id = pact_core::id::ComponentId::new("a").unwrap();
        for path in [
            layout.tree(),
            layout.interview(),
            layout.contract(&id),
            layout.visible_suite(&id),
            layout.hidden_suite(&id),
        ] {
            pact_core::fs::write_atomic(&path, b"{}").unwrap();
        }
        let archive = archive_plan(&layout, "0123456789ab").unwrap();
        assert!(layout.interview().is_file());
        assert!(!layout.tree().exists());
        assert!(!layout.contract(&id).exists());
        assert!(!layout.hidden_suite(&id).exists());
        assert!(archive.tree().is_file());
        assert!(archive.contracts_dir().join("a").is_dir());
        assert!(archive.hidden_dir().join("a").is_dir());
    }
}
