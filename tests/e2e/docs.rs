//! The documentation states what the code does: exit codes, kinds, the
//! configuration template, and the README's commands.

use pact_core::exit::Code;
use pact_test_support::repo_root;

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).unwrap()
}

#[test]
fn protocol_lists_every_exit_code_as_the_code_defines_it() {
    let protocol = read("docs/PROTOCOL.md");
    for code in Code::ALL {
        let row = format!(
            "| {} | {} | {} |",
            code.number(),
            code.name(),
            code.meaning()
        );
        assert!(protocol.contains(&row), "docs/PROTOCOL.md lacks: {row}");
    }
}

#[test]
fn protocol_lists_every_document_kind() {
    let protocol = read("docs/PROTOCOL.md");
    for info in pact_core::schema::kinds() {
        assert!(
            protocol.contains(&format!("| `{}` |", info.kind)),
            "docs/PROTOCOL.md lacks {}",
            info.kind
        );
    }
}

#[test]
fn configuration_doc_shows_the_real_template() {
    assert!(read("docs/CONFIGURATION.md").contains(pact_core::config::TEMPLATE));
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    let test_cmd = ci
        .lines()
        .rev()
        .find(|l| l.starts_with("cargo test"))
        .expect(".ci/run runs cargo test");
    let block = readme
        .split("```sh")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = block
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        commands.len(),
        2,
        "the README opens with two commands: {commands:?}"
    );
    assert_eq!(commands[1], test_cmd);
}

#[test]
fn architecture_names_every_crate() {
    let architecture = read("docs/ARCHITECTURE.md");
    let manifest = read("Cargo.toml");
    let members = manifest
        .split("members = [")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    for member in members
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| !m.is_empty())
    {
        assert!(
            architecture.contains(&format!("| `{member}` |")),
            "docs/ARCHITECTURE.md lacks crate {member}"
        );
    }
}
