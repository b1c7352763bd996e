//! When to try a failed call again and how long to wait first: exponential
//! backoff with full jitter, never less than the server's `retry-after`,
//! within a bounded number of attempts and one deadline for the whole call.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The ceiling of the first wait; it doubles per attempt.
    pub base: Duration,
    /// The largest ceiling backoff reaches (`retry-after` may ask for more).
    pub cap: Duration,
    /// The whole call, waits included, ends by then.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base: Duration::from_secs(1),
            cap: Duration::from_secs(60),
            deadline: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based): uniform in
    /// `[0, min(cap, base·2^(attempt-1))]` ("full jitter"), raised to
    /// `retry_after` when the server named one.
    pub fn wait(&self, attempt: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self.base.saturating_mul(1u32 << exponent).min(self.cap);
        let jittered = ceiling.mul_f64(unit.clamp(0.0, 1.0));
        match retry_after {
            Some(asked) => asked.max(jittered),
            None => jittered,
        }
    }
}

/// A number uniform in `[0, 1)`, from the standard library's randomly seeded
/// hasher; jitter needs spread, not cryptographic quality.
pub fn random_unit() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let bits = std::collections::hash_map::RandomState::new().hash_one(n);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_double_up_to_the_cap() {
        let p = RetryPolicy {
            base: Duration::from_millis(100),
            cap: Duration::from_millis(500),
            ..RetryPolicy::default()
        };
        let full = |a| p.wait(a, None, 1.0);
        assert_eq!(full(1), Duration::from_millis(100));
        assert_eq!(full(2), Duration::from_millis(200));
        assert_eq!(full(3), Duration::from_millis(400));
        assert_eq!(full(4), Duration::from_millis(500));
        assert_eq!(full(40), Duration::from_millis(500));
        assert_eq!(p.wait(3, None, 0.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_is_a_floor() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.wait(1, Some(Duration::from_secs(7)), 0.5),
            Duration::from_secs(7)
        );
    }

    #[test]
    fn random_units_spread_over_the_interval() {
        let samples: Vec<f64> = (0..1000).map(|_| random_unit()).collect();
        assert!(samples.iter().all(|u| (0.0..1.0).contains(u)));
        assert!(samples.iter().any(|u| *u < 0.1) && samples.iter().any(|u| *u > 0.9));
    }
}
