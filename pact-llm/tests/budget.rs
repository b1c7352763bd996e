//! The budget cannot be overshot: not by concurrency, not by windows, not by
//! a process killed mid-run, not by a call whose worst case does not fit.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use pact_core::config::Budget;
use pact_llm::budget::ledger::{Call, CallRecord, Spent};
use pact_llm::budget::{CallTags, Caps, Ledger, PriceTable};
use pact_llm::call::{Budgeted, CallError};
use pact_llm::http::Ureq;
use pact_llm::request::Request;
use pact_llm::retry::RetryPolicy;
use pact_llm::route::{ProviderKind, Route, http_provider};
use proptest::prelude::*;
use serde_json::json;
use support::mock_server::{MockServer, Reply};

fn ledger_in(dir: &Path) -> Ledger {
    Ledger::new(
        dir.join(".pact/ledger.jsonl"),
        dir.join(".pact/ledger.lock"),
    )
}

fn tags(run: usize, component: usize) -> CallTags {
    CallTags {
        run: format!("run-{run}"),
        component: Some(format!("c{component}")),
        stage: "implement".to_owned(),
        role: "implement".to_owned(),
        provider: "anthropic".to_owned(),
        model: "claude-sonnet-4-5".to_owned(),
    }
}

fn record() -> CallRecord {
    CallRecord {
        outcome: "ok".to_owned(),
        attempts: 1,
        usage_reported: true,
        ..CallRecord::default()
    }
}

/// Totals by scope key: every run, every component, all.
fn totals(calls: &[Call]) -> (u64, BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let mut runs = BTreeMap::new();
    let mut components = BTreeMap::new();
    let mut all = 0;
    for c in calls {
        all += c.charged();
        *runs.entry(c.tags.run.clone()).or_default() += c.charged();
        *components
            .entry(c.tags.component.clone().unwrap())
            .or_default() += c.charged();
    }
    (all, runs, components)
}

fn cap() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![1 => Just(None), 3 => (0u64..300_000).prop_map(Some)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Thousands of calls over the cases (48 × up to 120), from four threads
    /// at once, each with its own handle on the ledger file.
    #[test]
    fn concurrent_spend_never_exceeds_any_cap(
        project in cap(), run in cap(), component in cap(), hourly in cap(), daily in cap(),
        calls in prop::collection::vec((1u64..40_000, 0u64..=100, 0usize..3, 0usize..2), 40..120),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let caps = Caps { project, run, component, hourly, daily };
        let calls = Arc::new(calls);
        let handles: Vec<_> = (0..4).map(|t| {
            let calls = Arc::clone(&calls);
            let ledger = ledger_in(dir.path());
            thread::spawn(move || {
                for (worst, percent, comp, run) in calls.iter().skip(t).step_by(4) {
                    if let Ok(reservation) = ledger.reserve(&caps, &tags(*run, *comp), *worst).unwrap() {
                        ledger.settle(reservation, worst * percent / 100, record()).unwrap();
                    }
                }
            })
        }).collect();
        for h in handles {
            h.join().unwrap();
        }
        let recorded = ledger_in(dir.path()).calls().unwrap();
        prop_assert!(recorded.iter().all(|c| c.settled.is_some()));
        let (all, runs, components) = totals(&recorded);
        for limit in [project, hourly, daily].into_iter().flatten() {
            prop_assert!(all <= limit, "{all} > {limit}");
        }
        if let Some(limit) = run {
            prop_assert!(runs.values().all(|s| *s <= limit), "{runs:?} > {limit}");
        }
        if let Some(limit) = component {
            prop_assert!(components.values().all(|s| *s <= limit), "{components:?} > {limit}");
        }
        // Not vacuous: with no caps at all, every call went through.
        if caps == Caps::default() {
            prop_assert_eq!(recorded.len(), calls.len());
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Calls spread over days: every rolling hour and day stays within its cap.
    #[test]
    fn rolling_windows_hold_at_every_moment(
        hourly in 1_000u64..50_000, daily in 10_000u64..200_000,
        calls in prop::collection::vec((1u64..10_000, 0u64..=100, 0u64..900_000), 40..110),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let ledger = ledger_in(dir.path());
        let caps = Caps { hourly: Some(hourly), daily: Some(daily), ..Caps::default() };
        let mut now = 1_700_000_000_000u64;
        for (worst, percent, gap) in &calls {
            now += gap;
            if let Ok(r) = ledger.reserve_at(&caps, &tags(0, 0), *worst, now).unwrap() {
                ledger.settle(r, worst * percent / 100, record()).unwrap();
            }
        }
        let recorded = ledger.calls().unwrap();
        for c in &recorded {
            let window = |ms: u64| recorded.iter()
                .filter(|o| o.at_ms <= c.at_ms && o.at_ms + ms > c.at_ms)
                .map(Call::charged).sum::<u64>();
            prop_assert!(window(3_600_000) <= hourly);
            prop_assert!(window(86_400_000) <= daily);
        }
    }
}

#[test]
fn a_call_that_could_exceed_the_cap_is_refused_and_a_smaller_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_in(dir.path());
    let caps = Caps {
        project: Some(10_000),
        ..Caps::default()
    };
    let first = ledger.reserve(&caps, &tags(0, 0), 6_000).unwrap().unwrap();
    // In flight, the reservation counts at its worst case.
    let refused = ledger
        .reserve(&caps, &tags(0, 0), 5_000)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (refused.scope, refused.spent, refused.cap),
        ("project", 6_000, 10_000)
    );
    assert!(
        refused.to_string().contains("budget.project_usd"),
        "{refused}"
    );
    // Settled for less, the rest is free again.
    ledger.settle(first, 1_000, record()).unwrap();
    let _ = ledger.reserve(&caps, &tags(0, 0), 5_000).unwrap().unwrap();
}

