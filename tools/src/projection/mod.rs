//! `revenue_projection`: can a company's revenue cover its commitments?

pub mod chart;
mod growth;
mod schedule;
mod solve;

mod base;
mod sensitivity;
mod types;

use std::collections::HashSet;
use std::sync::Arc;

use crate::dataset::{Basis, Bound, Dataset};
use crate::error::{ArgProblem, ToolError};
use crate::tool::{Attention, Chart, Example, Tool};

pub use growth::{Growth, MAX_RATE, MIN_RATE, pct};
pub use schedule::ScheduleKind;
pub use solve::{RequiredRate, TOLERANCE, required_rate};

pub use sensitivity::run_scenario;
pub use types::*;

pub struct RevenueProjection {
    data: Arc<Dataset>,
}

const DEFAULT_BASE_YEAR: i32 = 2025;
const DEFAULT_HORIZON: u32 = 5;

/// The largest yearly commitment accepted, in US dollars: with the other
/// bounds (base at most 10^15, growth at most +1000% a year for 30 years)
/// every sum and ratio stays finite.
const MAX_AMOUNT_USD: f64 = 1e16;

/// Relative tolerance for an explicit schedule's sum.
const SCHEDULE_SUM_TOLERANCE: f64 = 1e-6;

impl RevenueProjection {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }
}

