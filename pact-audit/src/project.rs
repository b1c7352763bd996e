//! What the audit reads: the project's task (task.md), interview, tree,
//! contracts and suites, from a directory or from documents piped on stdin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pact_core::ComponentId;
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, DecompositionTree, Interview, TestSuite};

use crate::error::AuditError;
use crate::requirements::{self, Extracted};

/// The task text and where it came from (for messages).
#[derive(Debug, Clone)]
pub struct TaskText {
    pub origin: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct AuditProject {
    /// `None` for documents read from stdin.
    pub root: Option<PathBuf>,
    pub task: Option<TaskText>,
    pub interview: Option<Interview>,
    pub tree: Option<DecompositionTree>,
    pub contracts: BTreeMap<ComponentId, ComponentContract>,
    pub suites: BTreeMap<ComponentId, TestSuite>,
    pub hidden_suites: BTreeMap<ComponentId, TestSuite>,
}

impl AuditProject {
    /// A project directory, or `-` for documents on stdin (`pact.tree`,
    /// `pact.contract`, `pact.test_suite`, `pact.task`).
    pub fn load(arg: &Path) -> Result<Self, AuditError> {
        if arg.as_os_str() == "-" {
            let bytes = Source::Stdin
                .read_bytes()
                .map_err(pact_core::input::ReadError::from)?;
            let p = pact_project::load::from_documents(&bytes)?;
            return Ok(Self {
                root: None,
                task: p.task.map(|text| TaskText {
                    origin: "<stdin> (pact.task)".to_owned(),
                    text,
                }),
                interview: None,
                tree: p.tree,
                contracts: p.contracts,
                suites: p.suites,
                hidden_suites: p.hidden_suites,
            });
        }
        let p = pact_project::load::load(arg)?;
        let layout = ProjectLayout::new(arg);
        let interview = if layout.interview().is_file() {
            Some(Source::File(layout.interview()).read_document::<Interview>()?)
        } else {
            None
        };
        Ok(Self {
            root: Some(arg.to_path_buf()),
            task: read_task(&layout.task())?,
            interview,
            tree: p.tree,
            contracts: p.contracts,
            suites: p.suites,
            hidden_suites: p.hidden_suites,
        })
    }

    /// Every requirement: task.md's, then the acceptance criteria. A missing
    /// or empty task with no criteria is an error: there is nothing to audit.
    pub fn requirements(&self) -> Result<Vec<Extracted>, AuditError> {
        let criteria = self
            .interview
            .as_ref()
            .map(requirements::from_interview)
            .unwrap_or_default();
        let mut found = match &self.task {
            None if criteria.is_empty() => {
                return Err(AuditError::NoTask(
                    self.root
                        .clone()
                        .unwrap_or_else(|| PathBuf::from("<stdin>")),
                ));
            }
            None => Vec::new(),
            Some(t) if t.text.trim().is_empty() && criteria.is_empty() => {
                return Err(AuditError::EmptyTask(t.origin.clone()));
            }
            Some(t) if pact_core::scaffold::is_unedited_task(&t.text) && criteria.is_empty() => {
                return Err(AuditError::TemplateTask(t.origin.clone()));
            }
            Some(t) => requirements::from_task(&t.text),
        };
        found.extend(criteria);
        Ok(found)
    }
}

/// Reads task.md strictly: invalid UTF-8 is an error naming line and column.
pub fn read_task(path: &Path) -> Result<Option<TaskText>, AuditError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(AuditError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    task_from_bytes(bytes, &path.display().to_string()).map(Some)
}

/// Decodes task text, naming the first invalid byte's line and column.
pub fn task_from_bytes(bytes: Vec<u8>, origin: &str) -> Result<TaskText, AuditError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(TaskText {
            origin: origin.to_owned(),
            text,
        }),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
            Err(AuditError::NotUtf8 {
                path: origin.to_owned(),
                line,
                column,
            })
        }
    }
}
