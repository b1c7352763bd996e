//! Where everything lives in a Pact project. Every path the product reads or
//! writes is built here, and component paths only from validated ids.
//!
//! ```text
//! task.md  sops.md  pact.yaml  design.md  .gitignore
//! decomposition/  tree.json  interview.json  standards.json
//! contracts/<id>/interface.json
//! tests/<id>/suite.json  (+ the suite's code file)
//! src/<id>/              implementations
//! learnings/learnings.jsonl
//! certification/certification.json
//! .pact/                 state.json audit.jsonl lock archive/ baselines/ hidden/<id>/
//! ```

use std::path::{Path, PathBuf};

use crate::id::ComponentId;

/// The paths of one project rooted at a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLayout {
    root: PathBuf,
}

impl ProjectLayout {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The nearest directory at or above `start` that holds `pact.yaml` or `.pact/`.
    pub fn discover(start: &Path) -> Option<Self> {
        start
            .ancestors()
            .find(|d| d.join("pact.yaml").is_file() || d.join(".pact").is_dir())
            .map(Self::new)
    }

    /// The project a command's project argument names: the directory itself
    /// when it is a project, else the nearest one above it (so every command
    /// works from a subdirectory of a project, as cargo and git do), else the
    /// directory as given, for the command to report that it is no project.
    pub fn locate(arg: &Path) -> Self {
        let is_project = |d: &Path| d.join("pact.yaml").is_file() || d.join(".pact").is_dir();
        if is_project(arg) {
            return Self::new(arg);
        }
        std::path::absolute(arg)
            .ok()
            .and_then(|absolute| Self::discover(&absolute))
            .unwrap_or_else(|| Self::new(arg))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn at(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn task(&self) -> PathBuf {
        self.at("task.md")
    }
    pub fn sops(&self) -> PathBuf {
        self.at("sops.md")
    }
    pub fn config(&self) -> PathBuf {
        self.at("pact.yaml")
    }
    pub fn design(&self) -> PathBuf {
        self.at("design.md")
    }
    pub fn gitignore(&self) -> PathBuf {
        self.at(".gitignore")
    }

    pub fn decomposition_dir(&self) -> PathBuf {
        self.at("decomposition")
    }
    pub fn tree(&self) -> PathBuf {
        self.decomposition_dir().join("tree.json")
    }
    /// Shared standards collected from every contract (`pact-handoff standards`).
    pub fn standards(&self) -> PathBuf {
        self.decomposition_dir().join("standards.json")
    }
    pub fn interview(&self) -> PathBuf {
        self.decomposition_dir().join("interview.json")
    }
    /// The shaped task (`pact-llm shape`), when shaping is enabled.
    pub fn shape(&self) -> PathBuf {
        self.decomposition_dir().join("shape.json")
    }

    pub fn contracts_dir(&self) -> PathBuf {
        self.at("contracts")
    }
    pub fn contract_dir(&self, id: &ComponentId) -> PathBuf {
        self.contracts_dir().join(id.as_str())
    }
    pub fn contract(&self, id: &ComponentId) -> PathBuf {
        self.contract_dir(id).join("interface.json")
    }

    pub fn tests_dir(&self) -> PathBuf {
        self.at("tests")
    }
    /// Visible tests: these may be shown to the implementer.
    pub fn visible_tests_dir(&self, id: &ComponentId) -> PathBuf {
        self.tests_dir().join(id.as_str())
    }
    pub fn visible_suite(&self, id: &ComponentId) -> PathBuf {
        self.visible_tests_dir(id).join("suite.json")
    }

    pub fn src_dir(&self) -> PathBuf {
        self.at("src")
    }
    /// The only directory an implementation of `id` may write to.
    pub fn component_src(&self, id: &ComponentId) -> PathBuf {
        self.src_dir().join(id.as_str())
    }

    /// The phased task list of `pact audit tasks`.
    pub fn task_list(&self) -> PathBuf {
        self.at("tasks.json")
    }
    /// The task list rendered as Markdown (`pact audit tasks --export`).
    pub fn tasks_markdown(&self) -> PathBuf {
        self.at("TASKS.md")
    }

    pub fn learnings(&self) -> PathBuf {
        self.at("learnings").join("learnings.jsonl")
    }
    pub fn certification(&self) -> PathBuf {
        self.at("certification").join("certification.json")
    }

    /// Pact's private state; ignored by version control.
    pub fn state_dir(&self) -> PathBuf {
        self.at(".pact")
    }
    pub fn state(&self) -> PathBuf {
        self.state_dir().join("state.json")
    }
    pub fn audit_log(&self) -> PathBuf {
        self.state_dir().join("audit.jsonl")
    }
    pub fn lock(&self) -> PathBuf {
        self.state_dir().join("lock")
    }
    pub fn archive_dir(&self) -> PathBuf {
        self.state_dir().join("archive")
    }
    pub fn baselines_dir(&self) -> PathBuf {
        self.state_dir().join("baselines")
    }
    /// Every model call's reservation and cost (append-only, `pact-llm`).
    pub fn ledger(&self) -> PathBuf {
        self.state_dir().join("ledger.jsonl")
    }
    /// Research and plans made before a stage (`pact-llm`, `research: light | full`).
    pub fn research(&self, id: &ComponentId, stage: &str) -> PathBuf {
        self.state_dir()
            .join("research")
            .join(id.as_str())
            .join(format!("{stage}.json"))
    }
    /// Held while a reservation is checked against the caps and appended.
    pub fn ledger_lock(&self) -> PathBuf {
        self.state_dir().join("ledger.lock")
    }
    /// Hidden (Goodhart) tests live under `.pact/`, outside every tree an
    /// implementer is given.
    pub fn hidden_dir(&self) -> PathBuf {
        self.state_dir().join("hidden")
    }
    pub fn hidden_tests_dir(&self, id: &ComponentId) -> PathBuf {
        self.hidden_dir().join(id.as_str())
    }
    pub fn hidden_suite(&self, id: &ComponentId) -> PathBuf {
        self.hidden_tests_dir(id).join("suite.json")
    }
    /// The recorded baseline (`pact-validate baseline`) that drift is measured against.
    pub fn baseline(&self) -> PathBuf {
        self.baselines_dir().join("baseline.json")
    }
    /// The last `pact-adopt` run's report.
    pub fn adopt_report(&self) -> PathBuf {
        self.state_dir().join("adopt.json")
    }
    /// The project's own version of stage prompt `name`, overriding the shipped one.
    pub fn prompt_template(&self, name: &str) -> PathBuf {
        self.at("prompts").join(format!("{name}.j2"))
    }
    /// `path` relative to the root and `/`-separated; a path outside the root is kept whole.
    pub fn relative(&self, path: &Path) -> String {
        let Ok(r) = path.strip_prefix(&self.root) else {
            return path.to_string_lossy().into_owned();
        };
        r.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
    /// How messages and reports name a layout path: `relative_name(|l| l.contract(id))`.
    pub fn relative_name(path: impl FnOnce(&Self) -> PathBuf) -> String {
        let unrooted = Self::new("");
        unrooted.relative(&path(&unrooted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_paths_stay_inside_their_directories() {
        let layout = ProjectLayout::new("/p");
        let id = ComponentId::new("auth").unwrap();
        assert_eq!(
            layout.contract(&id),
            Path::new("/p/contracts/auth/interface.json")
        );
        assert_eq!(layout.component_src(&id), Path::new("/p/src/auth"));
        assert_eq!(
            layout.hidden_suite(&id),
            Path::new("/p/.pact/hidden/auth/suite.json")
        );
    }

    #[test]
    fn relative_names_are_slash_separated_and_rootless() {
        let id = ComponentId::new("auth").unwrap();
        assert_eq!(
            ProjectLayout::relative_name(|l| l.contract(&id)),
            "contracts/auth/interface.json"
        );
        assert_eq!(
            ProjectLayout::relative_name(|l| l.hidden_suite(&id)),
            ".pact/hidden/auth/suite.json"
        );
        let layout = ProjectLayout::new("/p");
        assert_eq!(layout.relative(&layout.tree()), "decomposition/tree.json");
        assert_eq!(layout.relative(Path::new("/q/x")), "/q/x");
    }

    #[test]
    fn discover_finds_the_nearest_project() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pact.yaml"), "").unwrap();
        let deep = dir.path().join("src/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(ProjectLayout::discover(&deep).unwrap().root(), dir.path());
    }
}
