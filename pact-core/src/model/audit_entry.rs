//! One line of the append-only audit log `.pact/audit.jsonl`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::document::{Document, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub at: Timestamp,
    /// What happened, as a dotted verb, e.g. `init`, `stage.contract`, `test.run`.
    pub action: String,
    /// The program that acted, e.g. `pact`, `pact-llm`.
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// Structured facts about the action (costs, hashes, counts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, serde_json::Value>,
}

impl Document for AuditEntry {
    const KIND: &'static str = "pact.audit_entry";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "one action recorded in the project's audit log";
}

impl AuditEntry {
    /// An entry stamped now.
    pub fn now(actor: &str, action: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: Kind::new(),
            version: Version::new(),
            at: Timestamp::now(),
            action: action.to_owned(),
            actor: actor.to_owned(),
            component: None,
            detail: detail.into(),
            data: BTreeMap::new(),
        }
    }
}
