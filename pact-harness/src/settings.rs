//! How the harness runs tests: limits and where each runner lives.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pact_core::config::Tests;

/// The environment variable that names the `node_modules` directory holding
/// vitest; it wins over `tests.node_modules` in pact.yaml.
pub const NODE_MODULES_ENV: &str = "PACT_NODE_MODULES";

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Wall-clock limit for the whole run (compilation included).
    pub timeout: Duration,
    /// Address-space limit for pytest and cargo, in MiB (`prlimit --as`); the
    /// V8 heap limit for vitest. `None` for no limit.
    pub memory_mb: Option<u64>,
    /// The Python interpreter that runs `-m pytest`.
    pub python: String,
    /// The `node_modules` directory holding vitest.
    pub node_modules: Option<PathBuf>,
    /// Where cargo keeps build artifacts between runs (outside every
    /// workspace); a fresh directory per run when `None`.
    pub cargo_target_dir: Option<PathBuf>,
    /// Run in the OS sandbox (`tests.sandbox`); on unless turned off.
    pub sandbox: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            memory_mb: Some(4096),
            python: "python3".to_owned(),
            node_modules: std::env::var_os(NODE_MODULES_ENV).map(PathBuf::from),
            cargo_target_dir: None,
            sandbox: true,
        }
    }
}

impl Settings {
    /// Settings from a project's `tests:` configuration. Relative paths are
    /// taken from the project root; `PACT_NODE_MODULES` overrides the config.
    pub fn from_config(tests: &Tests, project_root: &Path) -> Self {
        let node_modules = std::env::var_os(NODE_MODULES_ENV)
            .map(PathBuf::from)
            .or_else(|| tests.node_modules.as_ref().map(|p| project_root.join(p)));
        Self {
            timeout: Duration::from_secs(u64::from(tests.timeout_seconds.max(1))),
            memory_mb: (tests.memory_mb > 0).then_some(u64::from(tests.memory_mb)),
            python: tests.python.clone(),
            node_modules,
            cargo_target_dir: None,
            sandbox: tests.sandbox == pact_core::config::SandboxMode::On,
        }
    }
}
