//! The tamper-evident certification of a finished project.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Sha256Hex, Timestamp, Visibility, duplicate_issues};
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

/// Every artifact with its hash, the results it was certified with, and a hash
/// over the whole document (computed with `self_sha256` set to the empty string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The Pact version that certified.
    pub tool_version: String,
    pub certified_at: Timestamp,
    pub artifacts: Vec<CertifiedArtifact>,
    pub results: Vec<CertifiedResult>,
    /// SHA-256 of the canonical document with this field empty.
    pub self_sha256: String,
}

impl Document for Certification {
    const KIND: &'static str = "pact.certification";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "hashes of every contract, test and implementation, with the results they passed";

    fn check(&self) -> Vec<Issue> {
        duplicate_issues(&self.artifacts, "artifacts", "artifact path", |a| &a.path)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifiedArtifact {
    /// Relative to the project, `/`-separated.
    pub path: String,
    pub role: ArtifactRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
    pub sha256: Sha256Hex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactRole {
    Tree,
    Contract,
    VisibleTests,
    HiddenTests,
    Implementation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifiedResult {
    pub component: ComponentId,
    pub visibility: Visibility,
    pub passed: u32,
    pub total: u32,
    /// Passed cases an independent check confirmed (see `CaseResult.independent`).
    #[serde(default, skip_serializing_if = "super::is_default")]
    pub independent: u32,
    /// Whether the tests ran in the OS sandbox; absent when the results did
    /// not say (written before Pact recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandboxed: Option<bool>,
}