#[test]
fn a_torn_last_line_is_ignored_then_cut_off_and_a_corrupt_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_in(dir.path());
    let caps = Caps::default();
    let r = ledger.reserve(&caps, &tags(0, 0), 100).unwrap().unwrap();
    ledger.settle(r, 50, record()).unwrap();
    let mut text = std::fs::read_to_string(ledger.path()).unwrap();
    text.push_str(r#"{"kind":"pact.ledger_entry","version":1,"event":"rese"#);
    std::fs::write(ledger.path(), &text).unwrap();
    assert_eq!(ledger.calls().unwrap().len(), 1);
    let _ = ledger.reserve(&caps, &tags(0, 0), 100).unwrap().unwrap();
    let lines = std::fs::read_to_string(ledger.path()).unwrap();
    assert_eq!(lines.lines().count(), 3, "{lines}");
    assert!(
        lines
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
    );

    std::fs::write(ledger.path(), format!("{lines}not json\n")).unwrap();
    let err = ledger.calls().unwrap_err().to_string();
    assert!(err.contains("ledger.jsonl:4: not a ledger entry"), "{err}");
}

const CHILD_DIR: &str = "PACT_LLM_TEST_SPENDER_DIR";
const KILL_CAP: u64 = 300_000;

/// Not a test of its own: the process `a_killed_process_leaves_the_ledger_intact`
/// starts and kills. Does nothing when run any other way.
#[test]
#[ignore = "run as a child process by a_killed_process_leaves_the_ledger_intact"]
fn spender_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let ledger = ledger_in(Path::new(&dir));
    let caps = Caps {
        project: Some(KILL_CAP),
        ..Caps::default()
    };
    let mut n = 0;
    loop {
        n += 1;
        match ledger.reserve(&caps, &tags(1, n % 3), 997).unwrap() {
            Ok(r) => {
                thread::sleep(Duration::from_millis(2));
                ledger.settle(r, 500, record()).unwrap();
            }
            Err(_) => thread::sleep(Duration::from_millis(50)),
        }
    }
}

