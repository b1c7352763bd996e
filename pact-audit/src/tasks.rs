//! The phased task list: generated from the tree and contracts, stored in
//! `tasks.json`, shown as a table or exported as `TASKS.md`.
//!
//! Phases: setup, foundational (types shared by several contracts), one chain
//! per leaf component (review contract → test harness → tests → implement →
//! verify), integration of every parent, deepest first (wiring waits for its
//! children's last task), polish. Deliberate changes from the original:
//! every leaf's review is parallel (not only the first), component work
//! waits for setup and the shared types, polish waits for the root, and the
//! order is the tree's order, so ids are stable for the same tree.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use clap::Args;
use pact_core::document::{Kind, Version, to_canonical_json};
use pact_core::layout::ProjectLayout;
use pact_core::model::{
    Checkpoint, ComponentStatus, DecompositionTree, RunState, TaskCategory, TaskItem, TaskList,
    TaskPhase, TaskStatus,
};
use pact_core::{Code, ComponentId, Failure};

use crate::error::AuditError;
use crate::project::AuditProject;

#[derive(Debug, Clone, Args)]
pub struct TasksArgs {
    #[command(flatten)]
    pub project: pact_core::cli::ProjectOrStdinArg,
    /// Print the whole `pact.task_list` document.
    #[arg(long)]
    pub json: bool,
    /// Show only this phase (setup, foundational, component, integration, polish).
    #[arg(long, value_parser = crate::parse_phase)]
    pub phase: Option<TaskPhase>,
    /// Show only this component's tasks.
    #[arg(long, value_name = "ID")]
    pub component: Option<String>,
    /// Show only tasks that can start now (pending, every dependency completed).
    #[arg(long)]
    pub ready: bool,
    /// Mark a task completed and save tasks.json (repeatable).
    #[arg(long, value_name = "ID")]
    pub complete: Vec<String>,
    /// Generate the list again from the tree and contracts and save it (statuses of unchanged tasks are kept).
    #[arg(long)]
    pub regenerate: bool,
    /// Update task statuses from the run's component statuses (.pact/state.json) and save.
    #[arg(long)]
    pub sync: bool,
    /// Write the list as Markdown: to TASKS.md in the project, to PATH, or to stdout with `-`.
    #[arg(long, value_name = "PATH")]
    pub export: Option<Option<PathBuf>>,
}

/// Pre-order from the root, children in their listed order; nodes the walk
/// does not reach follow in id order. Returns (id, depth) pairs.
pub(crate) fn tree_order(tree: &DecompositionTree) -> Vec<(ComponentId, u32)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![(tree.root.clone(), 0u32)];
    while let Some((id, depth)) = stack.pop() {
        if !tree.nodes.contains_key(&id) || !seen.insert(id.clone()) {
            continue;
        }
        if let Some(node) = tree.nodes.get(&id) {
            for child in node.children.iter().rev() {
                stack.push((child.clone(), depth + 1));
            }
        }
        out.push((id, depth));
    }
    for id in tree.nodes.keys() {
        if !seen.contains(id) {
            out.push((id.clone(), 0));
        }
    }
    out
}

struct Builder {
    tasks: Vec<TaskItem>,
}

impl Builder {
    fn add(
        &mut self,
        (phase, category): (TaskPhase, TaskCategory),
        description: String,
        component: Option<&ComponentId>,
        file: Option<String>,
        parallel: bool,
        depends_on: Vec<String>,
    ) -> String {
        let id = format!("T{:03}", self.tasks.len() + 1);
        self.tasks.push(TaskItem {
            id: id.clone(),
            phase,
            category,
            description,
            component: component.cloned(),
            file,
            status: TaskStatus::Pending,
            parallel,
            depends_on,
        });
        id
    }
}

/// A component's source directory as a task names it, with a trailing `/`
/// (the task is about everything inside it).
fn source_dir_name(id: &ComponentId) -> String {
    format!("{}/", ProjectLayout::relative_name(|l| l.component_src(id)))
}

