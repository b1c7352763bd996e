//! One line of `learnings/learnings.jsonl`: a lesson from a failure, fed to
//! later briefs and to the stages that revise a contract or a decomposition.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{RootCause, Timestamp};
use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Learning {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub at: Timestamp,
    /// The component the lesson was learnt on; none for a project-wide lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_id: Option<ComponentId>,
    pub category: LearningCategory,
    /// The diagnosed root cause, for lessons from a diagnosis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    /// The lesson, in one or two sentences an agent can act on.
    pub lesson: String,
}

impl Document for Learning {
    const KIND: &'static str = "pact.learning";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "a lesson from a failure, appended to learnings/learnings.jsonl and fed to later briefs";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LearningCategory {
    /// Why something failed, from a diagnosis.
    FailureMode,
    /// What fixed a failure: a component passed after failing.
    Fix,
    /// Written by a person.
    Note,
}

impl Learning {
    /// A lesson stamped now.
    pub fn now(
        component_id: Option<ComponentId>,
        category: LearningCategory,
        root_cause: Option<RootCause>,
        lesson: impl Into<String>,
    ) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            at: Timestamp::now(),
            component_id,
            category,
            root_cause,
            lesson: lesson.into(),
        }
    }
}

/// One line of a learnings file: a `pact.learning`, or a note a person wrote
/// in some other form (shown as its `lesson` or `text` field, else as itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LearningLine {
    Learnt(Learning),
    Note(String),
}

impl LearningLine {
    pub fn component(&self) -> Option<&ComponentId> {
        match self {
            Self::Learnt(l) => l.component_id.as_ref(),
            Self::Note(_) => None,
        }
    }

    pub fn lesson(&self) -> &str {
        match self {
            Self::Learnt(l) => &l.lesson,
            Self::Note(text) => text,
        }
    }
}

/// Every line of the learnings file at `path`, in the order written; none
/// when it does not exist.
pub fn read_learnings(path: &std::path::Path) -> Vec<LearningLine> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match serde_json::from_str::<Learning>(line) {
            Ok(l) => LearningLine::Learnt(l),
            Err(_) => LearningLine::Note(
                serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .as_ref()
                    .and_then(|v| v.get("lesson").or_else(|| v.get("text")))
                    .and_then(|v| v.as_str())
                    .map_or_else(|| line.to_owned(), str::to_owned),
            ),
        })
        .collect()
}

/// The lessons of `lines` that `about` keeps (it is given the component a
/// lesson is about, none for a project-wide one), grouped by component, each
/// component's in the order learnt, and each lesson once. Components finish
/// in any order, so grouping is what makes the same lessons read the same.
pub fn lessons_about(
    lines: &[LearningLine],
    about: impl Fn(Option<&ComponentId>) -> bool,
) -> Vec<String> {
    let mut kept: Vec<&LearningLine> = lines.iter().filter(|l| about(l.component())).collect();
    kept.sort_by(|a, b| a.component().cmp(&b.component()));
    let mut seen = std::collections::BTreeSet::new();
    kept.into_iter()
        .map(LearningLine::lesson)
        .filter(|lesson| seen.insert(*lesson))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lessons_are_grouped_by_component_kept_once_and_notes_read_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::layout::ProjectLayout::new(dir.path()).learnings();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let learnt = |c: &str, lesson: &str| {
            serde_json::to_string(&Learning::now(
                Some(ComponentId::new(c).unwrap()),
                LearningCategory::Fix,
                None,
                lesson,
            ))
            .unwrap()
        };
        let text = [
            learnt("b", "b first"),
            learnt("a", "a first"),
            learnt("b", "b first"),
            learnt("c", "c only"),
            r#"{"lesson": "an old note"}"#.to_owned(),
            "a plain note".to_owned(),
        ]
        .join("\n");
        std::fs::write(&path, text).unwrap();
        let lines = read_learnings(&path);
        assert_eq!(lines.len(), 6);
        let c = ComponentId::new("c").unwrap();
        let kept = lessons_about(&lines, |about| about != Some(&c));
        assert_eq!(kept, ["an old note", "a plain note", "a first", "b first"]);
        assert!(read_learnings(&dir.path().join("missing")).is_empty());
    }
}
