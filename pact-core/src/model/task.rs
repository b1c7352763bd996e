//! The task as a document, for pipelines that start from JSON rather than task.md.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Kind, Version};

/// What the user wants built: task.md and sops.md, carried as one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The first heading of task.md.
    pub title: String,
    /// task.md, as Markdown.
    pub body: String,
    /// sops.md (standard operating procedures: stack, standards, preferences).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sops: String,
}

impl Document for Task {
    const KIND: &'static str = "pact.task";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "the task to build (task.md and sops.md)";
}
