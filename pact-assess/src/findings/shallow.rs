//! Shallow modules: a wide interface over little code.

use pact_core::model::{AssessmentCategory, AssessmentFinding, Severity};

use super::Draft;
use crate::analysis::Model;
use crate::thresholds::Thresholds;

pub(super) fn check(model: &Model, t: &Thresholds) -> Vec<AssessmentFinding> {
    model
        .modules
        .iter()
        .filter(|m| !m.is_test)
        .filter(|m| m.interface_size() >= t.shallow_min_interface())
        .filter(|m| m.depth_ratio() < t.shallow_depth_ratio())
        .map(|m| {
            Draft {
                category: AssessmentCategory::ShallowModule,
                severity: Severity::Warning,
                language: m.language,
                subject: m.name.clone(),
                file: m.path.clone(),
                line: 0,
                description: format!(
                    "{}: depth ratio {:.1} ({} LOC behind {} public names)",
                    m.path,
                    m.depth_ratio(),
                    m.loc,
                    m.interface_size()
                ),
                suggestion: "Deepen it: merge it into its callers, or hide helpers so that fewer names carry more behaviour.",
                metric: m.depth_ratio(),
                related: Vec::new(),
            }
            .finish()
        })
        .collect()
}
