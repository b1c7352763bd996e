//! `pact-llm shape` (optional): problem, appetite, breadboard, rabbit holes
//! and no-gos at the configured depth.

use std::path::Path;

use pact_core::config::ShapingDepth;
use pact_core::model::{Appetite, Breadboard, RabbitHole, Shape};
use pact_core::{Code, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft, read_task};
use crate::command::Project;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShapeDraft {
    pub problem: String,
    pub appetite: Appetite,
    #[serde(default)]
    pub breadboard: Option<Breadboard>,
    pub rabbit_holes: Vec<RabbitHole>,
    pub no_gos: Vec<String>,
}

fn rules(depth: ShapingDepth, d: &ShapeDraft) -> Vec<String> {
    let mut errors = Vec::new();
    match depth {
        ShapingDepth::Light => {
            if d.breadboard.is_some() {
                errors.push(
                    "at /breadboard: light shaping gives no breadboard; leave it out".to_owned(),
                );
            }
        }
        ShapingDepth::Standard | ShapingDepth::Thorough => match &d.breadboard {
            None => {
                errors.push("at /breadboard: a breadboard is required at this depth".to_owned())
            }
            Some(b) => {
                for (i, c) in b.connections.iter().enumerate() {
                    for (end, place) in [("from", &c.from), ("to", &c.to)] {
                        if !b.places.contains(place) {
                            errors.push(format!(
                                "at /breadboard/connections/{i}/{end}: `{place}` is not one of the places"
                            ));
                        }
                    }
                }
            }
        },
    }
    if d.problem.trim().is_empty() {
        errors.push("at /problem: state the problem".to_owned());
    }
    errors
}

pub fn run(project: &Project, task: Option<&Path>, args: &StageArgs) -> Result<Code, Failure> {
    let task = read_task(project, task)?;
    let depth = project.config.shaping.depth;
    let context = json!({"task": task, "depth": depth});
    let answer = ask(
        project,
        args,
        Ask {
            stage: "shape",
            role: "shape",
            component: None,
            context,
            output: draft_schema::<ShapeDraft>("shape", "The shaped task."),
            max_tokens: 8192,
            check: &|v| draft_check(v, |d: &ShapeDraft| rules(depth, d)),
        },
    )?;
    let Some(value) = answer else {
        return Ok(Code::Success);
    };
    let d: ShapeDraft = from_draft(value)?;
    emit_document(&Shape {
        kind: Default::default(),
        version: Default::default(),
        depth,
        problem: d.problem,
        appetite: d.appetite,
        breadboard: d.breadboard,
        rabbit_holes: d.rabbit_holes,
        no_gos: d.no_gos,
    })
}
