//! Every binary's `--help`, and the `--help` of each of its subcommands, as
//! one snapshot per binary: a change to what users read is a reviewed change
//! (docs/STYLE.md). Rendered at a fixed width, without colour.

use std::fmt::Write as _;

use pact_test_support::{stderr_of, stdout_of};

use crate::support::cmd;

const BINARIES: &[&str] = &[
    "pact",
    "pact-adopt",
    "pact-assess",
    "pact-audit",
    "pact-goodhart",
    "pact-handoff",
    "pact-llm",
    "pact-validate",
];

fn help(bin: &str, path: &[&str]) -> String {
    let out = cmd(bin)
        .env("COLUMNS", "100")
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{bin} {path:?} --help: {}",
        stderr_of(&out)
    );
    assert!(
        out.stderr.is_empty(),
        "{bin} {path:?} --help wrote to stderr"
    );
    stdout_of(&out)
}

/// The names under `Commands:` in a help text, without `help`.
fn subcommands(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.trim_end() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// `$ BIN [SUB…] --help` and its output, for the binary and every
/// subcommand below it.
fn transcript(bin: &str) -> String {
    let mut text = String::new();
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = queue.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let page = help(bin, &args);
        let shown = std::iter::once(bin)
            .chain(args.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(text, "$ {shown} --help\n{page}");
        for sub in subcommands(&page).into_iter().rev() {
            let mut deeper = path.clone();
            deeper.push(sub);
            queue.push(deeper);
        }
    }
    text
}

#[test]
fn every_binary_and_subcommand_has_its_help_snapshotted() {
    for bin in BINARIES {
        let text = transcript(bin);
        assert!(text.contains("Usage:"), "{bin}: {text}");
        insta::with_settings!({ snapshot_suffix => *bin }, {
            insta::assert_snapshot!(text);
        });
    }
}

#[test]
fn the_help_lists_subcommands_it_can_be_asked_about() {
    let page = help("pact", &[]);
    let subs = subcommands(&page);
    for expected in ["init", "run", "status", "answer"] {
        assert!(subs.iter().any(|s| s == expected), "{subs:?}");
    }
}
