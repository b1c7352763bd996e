//! The gate's check codes: stable, one severity each (a warning code can be
//! raised to an error with `--deny CODE`).

use pact_core::model::Severity;

/// One check of the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

const fn check(code: &'static str, severity: Severity, title: &'static str) -> Check {
    Check {
        code,
        severity,
        title,
    }
}

use Severity::{Error as E, Info as I, Warning as W};

/// Every check, in code order. docs/PROTOCOL.md lists the same table (a test
/// keeps them equal).
pub const CHECKS: &[Check] = &[
    check("V001", E, "no decomposition tree"),
    check("V002", E, "the tree's root is not one of its nodes"),
    check("V003", E, "a child listed in the tree does not exist"),
    check(
        "V004",
        E,
        "a node is reachable twice (shared child or cycle in the tree)",
    ),
    check(
        "V005",
        E,
        "a node's parent does not list it as a child, or the root has a parent",
    ),
    check(
        "V006",
        E,
        "a node's depth is not its parent's depth plus one",
    ),
    check("V007", E, "a node is not reachable from the root (orphan)"),
    check(
        "V008",
        E,
        "a directory name under contracts/, tests/, src/ or goodhart/ is not a valid component id",
    ),
    check(
        "V009",
        W,
        "a contract for a component that is not in the tree",
    ),
    check("V010", E, "a component of the tree has no contract"),
    check(
        "V011",
        E,
        "a contract's component_id differs from its directory",
    ),
    check(
        "V012",
        E,
        "a type reference is not defined (nor a builtin of the language)",
    ),
    check("V013", E, "a contract has no name"),
    check(
        "V014",
        W,
        "a contract's name differs from its tree node's name",
    ),
    check("V015", E, "a contract defines no function"),
    check("V016", E, "a function has no name or no output type"),
    check("V017", E, "a type expression does not parse"),
    check("V018", E, "a required rationale is missing"),
    check("V019", W, "a rationale is too short or vague"),
    check("V020", E, "a regex validator does not compile"),
    check(
        "V021",
        E,
        "a range validator does not parse or its bounds are inverted",
    ),
    check(
        "V022",
        E,
        "a length validator does not parse, is negative or inverted",
    ),
    check(
        "V023",
        E,
        "a type is incomplete for its kind (list without item_type, enum without variants…)",
    ),
    check("V030", W, "vague wording in a contract"),
    check("V040", E, "contract dependencies form a cycle"),
    check(
        "V041",
        E,
        "a dependency names a tree component that has no contract",
    ),
    check(
        "V042",
        I,
        "a dependency is not a component of this project: treated as external",
    ),
    check("V050", E, "a contract has no visible test suite"),
    check("V051", E, "a test suite has no cases or no code"),
    check(
        "V052",
        E,
        "a test case exercises a function the contract does not define",
    ),
    check(
        "V053",
        E,
        "a test suite's code does not parse in its language",
    ),
    check(
        "V054",
        E,
        "a test suite's component_id differs from its directory",
    ),
    check(
        "V055",
        W,
        "a test suite was written against an older contract revision",
    ),
    check(
        "V056",
        W,
        "a test suite for a component that has no contract",
    ),
    check(
        "V057",
        W,
        "fewer than 80% of a hidden suite's cases can be checked independently of the test runner",
    ),
    check(
        "V058",
        E,
        "a test case expects both a value (`returns`) and an error (`expected_error`)",
    ),
    check("V060", W, "a type is defined differently in two contracts"),
    check(
        "V061",
        W,
        "a dependency outputs a type whose fields differ from what the dependent expects",
    ),
    check("V062", W, "an authority domain is claimed by two contracts"),
    check("V070", W, "a tree node has an empty description"),
    check("V071", W, "two tree nodes have the same description"),
    check("V072", W, "task keywords that no component mentions"),
    check(
        "V080",
        E,
        "a symbolic link inside the project leads outside it",
    ),
    check("V090", I, "`--fix` added a stub type"),
    check(
        "V100",
        E,
        "verify: the certification's self-hash does not match its content",
    ),
    check("V101", E, "verify: a certified artifact changed"),
    check("V102", E, "verify: a certified artifact was removed"),
    check(
        "V103",
        E,
        "verify: an artifact was added after certification",
    ),
    check("V110", I, "drift: an artifact changed since the baseline"),
    check(
        "V111",
        E,
        "drift: a contract changed without a revision bump",
    ),
    check(
        "V112",
        W,
        "drift: an implementation is stale: its contract or tests changed after it",
    ),
    check(
        "V113",
        I,
        "drift: an artifact was added or removed since the baseline",
    ),
    check("V114", W, "drift: a component is stale"),
    check("V115", I, "drift: a component is aging"),
];

/// The check with this code.
pub fn find(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        for pair in CHECKS.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} {}",
                pair[0].code,
                pair[1].code
            );
        }
        for c in CHECKS {
            assert!(c.code.len() == 4 && c.code.starts_with('V'), "{}", c.code);
        }
    }
}
