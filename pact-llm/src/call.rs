//! One model call under the budget: priced, reserved at its worst case before
//! it is sent, settled at its actual cost after, and recorded.

use std::time::Instant;

use pact_core::Code;
use pact_core::cli::Categorized;

use crate::budget::ledger::CallRecord;
use crate::budget::pricing::MicroUsd;
use crate::budget::{CallTags, CapReached, Caps, Ledger, LedgerError, PriceTable, Unpriced};
use crate::error::ProviderError;
use crate::provider::{Completion, Provider};
use crate::request::Request;

#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error(transparent)]
    Budget(#[from] CapReached),
    #[error(transparent)]
    Unpriced(#[from] Unpriced),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error("the spending ledger: {0}")]
    Ledger(#[from] LedgerError),
}

impl Categorized for CallError {
    fn exit_code(&self) -> Code {
        match self {
            Self::Budget(_) | Self::Unpriced(_) => Code::BudgetExhausted,
            Self::Provider(_) => Code::Provider,
            Self::Ledger(LedgerError::Corrupt { .. }) => Code::BadInput,
            Self::Ledger(LedgerError::Io { .. }) => Code::Environment,
        }
    }
}

/// A finished call: the answer, its cost and its record.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub completion: Completion,
    pub cost: MicroUsd,
    pub record: CallRecord,
}

/// Everything a budgeted call needs besides the request.
pub struct Budgeted<'a> {
    pub provider: &'a dyn Provider,
    pub prices: &'a PriceTable,
    pub ledger: &'a Ledger,
    pub caps: Caps,
    pub tags: CallTags,
}

impl Budgeted<'_> {
    /// Sends `request` if its worst case fits under every cap.
    pub fn call(&self, request: &Request) -> Result<Outcome, CallError> {
        let (price, _) = self.prices.lookup(self.provider.name(), &request.model)?;
        let worst = price.worst_case(request);
        let mut tags = self.tags.clone();
        tags.model.clone_from(&request.model);
        let reservation = self.ledger.reserve(&self.caps, &tags, worst)??;
        let started = Instant::now();
        let result = self.provider.complete(request);
        let latency_ms = started.elapsed().as_millis() as u64;
        match result {
            Ok(completion) => {
                let response = &completion.response;
                let cost = match response.reported_cost_usd {
                    Some(usd) => (usd * 1_000_000.0).ceil().max(0.0) as MicroUsd,
                    None => price.cost(&response.usage),
                };
                let record = CallRecord {
                    outcome: "ok".to_owned(),
                    usage: response.usage,
                    usage_reported: response.usage_reported,
                    attempts: completion.attempts,
                    latency_ms,
                };
                self.ledger.settle(reservation, cost, record.clone())?;
                Ok(Outcome {
                    completion,
                    cost,
                    record,
                })
            }
            Err(error) => {
                // A call that timed out or lost its connection may still have
                // been billed: it keeps its worst case. Refusals by status are
                // not billed.
                let maybe_billed = matches!(
                    &error,
                    ProviderError::Deadline { .. } | ProviderError::Exhausted { .. }
                ) && !matches!(&error, ProviderError::Exhausted { last, .. } if matches!(**last, ProviderError::Transient { status: Some(_), .. }));
                let charged = if maybe_billed {
                    reservation.micro_usd
                } else {
                    0
                };
                let record = CallRecord {
                    outcome: "provider_error".to_owned(),
                    latency_ms,
                    ..CallRecord::default()
                };
                self.ledger.settle(reservation, charged, record)?;
                Err(error.into())
            }
        }
    }
}
