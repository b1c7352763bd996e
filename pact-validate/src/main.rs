use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-validate", pact_validate::main)
}
