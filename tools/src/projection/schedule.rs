//! Commitment schedules: how a total falls due over the years.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How commitments fall due over their term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    /// The same amount every year.
    #[default]
    Even,
    /// Rising linearly: year t carries weight t (1, 2, ..., N).
    BackLoaded,
    /// Falling linearly: year t carries weight N − t + 1.
    FrontLoaded,
    /// The amounts given in `per_year_usd`.
    Explicit,
}

/// Amount due each year, summing to `total`.
pub fn amounts(kind: ScheduleKind, total: f64, years: u32, explicit: Option<&[f64]>) -> Vec<f64> {
    let n = years as usize;
    let weights: Vec<f64> = match kind {
        ScheduleKind::Even => vec![1.0; n],
        ScheduleKind::BackLoaded => (1..=n).map(|t| t as f64).collect(),
        ScheduleKind::FrontLoaded => (1..=n).rev().map(|t| t as f64).collect(),
        ScheduleKind::Explicit => return explicit.map(<[f64]>::to_vec).unwrap_or_default(),
    };
    let sum: f64 = weights.iter().sum();
    weights.iter().map(|w| total * w / sum).collect()
}
