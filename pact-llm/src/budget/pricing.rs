//! What a call costs: a per-model price table (built in, overridable in
//! pact.yaml), priced in micro-dollars so sums are exact.

use std::collections::BTreeMap;

use pact_core::config::Budget;
use serde::Serialize;

use crate::request::{Request, Usage};

/// Millionths of a US dollar. A price in dollars per million tokens times a
/// token count is exactly this unit.
pub type MicroUsd = u64;

pub fn to_usd(micro: MicroUsd) -> f64 {
    micro as f64 / 1_000_000.0
}

/// Dollars to micro-dollars, rounded down: a cap is never made larger.
pub fn cap_from_usd(usd: f64) -> MicroUsd {
    if usd.is_finite() && usd > 0.0 {
        (usd * 1_000_000.0).floor() as MicroUsd
    } else {
        0
    }
}

/// A model's price, dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Price {
    pub input: f64,
    pub output: f64,
    pub cache_write: f64,
    pub cache_read: f64,
}

impl Price {
    const fn new(input: f64, output: f64, cache_write: f64, cache_read: f64) -> Self {
        Self {
            input,
            output,
            cache_write,
            cache_read,
        }
    }

    pub const FREE: Self = Self::new(0.0, 0.0, 0.0, 0.0);

    /// The cost of `usage`, rounded up to a whole micro-dollar.
    pub fn cost(&self, usage: &Usage) -> MicroUsd {
        let exact = usage.input as f64 * self.input
            + usage.output as f64 * self.output
            + usage.cache_write as f64 * self.cache_write
            + usage.cache_read as f64 * self.cache_read;
        exact.ceil() as MicroUsd
    }

    /// The most `request` can cost: every input token at the dearest input
    /// rate, and all of `max_tokens` produced.
    pub fn worst_case(&self, request: &Request) -> MicroUsd {
        let input_rate = self.input.max(self.cache_write);
        let exact =
            input_bound(request) as f64 * input_rate + f64::from(request.max_tokens) * self.output;
        exact.ceil() as MicroUsd
    }
}

/// An upper bound on a request's input tokens: byte-level tokenisers never
/// make more tokens than bytes, plus framing tokens per message.
pub fn input_bound(request: &Request) -> u64 {
    request.input_bytes() as u64 + 16 * (request.messages.len() as u64 + 2) + 64
}

/// Built-in prices (USD per million tokens: input, output, cache write, cache
/// read), from the providers' public price pages as of 2026-11. Gemini 2.5 Pro
/// is listed at its ≤200k-token-prompt rate.
const BUILT_IN: &[(&str, Price)] = &[
    ("claude-opus-4-6", Price::new(5.0, 25.0, 6.25, 0.50)),
    ("claude-opus-4-5", Price::new(5.0, 25.0, 6.25, 0.50)),
    ("claude-opus-4-1", Price::new(15.0, 75.0, 18.75, 1.50)),
    ("claude-opus-4-0", Price::new(15.0, 75.0, 18.75, 1.50)),
    ("claude-sonnet-4-6", Price::new(3.0, 15.0, 3.75, 0.30)),
    ("claude-sonnet-4-5", Price::new(3.0, 15.0, 3.75, 0.30)),
    ("claude-sonnet-4-0", Price::new(3.0, 15.0, 3.75, 0.30)),
    ("claude-haiku-4-5", Price::new(1.0, 5.0, 1.25, 0.10)),
    ("claude-3-5-haiku", Price::new(0.80, 4.0, 1.0, 0.08)),
    ("gpt-5", Price::new(1.25, 10.0, 1.25, 0.125)),
    ("gpt-5-mini", Price::new(0.25, 2.0, 0.25, 0.025)),
    ("gpt-5-nano", Price::new(0.05, 0.40, 0.05, 0.005)),
    ("gpt-4.1", Price::new(2.0, 8.0, 2.0, 0.50)),
    ("gpt-4.1-mini", Price::new(0.40, 1.60, 0.40, 0.10)),
    ("gpt-4.1-nano", Price::new(0.10, 0.40, 0.10, 0.025)),
    ("gpt-4o", Price::new(2.50, 10.0, 2.50, 1.25)),
    ("gpt-4o-mini", Price::new(0.15, 0.60, 0.15, 0.075)),
    ("o3", Price::new(2.0, 8.0, 2.0, 0.50)),
    ("o4-mini", Price::new(1.10, 4.40, 1.10, 0.275)),
    ("gemini-2.5-pro", Price::new(1.25, 10.0, 1.25, 0.31)),
    ("gemini-2.5-flash", Price::new(0.30, 2.50, 0.30, 0.075)),
    ("gemini-2.5-flash-lite", Price::new(0.10, 0.40, 0.10, 0.025)),
];

/// Where a price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    BuiltIn,
    Config,
    /// The provider is marked free in pact.yaml.
    FreeProvider,
}

