//! The commands Pact ships, with their one-line summaries, and `pact --list`.
//!
//! Nothing here is copied by hand. A built-in's summary is the `about` of its
//! clap subcommand (the first line of its doc comment, what `pact SUB --help`
//! shows). A stage's summary is its crate's `description`, which is also the
//! `about` of the stage's own `--help` (`#[command(about)]` takes it): the
//! stage crates are not dependencies of `pact` (they would pull every parser
//! and the HTTP stack into the dispatcher), so their manifests are read at
//! compile time instead.

use std::fmt::Write;

use clap::CommandFactory;

use crate::dispatch::Finder;

/// A command and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub summary: String,
}

/// Commands implemented inside `pact` itself, in the order of `pact --help`.
pub fn built_in() -> Vec<Entry> {
    crate::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| Entry {
            name: c.get_name().to_owned(),
            summary: c.get_about().map(ToString::to_string).unwrap_or_default(),
        })
        .collect()
}

/// The manifest of each stage program shipped with Pact, run as `pact-NAME`.
const STAGE_MANIFESTS: [(&str, &str); 7] = [
    ("assess", include_str!("../../pact-assess/Cargo.toml")),
    ("adopt", include_str!("../../pact-adopt/Cargo.toml")),
    ("validate", include_str!("../../pact-validate/Cargo.toml")),
    ("audit", include_str!("../../pact-audit/Cargo.toml")),
    ("handoff", include_str!("../../pact-handoff/Cargo.toml")),
    ("goodhart", include_str!("../../pact-goodhart/Cargo.toml")),
    ("llm", include_str!("../../pact-llm/Cargo.toml")),
];

/// Stage programs shipped with Pact, run as `pact-NAME`.
pub fn stages() -> Vec<Entry> {
    STAGE_MANIFESTS
        .iter()
        .map(|(name, manifest)| Entry {
            name: (*name).to_owned(),
            summary: description(manifest).to_owned(),
        })
        .collect()
}

/// The `description = "…"` of a crate manifest (the workspace's manifests
/// write it on one line, without escapes; a test keeps them so).
fn description(manifest: &str) -> &str {
    manifest
        .lines()
        .find_map(|line| {
            line.strip_prefix("description = \"")
                .and_then(|rest| rest.strip_suffix('"'))
        })
        .unwrap_or_default()
}

/// A shorthand for one subcommand of a stage program.
#[derive(Debug, Clone, Copy)]
pub struct Shorthand {
    pub name: &'static str,
    pub stage: &'static str,
    pub subcommand: &'static str,
}

/// `pact test` is the everyday verb; it lives in `pact-goodhart` beside the
/// hidden-suite runner because both go through the same harness.
pub const SHORTHANDS: &[Shorthand] = &[Shorthand {
    name: "test",
    stage: "goodhart",
    subcommand: "test",
}];

/// The shorthand called `name`, if there is one.
pub fn shorthand(name: &str) -> Option<&'static Shorthand> {
    SHORTHANDS.iter().find(|s| s.name == name)
}

/// Every name `pact` answers to without looking on PATH, for suggestions.
pub fn known_names() -> Vec<String> {
    built_in()
        .into_iter()
        .chain(stages())
        .map(|e| e.name)
        .chain(SHORTHANDS.iter().map(|s| s.name.to_owned()))
        .collect()
}

/// The `pact --list` text: built-ins, shipped stages (with where each was
/// found), and third-party `pact-*` programs on PATH.
pub fn render_list(finder: &Finder) -> String {
    let mut out = String::from("Built-in commands:\n");
    for e in built_in() {
        let _ = writeln!(out, "    {:<12} {}", e.name, e.summary);
    }
    out.push_str("\nStage commands:\n");
    for e in stages() {
        let note = if finder.find(&e.name).is_some() {
            String::new()
        } else {
            format!(" (pact-{} not found)", e.name)
        };
        let _ = writeln!(out, "    {:<12} {}{note}", e.name, e.summary);
    }
    out.push_str("\nShorthands:\n");
    for s in SHORTHANDS {
        let _ = writeln!(out, "    {:<12} pact {} {}", s.name, s.stage, s.subcommand);
    }
    let known = known_names();
    let others: Vec<_> = finder
        .discover()
        .into_iter()
        .filter(|(name, _)| !known.contains(name))
        .collect();
    if !others.is_empty() {
        out.push_str("\nInstalled commands:\n");
        for (name, path) in others {
            let _ = writeln!(out, "    {name:<12} {}", path.display());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_a_one_line_description() {
        for (name, manifest) in STAGE_MANIFESTS {
            assert!(
                manifest.contains(&format!("name = \"pact-{name}\"")),
                "{name}"
            );
            let summary = description(manifest);
            assert!(
                !summary.is_empty() && !summary.contains('\\'),
                "pact-{name}: `description = \"…\"` on one line, without escapes"
            );
        }
    }

    #[test]
    fn built_ins_are_the_clap_subcommands_with_their_about() {
        let names: Vec<String> = built_in().into_iter().map(|e| e.name).collect();
        assert_eq!(names.first().map(String::as_str), Some("init"));
        assert!(names.iter().all(|n| n != "help"), "{names:?}");
        assert!(built_in().iter().all(|e| !e.summary.is_empty()));
    }
}
