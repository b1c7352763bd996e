//! Reading a project from disk: the tree, every contract and suite, task.md,
//! with malformed documents collected (each with its location) rather than
//! stopping at the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pact_core::ComponentId;
use pact_core::input::{ReadError, Source};
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, DecompositionTree, Language, TestSuite};
use rayon::prelude::*;

use crate::error::ProjectError;

/// A directory whose name is not a valid component id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDirName {
    /// Project-relative path of the directory.
    pub path: String,
    pub reason: String,
}

/// A symbolic link inside the project whose target lies outside it (or
/// cannot be resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapingLink {
    /// Project-relative path of the link.
    pub path: String,
    pub target: String,
}

/// Everything the gate looks at.
#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub language: Language,
    pub tree: Option<DecompositionTree>,
    pub contracts: BTreeMap<ComponentId, ComponentContract>,
    pub suites: BTreeMap<ComponentId, TestSuite>,
    pub hidden_suites: BTreeMap<ComponentId, TestSuite>,
    pub task: Option<String>,
    pub bad_dirs: Vec<BadDirName>,
    pub escaping_links: Vec<EscapingLink>,
}

impl Project {
    pub fn layout(&self) -> ProjectLayout {
        ProjectLayout::new(&self.root)
    }
}

/// Project-relative, `/`-separated form of `path`.
pub fn rel(root: &Path, path: &Path) -> String {
    let r = path.strip_prefix(root).unwrap_or(path);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks that `root` is a readable directory.
pub fn check_root(root: &Path) -> Result<(), ProjectError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(ProjectError::NotADirectory(root.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(ProjectError::NoProject(root.to_path_buf()))
        }
        Err(error) => Err(ProjectError::Io {
            path: root.to_path_buf(),
            error,
        }),
    }
}

/// The component directories under `dir` (sorted), with invalid names reported.
/// A missing `dir` has no components.
pub fn component_dirs(
    root: &Path,
    dir: &Path,
    bad: &mut Vec<BadDirName>,
) -> Result<Vec<ComponentId>, ProjectError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(ProjectError::Io {
                path: dir.to_path_buf(),
                error,
            });
        }
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| ProjectError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        // Symbolic links are never followed: one leading outside the project is
        // reported by the link scan, and a component is a real directory.
        let path = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !is_dir {
            continue;
        }
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            bad.push(BadDirName {
                path: rel(root, &path),
                reason: "the name is not UTF-8".to_owned(),
            });
            continue;
        };
        match ComponentId::new(name) {
            Ok(id) => ids.push(id),
            Err(e) => bad.push(BadDirName {
                path: rel(root, &path),
                reason: e.to_string(),
            }),
        }
    }
    ids.sort();
    Ok(ids)
}

/// Reads `path` as a `D` document; `None` when the file does not exist.
/// Reads a document unless it is absent or reached through a link that leads
/// outside the project (reported as V080 and never followed).
pub(crate) fn read_optional<D: pact_core::Document>(
    root: &Path,
    path: &Path,
) -> Result<Option<D>, ReadError> {
    if let Some((link, target)) = crate::walk::link_on_the_way(root, path)
        && crate::walk::escapes(root, &link, &target)
    {
        return Ok(None);
    }
    if !path.exists() {
        return Ok(None);
    }
    Source::File(path.to_path_buf())
        .read_document::<D>()
        .map(Some)
}