/// Generates the task list of a project with a tree.
pub fn generate(project: &AuditProject) -> Result<TaskList, AuditError> {
    let Some(tree) = &project.tree else {
        return Err(AuditError::NoTree(
            project
                .root
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdin>")),
        ));
    };
    let mut b = Builder { tasks: Vec::new() };
    let mut checkpoints = Vec::new();
    use TaskCategory as C;
    use TaskPhase as P;

    let layout_t = b.add(
        (P::Setup, C::Scaffold),
        "Create the project layout (contracts/, tests/, src/)".to_owned(),
        None,
        None,
        false,
        Vec::new(),
    );
    let env_t = b.add(
        (P::Setup, C::Scaffold),
        "Check the environment: language toolchain and test runner".to_owned(),
        None,
        None,
        false,
        vec![layout_t],
    );
    checkpoints.push(Checkpoint {
        after_phase: P::Setup,
        description: "Project layout and tools in place".to_owned(),
        validation: "pact validate".to_owned(),
    });

    // Types defined in two or more contracts, by name.
    let mut shared: BTreeMap<&str, Vec<&ComponentId>> = BTreeMap::new();
    for c in project.contracts.values() {
        for t in &c.types {
            shared
                .entry(t.name.as_str())
                .or_default()
                .push(&c.component_id);
        }
    }
    let mut before_components = vec![env_t.clone()];
    let mut type_tasks = Vec::new();
    for (name, owners) in shared.iter().filter(|(_, o)| o.len() >= 2) {
        let list = owners
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        type_tasks.push(b.add(
            (P::Foundational, C::TypeDefinition),
            format!("Define shared type `{name}` (used by {list})"),
            None,
            None,
            true,
            vec![env_t.clone()],
        ));
    }
    if !type_tasks.is_empty() {
        before_components = type_tasks;
    }

    let order = tree_order(tree);
    let is_leaf = |id: &ComponentId| tree.nodes.get(id).is_none_or(|n| n.children.is_empty());
    let mut last_of: HashMap<ComponentId, String> = HashMap::new();
    let leaves: Vec<&ComponentId> = order
        .iter()
        .map(|(id, _)| id)
        .filter(|id| is_leaf(id))
        .collect();
    for id in &leaves {
        let contract = project.contracts.contains_key(*id);
        let review = b.add(
            (P::Component, C::ContractReview),
            if contract {
                format!("Review the contract of `{id}`")
            } else {
                format!("Write the contract of `{id}`")
            },
            Some(id),
            Some(ProjectLayout::relative_name(|l| l.contract(id))),
            true,
            before_components.clone(),
        );
        let harness = b.add(
            (P::Component, C::TestSetup),
            format!("Set up the test harness of `{id}`"),
            Some(id),
            None,
            false,
            vec![review],
        );
        let write = b.add(
            (P::Component, C::TestWrite),
            format!("Write the contract tests of `{id}`"),
            Some(id),
            Some(ProjectLayout::relative_name(|l| l.visible_suite(id))),
            false,
            vec![harness],
        );
        let implement = b.add(
            (P::Component, C::Implement),
            format!("Implement `{id}`"),
            Some(id),
            Some(source_dir_name(id)),
            false,
            vec![write],
        );
        let verify = b.add(
            (P::Component, C::Verify),
            format!("Run the tests of `{id}` and verify"),
            Some(id),
            None,
            false,
            vec![implement],
        );
        last_of.insert((*id).clone(), verify);
    }
    if !leaves.is_empty() {
        checkpoints.push(Checkpoint {
            after_phase: P::Component,
            description: "Every leaf component verified".to_owned(),
            validation: "pact validate".to_owned(),
        });
    }

    let mut parents: Vec<(usize, &ComponentId, u32)> = order
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| !is_leaf(id))
        .map(|(i, (id, d))| (i, id, *d))
        .collect();
    parents.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    for (_, id, _) in &parents {
        let review = b.add(
            (P::Integration, C::ContractReview),
            format!("Review the integration contract of `{id}`"),
            Some(id),
            Some(ProjectLayout::relative_name(|l| l.contract(id))),
            true,
            vec![env_t.clone()],
        );
        let write = b.add(
            (P::Integration, C::TestWrite),
            format!("Write the integration tests of `{id}`"),
            Some(id),
            Some(ProjectLayout::relative_name(|l| l.visible_suite(id))),
            true,
            vec![review],
        );
        let mut wire_deps = vec![write];
        if let Some(node) = tree.nodes.get(*id) {
            wire_deps.extend(node.children.iter().filter_map(|c| last_of.get(c).cloned()));
        }
        let wire = b.add(
            (P::Integration, C::Integrate),
            format!("Wire the children of `{id}` together"),
            Some(id),
            Some(source_dir_name(id)),
            false,
            wire_deps,
        );
        let run = b.add(
            (P::Integration, C::Verify),
            format!("Run the integration tests of `{id}`"),
            Some(id),
            None,
            false,
            vec![wire],
        );
        last_of.insert((*id).clone(), run);
    }
    if !parents.is_empty() {
        checkpoints.push(Checkpoint {
            after_phase: P::Integration,
            description: "Every integration verified".to_owned(),
            validation: "pact validate".to_owned(),
        });
    }

    let done: Vec<String> = match last_of.get(&tree.root) {
        Some(t) => vec![t.clone()],
        None => {
            let mut all: Vec<String> = last_of.values().cloned().collect();
            all.sort();
            all
        }
    };
    let gate = b.add(
        (P::Polish, C::Validate),
        "Run the full contract gate (`pact validate`)".to_owned(),
        None,
        None,
        true,
        done.clone(),
    );
    let analysis = b.add(
        (P::Polish, C::Validate),
        "Check requirement coverage and cross-artifact consistency (`pact audit`, `pact audit analyze`)".to_owned(),
        None,
        None,
        true,
        done,
    );
    b.add(
        (P::Polish, C::Document),
        "Update the design document".to_owned(),
        None,
        Some(ProjectLayout::relative_name(ProjectLayout::design)),
        false,
        vec![gate, analysis],
    );
    Ok(TaskList {
        kind: Kind::new(),
        version: Version::new(),
        tasks: b.tasks,
        checkpoints,
    })
}

