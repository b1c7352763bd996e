//! Scattered logic: the same intra-project import repeated across many files,
//! a sign that a concern has no owner.

use pact_core::model::{AssessmentCategory, AssessmentFinding, Severity};

use super::Draft;
use crate::analysis::Model;
use crate::thresholds::Thresholds;

/// How many importing files a finding lists.
const LISTED_FILES: usize = 10;

pub(super) fn check(model: &Model, t: &Thresholds) -> Vec<AssessmentFinding> {
    model
        .repeated_imports
        .iter()
        .filter_map(|(subject, repeated)| {
            let count = repeated.files.len() as u32;
            let severity = if count >= t.scattered_import_warning() {
                Severity::Warning
            } else if count >= t.scattered_import_info() {
                Severity::Info
            } else {
                return None;
            };
            let (file, line) = repeated.files.iter().next()?;
            Some(
                Draft {
                    category: AssessmentCategory::ScatteredLogic,
                    severity,
                    language: repeated.language,
                    subject: subject.clone(),
                    file: file.clone(),
                    line: *line,
                    description: format!("`{subject}` appears in {count} files"),
                    suggestion: "Give the concern one owner: wrap what these files need behind a single module (a facade) and import that.",
                    metric: f64::from(count),
                    related: repeated.files.keys().take(LISTED_FILES).cloned().collect(),
                }
                .finish(),
            )
        })
        .collect()
}
