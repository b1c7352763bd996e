//! Finding thresholds: the original's defaults, overridable with
//! `--threshold key=value`. Unknown keys and malformed values are errors.

use std::collections::BTreeMap;
use std::fmt;

/// Every threshold, with its default and meaning.
pub const KEYS: &[(&str, f64, &str)] = &[
    (
        "shallow_depth_ratio",
        5.0,
        "a module is shallow when its LOC per public name is below this",
    ),
    (
        "shallow_min_interface",
        3.0,
        "only modules with at least this many public names can be shallow",
    ),
    (
        "hub_fan_in_warning",
        8.0,
        "fan-in at which a module is a hub (warning)",
    ),
    (
        "hub_fan_in_error",
        15.0,
        "fan-in at which a hub is an error",
    ),
    (
        "scattered_import_info",
        5.0,
        "files repeating one intra-project import before it is reported (info)",
    ),
    (
        "scattered_import_warning",
        10.0,
        "files repeating one intra-project import before it is a warning",
    ),
];

/// The thresholds in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    values: BTreeMap<&'static str, f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdError {
    #[error("--threshold {0:?}: expected KEY=VALUE")]
    Syntax(String),
    #[error("--threshold: unknown key `{key}`{}; known keys: {known}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownKey {
        key: String,
        suggestion: Option<String>,
        known: String,
    },
    #[error("--threshold {key}: {value:?} is not a non-negative number")]
    BadValue { key: String, value: String },
    #[error("--threshold {key}: {value:?} must be a whole number")]
    NotWhole { key: String, value: String },
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            values: KEYS.iter().map(|(k, v, _)| (*k, *v)).collect(),
        }
    }
}

impl Thresholds {
    /// Defaults with `KEY=VALUE` overrides applied in order.
    pub fn with_overrides<S: AsRef<str>>(overrides: &[S]) -> Result<Self, ThresholdError> {
        let mut t = Self::default();
        for o in overrides {
            t.set(o.as_ref())?;
        }
        Ok(t)
    }

    fn set(&mut self, spec: &str) -> Result<(), ThresholdError> {
        let (key, value) = spec
            .split_once('=')
            .ok_or_else(|| ThresholdError::Syntax(spec.to_owned()))?;
        let (key, value) = (key.trim(), value.trim());
        let Some(&(name, _, _)) = KEYS.iter().find(|(k, _, _)| *k == key) else {
            return Err(ThresholdError::UnknownKey {
                key: key.to_owned(),
                suggestion: pact_core::suggest::closest(key, KEYS.iter().map(|(k, _, _)| *k))
                    .map(str::to_owned),
                known: KEYS
                    .iter()
                    .map(|(k, _, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        let parsed: f64 = value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| ThresholdError::BadValue {
                key: key.to_owned(),
                value: value.to_owned(),
            })?;
        if name != "shallow_depth_ratio" && parsed.fract() != 0.0 {
            return Err(ThresholdError::NotWhole {
                key: key.to_owned(),
                value: value.to_owned(),
            });
        }
        self.values.insert(name, parsed);
        Ok(())
    }

    fn get(&self, key: &str) -> f64 {
        self.values.get(key).copied().unwrap_or(0.0)
    }

    pub fn shallow_depth_ratio(&self) -> f64 {
        self.get("shallow_depth_ratio")
    }
    pub fn shallow_min_interface(&self) -> u32 {
        self.get("shallow_min_interface") as u32
    }
    pub fn hub_fan_in_warning(&self) -> u32 {
        self.get("hub_fan_in_warning") as u32
    }
    pub fn hub_fan_in_error(&self) -> u32 {
        self.get("hub_fan_in_error") as u32
    }
    pub fn scattered_import_info(&self) -> u32 {
        self.get("scattered_import_info") as u32
    }
    pub fn scattered_import_warning(&self) -> u32 {
        self.get("scattered_import_warning") as u32
    }

    /// All thresholds by name, for the report.
    pub fn as_map(&self) -> BTreeMap<String, f64> {
        self.values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect()
    }
}

impl fmt::Display for Thresholds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, v) in &self.values {
            writeln!(f, "{k}={v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_apply_and_defaults_remain() {
        let t = Thresholds::with_overrides(&["hub_fan_in_warning=3", " shallow_depth_ratio = 2.5"])
            .unwrap();
        assert_eq!(t.hub_fan_in_warning(), 3);
        assert_eq!(t.shallow_depth_ratio(), 2.5);
        assert_eq!(t.hub_fan_in_error(), 15);
    }

    #[test]
    fn bad_overrides_are_errors() {
        assert!(matches!(
            Thresholds::with_overrides(&["hub_fan_in_warnng=3"]),
            Err(ThresholdError::UnknownKey { suggestion: Some(s), .. }) if s == "hub_fan_in_warning"
        ));
        assert!(matches!(
            Thresholds::with_overrides(&["hub_fan_in_warning"]),
            Err(ThresholdError::Syntax(_))
        ));
        for bad in ["x", "-1", "NaN", "inf", ""] {
            assert!(
                matches!(
                    Thresholds::with_overrides(&[format!("hub_fan_in_error={bad}")]),
                    Err(ThresholdError::BadValue { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            Thresholds::with_overrides(&["hub_fan_in_error=2.5"]),
            Err(ThresholdError::NotWhole { .. })
        ));
    }
}
