use std::process::ExitCode;

fn main() -> ExitCode {
    pact_core::cli::run("pact-llm", pact_llm::main)
}
