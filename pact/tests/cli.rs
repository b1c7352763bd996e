//! The dispatcher as a user runs it; the full suite is in the workspace's
//! tests/e2e. (Also makes `cargo test --workspace` build `pact`.)

use assert_cmd::Command;

#[test]
fn version_and_list_work() {
    Command::new(env!("CARGO_BIN_EXE_pact"))
        .arg("--version")
        .assert()
        .success();
    Command::new(env!("CARGO_BIN_EXE_pact"))
        .arg("--list")
        .env("PATH", "")
        .assert()
        .success();
}
