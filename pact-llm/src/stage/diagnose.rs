//! `pact-llm diagnose`: the root cause (implementation, glue, contract,
//! design) of a component's failing tests, from the test output, the
//! contract and the component's source.

use std::path::Path;

use pact_core::model::{ComponentContract, Diagnosis, RootCause};
use pact_core::{Code, ComponentId, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_schema, emit_document, from_draft};
use crate::command::Project;

/// Source shown to the model is cut at this many bytes per component.
const MAX_SOURCE_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisDraft {
    pub root_cause: RootCause,
    pub explanation: String,
    pub evidence: Vec<String>,
    pub suggested_fix: String,
}

/// The component's source files (regular files only, never through links),
/// within the size limit.
fn sources(dir: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut budget = MAX_SOURCE_BYTES;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                stack.push(e.path());
            } else if kind.is_file() {
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                if text.len() > budget {
                    continue;
                }
                budget -= text.len();
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                out.push(json!({"path": rel, "content": text}));
            }
        }
    }
    out
}

pub fn run(
    project: &Project,
    component: &str,
    output: Option<&Path>,
    contract: Option<&Path>,
    args: &StageArgs,
) -> Result<Code, Failure> {
    let id = ComponentId::new(component)
        .map_err(|e| Failure::new(Code::Usage, format!("--component: {e}")))?;
    let contract_path = contract.map_or_else(|| project.layout.contract(&id), Path::to_path_buf);
    let contract: ComponentContract = pact_core::input::read_document(Some(&contract_path))?;
    let source = pact_core::Source::from_arg(output)?;
    let text = String::from_utf8_lossy(&source.read_bytes()?).into_owned();
    let src_dir = project.layout.component_src(&id);
    let linked = std::fs::symlink_metadata(&src_dir).is_ok_and(|m| m.file_type().is_symlink());
    let context = json!({
        "contract": contract,
        "contract_json": serde_json::to_string_pretty(&contract).unwrap_or_default(),
        "sources": if linked { Vec::new() } else { sources(&src_dir) },
        "output": text,
    });
    let answer = ask(
        project,
        args,
        Ask {
            stage: "diagnose",
            role: "diagnose",
            component: Some(id.as_str()),
            context,
            output: draft_schema::<DiagnosisDraft>("diagnosis", "The root cause of the failures."),
            max_tokens: 4096,
            check: &|_| Vec::new(),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    let d: DiagnosisDraft = from_draft(value)?;
    emit_document(&Diagnosis {
        kind: Default::default(),
        version: Default::default(),
        component_id: id,
        root_cause: d.root_cause,
        explanation: d.explanation,
        evidence: d.evidence,
        suggested_fix: d.suggested_fix,
    })
}
