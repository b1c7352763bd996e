//! Configuration: `pact.yaml` in the project over the global file over built-in
//! defaults. Every key, with its default, is in the scaffolded `pact.yaml`
//! (`TEMPLATE`), which a test keeps identical to [`Config::default`].

mod locate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::cli::Categorized;
use crate::exit::Code;
use crate::layout::ProjectLayout;
use crate::model::Language;

/// The scaffolded `pact.yaml`: every setting, commented, at its default.
pub const TEMPLATE: &str = include_str!("pact.yaml");

/// All of Pact's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Config {
    /// Language of the code Pact plans, tests and writes.
    pub language: Language,
    /// How the task is split into components.
    pub build_mode: BuildMode,
    /// Research before contracts, tests and implementations.
    pub research: ResearchDepth,
    pub shaping: Shaping,
    pub limits: Limits,
    pub budget: Budget,
    pub llm: Llm,
    pub tests: Tests,
    pub health: Health,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            language: Language::Python,
            build_mode: BuildMode::Auto,
            research: ResearchDepth::Off,
            shaping: Shaping::default(),
            limits: Limits::default(),
            budget: Budget::default(),
            llm: Llm::default(),
            tests: Tests::default(),
            health: Health::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BuildMode {
    /// One component, no decomposition call.
    Unary,
    /// The model judges whether splitting pays.
    Auto,
    /// 2–7 components per level, enforced.
    Hierarchy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResearchDepth {
    Off,
    Light,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShapingDepth {
    Light,
    Standard,
    Thorough,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Shaping {
    pub enabled: bool,
    pub depth: ShapingDepth,
}

impl Default for Shaping {
    fn default() -> Self {
        Self {
            enabled: false,
            depth: ShapingDepth::Standard,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Limits {
    pub max_concurrent_agents: u32,
    pub max_implementation_attempts: u32,
    pub max_goodhart_attempts: u32,
    pub max_phase_cycles: u32,
    pub competitive_agents: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_concurrent_agents: 4,
            max_implementation_attempts: 3,
            max_goodhart_attempts: 2,
            max_phase_cycles: 3,
            competitive_agents: 1,
        }
    }
}

/// Spending caps in US dollars; `null` means no cap at that level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Budget {
    pub project_usd: Option<f64>,
    pub run_usd: Option<f64>,
    pub component_usd: Option<f64>,
    pub hourly_usd: Option<f64>,
    pub daily_usd: Option<f64>,
    /// Prices in US dollars per million tokens, by model name; they replace
    /// the built-in table's entry for that model (`pact-llm pricing`).
    pub prices: BTreeMap<String, ModelPrice>,
    /// Providers whose calls cost nothing (local servers), so their models
    /// need no price.
    pub free_providers: Vec<String>,
}

/// A model's price in US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    pub input: f64,
    pub output: f64,
    /// Writing the prompt cache; `input` when not given.
    #[serde(default)]
    pub cache_write: Option<f64>,
    /// Reading the prompt cache; `input` when not given.
    #[serde(default)]
    pub cache_read: Option<f64>,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            project_usd: Some(10.0),
            run_usd: None,
            component_usd: None,
            hourly_usd: None,
            daily_usd: None,
            prices: BTreeMap::new(),
            free_providers: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Llm {
    pub provider: String,
    pub model: String,
    /// Overrides the provider's conventional base URL variable.
    pub base_url: Option<String>,
    /// Per-role overrides (interview, decompose, contract, tests, implement…).
    pub roles: BTreeMap<String, RoleOverride>,
    /// Attempts per call before a transient failure (429, 5xx, timeout) is final.
    pub max_attempts: u32,
    /// Wall-clock limit for one call, all attempts and waits included.
    pub call_timeout_seconds: u32,
}

impl Default for Llm {
    fn default() -> Self {
        Self {
            provider: "anthropic".to_owned(),
            model: "claude-sonnet-4-5".to_owned(),
            base_url: None,
            roles: BTreeMap::new(),
            max_attempts: 5,
            call_timeout_seconds: 600,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct RoleOverride {
    pub provider: Option<String>,
    pub model: Option<String>,
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Tests {
    pub timeout_seconds: u32,
    /// The Python interpreter that runs pytest.
    pub python: String,
    /// Address-space limit of a test run in MiB (0: none).
    pub memory_mb: u32,
    /// The `node_modules` directory holding vitest, relative to the project
    /// root (`PACT_NODE_MODULES` overrides it).
    pub node_modules: Option<String>,
    /// Every test run in an OS sandbox (bubblewrap); `off` runs tests
    /// unconfined and says so in their results.
    pub sandbox: SandboxMode,
}

/// Whether test runs are sandboxed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SandboxMode {
    #[default]
    On,
    Off,
}

impl Default for Tests {
    fn default() -> Self {
        Self {
            timeout_seconds: 300,
            python: "python3".to_owned(),
            memory_mb: 4096,
            node_modules: None,
            sandbox: SandboxMode::On,
        }
    }
}

/// When a run pauses itself on a pathological pattern (see ARCHITECTURE.md,
/// "Health pauses"). A normal run never comes near these thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Health {
    /// Pause on a pathological pattern; `false` only reports it (`pact health`).
    pub pause: bool,
    /// Failed builds of one component, counted across runs, that pause the run.
    pub max_build_failures: u32,
    /// Share of a run's finished steps that failed, above which it pauses...
    pub max_rejection_rate: f64,
    /// ...once at least this many steps have finished in the run.
    pub min_steps: u32,
    /// Share of the tightest spending cap (project or run) spent within five
    /// minutes that pauses the run.
    pub max_cap_share_per_5_minutes: f64,
}

impl Default for Health {
    fn default() -> Self {
        Self {
            pause: true,
            max_build_failures: 3,
            max_rejection_rate: 0.5,
            min_steps: 10,
            max_cap_share_per_5_minutes: 0.5,
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {error}")]
    Read {
        file: PathBuf,
        error: std::io::Error,
    },
    #[error("{file}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    Invalid {
        file: PathBuf,
        location: Option<(usize, usize)>,
        message: String,
    },
}

impl Categorized for ConfigError {
    fn exit_code(&self) -> Code {
        Code::BadInput
    }
}

/// A key Pact does not know, reported instead of silently ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub file: PathBuf,
    pub line: Option<usize>,
    /// Dotted path, e.g. `limits.max_agents`.
    pub key: String,
    pub suggestion: Option<String>,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": unknown key `{}` (ignored)", self.key)?;
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

/// The effective configuration and what was noticed while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub config: Config,
    /// The files read, lowest precedence first.
    pub files: Vec<PathBuf>,
    pub unknown_keys: Vec<UnknownKey>,
}

/// The global configuration file: `$PACT_CONFIG` if set, else
/// `$XDG_CONFIG_HOME/pact/config.yaml`, else `~/.config/pact/config.yaml`.
pub fn global_path() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("PACT_CONFIG")
        .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("pact/config.yaml")))
        .or_else(|| var("HOME").map(|h| h.join(".config/pact/config.yaml")))
}

/// Loads the configuration for a project (or only global + defaults when
/// `project` is `None`). Missing files are skipped.
pub fn load(project: Option<&Path>) -> Result<Loaded, ConfigError> {
    let mut files = Vec::new();
    if let Some(g) = global_path() {
        files.push(g);
    }
    if let Some(p) = project {
        files.push(ProjectLayout::new(p).config());
    }
    load_files(&files)
}

/// Loads and merges `files` (lowest precedence first) over the defaults.
pub fn load_files(files: &[PathBuf]) -> Result<Loaded, ConfigError> {
    let mut merged = to_value(&Config::default());
    let mut read = Vec::new();
    let mut unknown_keys = Vec::new();
    for file in files {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| ConfigError::Invalid {
                file: file.clone(),
                location: None,
                message: format!("not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                return Err(ConfigError::Read {
                    file: file.clone(),
                    error,
                });
            }
        };
        let (value, unknown) = parse_layer(file, &text)?;
        unknown_keys.extend(unknown);
        merge(&mut merged, value);
        read.push(file.clone());
    }
    let config = serde_norway::from_value(merged).map_err(|e| ConfigError::Invalid {
        file: read.last().cloned().unwrap_or_default(),
        location: None,
        message: format!("the merged configuration is invalid: {e}"),
    })?;
    Ok(Loaded {
        config,
        files: read,
        unknown_keys,
    })
}

