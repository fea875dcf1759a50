//! The constant growth rate that makes cumulative revenue cover a total.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::growth::{MAX_RATE, MIN_RATE};

/// Bisection stops when the bracket on the rate is narrower than this.
pub const TOLERANCE: f64 = 1e-9;

/// The answer to "what constant growth covers the commitments?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RequiredRate {
    /// This constant yearly rate makes cumulative available revenue over
    /// the term equal the commitments.
    Solved { rate: f64 },
    /// Covered even if revenue shrinks 90% a year: growth is not the question.
    AlreadyCovered,
    /// Not covered even at +1000% a year.
    NotCoverableWithinBounds,
}

/// Cumulative revenue over `years` at constant `rate`, times `share`.
fn cumulative(base: f64, rate: f64, years: u32, share: f64) -> f64 {
    let mut r = base;
    let mut sum = 0.0;
    for _ in 0..years {
        r *= 1.0 + rate;
        sum += r;
    }
    sum * share
}

/// Solves share × base × Σ_{t=1..years} (1+g)^t = total for g by bisection
/// on [MIN_RATE, MAX_RATE]; the left side rises with g, so the root is
/// unique when it exists.
pub fn required_rate(base: f64, years: u32, share: f64, total: f64) -> RequiredRate {
    if cumulative(base, MIN_RATE, years, share) >= total {
        return RequiredRate::AlreadyCovered;
    }
    if cumulative(base, MAX_RATE, years, share) < total {
        return RequiredRate::NotCoverableWithinBounds;
    }
    let (mut lo, mut hi) = (MIN_RATE, MAX_RATE);
    while hi - lo > TOLERANCE {
        let mid = 0.5 * (lo + hi);
        if cumulative(base, mid, years, share) < total {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    RequiredRate::Solved {
        rate: 0.5 * (lo + hi),
    }
}
