//! What a caller asks of a model and what comes back, independent of any
//! provider's wire format.

use serde::{Deserialize, Serialize};

/// One request to a model: a system prompt, a static prefix worth caching, the
/// conversation, and the shape the answer must take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub model: String,
    /// Instructions that never change between calls of a stage.
    pub system: String,
    /// Context shared by many calls (contract, SOPs): sent first and marked
    /// for caching where the provider supports it. Empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cached_prefix: String,
    /// The conversation; the first message is the user's prompt, later ones are
    /// correction turns.
    pub messages: Vec<Message>,
    /// The answer must be a JSON value valid against this schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<OutputSchema>,
    /// The most output tokens the model may produce.
    pub max_tokens: u32,
}

impl Request {
    /// A single-turn request.
    pub fn new(
        model: impl Into<String>,
        system: impl Into<String>,
        prompt: impl Into<String>,
    ) -> Self {
        Self {
            model: model.into(),
            system: system.into(),
            cached_prefix: String::new(),
            messages: vec![Message::user(prompt)],
            output: None,
            max_tokens: 4096,
        }
    }

    #[must_use]
    pub fn with_output(mut self, output: OutputSchema) -> Self {
        self.output = Some(output);
        self
    }

    #[must_use]
    pub fn with_cached_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.cached_prefix = prefix.into();
        self
    }

    #[must_use]
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = max_tokens;
        self
    }

    /// Every byte of text the provider will tokenise as input (prompts, prefix,
    /// schema). Byte-level tokenisers never make more tokens than bytes, so this
    /// bounds the input tokens from above.
    pub fn input_bytes(&self) -> usize {
        let schema = self
            .output
            .as_ref()
            .map(|o| o.schema.to_string().len() + o.name.len() + o.description.len())
            .unwrap_or(0);
        self.system.len()
            + self.cached_prefix.len()
            + self.messages.iter().map(|m| m.text.len()).sum::<usize>()
            + schema
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub text: String,
}

impl Message {
    pub fn user(text: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            text: text.into(),
        }
    }

    pub fn assistant(text: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            text: text.into(),
        }
    }
}

/// The JSON Schema an answer must satisfy, with the name and description the
/// provider shows the model (Anthropic tool, OpenAI response format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputSchema {
    /// `^[a-zA-Z0-9_-]{1,64}$`, as every provider requires.
    pub name: String,
    pub description: String,
    pub schema: serde_json::Value,
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// It finished its answer.
    Complete,
    /// It hit `max_tokens`: the answer is cut off.
    MaxTokens,
    /// It refused, or a safety filter stopped it.
    Refused,
    /// Anything else the provider reported, verbatim.
    Other(String),
}

pub use pact_core::model::Usage;

/// A model's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The answer: the JSON text for structured requests, prose otherwise.
    pub text: String,
    pub stop: StopReason,
    pub usage: Usage,
    /// `false` when the provider did not report usage and it was estimated.
    pub usage_reported: bool,
    /// Dollars the provider itself reported for the call (agent CLIs do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_cost_usd: Option<f64>,
    /// The model that answered, as the provider named it.
    pub model: String,
}