#[test]
fn a_killed_process_leaves_the_ledger_intact_and_the_cap_enforced_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "spender_child", "--ignored", "--nocapture"])
        .env(CHILD_DIR, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ledger = ledger_in(dir.path());
    let started = Instant::now();
    while ledger.calls().map(|c| c.len()).unwrap_or(0) < 100 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the child spent nothing"
        );
        thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to settle or flush anything.
    child.wait().unwrap();

    let calls = ledger.calls().expect("the ledger parses after a kill");
    let before = Spent::of(&calls, &tags(1, 0), u64::MAX / 2).project;
    assert!(before <= KILL_CAP);
    assert!(calls.len() >= 100);

    // A new process (here: a new handle) sees all of it and keeps enforcing
    // the cap: spending resumes from `before`, never from zero.
    let caps = Caps {
        project: Some(KILL_CAP),
        ..Caps::default()
    };
    let restarted = ledger_in(dir.path());
    let mut granted = 0;
    loop {
        match restarted.reserve(&caps, &tags(2, 0), 997).unwrap() {
            Ok(r) => {
                restarted.settle(r, 997, record()).unwrap();
                granted += 1;
            }
            Err(refusal) => {
                assert_eq!(refusal.scope, "project");
                break;
            }
        }
    }
    let after: u64 = restarted.calls().unwrap().iter().map(Call::charged).sum();
    assert!(after <= KILL_CAP, "{after}");
    assert_eq!(
        granted,
        (KILL_CAP - before) / 997,
        "resumed from the recorded spend"
    );
}

fn anthropic_provider(server: &MockServer) -> pact_llm::provider::HttpProvider {
    let route = Route {
        role: "interview".to_owned(),
        provider: ProviderKind::Anthropic,
        model: "claude-sonnet-4-5".to_owned(),
        base_url: Some(server.url.clone()),
    };
    let env = |n: &str| (n == "ANTHROPIC_API_KEY").then(|| "k".to_owned());
    http_provider(
        &route,
        &env,
        Arc::new(Ureq::default()),
        RetryPolicy::default(),
    )
    .unwrap()
}

#[test]
fn a_budgeted_call_is_refused_before_anything_is_sent() {
    let server = MockServer::start(vec![]);
    let provider = anthropic_provider(&server);
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_in(dir.path());
    let prices = PriceTable::new(&Budget::default());
    // 1000 max tokens of sonnet output alone is $0.015.
    let call = Budgeted {
        provider: &provider,
        prices: &prices,
        ledger: &ledger,
        caps: Caps {
            project: Some(10_000),
            ..Caps::default()
        },
        tags: tags(0, 0),
    };
    let request = Request::new("claude-sonnet-4-5", "sys", "hello").with_max_tokens(1000);
    let err = call.call(&request).unwrap_err();
    assert!(matches!(err, CallError::Budget(_)), "{err}");
    assert!(server.received().is_empty(), "a refused call is never sent");
    assert!(ledger.calls().unwrap().is_empty());
}

#[test]
fn a_budgeted_call_settles_at_its_actual_cost() {
    let server = MockServer::start(vec![Reply::json(
        200,
        json!({"id": "m", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
               "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn",
               "usage": {"input_tokens": 100, "output_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1000}}),
    )]);
    let provider = anthropic_provider(&server);
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_in(dir.path());
    let prices = PriceTable::new(&Budget::default());
    let call = Budgeted {
        provider: &provider,
        prices: &prices,
        ledger: &ledger,
        caps: Caps {
            project: Some(1_000_000),
            ..Caps::default()
        },
        tags: tags(0, 0),
    };
    let outcome = call
        .call(&Request::new("claude-sonnet-4-5", "sys", "hello").with_max_tokens(1000))
        .unwrap();
    // 100·3 + 10·15 + 1000·0.30 micro-dollars.
    assert_eq!(outcome.cost, 750);
    let [recorded] = ledger.calls().unwrap().try_into().unwrap();
    assert!(recorded.reserved > 15_000, "worst case reserved first");
    assert_eq!(recorded.charged(), 750);
    let (_, record) = recorded.settled.unwrap();
    assert_eq!(
        (
            record.outcome.as_str(),
            record.attempts,
            record.usage.cache_read
        ),
        ("ok", 1, 1000)
    );
}

#[test]
fn an_unpriced_model_is_refused() {
    let server = MockServer::start(vec![]);
    let provider = anthropic_provider(&server);
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_in(dir.path());
    let prices = PriceTable::new(&Budget::default());
    let call = Budgeted {
        provider: &provider,
        prices: &prices,
        ledger: &ledger,
        caps: Caps::default(),
        tags: tags(0, 0),
    };
    let err = call
        .call(&Request::new("claude-opus-4-7", "s", "p"))
        .unwrap_err();
    assert!(matches!(err, CallError::Unpriced(_)), "{err}");
    assert!(server.received().is_empty());
}
