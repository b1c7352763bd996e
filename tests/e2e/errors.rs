//! One style of error output: a bad argument (clap's parse error) and a bad
//! input (Pact's own error) read alike in every binary: `PROGRAM: error: …`
//! then `PROGRAM: hint: …` lines on stderr, nothing on stdout, and the exit
//! code of docs/PROTOCOL.md (2 for usage, 3 for bad input).

use std::fmt::Write as _;

use pact_test_support::stderr_of;

use crate::support::cmd;

/// `$ COMMAND`, the exit code and stderr, for each invocation, run in an
/// empty directory so paths appear as given.
fn transcript(bin: &str, invocations: &[&[&str]]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for args in invocations {
        let out = cmd(bin)
            .current_dir(dir.path())
            .args(*args)
            .output()
            .unwrap();
        assert!(out.stdout.is_empty(), "{bin} {args:?} printed on stdout");
        let _ = writeln!(text, "$ {bin} {}", args.join(" "));
        let _ = writeln!(text, "[exit {}]", out.status.code().unwrap());
        text.push_str(&stderr_of(&out));
        text.push('\n');
    }
    text
}

#[test]
fn pact_parse_errors_and_its_own_errors_look_alike() {
    insta::assert_snapshot!(transcript(
        "pact",
        &[
            &["status", "--no-such-flag"],
            &["status", "no-such-project"],
            &["build"],
            &["run", "--replay", "a.jsonl", "--record", "b.jsonl"],
        ],
    ));
}

#[test]
fn pact_validate_parse_errors_and_its_own_errors_look_alike() {
    insta::assert_snapshot!(transcript(
        "pact-validate",
        &[
            &["--no-such-flag"],
            &["no-such-project"],
            &["--deny", "V999"],
        ],
    ));
}

#[test]
fn pact_goodhart_parse_errors_and_its_own_errors_look_alike() {
    insta::assert_snapshot!(transcript(
        "pact-goodhart",
        &[
            &["lst"],
            &["list", "--no-such-flag"],
            &["list", "no-such-project"],
        ],
    ));
}

#[test]
fn pact_llm_parse_errors_and_its_own_errors_look_alike() {
    insta::assert_snapshot!(transcript(
        "pact-llm",
        &[&["budget", "--jsn"], &["tests", "no-such-contract.json"],],
    ));
}

/// Every line of every binary's error output carries the program's name.
#[test]
fn every_stderr_line_names_the_program() {
    let cases: [(&str, &[&str], i32); 8] = [
        ("pact", &["status", "--no-such-flag"], 2),
        ("pact-assess", &["--format", "xml"], 2),
        ("pact-adopt", &["--only", "everything"], 2),
        ("pact-validate", &["baseline", "--json"], 2),
        ("pact-audit", &["--fail-under", "101"], 2),
        ("pact-handoff", &["keys", "--no-such-flag"], 2),
        ("pact-goodhart", &["hints", "--attempt"], 2),
        ("pact-llm", &["calll"], 2),
    ];
    for (bin, args, code) in cases {
        let out = cmd(bin).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{bin} {args:?}");
        let err = stderr_of(&out);
        let mut lines = err.lines();
        assert!(
            lines
                .next()
                .is_some_and(|l| l.starts_with(&format!("{bin}: error: "))),
            "{bin} {args:?}:\n{err}"
        );
        for line in lines {
            assert!(
                line.starts_with(&format!("{bin}: hint: ")),
                "{bin} {args:?}:\n{err}"
            );
        }
        assert!(
            err.contains(&format!("{bin}: hint: usage: {bin}")),
            "{bin} {args:?}:\n{err}"
        );
    }
}

/// `--help` and `--version` are results: stdout, exit 0. A bare `pact`
/// prints its help on stderr and exits 2, as before.
#[test]
fn help_and_version_go_to_stdout_and_succeed() {
    for args in [&["--help"][..], &["--version"], &["status", "--help"]] {
        let out = cmd("pact").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty() && out.stderr.is_empty(), "{args:?}");
    }
    let out = cmd("pact").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr_of(&out).contains("Usage: pact"));
}

/// Help and errors carry no colour when NO_COLOR is set, even when forced.
#[test]
fn no_color_wins_over_clicolor_force() {
    for args in [&["--help"][..], &["status", "--no-such-flag"]] {
        let out = cmd("pact")
            .env("CLICOLOR_FORCE", "1")
            .args(args)
            .output()
            .unwrap();
        assert!(
            !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
            "{args:?}"
        );
    }
    let out = cmd("pact")
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .arg("--help")
        .output()
        .unwrap();
    assert!(
        out.stdout.contains(&0x1b),
        "CLICOLOR_FORCE colours the help"
    );
}
