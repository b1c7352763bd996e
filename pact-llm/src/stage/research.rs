//! The research-and-plan step before `contract`, `tests` and `implement`
//! (`research: light | full` in pact.yaml): one call for findings and a
//! recommended approach (and, at `full`, a plan), kept as a `pact.research`
//! document under `.pact/research/<id>/<stage>.json` and given to the stage
//! as cached context.

use pact_core::config::ResearchDepth;
use pact_core::model::{Finding, Research};
use pact_core::{Code, ComponentId, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Call, StageArgs, draft_check, draft_schema, from_draft, render, send};
use crate::command::Project;
use crate::request::Request;
use crate::route;

/// The stages research prepares.
pub const PREPARES: [&str; 3] = ["contract", "tests", "implement"];

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResearchDraft {
    pub summary: String,
    pub findings: Vec<Finding>,
    pub recommended_approach: String,
    pub alternatives: Vec<String>,
    pub risks: Vec<String>,
    /// Ordered steps (`full` research only; empty otherwise).
    pub plan: Vec<String>,
}

/// Researches `work` (the stage's prompt) for `stage` of `component`, keeps
/// the result, and returns it; `None` after printing the request with
/// `--dry-run`.
pub fn run(
    project: &Project,
    args: &StageArgs,
    stage: &str,
    component: &str,
    work: &str,
) -> Result<Option<Research>, Failure> {
    let id = ComponentId::new(component).map_err(|e| Failure::new(Code::Usage, e.to_string()))?;
    let depth = project.config.research;
    let full = depth == ResearchDepth::Full;
    let context = json!({
        "language": project.config.language,
        "depth": if full { "full" } else { "light" },
        "stage": stage,
        "component": component,
        "work": work,
    });
    let system = render(project, "research.system", &context)?;
    let user = render(project, "research.user", &context)?;
    let route = route::resolve(&project.config, "research")
        .map_err(|e| Failure::new(Code::BadInput, e.to_string()))?;
    let request = Request::new(route.model.clone(), system, user)
        .with_output(draft_schema::<ResearchDraft>(
            "research",
            "Research before the work.",
        ))
        .with_max_tokens(8192);
    let rules = |d: &ResearchDraft| {
        if full && d.plan.is_empty() {
            vec!["at /plan: full research needs a plan: the ordered steps".to_owned()]
        } else {
            Vec::new()
        }
    };
    let call = Call {
        stage: "research",
        role: "research",
        component: Some(component),
        model: &route.model,
    };
    let Some(value) = send(project, args, &route, call, &request, &|v| {
        draft_check(v, rules)
    })?
    else {
        return Ok(None);
    };
    let d: ResearchDraft = from_draft(value)?;
    let research = Research {
        kind: Default::default(),
        version: Default::default(),
        stage: stage.to_owned(),
        component_id: id.clone(),
        summary: d.summary,
        findings: d.findings,
        recommended_approach: d.recommended_approach,
        alternatives: d.alternatives,
        risks: d.risks,
        plan: if full { d.plan } else { Vec::new() },
    };
    let path = project.layout.research(&id, stage);
    if let Some(dir) = path.parent() {
        pact_core::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(Code::Environment, e.to_string()))?;
    }
    pact_core::fs::write_atomic(
        &path,
        pact_core::document::to_canonical_json(&research).as_bytes(),
    )
    .map_err(|e| Failure::new(Code::Environment, e.to_string()))?;
    Ok(Some(research))
}

/// The research as context for the stage's own prompt.
pub fn as_context(r: &Research) -> String {
    let mut text = format!(
        "# Research done for this work\n\n{}\n\nRecommended approach: {}\n",
        r.summary, r.recommended_approach
    );
    if !r.findings.is_empty() {
        text.push_str("\nFindings:\n");
        for f in &r.findings {
            text.push_str(&format!("- {}: {} ({})\n", f.topic, f.finding, f.relevance));
        }
    }
    if !r.risks.is_empty() {
        text.push_str("\nRisks:\n");
        for risk in &r.risks {
            text.push_str(&format!("- {risk}\n"));
        }
    }
    if !r.plan.is_empty() {
        text.push_str("\nPlan:\n");
        for (i, step) in r.plan.iter().enumerate() {
            text.push_str(&format!("{}. {step}\n", i + 1));
        }
    }
    text
}
