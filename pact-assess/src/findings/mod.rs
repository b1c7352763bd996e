//! The rules. Each takes the measured [`Model`] and the thresholds and returns
//! findings; ids are derived from category, language and subject, so the same
//! finding has the same id on every run and a baseline can recognise it.

mod coupling;
mod hub;
mod scattered;
mod shallow;
mod test_gap;

use pact_core::model::{AssessmentCategory, AssessmentFinding, Language, Severity};

use crate::analysis::Model;
use crate::thresholds::Thresholds;

/// Every finding of every rule, ordered by severity, category, then subject.
pub fn evaluate(model: &Model, thresholds: &Thresholds) -> Vec<AssessmentFinding> {
    let mut findings = Vec::new();
    findings.extend(shallow::check(model, thresholds));
    findings.extend(hub::check(model, thresholds));
    findings.extend(coupling::check(model));
    findings.extend(scattered::check(model, thresholds));
    findings.extend(test_gap::check(model));
    findings.sort_by(|a, b| {
        (a.severity, a.category, &a.subject).cmp(&(b.severity, b.category, &b.subject))
    });
    findings
}

/// A stable id: a category prefix and the first 10 hex digits of
/// SHA-256(category, language, subject).
pub fn finding_id(category: AssessmentCategory, language: Language, subject: &str) -> String {
    let prefix = match category {
        AssessmentCategory::ShallowModule => "SM",
        AssessmentCategory::HubDependency => "HD",
        AssessmentCategory::TightCoupling => "TC",
        AssessmentCategory::ScatteredLogic => "SL",
        AssessmentCategory::TestGap => "TG",
    };
    let digest = pact_core::digest::sha256_of_parts(
        [category_name(category), language.name(), subject].map(str::as_bytes),
    );
    format!("{prefix}-{}", pact_core::digest::hex(&digest[..5]))
}

pub fn category_name(category: AssessmentCategory) -> &'static str {
    match category {
        AssessmentCategory::ShallowModule => "shallow_module",
        AssessmentCategory::HubDependency => "hub_dependency",
        AssessmentCategory::TightCoupling => "tight_coupling",
        AssessmentCategory::ScatteredLogic => "scattered_logic",
        AssessmentCategory::TestGap => "test_gap",
    }
}

/// Builder for the fields every rule fills the same way.
pub(crate) struct Draft {
    pub category: AssessmentCategory,
    pub severity: Severity,
    pub language: Language,
    pub subject: String,
    pub file: String,
    pub line: u32,
    pub description: String,
    pub suggestion: &'static str,
    pub metric: f64,
    pub related: Vec<String>,
}

impl Draft {
    pub fn finish(self) -> AssessmentFinding {
        AssessmentFinding {
            id: finding_id(self.category, self.language, &self.subject),
            severity: self.severity,
            category: self.category,
            language: self.language,
            subject: self.subject,
            file: self.file,
            line: self.line,
            description: self.description,
            suggestion: self.suggestion.to_owned(),
            metric: self.metric,
            related: self.related,
        }
    }
}

#[cfg(test)]
mod tests;
