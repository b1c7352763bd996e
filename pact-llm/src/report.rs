//! The documents `pact-llm budget` and `pact-llm pricing` print, and their
//! human renderings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::budget::ledger::{Call, Caps, Spent, now_ms};
use crate::budget::pricing::{MicroUsd, Price, PriceSource, PriceTable, to_usd};

pub const PRICING_KIND: &str = "pact.price_table";

pub use pact_core::model::{BudgetReport, CapLine};

fn add(map: &mut BTreeMap<String, MicroUsd>, key: &str, amount: MicroUsd) {
    *map.entry(key.to_owned()).or_default() += amount;
}

fn dollars(map: BTreeMap<String, MicroUsd>) -> BTreeMap<String, f64> {
    map.into_iter().map(|(k, v)| (k, to_usd(v))).collect()
}

/// The budget report of `calls`; `run` picks the run whose cap line is
/// shown, by default the latest.
pub fn budget_report(
    ledger: String,
    calls: &[Call],
    caps: &Caps,
    run: Option<&str>,
) -> BudgetReport {
    let (mut stage, mut component, mut model, mut runs) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for call in calls {
        let amount = call.charged();
        add(&mut stage, &call.tags.stage, amount);
        add(
            &mut component,
            call.tags.component.as_deref().unwrap_or("(none)"),
            amount,
        );
        add(
            &mut model,
            &format!("{}/{}", call.tags.provider, call.tags.model),
            amount,
        );
        add(&mut runs, &call.tags.run, amount);
    }
    let now = now_ms();
    let any = crate::budget::CallTags {
        run: String::new(),
        component: None,
        stage: String::new(),
        role: String::new(),
        provider: String::new(),
        model: String::new(),
    };
    let spent = Spent::of(calls, &any, now);
    let run = run
        .map(str::to_owned)
        .or_else(|| calls.last().map(|c| c.tags.run.clone()));
    let run_spent = run.as_ref().and_then(|r| runs.get(r)).copied().unwrap_or(0);
    let top_component = component
        .iter()
        .filter(|(k, _)| k.as_str() != "(none)")
        .max_by_key(|(_, v)| **v)
        .map(|(k, v)| (k.clone(), *v));
    let line = |scope: &str, subject, cap: Option<MicroUsd>, spent: MicroUsd| CapLine {
        scope: scope.to_owned(),
        subject,
        cap_usd: cap.map(to_usd),
        spent_usd: to_usd(spent),
        remaining_usd: cap.map(|c| to_usd(c.saturating_sub(spent))),
    };
    let caps_lines = vec![
        line("project", None, caps.project, spent.project),
        line("run", run, caps.run, run_spent),
        line(
            "component",
            top_component.as_ref().map(|(k, _)| k.clone()),
            caps.component,
            top_component.map_or(0, |(_, v)| v),
        ),
        line("hourly", None, caps.hourly, spent.hourly),
        line("daily", None, caps.daily, spent.daily),
    ];
    BudgetReport {
        kind: pact_core::document::Kind::new(),
        version: pact_core::document::Version::new(),
        ledger,
        calls: calls.len(),
        unsettled_calls: calls.iter().filter(|c| c.settled.is_none()).count(),
        total_usd: to_usd(spent.project),
        last_hour_usd: to_usd(spent.hourly),
        last_day_usd: to_usd(spent.daily),
        caps: caps_lines,
        by_stage: dollars(stage),
        by_component: dollars(component),
        by_model: dollars(model),
        by_run: dollars(runs),
    }
}

/// The budget report for people.
pub fn render_budget(report: &BudgetReport) -> String {
    let usd = |v: f64| format!("${v:.4}");
    let opt = |v: Option<f64>| v.map_or_else(|| "no cap".to_owned(), usd);
    let mut out = format!(
        "{} call(s) in {}; spent {} in all, {} in the last hour, {} in the last 24 hours\n",
        report.calls,
        report.ledger,
        usd(report.total_usd),
        usd(report.last_hour_usd),
        usd(report.last_day_usd)
    );
    if report.unsettled_calls > 0 {
        out.push_str(&format!(
            "{} call(s) never settled: counted at their worst case\n",
            report.unsettled_calls
        ));
    }
    out.push('\n');
    let rows = report.caps.iter().map(|c| {
        let scope = match &c.subject {
            Some(s) => format!("{} ({s})", c.scope),
            None => c.scope.to_owned(),
        };
        vec![
            scope,
            opt(c.cap_usd),
            usd(c.spent_usd),
            opt(c.remaining_usd),
        ]
    });
    out.push_str(&pact_core::term::table(
        &["cap", "limit", "spent", "remaining"],
        rows,
    ));
    out.push('\n');
    for (title, map) in [
        ("stage", &report.by_stage),
        ("component", &report.by_component),
        ("model", &report.by_model),
    ] {
        if map.is_empty() {
            continue;
        }
        let rows = map.iter().map(|(k, v)| vec![k.clone(), usd(*v)]);
        out.push('\n');
        out.push_str(&pact_core::term::table(&[title, "spent"], rows));
        out.push('\n');
    }
    out
}

/// The effective price table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricingReport {
    pub kind: &'static str,
    pub version: u32,
    /// Dollars per million tokens.
    pub unit: &'static str,
    pub models: Vec<PriceLine>,
    pub free_providers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceLine {
    pub model: String,
    #[serde(flatten)]
    pub price: Price,
    pub source: PriceSource,
}

impl PricingReport {
    pub fn new(table: &PriceTable) -> Self {
        Self {
            kind: PRICING_KIND,
            version: 1,
            unit: "usd_per_million_tokens",
            models: table
                .entries()
                .map(|(model, price, source)| PriceLine {
                    model: model.to_owned(),
                    price: *price,
                    source,
                })
                .collect(),
            free_providers: table.free_providers().to_vec(),
        }
    }

    pub fn render(&self) -> String {
        let rows = self.models.iter().map(|l| {
            vec![
                l.model.clone(),
                format!("{}", l.price.input),
                format!("{}", l.price.output),
                format!("{}", l.price.cache_write),
                format!("{}", l.price.cache_read),
                match l.source {
                    PriceSource::BuiltIn => "built-in".to_owned(),
                    PriceSource::Config => "pact.yaml".to_owned(),
                    PriceSource::FreeProvider => "free".to_owned(),
                },
            ]
        });
        let mut out = String::from("US dollars per million tokens\n");
        out.push_str(&pact_core::term::table(
            &[
                "model",
                "input",
                "output",
                "cache write",
                "cache read",
                "source",
            ],
            rows,
        ));
        out.push('\n');
        if !self.free_providers.is_empty() {
            out.push_str(&format!(
                "free providers: {}\n",
                self.free_providers.join(", ")
            ));
        }
        out
    }
}
