//! The files `pact init` writes, so that later stages can recognise them (an
//! unedited task.md must not be sent to a model).

use crate::model::Language;

/// The first line of the task.md template's instructions; while it is present
/// the task has not been written yet.
pub const TASK_SENTINEL: &str = "Describe what you want built";

/// task.md as scaffolded.
pub const TASK_MD: &str = "# Task

Describe what you want built: the problem, who uses it, and what \"done\" means.
Replace this paragraph; Pact will not plan from an unedited template.

## Requirements

<!-- One requirement per bullet, e.g. \"- Users must be able to …\". -->

## Context

<!-- Constraints, existing systems, data formats, anything builders should know. -->
";

/// The line `pact init` makes sure `.gitignore` has.
pub const GITIGNORE_LINE: &str = ".pact/";

/// Whether task.md still holds the template's instructions.
pub fn is_unedited_task(text: &str) -> bool {
    text.contains(TASK_SENTINEL)
}

/// sops.md (standard operating procedures) for a project in `language`.
pub fn sops_md(language: Language) -> String {
    let stack = match language {
        Language::Python => "- Python 3.11+, standard library first\n- Tests: pytest",
        Language::Typescript => "- TypeScript (strict), Node 20+, ES modules\n- Tests: vitest",
        Language::Javascript => "- JavaScript (ES modules), Node 20+\n- Tests: vitest",
        Language::Rust => "- Rust (stable), edition 2024\n- Tests: cargo test",
    };
    format!(
        "# Standard operating procedures

## Tech stack

{stack}

## Standards

- Typed interfaces everywhere; no untyped public functions.
- Composition over inheritance; small modules with one purpose.
- Errors are explicit: no silent fallbacks.

## Verification

- Every contract function has at least one test.
- Tests use no external services or network.
- Done means the contract tests, visible and hidden, pass.

## Preferences

- Prefer the standard library; add a dependency only when it clearly pays.
- Keep files under 300 lines.
"
    )
}

/// pact.yaml for a project in `language`: every setting at its default except
/// the language.
pub fn config_yaml(language: Language) -> String {
    crate::config::TEMPLATE.replacen(
        "\nlanguage: python\n",
        &format!("\nlanguage: {language}\n"),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_for_each_language_sets_only_the_language() {
        for language in Language::ALL {
            let text = config_yaml(language);
            let config: crate::config::Config = serde_norway::from_str(&text).unwrap();
            assert_eq!(config.language, language);
            assert_eq!(
                crate::config::Config {
                    language: Language::Python,
                    ..config
                },
                crate::config::Config::default()
            );
        }
    }

    #[test]
    fn the_template_task_is_recognised() {
        assert!(is_unedited_task(TASK_MD));
        assert!(!is_unedited_task("# Build a URL shortener\n"));
    }
}
