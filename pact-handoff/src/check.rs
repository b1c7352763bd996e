//! `--validate`: coded checks of a brief.
//!
//! | code | check |
//! |---|---|
//! | H001 | the context fence comes first |
//! | H002 | the processing register comes before the mission and the interface |
//! | H003 | the interface stub is present (a fenced block under `## Interface`) |
//! | H004 | the stub is complete: every type, function and log key of the contract |
//! | H005 | the brief is within `--max-tokens` |
//! | H006 | no hidden test content (the `pact-goodhart` leak check) |
//! | H007 | every dependency the contract names has its section |

use pact_core::model::{BriefCheck, BriefCheckItem, ComponentContract};
use pact_core::tokens::estimate;
use pact_project::leak::{Needle, scan};

use crate::brief::HEADINGS;
use crate::keys::keys_of;

fn heading(key: &str) -> &'static str {
    HEADINGS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, h)| *h)
        .unwrap_or_default()
}

/// The byte offset of a section heading at the start of a line.
fn position(brief: &str, key: &str) -> Option<usize> {
    let heading = heading(key);
    if brief.starts_with(heading) {
        return Some(0);
    }
    brief.find(&format!("\n{heading}\n")).map(|p| p + 1)
}

/// The text of a section, up to the next `## ` heading.
fn section<'a>(brief: &'a str, key: &str) -> Option<&'a str> {
    let start = position(brief, key)?;
    let body = &brief[start + heading(key).len()..];
    let end = body.find("\n## ").map(|e| e + 1).unwrap_or(body.len());
    Some(&body[..end])
}

/// The fenced code block a section opens with.
fn fenced(section: &str) -> Option<&str> {
    let trimmed = section.trim_start();
    let after = trimmed.strip_prefix("```")?;
    let body_start = after.find('\n')? + 1;
    let body = &after[body_start..];
    let close = body.find("\n```").map(|c| c + 1).unwrap_or(body.len());
    Some(&body[..close])
}

pub fn validate(
    brief: &str,
    contract: &ComponentContract,
    max_tokens: Option<usize>,
    needles: &[Needle],
) -> BriefCheck {
    let mut checks = Vec::new();
    let mut check = |code: &str, passed: bool, message: String| {
        checks.push(BriefCheckItem {
            code: code.to_owned(),
            passed,
            message,
        });
    };

    let fence_first = brief.trim_start().starts_with(heading("fence"));
    check(
        "H001",
        fence_first,
        if fence_first {
            "the context fence comes first".to_owned()
        } else {
            format!("the brief must open with `{}`", heading("fence"))
        },
    );

    let register = position(brief, "register");
    let domain = [position(brief, "mission"), position(brief, "interface")]
        .into_iter()
        .flatten()
        .min();
    let ordered = matches!((register, domain), (Some(r), Some(d)) if r < d);
    check(
        "H002",
        ordered,
        match (register, domain) {
            (None, _) => "the processing register is missing".to_owned(),
            (Some(_), None) => "the mission and the interface are missing".to_owned(),
            (Some(_), Some(_)) if !ordered => {
                "the processing register must come before the mission and the interface".to_owned()
            }
            _ => "the processing register comes before the domain".to_owned(),
        },
    );

    let stub = section(brief, "interface").and_then(fenced);
    check(
        "H003",
        stub.is_some(),
        if stub.is_some() {
            "the interface stub is present".to_owned()
        } else {
            "no fenced interface stub under `## Interface`".to_owned()
        },
    );

    let stub_text = stub.unwrap_or_default();
    let mut missing: Vec<String> = Vec::new();
    for name in contract
        .types
        .iter()
        .map(|t| t.name.clone())
        .chain(keys_of(contract))
    {
        if !contains_word(stub_text, &name) {
            missing.push(name);
        }
    }
    // A function must be declared (`name(`), not merely mentioned.
    for f in &contract.functions {
        if !contains_word(stub_text, &format!("{}(", f.name)) {
            missing.push(format!("{}()", f.name));
        }
    }
    check(
        "H004",
        stub.is_some() && missing.is_empty(),
        if missing.is_empty() {
            "the stub names every type, function and log key of the contract".to_owned()
        } else {
            format!("the stub lacks {}", missing.join(", "))
        },
    );

    let tokens = estimate(brief);
    match max_tokens {
        Some(max) => check(
            "H005",
            tokens <= max,
            format!("{tokens} estimated tokens against a budget of {max}"),
        ),
        None => check(
            "H005",
            true,
            format!("{tokens} estimated tokens, no budget given"),
        ),
    }

    let leaks = scan(brief, needles);
    check(
        "H006",
        leaks.is_empty(),
        if leaks.is_empty() {
            "no hidden test content".to_owned()
        } else {
            let places: Vec<String> = leaks
                .iter()
                .take(5)
                .map(|l| format!("line {} ({})", l.line, l.needle.category.name()))
                .collect();
            format!("hidden test content at {}", places.join(", "))
        },
    );

    let deps = section(brief, "dependencies").unwrap_or_default();
    let absent: Vec<&str> = contract
        .dependencies
        .iter()
        .filter(|d| !deps.contains(&format!("### {d}\n")))
        .map(String::as_str)
        .collect();
    check(
        "H007",
        absent.is_empty(),
        if absent.is_empty() {
            "every dependency has its section".to_owned()
        } else {
            format!("no section for dependency {}", absent.join(", "))
        },
    );

    BriefCheck::new(
        contract.component_id.clone(),
        u64::try_from(tokens).unwrap_or(u64::MAX),
        max_tokens.map(|m| u64::try_from(m).unwrap_or(u64::MAX)),
        checks,
    )
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let bounded_end = word.chars().last().is_some_and(is_word);
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().last().is_none_or(|c| !is_word(c));
        let after = !bounded_end
            || text[at + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word(c));
        before && after
    })
}
