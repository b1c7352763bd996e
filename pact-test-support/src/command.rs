//! The one environment a binary runs in under test.
//!
//! Tests compare what a binary prints, so nothing from the developer's
//! environment may reach it: colour would add escape codes, a global
//! configuration would change defaults, and tools on a personal `PATH` would
//! make a test pass on one machine only. Every crate used to spell this out
//! (or forget part of it); it is spelled once here.
//!
//! The binary's path comes from the caller: a crate's own tests pass
//! `env!("CARGO_BIN_EXE_<name>")`; the end-to-end tests find the binaries in
//! the target directory.

use std::ffi::OsStr;

use assert_cmd::Command;

/// `PATH` in the clean environment: the system directories only, so that a
/// test never depends on (or is broken by) tools on the developer's `PATH`.
pub const SYSTEM_PATH: &str = "/usr/bin:/bin";

/// `PACT_CONFIG` in the clean environment: a global configuration file that
/// does not exist, so `~/.config/pact/config.yaml` never leaks into a test.
pub const NO_GLOBAL_CONFIG: &str = "/nonexistent/pact-config.yaml";

/// `binary` with the clean environment: no colour (`NO_COLOR=1`,
/// `CLICOLOR_FORCE` removed), no global configuration ([`NO_GLOBAL_CONFIG`])
/// and `PATH` limited to [`SYSTEM_PATH`].
///
/// Use [`command_with_user_path`] for a binary that starts test runners
/// (pytest, node, cargo), which live wherever the developer installed them.
pub fn command(binary: impl AsRef<OsStr>) -> Command {
    let mut command = command_with_user_path(binary);
    command.env("PATH", SYSTEM_PATH);
    command
}

/// [`command`], but keeping the inherited `PATH`: for binaries that run the
/// generated tests with the real runners (pytest, vitest, cargo test), which
/// are found on the user's `PATH`, not only in the system directories.
pub fn command_with_user_path(binary: impl AsRef<OsStr>) -> Command {
    Command::from_std(process_with_user_path(binary))
}

/// [`command_with_user_path`] as a `std::process::Command`, for a test that
/// must `spawn` the binary (to kill it, or to run something beside it),
/// which `assert_cmd` does not offer.
pub fn process_with_user_path(binary: impl AsRef<OsStr>) -> std::process::Command {
    let mut process = std::process::Command::new(binary);
    process
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env("PACT_CONFIG", NO_GLOBAL_CONFIG);
    process
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(command: &Command, name: &str) -> Option<Option<String>> {
        command
            .get_envs()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.map(|v| v.to_string_lossy().into_owned()))
    }

    #[test]
    fn the_clean_environment_has_no_colour_no_config_and_the_system_path() {
        let c = command("/bin/true");
        assert_eq!(env_of(&c, "NO_COLOR"), Some(Some("1".to_owned())));
        assert_eq!(env_of(&c, "CLICOLOR_FORCE"), Some(None));
        assert_eq!(
            env_of(&c, "PACT_CONFIG"),
            Some(Some(NO_GLOBAL_CONFIG.to_owned()))
        );
        assert_eq!(env_of(&c, "PATH"), Some(Some(SYSTEM_PATH.to_owned())));
    }

    #[test]
    fn the_user_path_variant_leaves_path_alone() {
        let c = command_with_user_path("/bin/true");
        assert_eq!(env_of(&c, "PATH"), None);
        assert_eq!(env_of(&c, "NO_COLOR"), Some(Some("1".to_owned())));
    }
}
