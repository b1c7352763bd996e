use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-assess", pact_assess::main)
}
