//! The phased task list of `pact audit tasks`.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{duplicate_issues, is_default};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskList {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub tasks: Vec<TaskItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkpoints: Vec<Checkpoint>,
}

impl TaskList {
    /// Pending tasks whose dependencies are all completed.
    pub fn ready(&self) -> impl Iterator<Item = &TaskItem> {
        let done: BTreeSet<&str> = self
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Completed)
            .map(|t| t.id.as_str())
            .collect();
        self.tasks.iter().filter(move |t| {
            t.status == TaskStatus::Pending
                && t.depends_on.iter().all(|d| done.contains(d.as_str()))
        })
    }
}

impl Document for TaskList {
    const KIND: &'static str = "pact.task_list";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "phased work items with dependencies and status";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.tasks, "tasks", "task id", |t| &t.id);
        let ids: BTreeSet<&str> = self.tasks.iter().map(|t| t.id.as_str()).collect();
        for (i, t) in self.tasks.iter().enumerate() {
            for (j, d) in t.depends_on.iter().enumerate() {
                if !ids.contains(d.as_str()) {
                    issues.push(Issue::new(
                        format!("tasks[{i}].depends_on[{j}]"),
                        format!("unknown task {d:?}"),
                    ));
                }
            }
        }
        issues
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskItem {
    /// `T001`, `T002`, …
    pub id: String,
    pub phase: TaskPhase,
    pub category: TaskCategory,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: TaskStatus,
    /// Can run alongside the other parallel tasks of its phase.
    #[serde(default, skip_serializing_if = "is_default")]
    pub parallel: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskPhase {
    Setup,
    Foundational,
    Component,
    Integration,
    Polish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Pending,
    InProgress,
    Completed,
    Skipped,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskCategory {
    Scaffold,
    TypeDefinition,
    ContractReview,
    TestSetup,
    TestWrite,
    Implement,
    Verify,
    Integrate,
    Validate,
    Document,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub after_phase: TaskPhase,
    pub description: String,
    /// A command that proves the checkpoint, e.g. `pact validate`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub validation: String,
}
