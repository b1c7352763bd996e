//! `pact SUB` runs `pact-SUB`; `pact --list`; unknown subcommands.

use std::path::Path;

use pact_test_support::{stderr_of, stdout_of};

use crate::support::{bin_dir, pact};

const STAGES: [&str; 7] = [
    "assess", "adopt", "validate", "audit", "handoff", "goodhart", "llm",
];

#[test]
fn list_shows_built_ins_and_every_stage() {
    let out = pact().arg("--list").output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    insta::assert_snapshot!(text);
}

#[test]
fn list_finds_third_party_commands_on_path() {
    let dir = tempfile::tempdir().unwrap();
    let tool = write_script(dir.path(), "pact-frobnicate", "#!/bin/sh\necho hi\n");
    let out = pact()
        .arg("--list")
        .env("PATH", dir.path())
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(
        text.contains(&format!("frobnicate   {}", tool.display())),
        "{text}"
    );
}

#[test]
fn unknown_subcommand_suggests_the_nearest_and_exits_with_usage() {
    let out = pact().arg("asess").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(err.contains("no such command: `asess`"), "{err}");
    assert!(err.contains("`pact assess`"), "{err}");

    let out = pact().arg("nosuch").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("pact --list"), "{err}");
    assert!(err.contains("the nearest is `pact "), "{err}");
}

#[test]
fn names_that_look_like_paths_are_not_run() {
    let out = pact().arg("../pact-assess").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
fn write_script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

#[cfg(unix)]
#[test]
fn arguments_stdio_exit_status_and_env_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    write_script(
        dir.path(),
        "pact-echo",
        "#!/bin/sh\nprintf '%s|' \"$@\"\necho \"PACT=$PACT\"\nread -r line; echo \"$line\"\necho err >&2\nexit 42\n",
    );
    let out = pact()
        .args(["echo", "a b", "--flag", "-"])
        .env("PATH", dir.path())
        .write_stdin("from stdin\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(42));
    let text = stdout_of(&out);
    let dispatcher = bin_dir().join("pact");
    assert_eq!(
        text,
        format!("a b|--flag|-|PACT={}\nfrom stdin\n", dispatcher.display())
    );
    assert_eq!(stderr_of(&out), "err\n");
}

#[test]
fn the_shipped_stages_are_found_beside_the_dispatcher() {
    for stage in STAGES {
        let out = pact().args([stage, "--version"]).output().unwrap();
        assert!(out.status.success(), "pact {stage} --version");
        assert_eq!(
            stdout_of(&out),
            format!("pact-{stage} {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn completions_are_generated() {
    let out = pact().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.contains("_pact()") && text.contains("init"), "{text}");
}

#[test]
fn pact_assess_runs_through_the_dispatcher() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "import b\n").unwrap();
    std::fs::write(dir.path().join("b.py"), "X = 1\n").unwrap();
    let out = pact()
        .args(["assess", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["kind"], "pact.assessment");
    assert_eq!(report["edges"][0]["from"], "a");
    assert_eq!(report["edges"][0]["to"], "b");
}

#[test]
fn pact_audit_runs_on_a_fresh_project_through_the_dispatcher() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("shortener");
    let out = pact()
        .args(["init", "--language", "python"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The unedited template is refused, then a written task is audited.
    let out = pact().arg("audit").arg(&project).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    std::fs::write(
        project.join("task.md"),
        "# Shortener\n\n- Shorten long URLs\n- Expand codes\n",
    )
    .unwrap();
    let out = pact()
        .args(["audit", "requirements", "--json"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kind"], "pact.requirements");
    assert_eq!(doc["requirements"][1]["text"], "Expand codes");
    // Nothing is planned yet: everything is missing, and CI can fail on it.
    let out = pact()
        .args(["audit", "--fail-under", "50", "--json"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["missing"], 2);
}

#[test]
fn pact_test_is_the_goodhart_test_subcommand() {
    let out = pact().args(["test", "--help"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("Usage: pact-goodhart test"), "{text}");
}

/// `pact --list` copies nothing by hand: each summary is the first line of
/// the command's own `--help`.
#[test]
fn list_summaries_are_the_commands_own_help() {
    let out = pact().arg("--list").output().unwrap();
    let list = stdout_of(&out);
    let summary = |name: &str| -> String {
        list.lines()
            .find_map(|l| l.strip_prefix(&format!("    {name:<12} ")))
            .unwrap_or_else(|| panic!("{name} not in --list:\n{list}"))
            .to_owned()
    };
    for built_in in ["init", "run", "status", "answer", "design", "stop"] {
        let help = stdout_of(&pact().args([built_in, "--help"]).output().unwrap());
        assert_eq!(
            summary(built_in),
            help.lines().next().unwrap(),
            "{built_in}"
        );
    }
    for stage in STAGES {
        let help = stdout_of(&pact().args([stage, "--help"]).output().unwrap());
        assert_eq!(summary(stage), help.lines().next().unwrap(), "{stage}");
    }
}
