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
