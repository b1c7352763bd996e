//! One component's documents, read for judging and for briefs: suites,
//! contracts and the configuration, by the loader's rules (links that leave
//! the project are never followed, directory names are checked as ids, every
//! malformed document is reported with its location).

use std::path::{Path, PathBuf};

use pact_core::config::Config;
use pact_core::id::ComponentId;
use pact_core::input::ReadError;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, TestSuite, Visibility};

use crate::error::ProjectError;
use crate::load::{check_root, component_dirs, read_optional};

/// A project opened for judging or for writing briefs.
#[derive(Debug)]
pub struct OpenProject {
    pub layout: ProjectLayout,
    pub config: Config,
}

impl OpenProject {
    pub fn open(root: &Path) -> Result<Self, ProjectError> {
        check_root(root)?;
        crate::migrate::hidden_suites(&ProjectLayout::new(root))?;
        let config = pact_core::config::load(Some(root))?.config;
        Ok(Self {
            layout: ProjectLayout::new(root),
            config,
        })
    }

    fn root(&self) -> &Path {
        self.layout.root()
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
            return match self.read_suite(&path, &id)? {
                Some(suite) => Ok(vec![suite]),
                None => Err(ProjectError::NoSuite {
                    id: id.as_str().to_owned(),
                    visibility: visibility_name(visibility),
                    path,
                }),
            };
        }
        let ids = self.component_ids(&self.suites_dir(visibility))?;
        let mut suites = Vec::new();
        let mut errors = Vec::new();
        for id in ids {
            match self.read_suite(&self.suite_path(visibility, &id), &id) {
                Ok(Some(suite)) => suites.push(suite),
                Ok(None) => {}
                Err(ProjectError::Read(e)) => errors.push(e),
                Err(e) => return Err(e),
            }
        }
        if !errors.is_empty() {
            return Err(ProjectError::Malformed(errors));
        }
        Ok(suites)
    }

    pub fn suites_dir(&self, visibility: Visibility) -> PathBuf {
        match visibility {
            Visibility::Visible => self.layout.tests_dir(),
            Visibility::Hidden => self.layout.hidden_dir(),
        }
    }

    pub fn suite_path(&self, visibility: Visibility, id: &ComponentId) -> PathBuf {
        match visibility {
            Visibility::Visible => self.layout.visible_suite(id),
            Visibility::Hidden => self.layout.hidden_suite(id),
        }
    }

    /// The component's contract, when it has one.
    pub fn contract(&self, id: &ComponentId) -> Result<Option<ComponentContract>, ProjectError> {
        Ok(read_optional(self.root(), &self.layout.contract(id))?)
    }

    /// Every contract in the project (for what counts as public text).
    pub fn contracts(&self) -> Result<Vec<ComponentContract>, ProjectError> {
        let ids = self.component_ids(&self.layout.contracts_dir())?;
        let mut contracts = Vec::new();
        let mut errors: Vec<ReadError> = Vec::new();
        for id in ids {
            match read_optional(self.root(), &self.layout.contract(&id)) {
                Ok(Some(c)) => contracts.push(c),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(ProjectError::Malformed(errors));
        }
        Ok(contracts)
    }

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

    /// The valid component directories under `dir`; a directory whose name is
    /// not an id is an error here, since a judge must not skip a suite.
    fn component_ids(&self, dir: &Path) -> Result<Vec<ComponentId>, ProjectError> {
        let mut bad = Vec::new();
        let ids = component_dirs(self.root(), dir, &mut bad)?;
        if let Some(first) = bad.into_iter().next() {
            let name = first
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&first.path)
                .to_owned();
            return Err(ProjectError::BadDirectory {
                path: self.root().join(&first.path),
                name,
            });
        }
        Ok(ids)
    }

    fn read_suite(&self, path: &Path, id: &ComponentId) -> Result<Option<TestSuite>, ProjectError> {
        let Some(suite) = read_optional::<TestSuite>(self.root(), path)? else {
            return Ok(None);
        };
        if suite.component_id != *id {
            return Err(ProjectError::WrongComponent {
                path: path.to_path_buf(),
                found: suite.component_id,
                expected: id.as_str().to_owned(),
            });
        }
        Ok(Some(suite))
    }
}

pub fn visibility_name(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Visible => "visible",
        Visibility::Hidden => "hidden",
    }
}