/// Keeps the status of every task of `old` that is unchanged in `new` (same
/// phase, category, component and description).
pub fn carry_statuses(old: &TaskList, new: &mut TaskList) {
    let key = |t: &TaskItem| {
        (
            t.phase,
            t.category,
            t.component.clone(),
            t.description.clone(),
        )
    };
    let statuses: HashMap<_, _> = old.tasks.iter().map(|t| (key(t), t.status)).collect();
    for t in &mut new.tasks {
        if let Some(s) = statuses.get(&key(t)) {
            t.status = *s;
        }
    }
}

/// How far a component's work has come, as the status its task of
/// `category` should have.
fn status_for(component: ComponentStatus, category: TaskCategory) -> Option<TaskStatus> {
    use ComponentStatus as S;
    use TaskCategory as C;
    use TaskStatus as T;
    // Each component's tasks run in this order; a stage's tasks are in
    // progress while the component is in that stage, and done after it.
    let stage = |c: TaskCategory| match c {
        C::ContractReview => 0,
        C::TestSetup | C::TestWrite => 1,
        C::Implement | C::Integrate => 2,
        _ => 3,
    };
    let current = match component {
        S::Pending => return None,
        S::Contracting => 0,
        S::Testing => 1,
        // Contract and both suites written; implementation not started.
        S::Planned => {
            return Some(if stage(category) <= 1 {
                T::Completed
            } else {
                T::Pending
            });
        }
        S::Implementing | S::Integrating => 2,
        S::Passed => return Some(T::Completed),
        S::Failed => {
            return Some(if stage(category) == 3 {
                T::Failed
            } else {
                T::Completed
            });
        }
    };
    Some(match stage(category).cmp(&current) {
        std::cmp::Ordering::Less => T::Completed,
        std::cmp::Ordering::Equal => T::InProgress,
        std::cmp::Ordering::Greater => T::Pending,
    })
}

/// Sets the status of each component's tasks from the run state. A task
/// marked completed by hand stays completed.
pub fn sync(list: &mut TaskList, state: &RunState) {
    for t in &mut list.tasks {
        let Some(c) = t.component.as_ref().and_then(|c| state.components.get(c)) else {
            continue;
        };
        if let Some(s) = status_for(c.status, t.category)
            && t.status != TaskStatus::Completed
        {
            t.status = s;
        }
    }
}

/// Marks tasks completed; unknown ids are an error naming the nearest id.
pub fn complete(list: &mut TaskList, ids: &[String]) -> Result<(), Failure> {
    for id in ids {
        let wanted = id.trim().to_uppercase();
        let Some(task) = list.tasks.iter_mut().find(|t| t.id == wanted) else {
            let ids: Vec<&str> = list.tasks.iter().map(|t| t.id.as_str()).collect();
            let mut f = Failure::from(AuditError::UnknownTask(id.clone()));
            if let Some(near) = pact_core::suggest::closest(&wanted, ids.iter().copied()) {
                f = f.hint(format!("did you mean {near}?"));
            }
            return Err(f);
        };
        task.status = TaskStatus::Completed;
    }
    Ok(())
}

fn components_of(list: &TaskList) -> BTreeSet<ComponentId> {
    list.tasks
        .iter()
        .filter_map(|t| t.component.clone())
        .collect()
}

