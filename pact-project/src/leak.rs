//! Finding hidden-test content in text meant for an agent.
//!
//! From each hidden suite the checker takes three kinds of needle: lines of its
//! code, identifiers (case ids, vitest titles, names the code defines) and
//! literal values (case inputs, expected values, string literals in the code).
//! Anything that also appears in public text — contracts and visible suites,
//! which agents see anyway — is not a needle. Short or generic needles are
//! dropped because they would match ordinary prose.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use pact_core::id::ComponentId;
use pact_core::model::{LeakCategory, TestSuite};
use regex::Regex;

/// Shortest code line (whitespace collapsed) taken as a needle.
const MIN_CODE_LINE: usize = 20;
/// Shortest identifier taken as a needle.
const MIN_IDENTIFIER: usize = 8;
/// Shortest literal value taken as a needle.
const MIN_LITERAL: usize = 4;

static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:def|function|fn|class|const|let|var|struct|enum)\s+([A-Za-z_][A-Za-z0-9_]*)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:it|test|describe)(?:\.\w+)?\(\s*(?:'([^'\n]+)'|"([^"\n]+)"|`([^`\n]+)`)"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static STRING_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"'([^'\\\n]{4,})'|"([^"\\\n]{4,})""#).unwrap_or_else(|e| unreachable!("{e}"))
});

/// One piece of hidden content to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    pub text: String,
    pub category: LeakCategory,
    pub component_id: ComponentId,
    pub test_id: Option<String>,
}

/// One place a needle was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    pub line: usize,
    pub column: usize,
    pub needle: &'a Needle,
}

/// The needles of some hidden suites, minus whatever `public` text contains.
pub fn needles(hidden: &[TestSuite], public: &str) -> Vec<Needle> {
    let public_lines: BTreeSet<String> = public.lines().map(collapse).collect();
    let mut out: Vec<Needle> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut push = |text: String, category, suite: &TestSuite, test_id: Option<&str>| {
        let long_enough = match category {
            LeakCategory::Code => text.len() >= MIN_CODE_LINE,
            LeakCategory::Identifier => text.len() >= MIN_IDENTIFIER,
            LeakCategory::Input => text.chars().count() >= MIN_LITERAL,
        };
        if !long_enough || public.contains(&text) || !seen.insert(text.clone()) {
            return;
        }
        out.push(Needle {
            text,
            category,
            component_id: suite.component_id.clone(),
            test_id: test_id.map(str::to_owned),
        });
    };
    for suite in hidden {
        for case in &suite.cases {
            push(
                case.id.clone(),
                LeakCategory::Identifier,
                suite,
                Some(&case.id),
            );
            for value in case.inputs.values() {
                for literal in literals(value) {
                    push(literal, LeakCategory::Input, suite, Some(&case.id));
                }
            }
            for expected in [Some(&case.expected_output), case.expected_error.as_ref()]
                .into_iter()
                .flatten()
            {
                if !is_generic_literal(expected) {
                    push(expected.clone(), LeakCategory::Input, suite, Some(&case.id));
                }
            }
        }
        for line in suite.code.lines() {
            let collapsed = collapse(line);
            if is_boilerplate(&collapsed) || public_lines.contains(&collapsed) {
                continue;
            }
            push(collapsed, LeakCategory::Code, suite, None);
        }
        for captures in DEFINITION.captures_iter(&suite.code) {
            push(
                captures[1].to_owned(),
                LeakCategory::Identifier,
                suite,
                None,
            );
        }
        for captures in TITLE.captures_iter(&suite.code) {
            if let Some(title) = (1..=3).find_map(|i| captures.get(i)) {
                push(
                    title.as_str().to_owned(),
                    LeakCategory::Identifier,
                    suite,
                    None,
                );
            }
        }
        // Module names in imports are the runner's and the contract's, not
        // the test's secrets.
        let code_lines = suite.code.lines().filter(|l| !is_boilerplate(&collapse(l)));
        for line in code_lines {
            for captures in STRING_LITERAL.captures_iter(line) {
                if let Some(literal) = (1..=2).find_map(|i| captures.get(i))
                    && !is_generic_literal(literal.as_str())
                {
                    push(
                        literal.as_str().to_owned(),
                        LeakCategory::Input,
                        suite,
                        None,
                    );
                }
            }
        }
    }
    out
}

/// Every needle occurrence in `text`, in reading order. Code lines are matched
/// with whitespace collapsed; identifiers and literals on word boundaries.
pub fn scan<'a>(text: &str, needles: &'a [Needle]) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let collapsed = collapse(line);
        for needle in needles {
            let position = match needle.category {
                LeakCategory::Code => collapsed
                    .find(&needle.text)
                    .map(|_| line.len() - line.trim_start().len()),
                _ => find_bounded(line, &needle.text),
            };
            if let Some(byte) = position {
                found.push(Found {
                    line: index + 1,
                    column: line[..byte].chars().count() + 1,
                    needle,
                });
            }
        }
    }
    found.sort_by_key(|f| (f.line, f.column));
    found
}

