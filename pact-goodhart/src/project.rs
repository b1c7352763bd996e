//! Reading what the judge needs from a project: suites, contracts, config.

use std::path::{Path, PathBuf};

use pact_core::config::Config;
use pact_core::id::ComponentId;
use pact_core::input::{ReadError, Source};
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, TestSuite, Visibility};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0}: no such project directory")]
    NoProject(PathBuf),
    #[error("{0}")]
    Config(#[from] pact_core::config::ConfigError),
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("{path}: cannot list: {error}")]
    List {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: directory name {name:?} is not a component id")]
    BadDirectory { path: PathBuf, name: String },
    #[error("{path}: the suite is for component `{found}`, but it is stored under `{expected}`")]
    WrongComponent {
        path: PathBuf,
        found: ComponentId,
        expected: String,
    },
    #[error("no {visibility} suite for component `{id}` (looked for {path})")]
    NoSuite {
        id: String,
        visibility: &'static str,
        path: PathBuf,
    },
    #[error("`{0}` is not a valid component id")]
    BadId(String),
}

/// A project opened for judging.
#[derive(Debug)]
pub struct Project {
    pub layout: ProjectLayout,
    pub config: Config,
}

impl Project {
    pub fn open(root: &Path) -> Result<Self, ProjectError> {
        if !root.is_dir() {
            return Err(ProjectError::NoProject(root.to_path_buf()));
        }
        let config = pact_core::config::load(Some(root))?.config;
        Ok(Self {
            layout: ProjectLayout::new(root),
            config,
        })
    }

    /// Suites of one visibility, for every component or for one.
    pub fn suites(
        &self,
        visibility: Visibility,
        only: Option<&str>,
    ) -> Result<Vec<TestSuite>, ProjectError> {
        if let Some(id) = only {
            let id = ComponentId::new(id).map_err(|_| ProjectError::BadId(id.to_owned()))?;
            let path = self.suite_path(visibility, &id);
            if !path.is_file() {
                return Err(ProjectError::NoSuite {
                    id: id.as_str().to_owned(),
                    visibility: visibility_name(visibility),
                    path,
                });
            }
            return Ok(vec![read_suite(&path, id.as_str())?]);
        }
        let dir = match visibility {
            Visibility::Visible => self.layout.tests_dir(),
            Visibility::Hidden => self.layout.state_dir().join("hidden"),
        };
        let mut suites = Vec::new();
        for name in sorted_subdirs(&dir)? {
            let id = ComponentId::new(name.as_str()).map_err(|_| ProjectError::BadDirectory {
                path: dir.join(&name),
                name: name.clone(),
            })?;
            let path = self.suite_path(visibility, &id);
            if path.is_file() {
                suites.push(read_suite(&path, &name)?);
            }
        }
        Ok(suites)
    }

    pub fn suite_path(&self, visibility: Visibility, id: &ComponentId) -> PathBuf {
        match visibility {
            Visibility::Visible => self.layout.visible_suite(id),
            Visibility::Hidden => self.layout.hidden_suite(id),
        }
    }

    /// The component's contract, when it has one.
    pub fn contract(&self, id: &ComponentId) -> Result<Option<ComponentContract>, ProjectError> {
        let path = self.layout.contract(id);
        if !path.is_file() {
            return Ok(None);
        }
        Ok(Some(Source::File(path).read_document()?))
    }

    /// Every contract in the project (for what counts as public text).
    pub fn contracts(&self) -> Result<Vec<ComponentContract>, ProjectError> {
        let dir = self.layout.contracts_dir();
        let mut contracts = Vec::new();
        for name in sorted_subdirs(&dir)? {
            if let Ok(id) = ComponentId::new(name.as_str())
                && let Some(c) = self.contract(&id)?
            {
                contracts.push(c);
            }
        }
        Ok(contracts)
    }
}

impl Project {
    /// Text agents see anyway — every contract and every visible suite's
    /// code — so none of it counts as a leak.
    pub fn public_text(&self) -> Result<String, ProjectError> {
        let mut text = String::new();
        for contract in self.contracts()? {
            text.push_str(&pact_core::document::to_canonical_json(&contract));
            text.push('\n');
        }
        for suite in self.suites(Visibility::Visible, None)? {
            text.push_str(&suite.code);
            text.push('\n');
        }
        Ok(text)
    }
}

pub fn visibility_name(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Visible => "visible",
        Visibility::Hidden => "hidden",
    }
}

fn read_suite(path: &Path, dir_name: &str) -> Result<TestSuite, ProjectError> {
    let suite: TestSuite = Source::File(path.to_path_buf()).read_document()?;
    if suite.component_id.as_str() != dir_name {
        return Err(ProjectError::WrongComponent {
            path: path.to_path_buf(),
            found: suite.component_id,
            expected: dir_name.to_owned(),
        });
    }
    Ok(suite)
}

fn sorted_subdirs(dir: &Path) -> Result<Vec<String>, ProjectError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(ProjectError::List {
                path: dir.to_path_buf(),
                error,
            });
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}
