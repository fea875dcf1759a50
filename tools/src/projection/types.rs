//! The arguments and output of `revenue_projection`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Basis, Bound, SourceRef};

use super::{Growth, RequiredRate, ScheduleKind};

/// Projects a company's revenue year by year under growth scenarios (constant
/// CAGR, decaying growth, S-curve to a ceiling) and sets it against a
/// schedule of commitments: coverage per year, the first year cumulative
/// revenue covers them, and the constant growth rate they require, for every
/// candidate base figure in the dataset.
///
/// Use it for questions like "can OpenAI's revenue pay for $1.4T of compute
/// commitments over 8 years?" or "what does Anthropic's $70B-by-2028
/// projection imply?". Give `company` (its revenue figures become the
/// candidate bases and its compute commitments the default commitments) or
/// an explicit `base_usd`. When the dataset holds several bases the output
/// lists each with its source and basis, says which was used and why, and
/// marks the base as contested; `assumption_material` says whether the
/// choice changes the conclusion.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevenueProjectionArgs {
    /// Company whose dataset figures supply the base revenue and, unless
    /// `commitments` says otherwise, the commitments (name, alias or id).
    pub company: Option<String>,
    /// An explicit base revenue in US dollars, instead of the dataset's
    /// figures (at most 10^15: the bound keeps every projection finite).
    #[schemars(range(min = 1.0, max = 1e15))]
    pub base_usd: Option<f64>,
    /// Which of the company's revenue figures to use as the base (a
    /// `figure_id` from `candidates`); default: see `base.reason`.
    pub base_figure: Option<String>,
    /// Calendar year of the base revenue; the projection starts the year
    /// after (default: the base figure's year, else 2025).
    #[schemars(range(min = 1900, max = 2200))]
    pub base_year: Option<i32>,
    /// Number of years to project (default: the commitments' term, else 5).
    #[schemars(range(min = 1, max = 30))]
    pub horizon_years: Option<u32>,
    /// Growth scenarios, each named (bear/base/bull or your own).
    #[schemars(length(min = 1, max = 12))]
    pub scenarios: Vec<Scenario>,
    /// Commitments to set against the revenue (default with `company`: its
    /// compute commitments in the dataset).
    pub commitments: Option<CommitmentsArgs>,
    /// Share of revenue that can go to paying the commitments (default 1: all of it).
    #[schemars(range(min = 0.01, max = 1.0))]
    pub revenue_share: Option<f64>,
}

/// A named growth scenario.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Scenario name, e.g. bear, base, bull.
    #[schemars(length(min = 1, max = 40))]
    pub name: String,
    /// How revenue grows in this scenario.
    pub growth: Growth,
}

/// Commitments to set against revenue.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentsArgs {
    /// Total commitments in US dollars (default: the dataset's figure for
    /// `company`; at most 10^16).
    #[schemars(range(min = 1.0, max = 1e16))]
    pub total_usd: Option<f64>,
    /// A `compute_commitments` figure id from the dataset to use.
    pub figure: Option<String>,
    /// Years over which they fall due, starting the year after the base
    /// (default: the figure's term, else the horizon).
    #[schemars(range(min = 1, max = 30))]
    pub years: Option<u32>,
    /// How the total falls due over the years (default `even`).
    pub schedule: Option<ScheduleKind>,
    /// Amount due each year, for `schedule: explicit`; must sum to the total.
    #[schemars(length(min = 1, max = 30))]
    pub per_year_usd: Option<Vec<f64>>,
}

/// A revenue figure the dataset offers as a base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BaseCandidate {
    pub figure_id: String,
    pub value_usd: f64,
    pub bound: Bound,
    pub basis: Basis,
    pub year: Option<i32>,
    /// The period in the sources' words.
    pub period: String,
    pub note: Option<String>,
    /// The figure's Japanese renderings (`period`, `note`), from the dataset.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<SourceRef>,
}

/// The base the projection used.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BaseUsed {
    pub value_usd: f64,
    pub year: i32,
    /// The dataset figure, when the base came from the dataset.
    pub figure_id: Option<String>,
    /// Why this base was used.
    pub reason: String,
}

/// A commitments figure the dataset offers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentCandidate {
    pub figure_id: String,
    pub total_usd: f64,
    pub term_years: Option<u32>,
    pub period: String,
    /// The figure's Japanese renderings (`period`, `note`), from the dataset.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<SourceRef>,
}

/// The commitments the projection was set against.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentsUsed {
    pub total_usd: f64,
    pub years: u32,
    pub schedule: ScheduleKind,
    /// Amount due in each year of the term.
    pub per_year_usd: Vec<f64>,
    pub figure_id: Option<String>,
    pub reason: String,
    /// Every commitments figure the dataset holds for the company.
    pub candidates: Vec<CommitmentCandidate>,
    /// More than one candidate, differing in total or term, and none
    /// chosen explicitly (`commitments.figure` or `commitments.total_usd`).
    pub contested: bool,
}

/// One projected year of one scenario.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct YearRow {
    pub year: i32,
    /// Growth rate this year (revenue / previous year's − 1).
    pub growth_rate: f64,
    pub revenue_usd: f64,
    pub cumulative_revenue_usd: f64,
    pub commitments_due_usd: f64,
    pub cumulative_commitments_usd: f64,
    /// Cumulative available revenue (× `revenue_share`) over cumulative
    /// commitments due; absent before anything falls due.
    pub coverage_ratio: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioResult {
    pub name: String,
    pub growth: Growth,
    /// The model in words.
    pub description: String,
    pub years: Vec<YearRow>,
    /// First year in which cumulative available revenue reaches the total
    /// commitments; absent when it does not within the horizon.
    pub first_year_funded: Option<i32>,
}

/// The constant growth rate the commitments require.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RequiredGrowth {
    pub result: RequiredRate,
    /// Over how many years the cumulative available revenue must reach the total.
    pub over_years: u32,
    /// How it was solved, with the tolerance.
    pub method: String,
}

/// How a scenario fares with one candidate base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioVerdict {
    pub scenario: String,
    pub first_year_funded: Option<i32>,
}

/// What the answer looks like with each candidate base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BaseSensitivity {
    pub figure_id: String,
    pub base_usd: f64,
    pub basis: Basis,
    pub required_growth: Option<RequiredRate>,
    pub scenarios: Vec<ScenarioVerdict>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RevenueProjectionOutput {
    /// The company, when one was named.
    pub company: Option<String>,
    pub base: BaseUsed,
    /// Every revenue figure in the dataset that could serve as the base.
    pub candidates: Vec<BaseCandidate>,
    /// True when the dataset offers more than one base and none was chosen explicitly.
    pub contested: bool,
    pub commitments: Option<CommitmentsUsed>,
    pub revenue_share: f64,
    pub scenarios: Vec<ScenarioResult>,
    pub required_growth: Option<RequiredGrowth>,
    /// The required rate and each scenario's outcome under every candidate base.
    pub sensitivity: Vec<BaseSensitivity>,
    /// True when some scenario is funded within the horizon under one
    /// candidate base and not under another: the choice of base changes the
    /// conclusion.
    pub assumption_material: bool,
    pub notes: Vec<String>,
}
