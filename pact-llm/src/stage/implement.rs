//! `pact-llm implement`: a component's files from its handoff brief. Every
//! path must stay inside the component's own source directory: absolute
//! paths, `..` and paths through a symbolic link are rejected (and get a
//! correction turn naming them).

use std::path::{Path, PathBuf};

use pact_core::layout::ProjectLayout;
use pact_core::model::{Implementation, SourceFile, unsafe_path_reason};
use pact_core::{Code, ComponentId, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft};
use crate::command::Project;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplementationDraft {
    pub files: Vec<FileDraft>,
    /// Anything the reviewer should know; empty if nothing.
    pub notes: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileDraft {
    /// Relative to the component's source directory.
    pub path: String,
    /// The whole file.
    pub content: String,
}

/// Where `path` (relative to `src/<component>/`) lands under `root`, if it
/// stays inside: the text is checked, then every directory on the way that
/// already exists must be a real directory, not a symbolic link.
pub fn resolve_inside(root: &Path, component: &ComponentId, path: &str) -> Result<PathBuf, String> {
    if let Some(why) = unsafe_path_reason(path) {
        return Err(why);
    }
    let layout = ProjectLayout::new(root);
    let mut at = layout.src_dir();
    let mut walked = layout.relative(&at);
    let mut chain = vec![(walked.clone(), at.clone())];
    for step in std::iter::once(component.as_str()).chain(path.split('/').filter(|p| *p != ".")) {
        at.push(step);
        walked.push('/');
        walked.push_str(step);
        chain.push((walked.clone(), at.clone()));
    }
    let last = chain.len() - 1;
    for (i, (shown, step)) in chain.iter().enumerate() {
        match std::fs::symlink_metadata(step) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "`{path}` would be written through the symbolic link `{shown}`"
                ));
            }
            Ok(meta) if i < last && !meta.is_dir() => {
                return Err(format!("`{path}`: `{shown}` is a file, not a directory"));
            }
            // The rest does not exist yet: nothing on disk can redirect it.
            Err(_) => break,
            Ok(_) => {}
        }
    }
    Ok(at)
}

/// Every path of `draft` that may not be written, phrased for a correction.
pub(crate) fn rules(
    root: &Path,
    component: &ComponentId,
    draft: &ImplementationDraft,
) -> Vec<String> {
    let mut errors = Vec::new();
    if draft.files.is_empty() {
        errors.push("at /files: the component needs at least one file".to_owned());
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, f) in draft.files.iter().enumerate() {
        if let Err(why) = resolve_inside(root, component, &f.path) {
            errors.push(format!("at /files/{i}/path: {why}"));
        }
        if !seen.insert(f.path.as_str()) {
            errors.push(format!("at /files/{i}/path: `{}` is given twice", f.path));
        }
    }
    errors
}

pub fn run(
    project: &Project,
    component: &str,
    brief: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let component = ComponentId::new(component)
        .map_err(|e| Failure::new(Code::Usage, format!("--component: {e}")))?;
    let source = pact_core::Source::from_arg(brief)?;
    let brief = String::from_utf8(source.read_bytes()?).map_err(|e| {
        Failure::new(
            Code::BadInput,
            format!("{source}: the brief is not UTF-8: {e}"),
        )
    })?;
    let root = project.layout.root().to_path_buf();
    let context = json!({
        "component": component.as_str(),
        "brief": brief,
        "language": project.config.language,
    });
    let answer = ask(
        project,
        args,
        Ask {
            stage: "implement",
            role: "implement",
            component: Some(component.as_str()),
            context,
            output: draft_schema::<ImplementationDraft>(
                "implementation",
                "The component's source files.",
            ),
            max_tokens: 32_000,
            check: &|v| draft_check(v, |d: &ImplementationDraft| rules(&root, &component, d)),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    let draft: ImplementationDraft = from_draft(value)?;
    emit_document(&Implementation {
        kind: Default::default(),
        version: Default::default(),
        component_id: component,
        files: draft
            .files
            .into_iter()
            .map(|f| SourceFile {
                path: f.path,
                content: f.content,
            })
            .collect(),
        notes: draft.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_component_and_off_symlinks() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let id = ComponentId::new("parser").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            resolve_inside(root, &id, "lib/x.py"),
            Ok(root.join("src/parser/lib/x.py"))
        );
        assert!(resolve_inside(root, &id, "../other/x.py").is_err());
        assert!(resolve_inside(root, &id, "/etc/passwd").is_err());

        std::fs::create_dir_all(root.join("src/parser")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("elsewhere")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("src/parser/lib"))
            .unwrap_or_else(|e| panic!("{e}"));
        let err = resolve_inside(root, &id, "lib/x.py").unwrap_err();
        assert!(err.contains("symbolic link `src/parser/lib`"), "{err}");
        assert!(resolve_inside(root, &id, "ok.py").is_ok());

        std::fs::remove_dir_all(root.join("src")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("src")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("src/parser"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            resolve_inside(root, &id, "x.py")
                .unwrap_err()
                .contains("symbolic link `src/parser`")
        );
    }
}
