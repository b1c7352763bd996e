use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-audit", pact_audit::main)
}
