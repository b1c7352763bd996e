//! The brief: sections rendered from the templates in `templates/`, in tiers.
//!
//! | tier | sections | under `--max-tokens` |
//! |---|---|---|
//! | 1 | context fence, processing register, mission, interface stub | never cut |
//! | 2 | dependencies, shared standards, visible tests, prior failures | cut after tier 3 |
//! | 3 | strategic context, learnings, operating procedures | cut first |
//!
//! Within a tier, earlier sections keep their room first; a section that no
//! longer fits is trimmed by whole lines, and the ones after it are dropped.

use minijinja::{Environment, context};
use pact_core::model::{
    ComponentContract, GoodhartHints, Language, ProcessingRegister, Standards, TestResults,
    TestSuite,
};
use pact_core::tokens::estimate;
use serde::Serialize;

use crate::stub::render_stub;

const TEMPLATES: &[(&str, &str)] = &[
    ("fence", include_str!("../templates/fence.md.j2")),
    ("register", include_str!("../templates/register.md.j2")),
    ("context", include_str!("../templates/context.md.j2")),
    ("mission", include_str!("../templates/mission.md.j2")),
    ("interface", include_str!("../templates/interface.md.j2")),
    (
        "dependencies",
        include_str!("../templates/dependencies.md.j2"),
    ),
    ("standards", include_str!("../templates/standards.md.j2")),
    ("tests", include_str!("../templates/tests.md.j2")),
    ("failures", include_str!("../templates/failures.md.j2")),
    ("learnings", include_str!("../templates/learnings.md.j2")),
    ("sops", include_str!("../templates/sops.md.j2")),
];

/// The headings the checks look for, by section key.
pub const HEADINGS: &[(&str, &str)] = &[
    ("fence", "## Context fence"),
    ("register", "## Processing register"),
    ("context", "## Strategic context"),
    ("mission", "## Mission"),
    ("interface", "## Interface"),
    ("dependencies", "## Dependencies"),
    ("standards", "## Shared standards"),
    ("tests", "## Visible tests"),
    ("failures", "## Prior failures"),
    ("learnings", "## Learnings"),
    ("sops", "## Operating procedures"),
];

/// The marker a trimmed section ends with.
pub const TRIMMED: &str = "(trimmed to fit the token budget)\n";

/// The most learnings a brief carries.
const MAX_LEARNINGS: usize = 10;
/// The most prior failures listed, and the most characters of each message.
const MAX_FAILURES: usize = 10;
const MAX_FAILURE_MESSAGE: usize = 600;
/// The most characters of the task quoted as strategic context.
const MAX_CONTEXT: usize = 600;

#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    #[error("template {name}: {error}")]
    Template {
        name: &'static str,
        error: minijinja::Error,
    },
}

/// Everything a brief is made of.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub contract: ComponentContract,
    pub language: Language,
    pub attempt: u32,
    /// task.md, for the strategic context.
    pub task: Option<String>,
    /// Each dependency the contract names, with its contract when found.
    pub dependencies: Vec<(String, Option<ComponentContract>)>,
    pub standards: Option<Standards>,
    pub visible: Option<TestSuite>,
    pub failures: Option<TestResults>,
    pub hints: Option<GoodhartHints>,
    pub learnings: Vec<String>,
    pub sops: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: &'static str,
    pub tier: u8,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub sections: Vec<Section>,
}

