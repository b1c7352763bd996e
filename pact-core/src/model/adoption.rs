//! What `pact adopt` wrote (or, with `--dry-run`, would write) for an existing
//! codebase. The last run's report is also kept as `.pact/adopt.json`: its file
//! hashes tell a later run which files are still exactly as Pact wrote them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Language;
use crate::document::{Document, Kind, Version};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The adopted source directory, as given.
    pub source_root: String,
    /// The project directory, as given.
    pub project: String,
    /// Nothing was written: the actions say what a real run would do.
    #[serde(default)]
    pub dry_run: bool,
    pub summary: AdoptionSummary,
    /// Every file adoption produces, in a stable order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<AdoptedFile>,
    /// Modules left out of the smoke tests (or of everything), with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedModule>,
}

impl Document for Adoption {
    const KIND: &'static str = "pact.adoption";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "the files pact adopt wrote or would write for an existing codebase, and what it skipped";
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptionSummary {
    /// Source files found, by language.
    pub languages: BTreeMap<Language, u32>,
    /// Modules adopted (a component each).
    pub modules: u32,
    /// Components in the decomposition tree (modules plus packages and the root).
    pub components: u32,
    /// Functions in the contract skeletons.
    pub functions: u32,
    /// Types (classes, structs, enums) in the contract skeletons.
    pub types: u32,
    /// Smoke tests generated (test functions, over every smoke file).
    pub smoke_tests: u32,
    /// Modules skipped.
    pub skipped: u32,
    /// Files by action.
    pub actions: BTreeMap<FileAction, u32>,
}

/// One file adoption produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptedFile {
    /// `/`-separated, relative to `base`.
    pub path: String,
    pub base: FileBase,
    pub role: FileRole,
    pub action: FileAction,
    /// SHA-256 (hex) of the content Pact generated for this file.
    pub sha256: String,
}

/// What a file path is relative to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FileBase {
    /// The adopted source directory (smoke tests live where their runner finds them).
    Source,
    /// The project directory.
    Project,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    SmokeTest,
    Config,
    Task,
    Tree,
    Contract,
    Suite,
}

/// What happened (or would happen) to a file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    /// The file did not exist.
    Create,
    /// The file was Pact's, unedited, and its content changes.
    Update,
    /// The file already has exactly this content.
    Unchanged,
    /// The file was edited by hand since Pact wrote it: left alone.
    KeptEdited,
    /// A file Pact did not write is in the way: left alone.
    KeptForeign,
}

/// A module left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkippedModule {
    /// Path relative to the source root.
    pub path: String,
    /// The module's name in its language (dotted for Python).
    pub module: String,
    /// Left out of the smoke tests only (`smoke`) or of everything (`all`).
    pub scope: SkipScope,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipScope {
    /// Contract and tree node are still produced; no smoke test imports it.
    Smoke,
    /// Not adopted at all (unparsable, unreadable, shadowed).
    All,
}