/// `text` with every identifier and literal needle replaced by `…`.
pub fn redact(text: &str, needles: &[Needle]) -> String {
    let mut out = text.to_owned();
    let mut ordered: Vec<&Needle> = needles
        .iter()
        .filter(|n| n.category != LeakCategory::Code)
        .collect();
    // Longest first, so a literal inside a longer one does not split it.
    ordered.sort_by_key(|n| std::cmp::Reverse(n.text.len()));
    for needle in ordered {
        while let Some(at) = find_bounded(&out, &needle.text) {
            out.replace_range(at..at + needle.text.len(), "…");
        }
    }
    out
}

/// The first occurrence of `needle` not glued to a word character on a side
/// where the needle itself starts or ends with one.
fn find_bounded(haystack: &str, needle: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let starts_word = needle.chars().next().is_some_and(word);
    let ends_word = needle.chars().last().is_some_and(word);
    let mut from = 0;
    while let Some(rel) = haystack[from..].find(needle) {
        let at = from + rel;
        let before_ok = !starts_word || !haystack[..at].chars().last().is_some_and(word);
        let after_ok = !ends_word
            || !haystack[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(word);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + needle.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The leaf values of a JSON input, as they would be written.
fn literals(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Number(n) => vec![n.to_string()],
        serde_json::Value::Array(items) => items.iter().flat_map(literals).collect(),
        serde_json::Value::Object(map) => map.values().flat_map(literals).collect(),
        serde_json::Value::Bool(_) | serde_json::Value::Null => Vec::new(),
    }
    .into_iter()
    .filter(|s| !is_generic_literal(s))
    .collect()
}

/// Words every test uses, which would make any prose "leak".
fn is_generic_literal(s: &str) -> bool {
    const GENERIC: &[&str] = &[
        "true",
        "false",
        "none",
        "null",
        "None",
        "True",
        "False",
        "undefined",
        "utf-8",
        "utf8",
    ];
    s.trim().is_empty() || GENERIC.contains(&s.trim())
}

/// Lines every test file shares: imports, braces, bare keywords.
fn is_boilerplate(line: &str) -> bool {
    line.starts_with("import ")
        || line.starts_with("from ")
        || line.starts_with("use ")
        || line.starts_with('#')
        || line.starts_with("//")
        || line.chars().all(|c| !c.is_alphanumeric())
}

fn collapse(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite() -> TestSuite {
        serde_json::from_value(serde_json::json!({
            "kind": "pact.test_suite", "version": 1, "component_id": "names",
            "visibility": "hidden", "language": "python", "runner": "pytest",
            "cases": [{
                "id": "test_goodhart_rejects_padded_names",
                "description": "Names with surrounding whitespace are rejected",
                "function": "normalize", "category": "error_case",
                "inputs": {"name": "  Zebediah  ", "limit": 31337, "flag": true}
            }],
            "code": "from names import normalize\nimport pytest\n\ndef test_goodhart_rejects_padded_names():\n    with pytest.raises(ValueError):\n        normalize('  Zebediah  ')\n"
        }))
        .unwrap()
    }

    #[test]
    fn needles_cover_ids_inputs_code_and_skip_public_text() {
        let needles = needles(&[suite()], "def normalize(name: str) -> str");
        let texts: Vec<_> = needles
            .iter()
            .map(|n| (n.category, n.text.as_str()))
            .collect();
        assert!(texts.contains(&(
            LeakCategory::Identifier,
            "test_goodhart_rejects_padded_names"
        )));
        assert!(texts.contains(&(LeakCategory::Input, "  Zebediah  ")));
        assert!(texts.contains(&(LeakCategory::Input, "31337")));
        assert!(texts.contains(&(LeakCategory::Code, "with pytest.raises(ValueError):")));
        assert!(
            !texts
                .iter()
                .any(|(_, t)| *t == "true" || t.starts_with("from "))
        );
        // An imported module's name is not a secret.
        let ts: TestSuite = serde_json::from_value(serde_json::json!({
            "kind": "pact.test_suite", "version": 1, "component_id": "codes",
            "visibility": "hidden", "language": "typescript", "runner": "vitest",
            "cases": [], "code": "import { expect, test } from 'vitest';\ntest('x', () => {});\n"
        }))
        .unwrap();
        assert!(!super::needles(&[ts], "").iter().any(|n| n.text == "vitest"));
    }

    #[test]
    fn scan_finds_pasted_code_and_respects_word_boundaries() {
        let needles = needles(&[suite()], "");
        let text = "Brief\n  with   pytest.raises(ValueError):\nlimit 313370 is fine\nlimit 31337!";
        let found = scan(text, &needles);
        let lines: Vec<_> = found.iter().map(|f| (f.line, f.needle.category)).collect();
        assert_eq!(lines, [(2, LeakCategory::Code), (4, LeakCategory::Input)]);
        assert_eq!(found[0].column, 3);
    }

    #[test]
    fn redact_removes_literals() {
        let needles = needles(&[suite()], "");
        let redacted = redact("Reject '  Zebediah  ' above 31337 chars", &needles);
        assert!(
            !redacted.contains("Zebediah") && !redacted.contains("31337"),
            "{redacted}"
        );
    }
}
