//! What is left to do, derived from the files on disk alone: a step whose
//! output exists is done, so the plan after a crash is the plan before it.

use std::collections::{BTreeMap, BTreeSet};

use pact_core::id::ComponentId;
use pact_core::input::Source;
use pact_core::layout::ProjectLayout;
use pact_core::model::{ComponentStatus, DecompositionTree, Interview};
use pact_core::{Code, Failure};

use super::steps::{Step, StepKind};

/// Why a step cannot start yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Done,
    Ready,
    /// Waiting for other steps.
    Blocked,
    /// Waiting for the user (unanswered interview questions).
    Paused(String),
}

#[derive(Debug, Default)]
pub struct Plan {
    /// Every step known so far, in a stable order, with its readiness.
    pub steps: Vec<(Step, Readiness)>,
    /// The decomposition, once it exists.
    pub tree: Option<DecompositionTree>,
}

/// Reads the project and works out every step's readiness. `finished` holds
/// steps done in this session whose outputs are not proof on their own (the
/// gate is re-run on every run); `failed` holds steps that failed in this
/// session and block what depends on them.
pub fn read(
    layout: &ProjectLayout,
    finished: &BTreeSet<Step>,
    failed: &BTreeSet<Step>,
    implement: bool,
    shape: bool,
    only: Option<&ComponentId>,
) -> Result<Plan, Failure> {
    let mut plan = Plan::default();
    let done = |step: &Step| {
        if matches!(step.kind, StepKind::Gate | StepKind::Certify) {
            finished.contains(step)
        } else if let (StepKind::Implement, Some(id)) = (step.kind, &step.component) {
            super::build::passed_and_unchanged(layout, id)
        } else {
            step.output(layout).is_file()
        }
    };
    let status = |step: &Step, deps: &[Step], plan: &Plan| -> Readiness {
        if done(step) {
            Readiness::Done
        } else if failed.contains(step) {
            Readiness::Blocked
        } else if deps.iter().all(|d| {
            plan.steps
                .iter()
                .any(|(s, r)| s == d && *r == Readiness::Done)
        }) {
            Readiness::Ready
        } else {
            Readiness::Blocked
        }
    };

    let interview = Step::project(StepKind::Interview);
    let r = status(&interview, &[], &plan);
    plan.steps.push((interview.clone(), r));

    // The first step after the interview waits for its answers.
    let after_interview = |step: &Step, deps: &[Step], plan: &mut Plan| -> Result<(), Failure> {
        let mut r = status(step, deps, plan);
        if r == Readiness::Ready
            && deps.contains(&interview)
            && let Some(why) = unanswered(layout)?
        {
            r = Readiness::Paused(why);
        }
        plan.steps.push((step.clone(), r));
        Ok(())
    };
    let mut decompose_deps = vec![interview.clone()];
    if shape {
        let shaping = Step::project(StepKind::Shape);
        after_interview(&shaping, std::slice::from_ref(&interview), &mut plan)?;
        decompose_deps = vec![shaping];
    }
    let decompose = Step::project(StepKind::Decompose);
    after_interview(&decompose, &decompose_deps, &mut plan)?;

    if !done(&decompose) {
        return Ok(plan);
    }
    let tree: DecompositionTree = Source::File(layout.tree())
        .read_document()
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    // Children before parents, so a parent's dependencies are already listed.
    let order = children_first(&tree);
    let mut hidden_steps = Vec::new();
    for id in &order {
        let contract = Step::of(StepKind::Contract, id);
        let mut deps = vec![decompose.clone()];
        if let Some(node) = tree.nodes.get(id) {
            deps.extend(
                node.children
                    .iter()
                    .map(|c| Step::of(StepKind::Contract, c)),
            );
        }
        let r = status(&contract, &deps, &plan);
        plan.steps.push((contract.clone(), r));
        let tests = Step::of(StepKind::Tests, id);
        let r = status(&tests, std::slice::from_ref(&contract), &plan);
        plan.steps.push((tests.clone(), r));
        let hidden = Step::of(StepKind::Hidden, id);
        let r = status(&hidden, std::slice::from_ref(&tests), &plan);
        plan.steps.push((hidden.clone(), r));
        hidden_steps.push(hidden);
    }
    let gate = Step::project(StepKind::Gate);
    let r = status(&gate, &hidden_steps, &plan);
    plan.steps.push((gate.clone(), r));
    if implement {
        // A parent is built once its children pass: its code composes theirs.
        let mut built = Vec::new();
        for id in order.iter().filter(|id| only.is_none_or(|o| o == *id)) {
            let step = Step::of(StepKind::Implement, id);
            let mut deps = vec![gate.clone()];
            if let Some(node) = tree.nodes.get(id) {
                deps.extend(
                    node.children
                        .iter()
                        .map(|c| Step::of(StepKind::Implement, c)),
                );
            }
            let r = if only.is_some() {
                // `pact build` of one component: its children must have passed.
                match status(&step, std::slice::from_ref(&gate), &plan) {
                    Readiness::Ready
                        if node_children(&tree, id)
                            .iter()
                            .all(|c| super::build::passed_and_unchanged(layout, c)) =>
                    {
                        Readiness::Ready
                    }
                    Readiness::Ready => Readiness::Blocked,
                    other => other,
                }
            } else {
                status(&step, &deps, &plan)
            };
            plan.steps.push((step.clone(), r));
            built.push(step);
        }
        if only.is_some() {
            plan.tree = Some(tree);
            return Ok(plan);
        }
        let certify = Step::project(StepKind::Certify);
        let r = status(&certify, &built, &plan);
        plan.steps.push((certify, r));
    }
    plan.tree = Some(tree);
    Ok(plan)
}

