//! The budget: prices ([`pricing`]), caps and the persistent ledger
//! ([`ledger`]), and the report `pact-llm budget` prints ([`report`]).

pub mod ledger;
pub mod pricing;

use pact_core::config::Budget;

pub use ledger::{CallRecord, CallTags, CapReached, Caps, Ledger, LedgerError, Reservation};
pub use pricing::{MicroUsd, Price, PriceTable, Unpriced};

/// pact.yaml's caps in micro-dollars.
pub fn caps(budget: &Budget) -> Caps {
    let cap = |usd: Option<f64>| usd.map(pricing::cap_from_usd);
    Caps {
        project: cap(budget.project_usd),
        run: cap(budget.run_usd),
        component: cap(budget.component_usd),
        hourly: cap(budget.hourly_usd),
        daily: cap(budget.daily_usd),
    }
}