/// Runs `pact-audit tasks`.
pub fn run(args: &TasksArgs) -> Result<Code, Failure> {
    let filtered = args.phase.is_some() || args.component.is_some() || args.ready;
    if args.json && filtered {
        return Err(Failure::new(
            Code::Usage,
            "--json prints the whole task list; --phase, --component and --ready filter the table",
        )
        .hint("filter the JSON with jq, e.g. `jq '.tasks[] | select(.phase == \"component\")'`"));
    }
    let root = args.project.dir()?;
    let stdin = root.as_os_str() == "-";
    let writes = !args.complete.is_empty()
        || args.regenerate
        || args.sync
        || args
            .export
            .as_ref()
            .is_some_and(|p| p.as_ref().is_none_or(|p| p.as_os_str() != "-"));
    if stdin && writes {
        return Err(Failure::new(
            Code::Usage,
            "--complete, --regenerate, --sync and --export to a file need a project directory, not `-`",
        ));
    }
    let layout = ProjectLayout::new(&root);
    let _lock = if writes {
        Some(
            pact_core::lock::ProjectLock::acquire(&layout.lock(), "pact-audit tasks")
                .map_err(|e| Failure::from(AuditError::from(e)))?,
        )
    } else {
        None
    };
    let stored = if !stdin && layout.task_list().is_file() {
        Some(
            pact_core::Source::File(layout.task_list())
                .read_document::<TaskList>()
                .map_err(Failure::from)?,
        )
    } else {
        None
    };
    let save = !args.complete.is_empty() || args.regenerate || args.sync;
    let mut list = match stored {
        Some(old) if !args.regenerate => {
            if let Ok(project) = AuditProject::load(&root)
                && let Ok(fresh) = generate(&project)
                && components_of(&fresh) != components_of(&old)
            {
                crate::warn(
                    "tasks.json does not match the tree's components; `--regenerate` rebuilds it",
                );
            }
            old
        }
        old => {
            let project = AuditProject::load(&root).map_err(Failure::from)?;
            let mut fresh = generate(&project).map_err(Failure::from)?;
            if let Some(old) = &old {
                carry_statuses(old, &mut fresh);
            }
            fresh
        }
    };
    if args.sync {
        let state = pact_core::Source::File(layout.state())
            .read_document::<RunState>()
            .map_err(Failure::from)?;
        sync(&mut list, &state);
    }
    complete(&mut list, &args.complete)?;
    if save {
        pact_core::fs::write_atomic(&layout.task_list(), to_canonical_json(&list).as_bytes())
            .map_err(|e| Failure::from(AuditError::from(e)))?;
        let (action, detail) = if !args.complete.is_empty() {
            ("tasks.complete", args.complete.join(", ").to_uppercase())
        } else if args.sync {
            (
                "tasks.sync",
                format!(
                    "statuses from {}",
                    ProjectLayout::relative_name(ProjectLayout::state)
                ),
            )
        } else {
            ("tasks.generate", format!("{} tasks", list.tasks.len()))
        };
        let entry = pact_core::model::AuditEntry::now("pact-audit", action, detail);
        pact_core::audit_log::append(&layout.audit_log(), &entry).map_err(Failure::from)?;
    }
    if let Some(target) = &args.export {
        let title = project_title(&root);
        let md = crate::render::tasks_markdown(&list, &title);
        if target.as_ref().is_some_and(|t| t.as_os_str() == "-") {
            pact_core::cli::emit(md)?;
            return Ok(Code::Success);
        }
        let path = target.clone().unwrap_or_else(|| layout.tasks_markdown());
        pact_core::fs::write_atomic(&path, md.as_bytes())
            .map_err(|e| Failure::from(AuditError::from(e)))?;
        crate::warn(&format!("wrote {}", path.display()));
    }
    if args.json {
        pact_core::cli::emit(to_canonical_json(&list))?;
        return Ok(Code::Success);
    }
    let component = args.component.as_deref();
    let shown: Vec<&TaskItem> = {
        let ready: BTreeSet<&str> = list.ready().map(|t| t.id.as_str()).collect();
        list.tasks
            .iter()
            .filter(|t| args.phase.is_none_or(|p| t.phase == p))
            .filter(|t| {
                component.is_none_or(|c| t.component.as_ref().is_some_and(|x| x.as_str() == c))
            })
            .filter(|t| !args.ready || ready.contains(t.id.as_str()))
            .collect()
    };
    if let Some(c) = component
        && !components_of(&list).iter().any(|x| x.as_str() == c)
    {
        let names: Vec<String> = components_of(&list).iter().map(|x| x.to_string()).collect();
        let mut f = Failure::new(Code::Usage, format!("no tasks for component {c:?}"));
        if let Some(near) = pact_core::suggest::closest(c, names.iter().map(String::as_str)) {
            f = f.hint(format!("did you mean {near}?"));
        }
        return Err(f);
    }
    pact_core::cli::emit(crate::render::task_table(
        &list,
        &shown,
        pact_core::term::Paint::for_stream(pact_core::term::Stream::Stdout),
    ))?;
    Ok(Code::Success)
}

fn project_title(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_owned())
}
