//! The spending ledger: `.pact/ledger.jsonl`, one line per reservation and per
//! settlement, appended under an exclusive file lock so any number of
//! processes can share it. A reservation is checked against every cap and
//! written before its call is sent; its settlement replaces the reserved
//! amount with the actual cost. A reservation never settled (the process was
//! killed) keeps counting at its worst case, so a crash can only make the
//! budget stricter, never looser.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub use pact_core::model::{CallRecord, CallTags, LedgerEntry as Entry, LedgerEvent as Event};

use super::pricing::{MicroUsd, to_usd};

const HOUR_MS: u64 = 3_600_000;
const DAY_MS: u64 = 24 * HOUR_MS;

/// Spending caps in micro-dollars; `None` is no cap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caps {
    pub project: Option<MicroUsd>,
    pub run: Option<MicroUsd>,
    pub component: Option<MicroUsd>,
    pub hourly: Option<MicroUsd>,
    pub daily: Option<MicroUsd>,
}

/// A call's spending is at or past a cap: it was not sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{scope} budget: ${spent:.4} spent of ${cap:.4}, and this call could cost up to ${needed:.4}; nothing was sent (raise budget.{key} in pact.yaml, or wait for the window to pass)",
    spent = to_usd(*.spent), cap = to_usd(*.cap), needed = to_usd(*.needed)
)]
pub struct CapReached {
    pub scope: &'static str,
    /// The pact.yaml key of the cap.
    pub key: &'static str,
    pub cap: MicroUsd,
    pub spent: MicroUsd,
    pub needed: MicroUsd,
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{}: {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}:{line}: not a ledger entry ({detail}); the budget cannot be trusted until the line is repaired", .path.display())]
    Corrupt {
        path: PathBuf,
        line: usize,
        detail: String,
    },
}

/// A reserved amount waiting for its call to finish.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "settle the reservation, or it counts at its worst case forever"]
pub struct Reservation {
    pub id: String,
    pub micro_usd: MicroUsd,
}

/// The ledger of one project.
#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
    lock: PathBuf,
}

/// One reservation with what is known of its call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub id: String,
    pub at_ms: u64,
    pub tags: CallTags,
    pub reserved: MicroUsd,
    /// `None` while in flight, or forever if its process died.
    pub settled: Option<(MicroUsd, CallRecord)>,
}

impl Call {
    /// What the call counts for against the caps.
    pub fn charged(&self) -> MicroUsd {
        self.settled.as_ref().map_or(self.reserved, |(m, _)| *m)
    }
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn new_id(at_ms: u64) -> String {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!("{at_ms:x}-{:x}-{n:x}", std::process::id())
}

impl Ledger {
    pub fn new(path: impl Into<PathBuf>, lock: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: lock.into(),
        }
    }

    pub fn for_project(layout: &pact_core::layout::ProjectLayout) -> Self {
        Self::new(layout.ledger(), layout.ledger_lock())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, path: &Path) -> impl Fn(std::io::Error) -> LedgerError {
        let path = path.to_path_buf();
        move |error| LedgerError::Io {
            path: path.clone(),
            error,
        }
    }

    /// Holds the ledger's lock for the life of the returned file.
    fn locked(&self) -> Result<File, LedgerError> {
        if let Some(dir) = self.lock.parent() {
            std::fs::create_dir_all(dir).map_err(self.io(dir))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock)
            .map_err(self.io(&self.lock))?;
        file.lock().map_err(self.io(&self.lock))?;
        Ok(file)
    }

    /// Every call on record.
    pub fn calls(&self) -> Result<Vec<Call>, LedgerError> {
        let text = match std::fs::read(&self.path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(self.io(&self.path)(e)),
        };
        self.parse(&text)
    }

