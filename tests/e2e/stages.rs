//! Every stage binary answers `--help` and `--version`, and treats an unknown
//! flag as a usage error: nothing on stdout, exit 2.

use pact_test_support::{stderr_of, stdout_of};

use crate::support::cmd;

const STAGES: [&str; 7] = [
    "pact-assess",
    "pact-adopt",
    "pact-validate",
    "pact-audit",
    "pact-handoff",
    "pact-goodhart",
    "pact-llm",
];

#[test]
fn help_and_version_work() {
    for bin in STAGES {
        let out = cmd(bin).arg("--help").output().unwrap();
        assert!(out.status.success(), "{bin} --help");
        assert!(stdout_of(&out).contains(&format!("Usage: {bin}")), "{bin}");
        let out = cmd(bin).arg("--version").output().unwrap();
        assert!(out.status.success(), "{bin} --version");
        assert!(stdout_of(&out).starts_with(bin), "{bin} --version");
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    for bin in STAGES {
        let out = cmd(bin).arg("--no-such-flag").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bin}");
        assert!(out.stdout.is_empty(), "{bin} printed a result");
        assert!(stderr_of(&out).contains("--no-such-flag"), "{bin}");
    }
}
