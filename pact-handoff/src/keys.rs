//! PACT log keys: one format, `PACT:<component_id>:<function>`, in stubs,
//! briefs and `pact-handoff keys`.

use pact_core::id::ComponentId;
use pact_core::model::ComponentContract;

/// The format, as documented in standards and briefs.
pub const LOG_KEY_FORMAT: &str = "PACT:<component_id>:<function>";

pub fn log_key(component: &ComponentId, function: &str) -> String {
    format!("PACT:{component}:{function}")
}

/// Every log key of a contract, in function order.
pub fn keys_of(contract: &ComponentContract) -> Vec<String> {
    contract
        .functions
        .iter()
        .map(|f| log_key(&contract.component_id, &f.name))
        .collect()
}
