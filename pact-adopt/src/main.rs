use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-adopt", pact_adopt::main)
}