    fn parse(&self, text: &str) -> Result<Vec<Call>, LedgerError> {
        let mut calls: Vec<Call> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        // A last line without its newline is a write cut short by a killed
        // process: its call was never sent (reserve) or stays at its worst
        // case (settle). It is ignored here and removed by the next append.
        for (n, line) in complete.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let corrupt = |detail: String| LedgerError::Corrupt {
                path: self.path.clone(),
                line: n + 1,
                detail,
            };
            // The envelope checks kind and version as the line is read.
            let entry: Entry = serde_json::from_str(line).map_err(|e| corrupt(e.to_string()))?;
            let event = entry.event().ok_or_else(|| {
                corrupt(format!("its fields do not make a {:?} event", entry.event))
            })?;
            match event {
                Event::Reserve {
                    id,
                    at_ms,
                    tags,
                    micro_usd,
                } => {
                    index.insert(id.clone(), calls.len());
                    calls.push(Call {
                        id,
                        at_ms,
                        tags,
                        reserved: micro_usd,
                        settled: None,
                    });
                }
                Event::Settle {
                    id,
                    micro_usd,
                    record,
                    ..
                } => {
                    let Some(&i) = index.get(&id) else {
                        return Err(corrupt(format!("settles `{id}`, which was never reserved")));
                    };
                    calls[i].settled = Some((micro_usd, record));
                }
            }
        }
        Ok(calls)
    }

    /// Appends lines to the ledger (the lock must be held), first cutting off
    /// a torn last line, then syncing so a crash cannot lose them.
    fn append(&self, entries: &[Entry]) -> Result<(), LedgerError> {
        let io = self.io(&self.path);
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(&io)?;
        let len = file.metadata().map_err(&io)?.len();
        if len > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::Start(len - 1)).map_err(&io)?;
            file.read_exact(&mut last).map_err(&io)?;
            if last[0] != b'\n' {
                let mut text = Vec::new();
                file.seek(SeekFrom::Start(0)).map_err(&io)?;
                file.read_to_end(&mut text).map_err(&io)?;
                let keep = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                file.set_len(keep as u64).map_err(&io)?;
            }
        }
        let mut bytes = Vec::new();
        for entry in entries {
            serde_json::to_writer(&mut bytes, entry).map_err(|e| io(std::io::Error::other(e)))?;
            bytes.push(b'\n');
        }
        file.write_all(&bytes).map_err(&io)?;
        file.sync_data().map_err(&io)
    }

    /// Reserves `micro_usd` for a call tagged `tags` if no cap would be
    /// exceeded, at the current time.
    pub fn reserve(
        &self,
        caps: &Caps,
        tags: &CallTags,
        micro_usd: MicroUsd,
    ) -> Result<Result<Reservation, CapReached>, LedgerError> {
        self.reserve_at(caps, tags, micro_usd, now_ms())
    }

    /// [`Ledger::reserve`] at a given time (windows are measured from it).
    pub fn reserve_at(
        &self,
        caps: &Caps,
        tags: &CallTags,
        micro_usd: MicroUsd,
        at_ms: u64,
    ) -> Result<Result<Reservation, CapReached>, LedgerError> {
        let _lock = self.locked()?;
        let calls = self.calls()?;
        let spent = Spent::of(&calls, tags, at_ms);
        if let Some(refusal) = spent.refusal(caps, micro_usd) {
            return Ok(Err(refusal));
        }
        let id = new_id(at_ms);
        self.append(&[Entry::new(Event::Reserve {
            id: id.clone(),
            at_ms,
            tags: tags.clone(),
            micro_usd,
        })])?;
        Ok(Ok(Reservation { id, micro_usd }))
    }

    /// Replaces a reservation with what the call actually cost.
    pub fn settle(
        &self,
        reservation: Reservation,
        micro_usd: MicroUsd,
        record: CallRecord,
    ) -> Result<(), LedgerError> {
        let _lock = self.locked()?;
        self.append(&[Entry::new(Event::Settle {
            id: reservation.id,
            at_ms: now_ms(),
            micro_usd,
            record,
        })])
    }
}

/// Spending so far in each cap's scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    pub project: MicroUsd,
    pub run: MicroUsd,
    pub component: MicroUsd,
    pub hourly: MicroUsd,
    pub daily: MicroUsd,
}

impl Spent {
    /// Sums `calls` into the scopes of a call tagged `tags` made at `now_ms`.
    /// Windows count a call by the time it was reserved.
    pub fn of(calls: &[Call], tags: &CallTags, now_ms: u64) -> Self {
        let mut spent = Self::default();
        for call in calls {
            let amount = call.charged();
            spent.project += amount;
            if call.tags.run == tags.run {
                spent.run += amount;
            }
            if tags.component.is_some() && call.tags.component == tags.component {
                spent.component += amount;
            }
            if call.at_ms + HOUR_MS > now_ms {
                spent.hourly += amount;
            }
            if call.at_ms + DAY_MS > now_ms {
                spent.daily += amount;
            }
        }
        spent
    }

    /// The first cap that `more` would take past its limit.
    pub fn refusal(&self, caps: &Caps, more: MicroUsd) -> Option<CapReached> {
        let scopes = [
            ("project", "project_usd", caps.project, self.project),
            ("run", "run_usd", caps.run, self.run),
            ("component", "component_usd", caps.component, self.component),
            ("hourly", "hourly_usd", caps.hourly, self.hourly),
            ("daily", "daily_usd", caps.daily, self.daily),
        ];
        scopes.into_iter().find_map(|(scope, key, cap, spent)| {
            let cap = cap?;
            (spent.saturating_add(more) > cap).then_some(CapReached {
                scope,
                key,
                cap,
                spent,
                needed: more,
            })
        })
    }
}