impl Tool for RevenueProjection {
    const NAME: &'static str = "revenue_projection";
    const TITLE: &'static str = "Revenue projection";
    const GUIDE: &'static str = "1. Call `statement_comparison` with `mode: figures`, the company as `subject` and `metric: revenue` to see every candidate base and why they differ (reported vs annualized run-rate).\n2. Call `revenue_projection` with `company` and two or three `scenarios` (for example a constant `cagr`, a `decaying` rate and a `logistic` curve to a ceiling). Leave `commitments` out to use the dataset's figure, or give `total_usd` and `years`.\n3. Read `base.reason` and `contested`. If the base is contested, tell the user which candidates exist; if `assumption_material` is true, the choice of base changes the answer: ask the user which base to use, or present every base.\n4. Report `required_growth` (with its method and tolerance) and `sensitivity` per base, and each scenario's `first_year_funded`.\n5. Call `deal_lookup` with the company as `party`, `direction: pays` and `kind: compute_contract` to name the counterparties behind the commitments.\n";
    const EXAMPLES: &'static [Example] = &[Example {
        caption: "Can OpenAI's revenue cover $1.4T over 8 years?",
        arguments: r#"{"company": "OpenAI", "scenarios": [{"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]}"#,
    }];
    type Args = RevenueProjectionArgs;
    type Output = RevenueProjectionOutput;

    /// A few scenarios over a bounded horizon, and a root search of a
    /// fixed number of steps.
    fn runs_long(&self, _args: &RevenueProjectionArgs) -> bool {
        false
    }

    fn charts(&self, out: &RevenueProjectionOutput, lang: crate::ChartLang) -> Vec<Chart> {
        // A projection without scenarios has nothing to draw.
        if out.scenarios.is_empty() {
            return Vec::new();
        }
        match chart::svg(out, lang) {
            Ok(svg) => vec![Chart {
                title: chart::name(out, lang),
                svg,
                text: chart::text(out, 8, lang),
            }],
            Err(_) => Vec::new(),
        }
    }

    fn attention(&self, out: &RevenueProjectionOutput) -> Vec<Attention> {
        sensitivity::attention(out)
    }

    async fn call(
        &self,
        args: RevenueProjectionArgs,
    ) -> Result<RevenueProjectionOutput, ToolError> {
        let company = args
            .company
            .as_deref()
            .map(|c| self.company(c))
            .transpose()?;
        let candidates = company
            .as_deref()
            .map(|c| self.base_candidates(c))
            .unwrap_or_default();

        // The base.
        let (base, figure_id, reason, base_figure_year) = match (args.base_usd, &args.base_figure) {
            (Some(_), Some(_)) => {
                return Err(ToolError::argument(
                    Self::NAME,
                    "base_figure",
                    "give `base_usd` or `base_figure`, not both",
                ));
            }
            (Some(b), None) => (
                b,
                None,
                "the explicit `base_usd` argument".to_string(),
                None,
            ),
            (None, Some(id)) => {
                let Some(c) = candidates.iter().find(|c| &c.figure_id == id) else {
                    let ids: Vec<&str> = candidates.iter().map(|c| c.figure_id.as_str()).collect();
                    let known = if ids.is_empty() {
                        "none (name a `company`)".to_string()
                    } else {
                        ids.join(", ")
                    };
                    return Err(ToolError::argument(
                        Self::NAME,
                        "base_figure",
                        format!(
                            "`base_figure` {} is not a revenue figure of the company; candidates: {known}",
                            crate::quoted(id)
                        ),
                    ));
                };
                (
                    c.value_usd,
                    Some(id.clone()),
                    format!("the requested figure `{id}`"),
                    c.year,
                )
            }
            (None, None) => match Self::default_base(&candidates) {
                Some((c, reason)) => (c.value_usd, Some(c.figure_id.clone()), reason, c.year),
                None => {
                    let why = match &args.company {
                        Some(c) => format!(
                            "the dataset has no stated revenue figure for {}; give `base_usd`",
                            crate::quoted(c)
                        ),
                        None => "give `base_usd`, or `company` to take the base from the dataset"
                            .to_string(),
                    };
                    return Err(ToolError::argument(Self::NAME, "base_usd", why));
                }
            },
        };
        let base_year = args
            .base_year
            .or(base_figure_year)
            .unwrap_or(DEFAULT_BASE_YEAR);

        let commitments = self.commitments(&args, company.as_deref(), args.horizon_years)?;
        let horizon = args
            .horizon_years
            .or(commitments.as_ref().map(|c| c.years))
            .unwrap_or(DEFAULT_HORIZON);
        let share = args.revenue_share.unwrap_or(1.0);

        let mut problems = Vec::new();
        let mut names = HashSet::new();
        for (i, s) in args.scenarios.iter().enumerate() {
            if !names.insert(s.name.trim().to_lowercase()) {
                problems.push(ArgProblem::new(
                    format!("scenarios[{i}].name"),
                    format!(
                        "`scenarios[{i}].name` {} is used twice",
                        crate::quoted(&s.name)
                    ),
                ));
            }
            problems.extend(s.growth.check(base, &format!("scenarios[{i}].growth")));
        }
        if let Some(c) = &commitments
            && c.years > horizon
        {
            problems.push(ArgProblem::new("horizon_years", format!("the commitments span {} years but `horizon_years` is {horizon}; raise `horizon_years` to at least {}", c.years, c.years)));
        }
        if !problems.is_empty() {
            return Err(Self::fail(problems));
        }

        let due: Vec<f64> = commitments
            .as_ref()
            .map(|c| c.per_year_usd.clone())
            .unwrap_or_default();
        let scenarios: Vec<ScenarioResult> = args
            .scenarios
            .iter()
            .map(|s| run_scenario(s, base, base_year, horizon, &due, share))
            .collect();
        let method = format!(
            "bisection on a constant yearly rate in [{MIN_RATE}, {MAX_RATE}], stopped when the bracket is narrower than {TOLERANCE:e}"
        );
        let required_growth = commitments.as_ref().map(|c| RequiredGrowth {
            result: required_rate(base, c.years, share, c.total_usd),
            over_years: c.years,
            method: method.clone(),
        });

        let sensitivity: Vec<BaseSensitivity> = candidates
            .iter()
            .map(|cand| BaseSensitivity {
                figure_id: cand.figure_id.clone(),
                base_usd: cand.value_usd,
                basis: cand.basis,
                required_growth: commitments
                    .as_ref()
                    .map(|c| required_rate(cand.value_usd, c.years, share, c.total_usd)),
                scenarios: args
                    .scenarios
                    .iter()
                    .filter(|s| s.growth.check(cand.value_usd, "").is_empty())
                    .map(|s| ScenarioVerdict {
                        scenario: s.name.clone(),
                        first_year_funded: run_scenario(
                            s,
                            cand.value_usd,
                            base_year,
                            horizon,
                            &due,
                            share,
                        )
                        .first_year_funded,
                    })
                    .collect(),
            })
            .collect();
        let mut assumption_material = false;
        let mut notes = Vec::new();
        if commitments.is_some() {
            for s in &args.scenarios {
                let outcomes: Vec<(&str, Option<i32>)> = sensitivity
                    .iter()
                    .filter_map(|b| {
                        b.scenarios
                            .iter()
                            .find(|v| v.scenario == s.name)
                            .map(|v| (b.figure_id.as_str(), v.first_year_funded))
                    })
                    .collect();
                let funded: Vec<&str> = outcomes
                    .iter()
                    .filter(|o| o.1.is_some())
                    .map(|o| o.0)
                    .collect();
                let unfunded: Vec<&str> = outcomes
                    .iter()
                    .filter(|o| o.1.is_none())
                    .map(|o| o.0)
                    .collect();
                if !funded.is_empty() && !unfunded.is_empty() {
                    assumption_material = true;
                    notes.push(format!(
                        "the base changes the conclusion: under scenario \"{}\" the commitments are funded within the horizon with {} but not with {}",
                        s.name,
                        funded.join(", "),
                        unfunded.join(", ")
                    ));
                }
            }
        }
        let contested =
            args.base_usd.is_none() && args.base_figure.is_none() && candidates.len() > 1;
        if contested {
            notes.push(format!(
                "the dataset holds {} candidate bases; see `candidates` and `sensitivity`",
                candidates.len()
            ));
        }
        if let Some(c) = &commitments
            && c.contested
        {
            notes.push(format!(
                "the dataset frames the commitments {} ways (see `commitments.candidates`)",
                c.candidates.len()
            ));
        }
        if candidates.iter().all(|c| c.basis == Basis::Projected)
            && let Some(c) = candidates.first()
        {
            notes.push(format!(
                "the dataset has no measured revenue for this company: the base `{}` is a projection ({}), a forecast rather than a measurement",
                c.figure_id, c.period
            ));
        }
        if candidates.iter().any(|c| c.bound == Bound::AtLeast) {
            notes.push("a run-rate \"above\" a figure is used at that figure: a floor, not a point estimate".to_string());
        }
        Ok(RevenueProjectionOutput {
            company: company.map(|c| self.data.name_of(&c).to_string()),
            base: BaseUsed {
                value_usd: base,
                year: base_year,
                figure_id,
                reason,
            },
            candidates,
            contested,
            commitments,
            revenue_share: share,
            scenarios,
            required_growth,
            sensitivity,
            assumption_material,
            notes,
        })
    }
}
