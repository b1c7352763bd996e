//! Test gaps: production modules with a public interface that no test imports,
//! no test file is named after, and that hold no in-file tests.

use pact_core::model::{AssessmentCategory, AssessmentFinding, Language, Severity};

use super::Draft;
use crate::analysis::Model;

pub(super) fn check(model: &Model) -> Vec<AssessmentFinding> {
    model
        .modules
        .iter()
        .filter(|m| !m.is_test && m.untested && m.interface_size() > 0)
        .map(|m| {
            let stem = m.stem();
            let expected = match m.language {
                Language::Python => format!("tests/test_{stem}.py"),
                Language::Typescript => format!("{stem}.test.ts"),
                Language::Javascript => format!("{stem}.test.js"),
                Language::Rust => format!("a #[cfg(test)] module or tests/{stem}.rs"),
            };
            Draft {
                category: AssessmentCategory::TestGap,
                severity: Severity::Info,
                language: m.language,
                subject: m.name.clone(),
                file: m.path.clone(),
                line: 0,
                description: format!(
                    "{}: no test imports it and no test is named after it (expected e.g. {expected})",
                    m.path
                ),
                suggestion: "Add a test that imports it and exercises its public interface.",
                metric: 0.0,
                related: Vec::new(),
            }
            .finish()
        })
        .collect()
}
