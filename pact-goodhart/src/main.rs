use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-goodhart", pact_goodhart::main)
}