/// Parses one file: checks its types against [`Config`] (errors carry the line)
/// and collects the keys it does not know.
fn parse_layer(
    file: &Path,
    text: &str,
) -> Result<(serde_norway::Value, Vec<UnknownKey>), ConfigError> {
    let invalid = |e: serde_norway::Error| ConfigError::Invalid {
        file: file.to_path_buf(),
        location: e.location().map(|l| (l.line(), l.column())),
        message: strip_location(&e.to_string()),
    };
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(invalid)?;
    let value = match value {
        serde_norway::Value::Null => serde_norway::Value::Mapping(Default::default()),
        v @ serde_norway::Value::Mapping(_) => v,
        _ => {
            return Err(ConfigError::Invalid {
                file: file.to_path_buf(),
                location: None,
                message: "expected a mapping of settings at the top level".to_owned(),
            });
        }
    };
    let mut ignored = Vec::new();
    if !text.trim().is_empty() {
        let de = serde_norway::Deserializer::from_str(text);
        serde_ignored::deserialize(de, |path| ignored.push(path.to_string()))
            .map(|_: Config| ())
            .map_err(invalid)?;
    }
    let defaults = to_value(&Config::default());
    let unknown = ignored
        .into_iter()
        .map(|key| {
            let segments: Vec<&str> = key.split('.').collect();
            UnknownKey {
                file: file.to_path_buf(),
                line: locate::key_line(text, &segments),
                suggestion: suggest(&defaults, &segments),
                key,
            }
        })
        .collect();
    Ok((value, unknown))
}

/// serde_norway ends messages with "at line L column C"; the location is printed
/// in front instead.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn to_value(config: &Config) -> serde_norway::Value {
    serde_norway::to_value(config).unwrap_or_else(|e| unreachable!("defaults serialise: {e}"))
}

/// Deep merge: mappings merge key by key, anything else replaces.
fn merge(base: &mut serde_norway::Value, over: serde_norway::Value) {
    match (base, over) {
        (serde_norway::Value::Mapping(b), serde_norway::Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// The known sibling key closest to a misspelt one.
fn suggest(defaults: &serde_norway::Value, segments: &[&str]) -> Option<String> {
    let (last, parents) = segments.split_last()?;
    let mut level = defaults;
    for p in parents {
        level = level.get(*p)?;
    }
    let serde_norway::Value::Mapping(map) = level else {
        return None;
    };
    let known = map.keys().filter_map(serde_norway::Value::as_str);
    crate::suggest::closest(last, known).map(|k| {
        let mut full: Vec<&str> = parents.to_vec();
        full.push(k);
        full.join(".")
    })
}

#[cfg(test)]
mod tests;
