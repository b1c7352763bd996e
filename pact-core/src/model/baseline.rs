//! A baseline: the hash of every artifact at one point in time, against which
//! `pact-validate drift` reports what changed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CertifiedArtifact, Timestamp, duplicate_issues};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// Every contract, test suite (visible and hidden) and implementation file with
/// its SHA-256, and each contract's revision, as recorded by
/// `pact-validate baseline` in `.pact/baselines/baseline.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The Pact version that recorded it.
    pub tool_version: String,
    pub captured_at: Timestamp,
    /// The revision of each component's contract when the baseline was taken.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revisions: BTreeMap<ComponentId, u32>,
    pub artifacts: Vec<CertifiedArtifact>,
}

impl Document for Baseline {
    const KIND: &'static str = "pact.baseline";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "SHA-256 of every contract, test and implementation file at one point in time, for drift";

    fn check(&self) -> Vec<Issue> {
        duplicate_issues(&self.artifacts, "artifacts", "artifact path", |a| &a.path)
    }
}
