//! Every document of the product as typed serde structures.
//!
//! Conventions, applied to every type here:
//! - unknown fields are rejected (`deny_unknown_fields`): a misspelt field is an
//!   error with its JSON path, never silently dropped;
//! - a field at its default value is omitted on output, and a missing optional
//!   field reads as its default, so documents stay short and hand-editable;
//! - maps are `BTreeMap` and lists keep their meaningful order, so the same
//!   document always serialises to the same bytes;
//! - closed sets are enums with `snake_case` names.

mod adoption;
mod analysis;
mod assessment;
mod audit_entry;
mod audit_review;
mod baseline;
mod build_record;
mod certification;
mod common;
mod competition;
mod contract;
mod diagnosis;
mod gate;
mod goodhart;
mod handoff;
mod implementation;
mod interview;
mod learning;
mod ledger;
mod requirements;
mod research;
mod run_state;
mod shape;
mod task;
mod task_list;
mod test_results;
mod test_suite;
mod tree;

pub use adoption::*;
pub use analysis::*;
pub use assessment::*;
pub use audit_entry::*;
pub use audit_review::*;
pub use baseline::*;
pub use build_record::*;
pub use certification::*;
pub use common::*;
pub use competition::*;
pub use contract::*;
pub use diagnosis::*;
pub use gate::*;
pub use goodhart::*;
pub use handoff::*;
pub use implementation::*;
pub use interview::*;
pub use learning::*;
pub use ledger::*;
pub use requirements::*;
pub use research::*;
pub use run_state::*;
pub use shape::*;
pub use task::*;
pub use task_list::*;
pub use test_results::*;
pub use test_suite::*;
pub use tree::*;

/// `skip_serializing_if` helper: omit a field at its type's default.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

pub(crate) fn is_true(value: &bool) -> bool {
    *value
}

pub(crate) fn is_one(value: &u32) -> bool {
    *value == 1
}

pub(crate) const fn yes() -> bool {
    true
}

pub(crate) const fn one() -> u32 {
    1
}

/// Reports every value that occurs more than once in `items`, keyed by `key`.
pub(crate) fn duplicate_issues<'a, T>(
    items: &'a [T],
    list_path: &str,
    what: &str,
    key: impl Fn(&'a T) -> &'a str,
) -> Vec<crate::document::Issue> {
    let mut seen = std::collections::BTreeMap::new();
    let mut issues = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let k = key(item);
        if let Some(first) = seen.insert(k, i) {
            seen.insert(k, first);
            issues.push(crate::document::Issue::new(
                format!("{list_path}[{i}]"),
                format!("duplicate {what} {k:?} (first at {list_path}[{first}])"),
            ));
        }
    }
    issues
}
