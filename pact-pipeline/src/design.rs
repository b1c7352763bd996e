//! The living design document: `design.md` and its JSON twin
//! `.pact/design.json` (`pact.design`), rendered from the tree, the
//! contracts, the run's state, the failures and diagnoses in the audit log
//! and the lessons learnt. `pact run` regenerates it whenever the run's phase
//! changes and when it ends; `pact design` on demand.

use std::fmt::Write as _;
use std::path::Path;

use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentContract, DecompositionTree, RunState};
use pact_core::{Code, Failure, audit_log};
use serde::Serialize;

use crate::{plan, state};

pub const KIND: &str = "pact.design";

#[derive(Debug, Serialize)]
pub struct Design {
    kind: &'static str,
    version: u32,
    title: String,
    components: Vec<ComponentDesign>,
    decisions: Vec<Decision>,
    failures: Vec<FailureRecord>,
    /// The lessons of learnings/learnings.jsonl, in the order learnt.
    lessons: Vec<Lesson>,
}

#[derive(Debug, Serialize)]
struct Lesson {
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<String>,
    category: String,
    lesson: String,
}

#[derive(Debug, Serialize)]
struct ComponentDesign {
    id: String,
    name: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    children: Vec<String>,
    status: String,
    attempts: u32,
    /// `name(arg: type, …) -> type` per contract function.
    functions: Vec<String>,
    invariants: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Decision {
    question: String,
    decision: String,
    rationale: String,
}

#[derive(Debug, Serialize)]
struct FailureRecord {
    at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<String>,
    detail: String,
}

/// Builds the design from what is on disk; `None` before decomposition.
pub fn collect(layout: &ProjectLayout) -> Result<Option<Design>, Failure> {
    if !layout.tree().is_file() {
        return Ok(None);
    }
    let tree: DecompositionTree = Source::File(layout.tree()).read_document()?;
    let run: Option<RunState> = state::load(layout)?;
    let title = std::fs::read_to_string(layout.task())
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("# ").map(|s| s.trim().to_owned()))
        })
        .unwrap_or_else(|| "Design".to_owned());
    let mut components = Vec::new();
    // Parents after children reads bottom-up; the document reads top-down.
    let mut order = plan::children_first(&tree);
    order.reverse();
    for id in order {
        let Some(node) = tree.nodes.get(&id) else {
            continue;
        };
        let contract: Option<ComponentContract> = if layout.contract(&id).is_file() {
            Some(Source::File(layout.contract(&id)).read_document()?)
        } else {
            None
        };
        let task = run.as_ref().and_then(|r| r.components.get(&id));
        components.push(ComponentDesign {
            id: id.to_string(),
            name: node.name.clone(),
            description: node.description.clone(),
            parent: node.parent.as_ref().map(ToString::to_string),
            children: node.children.iter().map(ToString::to_string).collect(),
            status: task.map_or_else(
                || "pending".to_owned(),
                |t| {
                    serde_json::to_value(t.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                },
            ),
            attempts: task.map_or(0, |t| t.attempts),
            functions: contract
                .as_ref()
                .map(|c| {
                    c.functions
                        .iter()
                        .map(|f| {
                            let args: Vec<String> = f
                                .inputs
                                .iter()
                                .map(|i| format!("{}: {}", i.name, i.type_ref))
                                .collect();
                            format!("{}({}) -> {}", f.name, args.join(", "), f.output_type)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            invariants: contract.map(|c| c.invariants).unwrap_or_default(),
        });
    }
    let failures = audit_log::read(&layout.audit_log())?
        .entries
        .into_iter()
        .filter(|e| e.action == "step.failed" || e.action == "run.route")
        .map(|e| FailureRecord {
            at: e.at.as_str().to_owned(),
            component: e.component.map(|c| c.to_string()),
            detail: e.detail.lines().next().unwrap_or_default().to_owned(),
        })
        .collect();
    Ok(Some(Design {
        kind: KIND,
        version: 1,
        title,
        components,
        decisions: tree
            .decisions
            .iter()
            .map(|d| Decision {
                question: d.question.clone(),
                decision: d.decision.clone(),
                rationale: d.rationale.clone(),
            })
            .collect(),
        failures,
        lessons: lessons(layout),
    }))
}

fn lessons(layout: &ProjectLayout) -> Vec<Lesson> {
    let mut seen = std::collections::BTreeSet::new();
    pact_core::model::read_learnings(&layout.learnings())
        .into_iter()
        .filter_map(|line| match line {
            pact_core::model::LearningLine::Learnt(l) => Some(l),
            pact_core::model::LearningLine::Note(_) => None,
        })
        .filter(|l| seen.insert(l.lesson.clone()))
        .map(|l| Lesson {
            component: l.component_id.map(|c| c.to_string()),
            category: serde_json::to_value(l.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            lesson: l.lesson,
        })
        .collect()
}

pub fn render(design: &Design) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", design.title);
    let _ = writeln!(
        out,
        "Generated by Pact from the tree, the contracts and the run; edits are overwritten.\n"
    );
    let _ = writeln!(out, "## Components\n");
    for c in &design.components {
        let _ = writeln!(out, "### `{}` — {} ({})\n", c.id, c.name, c.status);
        let _ = writeln!(out, "{}\n", c.description);
        if !c.children.is_empty() {
            let _ = writeln!(out, "Composes: {}.\n", c.children.join(", "));
        }
        for f in &c.functions {
            let _ = writeln!(out, "- `{f}`");
        }
        for i in &c.invariants {
            let _ = writeln!(out, "- Invariant: {i}");
        }
        if c.attempts > 1 {
            let _ = writeln!(out, "- Built in {} attempts.", c.attempts);
        }
        out.push('\n');
    }
    if !design.decisions.is_empty() {
        let _ = writeln!(out, "## Decisions\n");
        for d in &design.decisions {
            let _ = writeln!(out, "- **{}** {} — {}", d.question, d.decision, d.rationale);
        }
        out.push('\n');
    }
    if !design.failures.is_empty() {
        let _ = writeln!(out, "## Failure history\n");
        for f in &design.failures {
            let who = f.component.as_deref().unwrap_or("run");
            let _ = writeln!(out, "- {} `{who}`: {}", f.at, f.detail);
        }
        out.push('\n');
    }
    if !design.lessons.is_empty() {
        let _ = writeln!(out, "## Lessons\n");
        for l in &design.lessons {
            let _ = writeln!(out, "- ({}) {}", l.category.replace('_', " "), l.lesson);
        }
        out.push('\n');
    }
    out
}

/// Writes design.md and `.pact/design.json`; returns whether there was
/// anything to write.
pub fn write(layout: &ProjectLayout) -> Result<bool, Failure> {
    let Some(design) = collect(layout)? else {
        return Ok(false);
    };
    pact_core::fs::write_atomic(&layout.design(), render(&design).as_bytes())?;
    let mut json = serde_json::to_string_pretty(&design)
        .unwrap_or_else(|e| unreachable!("the design always serialises: {e}"));
    json.push('\n');
    pact_core::fs::write_atomic(&layout.design_record(), json.as_bytes())?;
    Ok(true)
}

/// `pact design [PROJECT] [--json]`.
pub fn run(project: &Path, json: bool) -> Result<Code, Failure> {
    let layout = ProjectLayout::locate(project);
    state::require_project(&layout)?;
    if !write(&layout)? {
        return Err(state::not_decomposed(&layout));
    }
    let path = if json {
        layout.design_record()
    } else {
        layout.design()
    };
    let text = std::fs::read(&path)
        .map_err(|e| Failure::new(Code::Environment, format!("{}: {e}", path.display())))?;
    pact_core::cli::emit(text)?;
    Ok(Code::Success)
}