impl Brief {
    pub fn text(&self) -> String {
        self.sections.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn tokens(&self) -> usize {
        self.sections.iter().map(|s| estimate(&s.text)).sum()
    }

    /// Fits the brief into `max_tokens` by cutting tier 3, then tier 2.
    /// Tier 1 is kept whole even when it alone is over budget (`--validate`
    /// reports that).
    pub fn compress(&self, max_tokens: usize) -> Self {
        if self.tokens() <= max_tokens {
            return self.clone();
        }
        let tier1: usize = self
            .sections
            .iter()
            .filter(|s| s.tier == 1)
            .map(|s| estimate(&s.text))
            .sum();
        let mut remaining = max_tokens.saturating_sub(tier1);
        let mut kept: Vec<Option<String>> = self
            .sections
            .iter()
            .map(|s| (s.tier == 1).then(|| s.text.clone()))
            .collect();
        for tier in [2, 3] {
            for (i, section) in self.sections.iter().enumerate() {
                if section.tier != tier {
                    continue;
                }
                let cost = estimate(&section.text);
                if cost <= remaining {
                    remaining -= cost;
                    kept[i] = Some(section.text.clone());
                } else {
                    // What no longer fits whole is trimmed; nothing after it
                    // gets room.
                    kept[i] = trim_to(&section.text, remaining);
                    remaining = 0;
                }
            }
        }
        Self {
            sections: self
                .sections
                .iter()
                .zip(kept)
                .filter_map(|(s, text)| {
                    text.map(|text| Section {
                        key: s.key,
                        tier: s.tier,
                        text,
                    })
                })
                .collect(),
        }
    }
}

/// Whole lines of `text` within `budget` tokens, with the trim marker, or
/// `None` when not even the heading and the marker fit.
fn trim_to(text: &str, budget: usize) -> Option<String> {
    // Room for the marker, its blank line and a closing fence, whether or
    // not the cut falls inside a code block.
    let marker = estimate(TRIMMED) + estimate("\n") + estimate("```\n");
    let mut out = String::new();
    let mut used = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let cost = estimate(line);
        if used + cost + marker > budget {
            break;
        }
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        used += cost;
        out.push_str(line);
    }
    // A heading alone says nothing.
    if out.lines().count() < 3 {
        return None;
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.push_str(TRIMMED);
    out.push('\n');
    Some(out)
}

fn environment() -> Result<Environment<'static>, BriefError> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|error| BriefError::Template { name, error })?;
    }
    Ok(env)
}

fn fence_name(language: Language) -> &'static str {
    match language {
        Language::Python => "python",
        Language::Typescript => "typescript",
        Language::Javascript => "javascript",
        Language::Rust => "rust",
    }
}

fn register_text(register: ProcessingRegister) -> (&'static str, &'static str) {
    match register {
        ProcessingRegister::RigorousAnalytical => (
            "rigorous analytical",
            "reason about each clause before coding, state your assumptions, and handle every boundary the contract names.",
        ),
        ProcessingRegister::ExploratoryGenerative => (
            "exploratory generative",
            "weigh a few designs briefly, then commit to the simplest one that meets the whole contract.",
        ),
        ProcessingRegister::SystematicVerification => (
            "systematic verification",
            "check every precondition, postcondition and error case against the code you write; validate explicitly.",
        ),
        ProcessingRegister::PragmaticImplementation => (
            "pragmatic implementation",
            "write straightforward, idiomatic code that does exactly what the contract says; no speculative generality.",
        ),
    }
}

#[derive(Serialize)]
struct DependencyView {
    id: String,
    found: bool,
    description: String,
    stub: String,
}

#[derive(Serialize)]
struct CaseView {
    id: String,
    category: String,
    description: String,
    failed: bool,
}

#[derive(Serialize)]
struct FailureView {
    id: String,
    status: String,
    message: String,
}

