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
//! goodhart/<id>/suite.json   hidden suites
//! .pact/                 state.json audit.jsonl lock archive/ baselines/
//!                        gate.json design.json retrospective.json ledger.jsonl
//!                        build/<id>/passed.json  build/<id>/<inputs>/attempt-<n>/
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
    /// A path that is no directory is kept as given: a typo must not name
    /// the project around it.
    pub fn locate(arg: &Path) -> Self {
        let is_project = |d: &Path| d.join("pact.yaml").is_file() || d.join(".pact").is_dir();
        if is_project(arg) || !arg.is_dir() {
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
    /// Hidden (Goodhart) suites: versioned with the contracts, and in no
    /// implementer's or test process's view (the sandbox shows none; briefs
    /// are leak-checked).
    pub fn hidden_dir(&self) -> PathBuf {
        self.at("goodhart")
    }
    /// Where hidden suites lived before they were versioned with the project
    /// (`pact_project::migrate` moves them).
    pub fn legacy_hidden_dir(&self) -> PathBuf {
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
    /// The gate's last verdict (`pact.gate_result`), kept by `pact run`.
    pub fn gate_result(&self) -> PathBuf {
        self.state_dir().join("gate.json")
    }
    /// The design record `design.md` is rendered from.
    pub fn design_record(&self) -> PathBuf {
        self.state_dir().join("design.json")
    }
    /// The last run's retrospective.
    pub fn retrospective(&self) -> PathBuf {
        self.state_dir().join("retrospective.json")
    }
    /// Present while a stop of the running `pact run` is asked for.
    pub fn stop_request(&self) -> PathBuf {
        self.state_dir().join("stop")
    }
    /// Every component's builds.
    pub fn builds_dir(&self) -> PathBuf {
        self.state_dir().join("build")
    }
    pub fn build_dir(&self, id: &ComponentId) -> PathBuf {
        self.builds_dir().join(id.as_str())
    }
    /// The record of a component's last pass (`pact.build_record`).
    pub fn build_record(&self, id: &ComponentId) -> PathBuf {
        self.build_dir(id).join("passed.json")
    }
    /// The visible and the hidden results a component last passed with.
    pub fn passing_results(&self, id: &ComponentId) -> [PathBuf; 2] {
        let dir = self.build_dir(id);
        [
            dir.join("visible-results.json"),
            dir.join("hidden-results.json"),
        ]
    }
    /// The attempts kept for one set of build inputs (`inputs`: their
    /// SHA-256 hex), so a changed contract never reuses an answer given for
    /// the old one.
    pub fn attempt_set(&self, id: &ComponentId, inputs: &str) -> AttemptSet {
        let key: String = inputs.chars().take(12).collect();
        AttemptSet {
            build_dir: self.build_dir(id),
            dir: self.build_dir(id).join(&key),
            key,
        }
    }
    /// A plan replaced by `pact run --replan` at `stamp`, kept under the run's archive.
    pub fn archived_plan(&self, run_id: &str, stamp: &str) -> ArchivedPlan {
        ArchivedPlan {
            dir: self
                .archive_dir()
                .join(run_id)
                .join(format!("replan-{stamp}")),
        }
    }
    /// A component's contract and suites as a contract diagnosis in cycle
    /// `cycle` of run `run_id` set them aside.
    pub fn archived_component(
        &self,
        run_id: &str,
        cycle: u32,
        id: &ComponentId,
    ) -> ArchivedComponent {
        ArchivedComponent {
            dir: self
                .archive_dir()
                .join(run_id)
                .join(format!("cycle-{cycle}"))
                .join(id.as_str()),
        }
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

/// One set of attempts at a component: `.pact/build/<id>/<inputs[..12]>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSet {
    build_dir: PathBuf,
    dir: PathBuf,
    key: String,
}

impl AttemptSet {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// Attempt `n` (from 1) of a sequential build.
    pub fn attempt(&self, n: u32) -> Attempt {
        Attempt {
            dir: self.dir.join(format!("attempt-{n}")),
        }
    }
    /// A competitive build's agents and its verdict.
    pub fn competition_dir(&self) -> PathBuf {
        self.dir.join("competitive")
    }
    /// Agent `k` (from 1) of a competitive build.
    pub fn agent(&self, k: u32) -> Attempt {
        Attempt {
            dir: self.competition_dir().join(format!("agent-{k}")),
        }
    }
    /// The competition's scores and winner (`pact.competition`).
    pub fn competition_result(&self) -> PathBuf {
        self.competition_dir().join("result.json")
    }
    /// The diagnosis asked once all attempts failed, and the evidence it was given.
    pub fn diagnosis(&self) -> PathBuf {
        self.dir.join("diagnosis.json")
    }
    pub fn diagnosis_input(&self) -> PathBuf {
        self.dir.join("diagnose-input.md")
    }
    /// Where this set goes when diagnosis cycle `n` (from 1) sets it aside.
    pub fn set_aside(&self, n: usize) -> PathBuf {
        self.build_dir
            .join(format!("{}{n}", self.set_aside_prefix()))
    }
    /// How many of this set's attempts earlier diagnosis cycles set aside.
    pub fn sets_aside(&self) -> usize {
        let prefix = self.set_aside_prefix();
        std::fs::read_dir(&self.build_dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .count()
            })
            .unwrap_or(0)
    }
    fn set_aside_prefix(&self) -> String {
        format!("{}-cycle-", self.key)
    }
}

/// The files of one attempt (or one competing agent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    dir: PathBuf,
}

impl Attempt {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// The brief the implementer was given, as sent.
    pub fn brief(&self) -> PathBuf {
        self.dir.join("brief.md")
    }
    /// The model's answer (`pact.implementation`).
    pub fn implementation(&self) -> PathBuf {
        self.dir.join("implementation.json")
    }
    /// The judge's whole output on the visible suite.
    pub fn visible_verdict(&self) -> PathBuf {
        self.dir.join("visible.json")
    }
    /// The judge's whole output on the hidden suite.
    pub fn hidden_verdict(&self) -> PathBuf {
        self.dir.join("hidden.json")
    }
    /// The visible results that failed, for the next attempt's brief.
    pub fn failures(&self) -> PathBuf {
        self.dir.join("failures.json")
    }
    /// The hidden results that failed; never shown, only hinted at.
    pub fn hidden_results(&self) -> PathBuf {
        self.dir.join("hidden-results.json")
    }
    /// The graduated hints for the next attempt.
    pub fn hints(&self) -> PathBuf {
        self.dir.join("hints.json")
    }
}

/// A replaced plan: `.pact/archive/<run>/replan-<stamp>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedPlan {
    dir: PathBuf,
}

impl ArchivedPlan {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn tree(&self) -> PathBuf {
        self.dir.join("decomposition").join("tree.json")
    }
    pub fn standards(&self) -> PathBuf {
        self.dir.join("decomposition").join("standards.json")
    }
    pub fn contracts_dir(&self) -> PathBuf {
        self.dir.join("contracts")
    }
    pub fn tests_dir(&self) -> PathBuf {
        self.dir.join("tests")
    }
    pub fn hidden_dir(&self) -> PathBuf {
        self.dir.join("hidden")
    }
    pub fn gate_result(&self) -> PathBuf {
        self.dir.join("gate.json")
    }
}

/// A component's contract and suites set aside by a contract diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedComponent {
    dir: PathBuf,
}

impl ArchivedComponent {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn contract(&self) -> PathBuf {
        self.dir.join("interface.json")
    }
    pub fn visible_suite(&self) -> PathBuf {
        self.dir.join("suite.json")
    }
    pub fn hidden_suite(&self) -> PathBuf {
        self.dir.join("hidden-suite.json")
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
            Path::new("/p/goodhart/auth/suite.json")
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
            "goodhart/auth/suite.json"
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
