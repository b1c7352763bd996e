//! `pact-llm interview`: risks, ambiguities, typed questions, assumptions,
//! acceptance criteria and the processing register of a task.

use std::path::Path;

use pact_core::model::{AnswerKind, Interview, ProcessingRegister, Question};
use pact_core::{Code, Document, Failure};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ask, StageArgs, ask, draft_check, draft_schema, emit_document, from_draft, read_task};
use crate::command::Project;

/// What the model fills in: the interview without the user's side (answers,
/// approval), which it must not invent.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewDraft {
    pub risks: Vec<String>,
    pub ambiguities: Vec<String>,
    pub questions: Vec<QuestionDraft>,
    pub assumptions: Vec<String>,
    pub acceptance_criteria: Vec<String>,
    pub processing_register: ProcessingRegister,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDraft {
    /// A short stable id: q1, q2, …
    pub id: String,
    pub text: String,
    pub answer_kind: AnswerKind,
    /// The allowed answers of a `choice` question; empty otherwise.
    #[serde(default)]
    pub options: Vec<String>,
    /// The answer assumed when the user gives none, of the question's kind.
    #[serde(default)]
    pub default: Option<String>,
}

fn document(draft: InterviewDraft) -> Interview {
    Interview {
        kind: Default::default(),
        version: Default::default(),
        risks: draft.risks,
        ambiguities: draft.ambiguities,
        questions: draft
            .questions
            .into_iter()
            .map(|q| Question {
                id: q.id,
                text: q.text,
                answer_kind: q.answer_kind,
                options: q.options,
                default: q.default,
                answer: None,
            })
            .collect(),
        assumptions: draft.assumptions,
        acceptance_criteria: draft.acceptance_criteria,
        processing_register: Some(draft.processing_register),
        approved: false,
    }
}

/// The document's own rules (unique ids, defaults of the right kind, options
/// for choices), phrased for a correction turn.
fn rules(draft: &InterviewDraft) -> Vec<String> {
    document(draft.clone())
        .check()
        .into_iter()
        .map(|issue| format!("at {}: {}", issue.path, issue.message))
        .collect()
}

pub fn run(project: &Project, task: Option<&Path>, args: &StageArgs) -> Result<Code, Failure> {
    let task = read_task(project, task)?;
    let context = json!({"task": task, "language": project.config.language});
    let answer = ask(
        project,
        args,
        Ask {
            stage: "interview",
            role: "interview",
            component: None,
            context,
            output: draft_schema::<InterviewDraft>("interview", "The interview of the task."),
            max_tokens: 8192,
            check: &|v| draft_check(v, rules),
        },
    )?;
    match answer {
        None => Ok(Code::Success),
        Some(value) => emit_document(&document(from_draft(value)?)),
    }
}
