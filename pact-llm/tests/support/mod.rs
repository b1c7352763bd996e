//! `pact-llm`'s own test helpers, shared by its test binaries: the binary
//! without the developer's provider variables, and a loopback provider
//! (`mock_server`). The clean environment comes from `pact-test-support`.
#![allow(dead_code)]
pub mod mock_server;

use std::path::Path;

use assert_cmd::Command;

/// Variables that pick or reach a provider: none may come from the
/// developer's environment into a test.
const PROVIDER_VARIABLES: [&str; 9] = [
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "GEMINI_API_KEY",
    "GEMINI_BASE_URL",
    "OPENAI_COMPATIBLE_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
    "PACT_RUN_ID",
];

/// The binary run in `dir`, in the clean environment, with no provider
/// variables from the developer's environment.
pub fn bin(dir: &Path) -> Command {
    let mut cmd = pact_test_support::command(env!("CARGO_BIN_EXE_pact-llm"));
    cmd.current_dir(dir);
    for var in PROVIDER_VARIABLES {
        cmd.env_remove(var);
    }
    cmd
}
