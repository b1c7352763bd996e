//! The binary as a user runs it. (Also makes `cargo test --workspace` build it
//! before the end-to-end tests run.)

use assert_cmd::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pact-audit"))
}

#[test]
fn version_and_help_work() {
    bin().arg("--version").assert().success();
    bin().arg("--help").assert().success();
}

#[test]
fn unbuilt_work_exits_6() {
    bin().arg("anything").assert().code(6);
}
