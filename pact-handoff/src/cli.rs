//! The command line.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use pact_core::cli::{ComponentArgs, ProjectArg};
use pact_core::document::to_canonical_json;
use pact_core::id::ComponentId;
use pact_core::input::Source;
use pact_core::model::{
    BriefCheck, ComponentContract, GoodhartHints, Standards, TestResults, Visibility,
};
use pact_core::{Code, Failure};
use pact_project::OpenProject as Project;

use crate::brief::{Inputs, render};
use crate::check::validate;
use crate::keys::keys_of;
use crate::standards::collect;

/// Renders the brief an implementing agent receives: context fence, register, mission, interface stub, dependencies, standards, visible tests, prior failures, learnings and SOPs.
#[derive(Debug, Parser)]
#[command(
    name = "pact-handoff",
    version = pact_core::VERSION,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true,
    override_usage = "pact-handoff [OPTIONS] [PROJECT] <COMPONENT>\n       pact-handoff <COMMAND>"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub brief: BriefArgs,
}

#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    #[command(flatten)]
    pub target: ComponentArgs,
    /// Compress to at most this many estimated tokens (tier 1 is never cut).
    #[arg(long)]
    pub max_tokens: Option<usize>,
    /// Check the brief instead of printing it; exit 1 when a check fails.
    #[arg(long)]
    pub validate: bool,
    /// Check this brief file (`-` for stdin) instead of a freshly rendered one.
    #[arg(long, value_name = "FILE")]
    pub brief: Option<PathBuf>,
    /// With --validate: print the `pact.brief_check` document.
    #[arg(long)]
    pub json: bool,
    /// The implementation attempt the brief is for.
    #[arg(long, default_value_t = 1)]
    pub attempt: u32,
    /// A `pact.test_results` of the last visible run, for prior failures.
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    /// A `pact.goodhart_hints` document, for remediation feedback.
    #[arg(long, value_name = "FILE")]
    pub hints: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the PACT log keys (`PACT:<component_id>:<function>`).
    #[command(override_usage = "pact-handoff keys [OPTIONS] [PROJECT] [COMPONENT]")]
    Keys {
        #[command(flatten)]
        target: ComponentArgs,
    },
    /// Collect the shared standards from the contracts and sops.md.
    Standards {
        #[command(flatten)]
        project: ProjectArg,
        /// Write decomposition/standards.json instead of printing it.
        #[arg(long)]
        write: bool,
    },
}

/// Runs the binary.
pub fn main() -> Result<Code, Failure> {
    let cli: Cli = pact_core::cli::parse()?;
    match cli.command {
        Some(Command::Keys { target }) => {
            let (project, component) = target.split_optional::<Cli>()?;
            keys(&project, component.as_deref())
        }
        Some(Command::Standards { project, write }) => standards(&project.dir()?, write),
        None => brief(&cli.brief),
    }
}

fn component_id(text: &str) -> Result<ComponentId, Failure> {
    ComponentId::new(text)
        .map_err(|e| Failure::new(Code::Usage, format!("`{text}` is not a component id: {e}")))
}

fn contract_of(project: &Project, id: &ComponentId) -> Result<ComponentContract, Failure> {
    project.contract(id)?.ok_or_else(|| {
        let known: Vec<String> = project
            .contracts()
            .map(|cs| cs.iter().map(|c| c.component_id.to_string()).collect())
            .unwrap_or_default();
        Failure::new(
            Code::BadInput,
            format!(
                "no contract for `{id}` at {}",
                project.layout.contract(id).display()
            ),
        )
        .hint(if known.is_empty() {
            "the project has no contracts yet".to_owned()
        } else {
            format!("components with contracts: {}", known.join(", "))
        })
    })
}

fn keys(root: &Path, component: Option<&str>) -> Result<Code, Failure> {
    let project = Project::open(root)?;
    let contracts = match component {
        Some(c) => vec![contract_of(&project, &component_id(c)?)?],
        None => project.contracts()?,
    };
    let lines: String = contracts
        .iter()
        .flat_map(keys_of)
        .map(|k| format!("{k}\n"))
        .collect();
    pact_core::cli::emit(lines)?;
    Ok(Code::Success)
}

fn standards(root: &Path, write: bool) -> Result<Code, Failure> {
    let project = Project::open(root)?;
    let sops = std::fs::read_to_string(project.layout.sops()).unwrap_or_default();
    let standards = collect(&project.contracts()?, &sops);
    let json = to_canonical_json(&standards);
    if write {
        let path = project.layout.standards();
        pact_core::fs::write_atomic(&path, json.as_bytes())
            .map_err(|e| Failure::new(Code::Environment, e.to_string()))?;
        pact_core::cli::warn("pact-handoff", &format!("wrote {}", path.display()));
    } else {
        pact_core::cli::emit(json)?;
    }
    Ok(Code::Success)
}