/// Renders every section that has content.
pub fn render(inputs: &Inputs) -> Result<Brief, BriefError> {
    let env = environment()?;
    let contract = &inputs.contract;
    let id = contract.component_id.as_str();
    let fence_language = fence_name(inputs.language);
    let mut sections = Vec::new();
    let mut add = |key: &'static str, tier: u8, ctx: minijinja::Value| -> Result<(), BriefError> {
        let text = env
            .get_template(key)
            .and_then(|t| t.render(ctx))
            .map_err(|error| BriefError::Template { name: key, error })?;
        sections.push(Section { key, tier, text });
        Ok(())
    };
    add("fence", 1, context! { id })?;
    let (register_name, register_text) = register_text(
        contract
            .processing_register
            .unwrap_or(ProcessingRegister::PragmaticImplementation),
    );
    add("register", 1, context! { register_name, register_text })?;
    if let Some(context) = strategic_context(inputs.task.as_deref(), contract) {
        add("context", 3, context! { context })?;
    }
    add(
        "mission",
        1,
        context! { id, name => contract.name, description => contract.description, attempt => inputs.attempt },
    )?;
    let stub = render_stub(contract, inputs.language);
    add("interface", 1, context! { fence_language, stub })?;
    if !inputs.dependencies.is_empty() {
        let dependencies: Vec<DependencyView> = inputs
            .dependencies
            .iter()
            .map(|(dep, found)| DependencyView {
                id: dep.clone(),
                found: found.is_some(),
                description: found
                    .as_ref()
                    .map(|c| c.description.clone())
                    .unwrap_or_default(),
                stub: found
                    .as_ref()
                    .map(|c| render_stub(c, inputs.language))
                    .unwrap_or_default(),
            })
            .collect();
        add("dependencies", 2, context! { dependencies, fence_language })?;
    }
    if let Some(standards) = &inputs.standards {
        add("standards", 2, context! { standards })?;
    }
    if let Some(suite) = &inputs.visible {
        let failed: Vec<&str> = inputs
            .failures
            .iter()
            .flat_map(|r| r.failures().map(|c| c.id.as_str()))
            .collect();
        let cases: Vec<CaseView> = suite
            .cases
            .iter()
            .map(|c| CaseView {
                id: c.id.clone(),
                category: crate::stub::serde_name(&c.category),
                description: c.description.clone(),
                failed: failed.contains(&c.id.as_str()),
            })
            .collect();
        let mut code = suite.code.clone();
        if !code.ends_with('\n') {
            code.push('\n');
        }
        add(
            "tests",
            2,
            context! { cases, code, fence_language => fence_name(suite.language) },
        )?;
    }
    let failures: Vec<FailureView> = inputs
        .failures
        .iter()
        .flat_map(|r| r.failures())
        .take(MAX_FAILURES)
        .map(|c| FailureView {
            id: c.id.clone(),
            status: crate::stub::serde_name(&c.status),
            message: one_line(&c.message, MAX_FAILURE_MESSAGE),
        })
        .collect();
    let summary = inputs.failures.as_ref().map(|r| {
        let mut s = format!(
            "Last run: {} of {} passed.",
            r.summary.passed, r.summary.total
        );
        if let Some(e) = &r.collection_error {
            s.push_str(&format!(
                " The suite did not load: {}",
                one_line(e, MAX_FAILURE_MESSAGE)
            ));
        }
        s
    });
    let hints = inputs
        .hints
        .as_ref()
        .map(|h| h.feedback.trim_end().to_owned());
    if !failures.is_empty() || hints.is_some() || summary.is_some() {
        add("failures", 2, context! { failures, summary, hints })?;
    }
    if !inputs.learnings.is_empty() {
        let learnings: Vec<&String> = inputs.learnings.iter().take(MAX_LEARNINGS).collect();
        add("learnings", 3, context! { learnings })?;
    }
    if let Some(sops) = inputs
        .sops
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        add("sops", 3, context! { sops })?;
    }
    Ok(Brief { sections })
}

/// The task's first paragraph (headings skipped) and what this component is.
fn strategic_context(task: Option<&str>, contract: &ComponentContract) -> Option<String> {
    let task = task?;
    let paragraph: String = task
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("<!--"))?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut paragraph = paragraph;
    if paragraph.len() > MAX_CONTEXT {
        let mut cut = MAX_CONTEXT;
        while !paragraph.is_char_boundary(cut) {
            cut -= 1;
        }
        paragraph.truncate(cut);
        paragraph.push('…');
    }
    Some(format!(
        "Project: {paragraph}\nThis component, {}, is one part of it: {}",
        contract.name, contract.description
    ))
}

fn one_line(text: &str, limit: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= limit {
        joined
    } else {
        let mut s: String = joined.chars().take(limit).collect();
        s.push('…');
        s
    }
}
