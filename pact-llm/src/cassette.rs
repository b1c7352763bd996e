//! Recorded answers: a cassette is JSONL, one `pact.cassette_entry` per line,
//! mapping a request's fingerprint to the response it got. The `replay`
//! provider answers from a cassette and fails loudly on anything it has no
//! answer for; `Recorder` wraps a real provider and appends what it answers.
//! Recording happens at the provider-neutral boundary: requests hold no
//! credentials (keys live only in HTTP headers), so a cassette cannot carry
//! one.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::ProviderError;
use crate::provider::{Completion, Provider};
use crate::request::{Request, Response};

pub const ENTRY_KIND: &str = "pact.cassette_entry";

/// One recorded exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub kind: String,
    pub version: u32,
    pub fingerprint: String,
    /// The provider that answered when it was recorded.
    pub provider: String,
    pub request: Request,
    pub response: Response,
    pub attempts: u32,
}

/// The SHA-256 of a request's canonical JSON (keys sorted).
pub fn fingerprint(request: &Request) -> String {
    let value = serde_json::to_value(request).unwrap_or_default();
    pact_core::digest::sha256_hex(value.to_string())
}

#[derive(Debug, thiserror::Error)]
pub enum CassetteError {
    #[error("{}: {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}:{line}: not a cassette entry: {detail}", .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        detail: String,
    },
}

impl pact_core::cli::Categorized for CassetteError {
    fn exit_code(&self) -> pact_core::Code {
        pact_core::Code::BadInput
    }
}

/// Reads every entry of a cassette, each with its line number.
pub fn read(path: &Path) -> Result<Vec<(usize, Entry)>, CassetteError> {
    let text = std::fs::read_to_string(path).map_err(|error| CassetteError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let invalid = |detail: String| CassetteError::Invalid {
            path: path.to_path_buf(),
            line: n + 1,
            detail,
        };
        let entry: Entry = serde_json::from_str(line).map_err(|e| invalid(e.to_string()))?;
        if entry.kind != ENTRY_KIND || entry.version != 1 {
            return Err(invalid(format!(
                "kind {} version {}",
                entry.kind, entry.version
            )));
        }
        entries.push((n + 1, entry));
    }
    Ok(entries)
}

/// Answers from a cassette. The same request recorded several times is
/// answered in recorded order, then the last answer repeats.
pub struct Replay {
    path: PathBuf,
    entries: Vec<(usize, Entry)>,
    served: Mutex<BTreeMap<String, usize>>,
}

impl Replay {
    pub fn open(path: &Path) -> Result<Self, CassetteError> {
        Ok(Self {
            path: path.to_path_buf(),
            entries: read(path)?,
            served: Mutex::new(BTreeMap::new()),
        })
    }

    /// Why `request` has no answer, naming the recorded request nearest to it.
    fn miss(&self, request: &Request, fingerprint: &str) -> ProviderError {
        let mut message = format!(
            "no recorded answer in {} for this request (fingerprint {})",
            self.path.display(),
            &fingerprint[..12]
        );
        let wanted = flatten(&serde_json::to_value(request).unwrap_or_default());
        let closest = self
            .entries
            .iter()
            .map(|(line, e)| {
                let recorded = flatten(&serde_json::to_value(&e.request).unwrap_or_default());
                (differences(&recorded, &wanted), *line, recorded)
            })
            .min_by_key(|(d, line, _)| (d.len(), *line));
        match closest {
            None => message.push_str("; the cassette is empty"),
            Some((diffs, line, recorded)) => {
                message.push_str(&format!(
                    "; the closest recorded request (line {line}) differs in {}",
                    diffs.join(", ")
                ));
                if let Some(field) = diffs.first() {
                    message.push_str(&format!(
                        "; `{field}` recorded {} but requested {}",
                        snippet(recorded.get(field), wanted.get(field)),
                        snippet(wanted.get(field), recorded.get(field)),
                    ));
                }
            }
        }
        ProviderError::Other(format!("replay: {message}"))
    }
}

/// Leaf values by JSON path (`messages[0].text`).
fn flatten(value: &serde_json::Value) -> BTreeMap<String, String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            serde_json::Value::Array(items) if prefix.ends_with("messages") => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            other => {
                let text = match other {
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                out.insert(prefix.to_owned(), text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk("", value, &mut out);
    out
}

fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The part of `this` around where it stops matching `other`, quoted.
fn snippet(this: Option<&String>, other: Option<&String>) -> String {
    let Some(this) = this else {
        return "nothing".to_owned();
    };
    let other = other.map(String::as_str).unwrap_or("");
    let common = this
        .char_indices()
        .zip(other.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8());
    let start = this[..common]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(i, _)| i);
    let shown: String = this[start..].chars().take(60).collect();
    let ellipsis = if start > 0 { "…" } else { "" };
    format!("{ellipsis}{shown:?}")
}

impl Provider for Replay {
    fn name(&self) -> &str {
        "replay"
    }

    fn preview(&self, request: &Request) -> serde_json::Value {
        serde_json::json!({"replay": self.path.display().to_string(), "fingerprint": fingerprint(request), "request": request})
    }

    fn complete(&self, request: &Request) -> Result<Completion, ProviderError> {
        let fp = fingerprint(request);
        let matching: Vec<&Entry> = self
            .entries
            .iter()
            .map(|(_, e)| e)
            .filter(|e| e.fingerprint == fp)
            .collect();
        let Some(last) = matching.last() else {
            return Err(self.miss(request, &fp));
        };
        let mut served = self
            .served
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = served.entry(fp).or_insert(0);
        let entry = matching.get(*n).unwrap_or(last);
        *n += 1;
        Ok(Completion {
            response: entry.response.clone(),
            attempts: entry.attempts,
        })
    }
}

/// Wraps a real provider and appends each answer to a cassette.
pub struct Recorder {
    inner: Box<dyn Provider>,
    path: PathBuf,
    file: Mutex<()>,
}

impl Recorder {
    pub fn new(inner: Box<dyn Provider>, path: &Path) -> Self {
        Self {
            inner,
            path: path.to_path_buf(),
            file: Mutex::new(()),
        }
    }

    fn append(&self, entry: &Entry) -> Result<(), ProviderError> {
        let _guard = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut line =
            serde_json::to_vec(entry).map_err(|e| ProviderError::Other(e.to_string()))?;
        line.push(b'\n');
        let fail = |e: std::io::Error| {
            ProviderError::Other(format!("cannot record to {}: {e}", self.path.display()))
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(fail)?;
        file.write_all(&line).map_err(fail)?;
        file.sync_data().map_err(fail)
    }
}

impl Provider for Recorder {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn preview(&self, request: &Request) -> serde_json::Value {
        self.inner.preview(request)
    }

    fn complete(&self, request: &Request) -> Result<Completion, ProviderError> {
        let completion = self.inner.complete(request)?;
        self.append(&Entry {
            kind: ENTRY_KIND.to_owned(),
            version: 1,
            fingerprint: fingerprint(request),
            provider: self.inner.name().to_owned(),
            request: request.clone(),
            response: completion.response.clone(),
            attempts: completion.attempts,
        })?;
        Ok(completion)
    }
}
