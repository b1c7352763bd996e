//! The architecture-friction report of `pact assess`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Language, Severity, Timestamp, is_default};
use crate::document::{Document, Issue, Kind, Version};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    /// The paths assessed, as given.
    pub roots: Vec<String>,
    /// Only present when asked for: the report is otherwise byte-identical
    /// across runs on the same input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<Timestamp>,
    /// The thresholds in force, defaults included.
    pub thresholds: BTreeMap<String, f64>,
    pub summary: AssessmentSummary,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<AssessmentFinding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<ModuleMetrics>,
    /// Intra-project imports, one entry per importing/imported module pair.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<ModuleEdge>,
    /// Imports of code outside the project, by package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<ExternalImport>,
    /// Files that could not be read or walked, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<SourceProblem>,
}

impl Document for Assessment {
    const KIND: &'static str = "pact.assessment";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str =
        "architecture friction of a codebase: metrics, import graph, findings";

    fn check(&self) -> Vec<Issue> {
        super::duplicate_issues(&self.findings, "findings", "finding id", |f| &f.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSummary {
    pub modules: u32,
    /// Modules whose source did not parse cleanly (still counted and measured).
    pub unparsable: u32,
    pub edges: u32,
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
    /// Findings left out because the baseline already had them.
    #[serde(default, skip_serializing_if = "is_default")]
    pub suppressed: u32,
    /// Modules per language.
    pub languages: BTreeMap<Language, u32>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentCategory {
    ShallowModule,
    HubDependency,
    TightCoupling,
    ScatteredLogic,
    TestGap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFinding {
    /// Stable across runs for the same finding: derived from category and subject.
    pub id: String,
    pub severity: Severity,
    pub category: AssessmentCategory,
    pub language: Language,
    /// The module (or import) the finding is about.
    pub subject: String,
    /// Where to look: a source file (as reported in `modules[].path`)…
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// …and a 1-based line in it, when one line is the point.
    #[serde(default, skip_serializing_if = "is_default")]
    pub line: u32,
    pub description: String,
    pub suggestion: String,
    /// The measured value that triggered the finding.
    #[serde(default, skip_serializing_if = "is_default")]
    pub metric: f64,
    /// Other modules involved, in a meaningful order (a cycle lists its members in
    /// cycle order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleMetrics {
    /// Module name in its language (`pkg.sub.mod`, `src/a/b`, `crate::a::b`).
    pub module: String,
    /// Source file: the root as given, joined with the path below it.
    pub path: String,
    pub language: Language,
    /// Non-blank, non-comment lines.
    pub loc: u32,
    pub public_functions: u32,
    pub public_types: u32,
    pub interface_size: u32,
    pub depth_ratio: f64,
    pub fan_in: u32,
    pub fan_out: u32,
    /// The source did not parse cleanly; metrics come from what was recovered.
    #[serde(default, skip_serializing_if = "is_default")]
    pub unparsable: bool,
    #[serde(default, skip_serializing_if = "is_default")]
    pub is_test: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleEdge {
    pub from: String,
    pub to: String,
    /// Every import statement that creates this edge.
    pub sites: Vec<ImportSite>,
}

/// Where an import is written, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportSite {
    pub file: String,
    pub line: u32,
    /// Only under `if TYPE_CHECKING:`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub type_checking: bool,
    /// Inside a function body.
    #[serde(default, skip_serializing_if = "is_default")]
    pub function_local: bool,
    /// `import type` (TypeScript).
    #[serde(default, skip_serializing_if = "is_default")]
    pub type_only: bool,
    /// `import()` or `require()`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub dynamic: bool,
    /// Under a condition outside any function (`try: import x`, `if …:`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub conditional: bool,
    /// Only compiled for tests (Rust `#[cfg(test)]`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub test_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalImport {
    /// Top-level package, crate or npm package name.
    pub package: String,
    pub language: Language,
    /// Part of the language's standard library (Python stdlib, Node built-ins,
    /// `std`/`core`/`alloc`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub stdlib: bool,
    /// Modules that import it.
    pub importers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceProblem {
    pub path: String,
    pub message: String,
}
