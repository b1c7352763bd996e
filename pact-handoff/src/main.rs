use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-handoff", pact_handoff::main)
}