fn brief(args: &BriefArgs) -> Result<Code, Failure> {
    let (root, component) = args.target.split::<Cli>()?;
    let project = Project::open(&root)?;
    let id = component_id(&component)?;
    let contract = contract_of(&project, &id)?;
    let needles = pact_project::leak::needles(
        &project.suites(Visibility::Hidden, None)?,
        &project.public_text()?,
    );
    if let Some(file) = &args.brief {
        let text = Source::from_arg(Some(file))?.read_bytes()?;
        let text = String::from_utf8_lossy(&text);
        return report(
            &validate(&text, &contract, args.max_tokens, &needles),
            args.json,
        );
    }
    let inputs = inputs(&project, contract.clone(), args)?;
    let mut rendered = render(&inputs).map_err(|e| Failure::new(Code::Internal, e.to_string()))?;
    if let Some(max) = args.max_tokens {
        rendered = rendered.compress(max);
    }
    let text = rendered.text();
    if args.validate {
        return report(
            &validate(&text, &contract, args.max_tokens, &needles),
            args.json,
        );
    }
    // Never hand an agent a brief with hidden test content in it.
    let leaks = pact_project::leak::scan(&text, &needles);
    if let Some(first) = leaks.first() {
        return Err(Failure::new(
            Code::CheckFailed,
            format!(
                "the brief would carry hidden test content (line {}, {}); nothing was printed",
                first.line,
                first.needle.category.name()
            ),
        ));
    }
    pact_core::cli::emit(text)?;
    Ok(Code::Success)
}

fn report(check: &BriefCheck, json: bool) -> Result<Code, Failure> {
    if json {
        pact_core::cli::emit(to_canonical_json(check))?;
    } else {
        let mut out = String::new();
        for c in &check.checks {
            let mark = if c.passed { "ok  " } else { "FAIL" };
            out.push_str(&format!("{mark} {} {}\n", c.code, c.message));
        }
        pact_core::cli::emit(out)?;
    }
    Ok(if check.passed {
        Code::Success
    } else {
        Code::CheckFailed
    })
}

fn inputs(
    project: &Project,
    contract: ComponentContract,
    args: &BriefArgs,
) -> Result<Inputs, Failure> {
    let layout = &project.layout;
    let read = |path: PathBuf| std::fs::read_to_string(path).ok();
    let mut dependencies = Vec::new();
    for dep in &contract.dependencies {
        let found = match ComponentId::new(dep.as_str()) {
            Ok(dep_id) => project.contract(&dep_id)?,
            Err(_) => None,
        };
        dependencies.push((dep.clone(), found));
    }
    let standards = if layout.standards().is_file() {
        Source::File(layout.standards()).read_document::<Standards>()?
    } else {
        collect(
            &project.contracts()?,
            &read(layout.sops()).unwrap_or_default(),
        )
    };
    let visible = if layout.visible_suite(&contract.component_id).is_file() {
        project
            .suites(Visibility::Visible, Some(contract.component_id.as_str()))?
            .into_iter()
            .next()
    } else {
        None
    };
    let failures = match &args.failures {
        Some(f) => Some(Source::from_arg(Some(f))?.read_document::<TestResults>()?),
        None => None,
    };
    let hints = match &args.hints {
        Some(f) => Some(Source::from_arg(Some(f))?.read_document::<GoodhartHints>()?),
        None => None,
    };
    let about = own_subtree(layout, &contract.component_id);
    let learnings = pact_core::model::lessons_about(
        &pact_core::model::read_learnings(&layout.learnings()),
        |component| component.is_none_or(|id| about.contains(id)),
    );
    Ok(Inputs {
        language: contract.language.unwrap_or(project.config.language),
        contract,
        attempt: args.attempt.max(1),
        task: read(layout.task()),
        dependencies,
        standards: Some(standards),
        visible,
        failures,
        hints,
        learnings,
        sops: read(layout.sops()),
    })
}

/// The component and everything below it in the tree: the lessons a brief
/// carries are about these (or project-wide). A sibling's lesson is left out:
/// siblings build at the same time, so whether it had been written yet would
/// depend on scheduling, and the same brief must come out of the same plan.
fn own_subtree(
    layout: &pact_core::layout::ProjectLayout,
    id: &ComponentId,
) -> std::collections::BTreeSet<ComponentId> {
    let mut out = std::collections::BTreeSet::from([id.clone()]);
    let Ok(tree) =
        Source::File(layout.tree()).read_document::<pact_core::model::DecompositionTree>()
    else {
        return out;
    };
    let mut stack = vec![id.clone()];
    while let Some(next) = stack.pop() {
        for child in tree
            .nodes
            .get(&next)
            .map(|n| n.children.clone())
            .unwrap_or_default()
        {
            if out.insert(child.clone()) {
                stack.push(child);
            }
        }
    }
    out
}