fn collect<D: pact_core::Document + Send>(
    root: &Path,
    ids: &[ComponentId],
    path_of: impl Fn(&ComponentId) -> PathBuf + Sync,
    errors: &mut Vec<ReadError>,
) -> BTreeMap<ComponentId, D> {
    let results: Vec<_> = ids
        .par_iter()
        .map(|id| (id.clone(), read_optional::<D>(root, &path_of(id))))
        .collect();
    let mut out = BTreeMap::new();
    for (id, r) in results {
        match r {
            Ok(Some(d)) => {
                out.insert(id, d);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    out
}

/// Loads a project. Documents that exist but cannot be read make the whole load
/// fail with every such error listed.
pub fn load(root: &Path) -> Result<Project, ProjectError> {
    check_root(root)?;
    let layout = ProjectLayout::new(root);
    crate::migrate::hidden_suites(&layout)?;
    let language = pact_core::config::load(Some(root))
        .map_err(ProjectError::Config)?
        .config
        .language;
    let mut errors = Vec::new();
    let tree = match read_optional::<DecompositionTree>(root, &layout.tree()) {
        Ok(t) => t,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let mut bad_dirs = Vec::new();
    let contract_ids = component_dirs(root, &layout.contracts_dir(), &mut bad_dirs)?;
    let suite_ids = component_dirs(root, &layout.tests_dir(), &mut bad_dirs)?;
    let hidden_root = layout.hidden_dir();
    let hidden_ids = component_dirs(root, &hidden_root, &mut bad_dirs)?;
    let _ = component_dirs(root, &layout.src_dir(), &mut bad_dirs)?;

    let contracts =
        collect::<ComponentContract>(root, &contract_ids, |id| layout.contract(id), &mut errors);
    let suites = collect::<TestSuite>(root, &suite_ids, |id| layout.visible_suite(id), &mut errors);
    let hidden_suites =
        collect::<TestSuite>(root, &hidden_ids, |id| layout.hidden_suite(id), &mut errors);
    if !errors.is_empty() {
        return Err(ProjectError::Malformed(errors));
    }
    let task = match std::fs::read(layout.task()) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(ProjectError::Io {
                path: layout.task(),
                error,
            });
        }
    };
    let escaping_links = crate::walk::escaping_links(root)?;
    Ok(Project {
        root: root.to_path_buf(),
        language,
        tree,
        contracts,
        suites,
        hidden_suites,
        task,
        bad_dirs,
        escaping_links,
    })
}

/// Formats a list of document errors, one per line.
pub fn render_errors(errors: &[ReadError]) -> String {
    let mut out = format!(
        "{} malformed document{}:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for e in errors {
        out.push_str("\n  ");
        out.push_str(&e.to_string());
    }
    out
}

/// A document that repeats one already read from the stream.
fn duplicate(lines_before: usize, what: &str) -> ReadError {
    ReadError::from(pact_core::document::DocumentError::Syntax {
        input: Source::Stdin,
        line: lines_before + 1,
        column: 1,
        message: format!("{what}: each component may appear once"),
    })
}

/// What reading piped documents yields: the project they make up.
const STDIN_ROOT: &str = "<stdin>";

/// Builds a project from a stream of documents (one JSON document after
/// another, as `cat a.json b.json` or JSON Lines give): a `pact.tree`, any
/// number of `pact.contract` and `pact.test_suite` documents, and optionally a
/// `pact.task` whose body serves as task.md. Every malformed document is
/// reported with its line in the stream.
pub fn from_documents(bytes: &[u8]) -> Result<Project, ProjectError> {
    let source = Source::Stdin;
    let text = pact_core::document::decode_text(bytes, &source, "Pact")
        .map_err(|e| ProjectError::Read(e.into()))?;
    let mut project = Project {
        root: PathBuf::from(STDIN_ROOT),
        language: Language::Python,
        tree: None,
        contracts: BTreeMap::new(),
        suites: BTreeMap::new(),
        hidden_suites: BTreeMap::new(),
        task: None,
        bad_dirs: Vec::new(),
        escaping_links: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut language = None;
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    let mut start = 0;
    // Lines before `start`, counted incrementally so long streams stay linear.
    let mut offset = 0;
    loop {
        let next = stream.next();
        let end = stream.byte_offset();
        let Some(item) = next else { break };
        let piece = &text[start..end];
        let lines_in_piece = piece.matches('\n').count();
        start = end;
        if let Err(e) = item {
            let e = pact_core::document::DocumentError::Syntax {
                input: source.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            };
            errors.push(ReadError::from(e));
            break;
        }
        let leading = piece.len() - piece.trim_start().len();
        let lines_before = offset + piece[..leading].matches('\n').count();
        offset += lines_in_piece;
        let doc = piece.trim_start();
        let shift =
            |e: pact_core::document::DocumentError| ReadError::from(e.offset_lines(lines_before));
        let kind = match pact_core::document::read_header(doc, &source, "Pact") {
            Ok(h) => h.kind,
            Err(e) => {
                errors.push(shift(e));
                continue;
            }
        };
        use pact_core::document::parse_document_str as parse;
        match kind.as_str() {
            "pact.tree" => match parse::<DecompositionTree>(doc, &source) {
                Ok(_) if project.tree.is_some() => {
                    errors.push(duplicate(lines_before, "a second pact.tree"));
                }
                Ok(t) => project.tree = Some(t),
                Err(e) => errors.push(shift(e)),
            },
            "pact.contract" => match parse::<ComponentContract>(doc, &source) {
                Ok(c) if project.contracts.contains_key(&c.component_id) => errors.push(duplicate(
                    lines_before,
                    &format!("a second contract for `{}`", c.component_id),
                )),
                Ok(c) => {
                    language = language.or(c.language);
                    project.contracts.insert(c.component_id.clone(), c);
                }
                Err(e) => errors.push(shift(e)),
            },
            "pact.test_suite" => match parse::<TestSuite>(doc, &source) {
                Ok(s) => {
                    language = language.or(Some(s.language));
                    let target = match s.visibility {
                        pact_core::model::Visibility::Visible => &mut project.suites,
                        pact_core::model::Visibility::Hidden => &mut project.hidden_suites,
                    };
                    if target.contains_key(&s.component_id) {
                        errors.push(duplicate(
                            lines_before,
                            &format!("a second {:?} suite for `{}`", s.visibility, s.component_id)
                                .to_lowercase(),
                        ));
                    } else {
                        target.insert(s.component_id.clone(), s);
                    }
                }
                Err(e) => errors.push(shift(e)),
            },
            "pact.task" => match parse::<pact_core::model::Task>(doc, &source) {
                Ok(t) => project.task = Some(t.body),
                Err(e) => errors.push(shift(e)),
            },
            other => errors.push(ReadError::from(
                pact_core::document::DocumentError::WrongKind {
                    input: source.clone(),
                    found: other.to_owned(),
                    expected: "pact.tree, pact.contract, pact.test_suite or pact.task".to_owned(),
                },
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ProjectError::Malformed(errors));
    }
    project.language = language.unwrap_or(Language::Python);
    Ok(project)
}