impl Plan {
    pub fn ready(&self) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .filter(|(_, r)| *r == Readiness::Ready)
            .map(|(s, _)| s)
    }

    pub fn readiness(&self, step: &Step) -> Option<&Readiness> {
        self.steps.iter().find(|(s, _)| s == step).map(|(_, r)| r)
    }

    pub fn paused(&self) -> Option<&str> {
        self.steps.iter().find_map(|(_, r)| match r {
            Readiness::Paused(why) => Some(why.as_str()),
            _ => None,
        })
    }

    pub fn all_done(&self) -> bool {
        self.tree.is_some() && self.steps.iter().all(|(_, r)| *r == Readiness::Done)
    }

    /// Each component's status in the planning half, from its steps.
    pub fn component_statuses(
        &self,
        in_flight: &BTreeSet<Step>,
        failed: &BTreeSet<Step>,
    ) -> BTreeMap<ComponentId, ComponentStatus> {
        let mut out = BTreeMap::new();
        let Some(tree) = &self.tree else {
            return out;
        };
        for id in tree.nodes.keys() {
            let of = |kind| Step::of(kind, id);
            let done = |kind| self.readiness(&of(kind)) == Some(&Readiness::Done);
            let status = if [
                StepKind::Contract,
                StepKind::Tests,
                StepKind::Hidden,
                StepKind::Implement,
            ]
            .iter()
            .any(|k| failed.contains(&of(*k)))
            {
                ComponentStatus::Failed
            } else if done(StepKind::Implement) {
                ComponentStatus::Passed
            } else if in_flight.contains(&of(StepKind::Implement)) {
                ComponentStatus::Implementing
            } else if done(StepKind::Hidden) {
                ComponentStatus::Planned
            } else if done(StepKind::Contract) {
                ComponentStatus::Testing
            } else if in_flight.contains(&of(StepKind::Contract)) {
                ComponentStatus::Contracting
            } else {
                ComponentStatus::Pending
            };
            out.insert(id.clone(), status);
        }
        out
    }
}

fn node_children(tree: &DecompositionTree, id: &ComponentId) -> Vec<ComponentId> {
    tree.nodes
        .get(id)
        .map(|n| n.children.clone())
        .unwrap_or_default()
}

/// Component ids with every child before its parent (post-order from the root,
/// then any node the root does not reach, so a broken tree still plans).
pub fn children_first(tree: &DecompositionTree) -> Vec<ComponentId> {
    fn visit(
        tree: &DecompositionTree,
        id: &ComponentId,
        seen: &mut BTreeSet<ComponentId>,
        out: &mut Vec<ComponentId>,
    ) {
        if !seen.insert(id.clone()) {
            return;
        }
        if let Some(node) = tree.nodes.get(id) {
            for child in &node.children {
                visit(tree, child, seen, out);
            }
            out.push(id.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    visit(tree, &tree.root, &mut seen, &mut out);
    for id in tree.nodes.keys() {
        visit(tree, id, &mut seen, &mut out);
    }
    out
}

/// The pause message when the interview has questions the user has not
/// answered and has not approved the defaults.
fn unanswered(layout: &ProjectLayout) -> Result<Option<String>, Failure> {
    let interview: Interview = Source::File(layout.interview())
        .read_document()
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    if interview.approved {
        return Ok(None);
    }
    let open: Vec<&str> = interview
        .questions
        .iter()
        .filter(|q| q.answer.is_none())
        .map(|q| q.id.as_str())
        .collect();
    if open.is_empty() {
        return Ok(None);
    }
    let root = layout.root().display();
    Ok(Some(format!(
        "the interview has {} unanswered question(s) ({}): answer with `pact answer {root} ID TEXT`, or accept every default with `pact approve {root}`; then `pact resume {root}`",
        open.len(),
        open.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tree(json: &str) -> DecompositionTree {
        pact_core::document::parse_document_str(json, &Source::Stdin).unwrap()
    }

    #[test]
    fn children_come_before_their_parents_and_strays_are_kept() {
        let t = tree(
            r#"{"kind":"pact.tree","version":1,"root":"app","nodes":{
              "app":{"name":"A","description":"a","children":["mid","leaf"]},
              "mid":{"name":"M","description":"m","parent":"app","depth":1,"children":["deep"]},
              "deep":{"name":"D","description":"d","parent":"mid","depth":2},
              "leaf":{"name":"L","description":"l","parent":"app","depth":1},
              "stray":{"name":"S","description":"s"}}}"#,
        );
        let order: Vec<String> = children_first(&t).iter().map(ToString::to_string).collect();
        assert_eq!(order, ["deep", "mid", "leaf", "app", "stray"]);
    }

    #[test]
    fn a_fresh_project_is_ready_to_interview_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let plan = read(
            &layout,
            &BTreeSet::new(),
            &BTreeSet::new(),
            true,
            false,
            None,
        )
        .unwrap();
        let ready: Vec<String> = plan.ready().map(ToString::to_string).collect();
        assert_eq!(ready, ["interview"]);
        assert!(!plan.all_done());
    }

    #[test]
    fn a_failed_step_blocks_itself_and_what_needs_it() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        let failed = BTreeSet::from([Step::project(StepKind::Interview)]);
        let plan = read(&layout, &BTreeSet::new(), &failed, false, false, None).unwrap();
        assert_eq!(plan.ready().count(), 0);
    }
}
