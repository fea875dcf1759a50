//! Growth models: how revenue evolves year by year from a base.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ArgProblem;
use crate::{OutputLang, said};

/// Bounds on any yearly growth rate: below -90% or above +1000% a year is
/// outside anything a projection of a real company should assume.
pub const MIN_RATE: f64 = -0.9;
pub const MAX_RATE: f64 = 10.0;

/// A growth model. Rates are fractions per year (0.5 = +50%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
pub enum Growth {
    /// Constant growth: revenue(t) = base × (1 + rate)^t.
    Cagr {
        /// Yearly growth rate (0.5 = 50% a year).
        #[schemars(range(min = -0.9, max = 10.0))]
        rate: f64,
    },
    /// Growth that slows: the rate in year t is
    /// max(floor, start_rate × (1 − decay)^(t−1)).
    Decaying {
        /// Growth rate in the first projected year.
        #[schemars(range(min = -0.9, max = 10.0))]
        start_rate: f64,
        /// Fraction by which the rate shrinks each year (0.2 = the rate is 20% lower each year).
        #[schemars(range(min = 0.0, max = 1.0))]
        decay: f64,
        /// The rate never falls below this.
        #[schemars(range(min = -0.9, max = 10.0))]
        floor: f64,
    },
    /// An S-curve towards a ceiling: revenue(t) = ceiling / (1 + ((ceiling − base) / base) × e^(−steepness × t)).
    Logistic {
        /// The revenue the company approaches, in US dollars; above the base
        /// (at most 10^18).
        #[schemars(range(min = 0.0, max = 1e18))]
        ceiling_usd: f64,
        /// How fast the curve rises (growth rate while revenue is far below the ceiling).
        #[schemars(range(min = 0.0, max = 10.0))]
        steepness: f64,
    },
}

impl Growth {
    /// Checks what the schema cannot express; `field` is the model's path.
    pub fn check(&self, base: f64, field: &str, lang: OutputLang) -> Vec<ArgProblem> {
        let mut problems = Vec::new();
        match *self {
            Growth::Decaying { start_rate, floor, .. } if floor > start_rate => problems.push(ArgProblem::new(
                format!("{field}.floor"),
                said!(
                    lang,
                    "`{field}.floor` ({floor}) is above `{field}.start_rate` ({start_rate}): a decaying rate cannot start below its floor",
                    "`{field}.floor` ({floor}) が `{field}.start_rate` ({start_rate}) を上回っています。逓減する成長率は下限より低い値から始められません"
                ),
            )),
            Growth::Logistic { ceiling_usd, .. } if ceiling_usd <= base => problems.push(ArgProblem::new(
                format!("{field}.ceiling_usd"),
                said!(
                    lang,
                    "`{field}.ceiling_usd` ({ceiling_usd}) must be above the base revenue ({base})",
                    "`{field}.ceiling_usd` ({ceiling_usd}) は基準の売上 ({base}) より大きくなければなりません"
                ),
            )),
            _ => {}
        }
        problems
    }

    /// Revenue in years 1..=years from `base` (year 0).
    pub fn project(&self, base: f64, years: u32) -> Vec<f64> {
        let mut out = Vec::with_capacity(years as usize);
        match *self {
            Growth::Cagr { rate } => {
                let mut r = base;
                for _ in 0..years {
                    r *= 1.0 + rate;
                    out.push(r);
                }
            }
            Growth::Decaying {
                start_rate,
                decay,
                floor,
            } => {
                let mut r = base;
                let mut rate = start_rate;
                for _ in 0..years {
                    r *= 1.0 + rate.max(floor);
                    out.push(r);
                    rate *= 1.0 - decay;
                }
            }
            Growth::Logistic {
                ceiling_usd,
                steepness,
            } => {
                let a = (ceiling_usd - base) / base;
                for t in 1..=years {
                    out.push(ceiling_usd / (1.0 + a * (-steepness * f64::from(t)).exp()));
                }
            }
        }
        out
    }

    /// One line for tables and reports, in `lang`.
    pub fn describe(&self, lang: OutputLang) -> String {
        match *self {
            Growth::Cagr { rate } => {
                let rate = pct(rate);
                said!(lang, "constant {rate}/yr", "年率 {rate} で一定")
            }
            Growth::Decaying {
                start_rate,
                decay,
                floor,
            } => {
                let (start, decay, floor) = (pct(start_rate), pct(decay), pct(floor));
                said!(
                    lang,
                    "{start} in year 1, shrinking {decay} a year, floor {floor}",
                    "初年度 {start}、毎年 {decay} ずつ縮小、下限 {floor}"
                )
            }
            Growth::Logistic {
                ceiling_usd,
                steepness,
            } => {
                let ceiling = ceiling_usd / 1e9;
                let ceiling_ja = crate::format::usd_in(lang, ceiling_usd);
                said!(
                    lang,
                    "S-curve to ${ceiling:.0}B, steepness {steepness}",
                    "上限 {ceiling_ja} への S 字曲線、傾き {steepness}"
                )
            }
        }
    }
}

pub fn pct(rate: f64) -> String {
    let p = rate * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}
