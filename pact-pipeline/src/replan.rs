//! `pact run --replan`: the plan (tree, contracts, visible and hidden
//! suites, the gate's verdict) is moved under `.pact/archive/`, never deleted,
//! so the next run decomposes again, with the lessons in
//! learnings/learnings.jsonl. The interview and its answers are kept: the
//! task has not changed, only the design.

use std::path::PathBuf;

use pact_core::Failure;
use pact_core::layout::ProjectLayout;
use pact_core::model::Timestamp;

/// Moves the plan into `.pact/archive/<run>/replan-<time>/` and says where.
pub fn archive_plan(layout: &ProjectLayout, run_id: &str) -> Result<PathBuf, Failure> {
    let stamp: String = Timestamp::now()
        .to_string()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let archive = layout
        .archive_dir()
        .join(run_id)
        .join(format!("replan-{stamp}"));
    let moves = [
        (layout.tree(), archive.join("decomposition/tree.json")),
        (
            layout.standards(),
            archive.join("decomposition/standards.json"),
        ),
        (layout.contracts_dir(), archive.join("contracts")),
        (layout.tests_dir(), archive.join("tests")),
        (layout.state_dir().join("hidden"), archive.join("hidden")),
        (super::steps::gate_result(layout), archive.join("gate.json")),
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
        assert!(archive.join("decomposition/tree.json").is_file());
        assert!(archive.join("contracts/a/interface.json").is_file());
        assert!(archive.join("hidden/a/suite.json").is_file());
    }
}
