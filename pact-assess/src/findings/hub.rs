//! Hub dependencies: modules so many others import that every change ripples.

use pact_core::model::{AssessmentCategory, AssessmentFinding, Severity};

use super::Draft;
use crate::analysis::Model;
use crate::thresholds::Thresholds;

pub(super) fn check(model: &Model, t: &Thresholds) -> Vec<AssessmentFinding> {
    let fan_in = model.fan_in();
    model
        .modules
        .iter()
        .zip(fan_in)
        .filter(|(m, _)| !m.is_test)
        .filter_map(|(m, n)| {
            let (severity, description, suggestion) = if n >= t.hub_fan_in_error() {
                (
                    Severity::Error,
                    format!("{}: fan-in of {n}: {n} other modules depend on it", m.name),
                    "Split it by responsibility or put a narrower interface in front of it, so that a change here stops rippling through its dependents.",
                )
            } else if n >= t.hub_fan_in_warning() {
                (
                    Severity::Warning,
                    format!("{}: fan-in of {n}", m.name),
                    "Watch its growth: split it before more modules come to depend on everything in it.",
                )
            } else {
                return None;
            };
            Some(
                Draft {
                    category: AssessmentCategory::HubDependency,
                    severity,
                    language: m.language,
                    subject: m.name.clone(),
                    file: m.path.clone(),
                    line: 0,
                    description,
                    suggestion,
                    metric: f64::from(n),
                    related: Vec::new(),
                }
                .finish(),
            )
        })
        .collect()
}