/// A model without a price: its calls are refused rather than guessed at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no price for model `{model}` ({provider}): add it under budget.prices in pact.yaml (dollars per million tokens), or list `{provider}` under budget.free_providers if it is a local server"
)]
pub struct Unpriced {
    pub provider: String,
    pub model: String,
}

/// The built-in table with pact.yaml's overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    entries: BTreeMap<String, (Price, PriceSource)>,
    free_providers: Vec<String>,
}

impl PriceTable {
    pub fn new(budget: &Budget) -> Self {
        let mut entries: BTreeMap<String, (Price, PriceSource)> = BUILT_IN
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p, PriceSource::BuiltIn)))
            .collect();
        for (model, p) in &budget.prices {
            let price = Price {
                input: p.input,
                output: p.output,
                cache_write: p.cache_write.unwrap_or(p.input),
                cache_read: p.cache_read.unwrap_or(p.input),
            };
            entries.insert(model.clone(), (price, PriceSource::Config));
        }
        Self {
            entries,
            free_providers: budget.free_providers.clone(),
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &Price, PriceSource)> {
        self.entries.iter().map(|(m, (p, s))| (m.as_str(), p, *s))
    }

    pub fn free_providers(&self) -> &[String] {
        &self.free_providers
    }

    /// The price of `model` at `provider`: an exact entry, else the entry it
    /// is a dated snapshot of (`claude-sonnet-4-5-20250929`,
    /// `gpt-4o-2024-08-06`). Nothing looser: `claude-opus-4-7` is not
    /// `claude-opus-4`.
    pub fn lookup(&self, provider: &str, model: &str) -> Result<(Price, PriceSource), Unpriced> {
        if provider == "replay" || self.free_providers.iter().any(|p| p == provider) {
            return Ok((Price::FREE, PriceSource::FreeProvider));
        }
        if let Some(found) = self.entries.get(model) {
            return Ok(*found);
        }
        self.entries
            .iter()
            .filter(|(key, _)| {
                model
                    .strip_prefix(key.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(is_snapshot_suffix)
            })
            .max_by_key(|(key, _)| key.len())
            .map(|(_, found)| *found)
            .ok_or_else(|| Unpriced {
                provider: provider.to_owned(),
                model: model.to_owned(),
            })
    }
}

/// `20250929`, `2024-08-06` or `latest`.
fn is_snapshot_suffix(rest: &str) -> bool {
    rest == "latest"
        || (rest.len() >= 8
            && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
            && rest.chars().filter(char::is_ascii_digit).count() == 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pact_core::config::ModelPrice;

    fn table() -> PriceTable {
        PriceTable::new(&Budget::default())
    }

    #[test]
    fn snapshots_resolve_to_their_family_and_nothing_looser() {
        let t = table();
        assert_eq!(
            t.lookup("anthropic", "claude-sonnet-4-5-20250929")
                .unwrap()
                .0
                .input,
            3.0
        );
        assert_eq!(
            t.lookup("openai", "gpt-4o-2024-08-06").unwrap().0.input,
            2.5
        );
        assert_eq!(t.lookup("openai", "gpt-4o-mini").unwrap().0.input, 0.15);
        assert!(t.lookup("anthropic", "claude-opus-4-7").is_err());
        assert!(t.lookup("openai", "gpt-4o-audio-preview").is_err());
    }

    #[test]
    fn unpriced_models_are_refused_unless_the_provider_is_free() {
        let err = table()
            .lookup("openai-compatible", "qwen2.5-coder")
            .unwrap_err();
        assert!(err.to_string().contains("budget.free_providers"), "{err}");
        let budget = Budget {
            free_providers: vec!["openai-compatible".to_owned()],
            ..Budget::default()
        };
        let (price, source) = PriceTable::new(&budget)
            .lookup("openai-compatible", "qwen2.5-coder")
            .unwrap();
        assert_eq!((price, source), (Price::FREE, PriceSource::FreeProvider));
    }

    #[test]
    fn config_prices_override_built_ins() {
        let mut budget = Budget::default();
        budget.prices.insert(
            "gpt-4o".to_owned(),
            ModelPrice {
                input: 1.0,
                output: 2.0,
                cache_write: None,
                cache_read: Some(0.5),
            },
        );
        let (price, source) = PriceTable::new(&budget).lookup("openai", "gpt-4o").unwrap();
        assert_eq!(source, PriceSource::Config);
        assert_eq!(price, Price::new(1.0, 2.0, 1.0, 0.5));
    }

    #[test]
    fn costs_are_exact_micro_dollars() {
        let sonnet = Price::new(3.0, 15.0, 3.75, 0.30);
        let usage = Usage {
            input: 1000,
            output: 100,
            cache_write: 2000,
            cache_read: 10_000,
        };
        // 3000 + 1500 + 7500 + 3000 micro-dollars.
        assert_eq!(sonnet.cost(&usage), 15_000);
    }
}
