//! The interview: what the task leaves open, and the user's answers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ProcessingRegister, duplicate_issues, is_default};
use crate::document::{Document, Issue, Kind, Version};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub kind: Kind<Self>,
    pub version: Version<Self>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ambiguities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    /// Observable conditions that mean the task is done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptance_criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_register: Option<ProcessingRegister>,
    /// Set when the user has approved the answers and assumptions.
    #[serde(default, skip_serializing_if = "is_default")]
    pub approved: bool,
}

impl Interview {
    /// Questions with neither an answer nor a default.
    pub fn unanswered(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(|q| q.answer.is_none() && q.default.is_none())
    }
}

impl Document for Interview {
    const KIND: &'static str = "pact.interview";
    const VERSION: u32 = 1;
    const SUMMARY: &'static str = "risks, questions, assumptions and acceptance criteria of a task";

    fn check(&self) -> Vec<Issue> {
        let mut issues = duplicate_issues(&self.questions, "questions", "question id", |q| &q.id);
        for (i, q) in self.questions.iter().enumerate() {
            for (field, value) in [("default", &q.default), ("answer", &q.answer)] {
                if let Some(v) = value
                    && let Err(why) = q.answer_kind.accepts(v, &q.options)
                {
                    issues.push(Issue::new(format!("questions[{i}].{field}"), why));
                }
            }
            if q.answer_kind == AnswerKind::Choice && q.options.is_empty() {
                issues.push(Issue::new(
                    format!("questions[{i}].options"),
                    "a choice question needs options",
                ));
            }
        }
        issues
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A short stable id, e.g. `q1`, used by `pact answer`.
    pub id: String,
    pub text: String,
    pub answer_kind: AnswerKind,
    /// The allowed answers of a `choice` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The answer assumed when the user gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    FreeText,
    /// `yes` or `no`.
    YesNo,
    /// One of `options`.
    Choice,
    /// A decimal number.
    Number,
}

impl AnswerKind {
    /// Whether `value` is a well-formed answer of this kind.
    pub fn accepts(self, value: &str, options: &[String]) -> Result<(), String> {
        match self {
            Self::FreeText => Ok(()),
            Self::YesNo if matches!(value, "yes" | "no") => Ok(()),
            Self::YesNo => Err(format!("{value:?} is not `yes` or `no`")),
            Self::Choice if options.iter().any(|o| o == value) => Ok(()),
            Self::Choice => Err(format!("{value:?} is not one of {options:?}")),
            Self::Number if value.trim().parse::<f64>().is_ok_and(f64::is_finite) => Ok(()),
            Self::Number => Err(format!("{value:?} is not a number")),
        }
    }
}
