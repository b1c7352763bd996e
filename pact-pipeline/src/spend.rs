//! What the run has spent, read from pact-llm's ledger (`.pact/ledger.jsonl`,
//! one `pact.ledger_entry` per line, see PROTOCOL.md) by following its tail:
//! each refresh reads only the lines appended since the last one, so the
//! scheduler can ask after every step without re-reading the file or
//! starting `pact-llm budget`.

use std::collections::HashMap;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::PathBuf;

use pact_core::layout::ProjectLayout;
use pact_core::model::{LedgerEntry, LedgerEvent};

/// One call: its reservation, and its settlement once there is one.
#[derive(Debug, Clone)]
struct Call {
    run: String,
    at_ms: u64,
    reserved: u64,
    settled: Option<u64>,
}

impl Call {
    /// An unsettled reservation counts at its worst case, as pact-llm counts it.
    fn micro_usd(&self) -> u64 {
        self.settled.unwrap_or(self.reserved)
    }
}

/// The ledger as read so far.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    /// Bytes consumed: always the end of a complete line.
    offset: u64,
    calls: Vec<Call>,
    by_id: HashMap<String, usize>,
}

impl Ledger {
    pub fn new(layout: &ProjectLayout) -> Self {
        Self {
            path: layout.ledger(),
            offset: 0,
            calls: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    /// Reads the complete lines appended since the last refresh. A torn last
    /// line (a writer killed mid-line, or still writing) is left for the next
    /// refresh; an unreadable complete line is skipped: spend shown while
    /// running is informative, and `pact-llm budget` reports a broken ledger.
    pub fn refresh(&mut self) {
        let Ok(mut file) = std::fs::File::open(&self.path) else {
            return;
        };
        let Ok(len) = file.metadata().map(|m| m.len()) else {
            return;
        };
        if len < self.offset {
            // Replaced by a shorter file: start over.
            self.offset = 0;
            self.calls.clear();
            self.by_id.clear();
        }
        if len == self.offset || file.seek(SeekFrom::Start(self.offset)).is_err() {
            return;
        }
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() {
            return;
        }
        let Some(end) = bytes.iter().rposition(|b| *b == b'\n') else {
            return;
        };
        for line in bytes[..end].split(|b| *b == b'\n') {
            self.apply(line);
        }
        self.offset += end as u64 + 1;
    }

    fn apply(&mut self, line: &[u8]) {
        match serde_json::from_slice::<LedgerEntry>(line).map(|e| e.event()) {
            Ok(Some(LedgerEvent::Reserve {
                id,
                at_ms,
                tags,
                micro_usd,
            })) => {
                self.by_id.insert(id, self.calls.len());
                self.calls.push(Call {
                    run: tags.run,
                    at_ms,
                    reserved: micro_usd,
                    settled: None,
                });
            }
            Ok(Some(LedgerEvent::Settle { id, micro_usd, .. })) => {
                if let Some(&i) = self.by_id.get(&id) {
                    self.calls[i].settled = Some(micro_usd);
                }
            }
            Ok(None) | Err(_) => {}
        }
    }

    /// Micro-dollars spent by one run.
    pub fn run_micro_usd(&self, run: &str) -> u64 {
        self.calls
            .iter()
            .filter(|c| c.run == run)
            .map(Call::micro_usd)
            .sum()
    }

    /// Micro-dollars spent by every run of the project.
    pub fn total_micro_usd(&self) -> u64 {
        self.calls.iter().map(Call::micro_usd).sum()
    }

    /// Micro-dollars of the calls reserved at or after `at_ms` (Unix ms).
    pub fn micro_usd_since(&self, at_ms: u64) -> u64 {
        self.calls
            .iter()
            .filter(|c| c.at_ms >= at_ms)
            .map(Call::micro_usd)
            .sum()
    }
}

/// Dollars from micro-dollars, for display.
pub fn usd(micro: u64) -> f64 {
    micro as f64 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write as _;

    fn reserve(id: &str, run: &str, at_ms: u64, micro: u64) -> String {
        format!(
            r#"{{"kind":"pact.ledger_entry","version":1,"event":"reserve","id":"{id}","at_ms":{at_ms},"run":"{run}","stage":"contract","role":"planner","provider":"replay","model":"m","micro_usd":{micro}}}"#
        )
    }

    fn settle(id: &str, micro: u64) -> String {
        format!(
            r#"{{"kind":"pact.ledger_entry","version":1,"event":"settle","id":"{id}","at_ms":9,"micro_usd":{micro},"outcome":"ok","usage":{{"input":1,"output":1,"cache_write":0,"cache_read":0}},"usage_reported":true,"attempts":1,"latency_ms":3}}"#
        )
    }

    #[test]
    fn follows_the_tail_counting_unsettled_calls_at_their_reservation() {
        let dir = tempfile::tempdir().unwrap();
        let layout = ProjectLayout::new(dir.path());
        std::fs::create_dir_all(layout.state_dir()).unwrap();
        let path = layout.ledger();
        let mut ledger = Ledger::new(&layout);
        ledger.refresh(); // no ledger yet
        assert_eq!(ledger.total_micro_usd(), 0);

        let mut file = std::fs::File::create(&path).unwrap();
        writeln!(file, "{}", reserve("a", "r1", 1_000, 500)).unwrap();
        writeln!(file, "{}", settle("a", 120)).unwrap();
        writeln!(file, "{}", reserve("b", "r2", 2_000, 700)).unwrap();
        // A torn line is not read until it is complete.
        let torn = reserve("c", "r2", 3_000, 40);
        write!(file, "{}", &torn[..20]).unwrap();
        ledger.refresh();
        assert_eq!(ledger.run_micro_usd("r1"), 120);
        assert_eq!(ledger.run_micro_usd("r2"), 700);
        assert_eq!(ledger.total_micro_usd(), 820);

        writeln!(file, "{}", &torn[20..]).unwrap();
        writeln!(file, "{}", settle("b", 300)).unwrap();
        writeln!(file, "not json").unwrap();
        ledger.refresh();
        assert_eq!(ledger.run_micro_usd("r2"), 340);
        assert_eq!(ledger.micro_usd_since(2_000), 340);
        assert_eq!(ledger.micro_usd_since(2_500), 40);
        assert_eq!(ledger.total_micro_usd(), 460);
    }
}
