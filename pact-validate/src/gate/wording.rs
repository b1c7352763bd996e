//! The wording of a contract (V018, V019, V030): rationales present where
//! data access or authority needs one and specific enough to review, and no
//! vague phrase where a test needs a checkable statement.

use std::sync::LazyLock;

use pact_core::model::{ComponentContract, GateFinding};
use regex::Regex;

use super::{Options, finding};

static VAGUE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)entire class of",
        r"(?i)best practices?",
        r"(?i)industry[- ]standard",
        r"(?i)scalable and maintainable",
        r"(?i)robust and reliable",
        r"(?i)clean architecture",
        r"(?i)properly handles?",
        r"(?i)\bas needed\b",
        r"(?i)\band more\b",
        r"(?i)\betc\.?\s*$",
        r"(?i)works? on my machine",
        r"(?i)appropriate\s+(error|handling|validation)",
        r"(?i)\bseamless(ly)?\b",
        r"(?i)\buser[- ]friendly\b",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

const VAGUE_RATIONALE: &[&str] = &[
    "handles data",
    "manages stuff",
    "processes information",
    "for various purposes",
    "as needed",
    "general use",
    "handles all",
    "manages all",
    "processes all",
    "data handling",
    "data management",
    "data processing",
    "needed for functionality",
    "required for operation",
    "used internally",
    "for internal use",
];

const MIN_RATIONALE: usize = 20;

fn rationale_quality(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < MIN_RATIONALE {
        return Some(format!(
            "rationale is too short ({n} characters, at least {MIN_RATIONALE}): say why this component needs it"
        ));
    }
    let lower = t.to_lowercase();
    VAGUE_RATIONALE
        .iter()
        .find(|p| lower.contains(**p))
        .map(|p| format!("rationale is vague (\"{p}\"): name the data and the reason"))
}

pub(super) fn check_rationales(
    c: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    for (path, text, why) in required_rationales(c) {
        if text.trim().is_empty() {
            out.push(finding(
                opts,
                "V018",
                file,
                path,
                format!("a rationale is required because {why}; explain in a sentence why"),
            ));
        } else if let Some(msg) = rationale_quality(text) {
            out.push(finding(opts, "V019", file, path, msg));
        }
    }
}

/// The rationales the contract owes, with their JSON path and the reason
/// they are owed.
fn required_rationales(c: &ComponentContract) -> Vec<(String, &str, &'static str)> {
    let mut required = Vec::new();
    if let Some(da) = &c.data_access {
        if !da.reads.is_empty() || !da.writes.is_empty() {
            required.push((
                "data_access.rationale".to_owned(),
                da.rationale.as_str(),
                "data_access reads or writes data",
            ));
        }
        for (i, cl) in da.classified.iter().enumerate() {
            required.push((
                format!("data_access.classified[{i}].rationale"),
                cl.rationale.as_str(),
                "classified data is accessed",
            ));
        }
    }
    if let Some(auth) = &c.authority
        && !auth.domains.is_empty()
    {
        required.push((
            "authority.rationale".to_owned(),
            auth.rationale.as_str(),
            "the component claims authority domains",
        ));
    }
    required
}

pub(super) fn check_vague(
    c: &ComponentContract,
    file: &str,
    opts: &Options,
    out: &mut Vec<GateFinding>,
) {
    for (path, text) in prose(c) {
        for re in VAGUE.iter() {
            if let Some(m) = re.find(text) {
                out.push(finding(
                    opts,
                    "V030",
                    file,
                    path.clone(),
                    format!(
                        "vague wording \"{}\": say what must hold, in terms a test can check",
                        m.as_str().trim()
                    ),
                ));
            }
        }
    }
}

/// Every text of the contract a test would be written from, with its JSON
/// path.
fn prose(c: &ComponentContract) -> Vec<(String, &str)> {
    let mut texts: Vec<(String, &str)> = vec![("description".to_owned(), c.description.as_str())];
    for (i, inv) in c.invariants.iter().enumerate() {
        texts.push((format!("invariants[{i}]"), inv));
    }
    for (i, f) in c.functions.iter().enumerate() {
        texts.push((format!("functions[{i}].description"), &f.description));
        for (j, p) in f.preconditions.iter().enumerate() {
            texts.push((format!("functions[{i}].preconditions[{j}]"), p));
        }
        for (j, p) in f.postconditions.iter().enumerate() {
            texts.push((format!("functions[{i}].postconditions[{j}]"), p));
        }
        for (j, e) in f.errors.iter().enumerate() {
            texts.push((
                format!("functions[{i}].errors[{j}].condition"),
                &e.condition,
            ));
        }
    }
    for (i, t) in c.types.iter().enumerate() {
        texts.push((format!("types[{i}].description"), &t.description));
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vague_pattern_compiles() {
        assert_eq!(VAGUE.len(), 14);
    }
}
