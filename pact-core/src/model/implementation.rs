//! A component's implementation as a model returned it: its source files,
//! each relative to the component's own source directory.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::duplicate_issues;
use crate::document::{Document, Issue, Kind, Version};
use crate::id::ComponentId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Implementation {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    pub component_id: ComponentId,
    /// Every file of the component, complete.
    pub files: Vec<SourceFile>,
    /// What the implementer wants the reviewer to know.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// Relative to `src/<component_id>/`, `/`-separated, without `..`.
    pub path: String,
    pub content: String,
}

/// Why a file path may not be written under a component's directory, if it
/// may not. Only the text is judged; symbolic links on disk are the writer's
/// to check.
pub fn unsafe_path_reason(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("the path is empty".to_owned());
    }
    if path.starts_with('/') || path.starts_with('\\') || path.chars().nth(1) == Some(':') {
        return Some(format!(
            "`{path}` is absolute; give it relative to the component's directory"
        ));
    }
    if path.contains('\\') || path.contains('\0') {
        return Some(format!("`{path}` must use `/` separators and no NUL"));
    }
    if path.split('/').any(|part| part == "..") {
        return Some(format!(
            "`{path}` contains `..`; it must stay inside the component's directory"
        ));
    }
    if path.split('/').any(str::is_empty) {
        return Some(format!(
            "`{path}` has an empty segment or names a directory"
        ));
    }
    None
}

impl Document for Implementation {
    const KIND: &'static str = "pact.implementation";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "a component's source files as its implementer returned them";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.files, "files", "path", |f| &f.path);
        for (i, f) in self.files.iter().enumerate() {
            if let Some(why) = unsafe_path_reason(&f.path) {
                issues.push(Issue::new(format!("files[{i}].path"), why));
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["main.py", "pkg/mod.rs", "a.b/c-d_e.ts", "./x.py"] {
            assert_eq!(unsafe_path_reason(ok), None, "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x.py",
            "a/../../b",
            "C:/x",
            "a\\b",
            "a//b",
            "dir/",
        ] {
            assert!(unsafe_path_reason(bad).is_some(), "{bad}");
        }
    }
}
