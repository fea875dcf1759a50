//! `revenue_projection`: can a company's revenue cover its commitments?

pub mod chart;
mod growth;
mod schedule;
mod solve;

use std::collections::HashSet;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Basis, Bound, Dataset, Figure, Metric, SourceRef};
use crate::error::{ArgProblem, ToolError};
use crate::format::usd;
use crate::tool::{
    Attention, AttentionKind, AttentionOption, AttentionTopic, Chart, DefaultRule, Effect,
    FundedBy, Tool,
};

pub use growth::{Growth, MAX_RATE, MIN_RATE, pct};
pub use schedule::ScheduleKind;
pub use solve::{RequiredRate, TOLERANCE, required_rate};

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

pub struct RevenueProjection {
    data: Arc<Dataset>,
}

const DEFAULT_BASE_YEAR: i32 = 2025;
const DEFAULT_HORIZON: u32 = 5;

/// Relative tolerance for an explicit schedule's sum.
const SCHEDULE_SUM_TOLERANCE: f64 = 1e-6;

impl RevenueProjection {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    fn fail(problems: Vec<ArgProblem>) -> ToolError {
        ToolError::InvalidArguments {
            tool: Self::NAME.to_string(),
            problems,
        }
    }

    fn company(&self, name: &str) -> Result<String, ToolError> {
        self.data.resolve_argument(Self::NAME, "company", name)
    }

    fn figures(&self, company: &str, metric: Metric) -> Vec<&Figure> {
        self.data
            .figures
            .iter()
            .filter(|f| f.subject == company && f.metric == metric && f.value.is_some())
            .collect()
    }

    fn base_candidates(&self, company: &str) -> Vec<BaseCandidate> {
        let figures = self.figures(company, Metric::Revenue);
        // A base is today's revenue: forecasts are candidates only for a
        // company the sources give nothing else for, and then marked as
        // such (the output's attention asks the user to accept that).
        let measured = figures.iter().any(|f| f.basis != Basis::Projected);
        figures
            .into_iter()
            .filter(|f| !measured || f.basis != Basis::Projected)
            .filter_map(|f| {
                Some(BaseCandidate {
                    figure_id: f.id.clone(),
                    value_usd: f.value?,
                    bound: f.bound,
                    basis: f.basis,
                    year: f.year,
                    period: f.period.clone(),
                    note: f.note.clone(),
                    sources: self.data.source_refs(&f.sources),
                })
            })
            .collect()
    }

    /// The default among several bases: reported figures before
    /// run-rates and estimates (they are measured, not extrapolated), the
    /// latest year first, then the lowest value (a funding question should
    /// not start from the most optimistic number).
    fn default_base(candidates: &[BaseCandidate]) -> Option<(&BaseCandidate, String)> {
        let rank = |b: &Basis| match b {
            Basis::Reported => 0,
            Basis::Annualized => 1,
            Basis::Estimated => 2,
            Basis::Rumoured => 3,
            Basis::Projected => 4,
        };
        let best = candidates.iter().min_by(|a, b| {
            rank(&a.basis)
                .cmp(&rank(&b.basis))
                .then(b.year.cmp(&a.year))
                .then(a.value_usd.total_cmp(&b.value_usd))
        })?;
        let reason = if candidates.len() == 1 {
            format!(
                "`{}` is the only revenue figure for this company in the dataset",
                best.figure_id
            )
        } else {
            format!(
                "`{}` chosen among {} candidates by the default rule: reported figures before run-rates and estimates, latest year, then the lowest value (conservative for a funding question); the base is contested, pass `base_figure` or `base_usd` to choose",
                best.figure_id,
                candidates.len()
            )
        };
        Some((best, reason))
    }

    /// How well the sources back a framing: the distinct documents citing
    /// it (two lines of one document are one source), then whether the
    /// company's own people state it.
    fn support(&self, company: &str, f: &Figure) -> (usize, bool) {
        let documents: HashSet<&str> = f.sources.iter().map(|c| c.source.as_str()).collect();
        let own = f
            .attributed_to
            .as_deref()
            .and_then(|p| self.data.entity(p))
            .is_some_and(|p| p.organisation.as_deref() == Some(company));
        (documents.len(), own)
    }

    fn commitment_candidates(&self, company: &str) -> Vec<(CommitmentCandidate, (usize, bool))> {
        self.figures(company, Metric::ComputeCommitments)
            .into_iter()
            // A total with no term cannot be spread over years: it is not
            // a framing to project (statement_comparison still lists it).
            .filter(|f| f.term_years.is_some())
            .filter_map(|f| {
                Some((
                    CommitmentCandidate {
                        figure_id: f.id.clone(),
                        total_usd: f.value?,
                        term_years: f.term_years,
                        period: f.period.clone(),
                        sources: self.data.source_refs(&f.sources),
                    },
                    self.support(company, f),
                ))
            })
            .collect()
    }

    fn commitments(
        &self,
        args: &RevenueProjectionArgs,
        company: Option<&str>,
        horizon_default: Option<u32>,
    ) -> Result<Option<CommitmentsUsed>, ToolError> {
        let given = args.commitments.clone();
        let candidates = company
            .map(|c| self.commitment_candidates(c))
            .unwrap_or_default();
        let c = given.clone().unwrap_or(CommitmentsArgs {
            total_usd: None,
            figure: None,
            years: None,
            schedule: None,
            per_year_usd: None,
        });
        let (total, term, figure_id, reason) = match (c.total_usd, &c.figure) {
            (Some(_), Some(_)) => {
                return Err(ToolError::argument(
                    Self::NAME,
                    "commitments.figure",
                    "give `commitments.total_usd` or `commitments.figure`, not both",
                ));
            }
            (Some(total), None) => (
                total,
                None,
                None,
                "the explicit `commitments.total_usd`".to_string(),
            ),
            (None, Some(id)) => {
                let Some((cand, _)) = candidates.iter().find(|(cand, _)| &cand.figure_id == id)
                else {
                    let ids: Vec<&str> = candidates
                        .iter()
                        .map(|(c, _)| c.figure_id.as_str())
                        .collect();
                    let known = if ids.is_empty() {
                        "none for this company".to_string()
                    } else {
                        ids.join(", ")
                    };
                    return Err(ToolError::argument(
                        Self::NAME,
                        "commitments.figure",
                        format!(
                            "`commitments.figure` {} is not a compute_commitments figure of the company; known: {known}",
                            crate::quoted(id)
                        ),
                    ));
                };
                (
                    cand.total_usd,
                    cand.term_years,
                    Some(id.clone()),
                    format!("the requested figure `{id}`"),
                )
            }
            (None, None) => {
                // Most-cited framing first: it is the one the sources agree on most.
                let best = candidates
                    .iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.figure_id.cmp(&a.0.figure_id)));
                match best {
                    Some((cand, _)) => {
                        let reason = if candidates.len() == 1 {
                            format!(
                                "`{}`, the company's only commitments figure",
                                cand.figure_id
                            )
                        } else {
                            format!(
                                "`{}`, cited by the most source documents (on a tie, the company's own framing) among {} commitments figures",
                                cand.figure_id,
                                candidates.len()
                            )
                        };
                        (
                            cand.total_usd,
                            cand.term_years,
                            Some(cand.figure_id.clone()),
                            reason,
                        )
                    }
                    None if given.is_some() => {
                        return Err(ToolError::argument(
                            Self::NAME,
                            "commitments.total_usd",
                            "the dataset has no commitments figure for this company; give `commitments.total_usd`",
                        ));
                    }
                    None => return Ok(None),
                }
            }
        };
        let schedule = c.schedule.unwrap_or_default();
        let explicit_len = c.per_year_usd.as_ref().map(|v| v.len() as u32);
        let years = c
            .years
            .or(explicit_len)
            .or(term)
            .or(horizon_default)
            .unwrap_or(DEFAULT_HORIZON);
        let mut problems = Vec::new();
        match (schedule, &c.per_year_usd) {
            (ScheduleKind::Explicit, None) => problems.push(ArgProblem::new(
                "commitments.per_year_usd",
                "`commitments.per_year_usd` is required when `commitments.schedule` is explicit",
            )),
            (ScheduleKind::Explicit, Some(amounts)) => {
                if amounts.len() as u32 != years {
                    problems.push(ArgProblem::new("commitments.per_year_usd", format!("`commitments.per_year_usd` has {} amounts but the commitments span {years} years", amounts.len())));
                }
                if let Some(bad) = amounts
                    .iter()
                    .position(|a| !a.is_finite() || *a < 0.0 || *a > MAX_AMOUNT_USD)
                {
                    problems.push(ArgProblem::new(
                        format!("commitments.per_year_usd[{bad}]"),
                        format!("`commitments.per_year_usd[{bad}]` must be a non-negative amount of at most {MAX_AMOUNT_USD:e}; got {}", amounts[bad]),
                    ));
                }
                let sum: f64 = amounts.iter().sum();
                if (sum - total).abs() > SCHEDULE_SUM_TOLERANCE * total {
                    problems.push(ArgProblem::new("commitments.per_year_usd", format!("`commitments.per_year_usd` sums to {sum} but the total is {total}; the schedule must sum to the total")));
                }
            }
            (_, Some(_)) => problems.push(ArgProblem::new(
                "commitments.per_year_usd",
                "`commitments.per_year_usd` is only used with `commitments.schedule: explicit`",
            )),
            (_, None) => {}
        }
        if !problems.is_empty() {
            return Err(Self::fail(problems));
        }
        let per_year_usd = schedule::amounts(schedule, total, years, c.per_year_usd.as_deref());
        let distinct: HashSet<(u64, Option<u32>)> = candidates
            .iter()
            .map(|(c, _)| (c.total_usd.to_bits(), c.term_years))
            .collect();
        Ok(Some(CommitmentsUsed {
            total_usd: total,
            years,
            schedule,
            per_year_usd,
            figure_id,
            reason,
            // A framing the caller chose is a decision, no longer a dispute.
            contested: distinct.len() > 1 && c.total_usd.is_none() && c.figure.is_none(),
            candidates: candidates.into_iter().map(|(c, _)| c).collect(),
        }))
    }
}

/// Runs one scenario from `base` over `horizon` years against `due`
/// (amounts due in years 1..), with `share` of revenue available.
/// The largest yearly commitment accepted, in US dollars: with the other
/// bounds (base at most 10^15, growth at most +1000% a year for 30 years)
/// every sum and ratio stays finite.
const MAX_AMOUNT_USD: f64 = 1e16;

pub fn run_scenario(
    s: &Scenario,
    base: f64,
    base_year: i32,
    horizon: u32,
    due: &[f64],
    share: f64,
) -> ScenarioResult {
    let revenue = s.growth.project(base, horizon);
    let total_due: f64 = due.iter().sum();
    let mut years = Vec::with_capacity(revenue.len());
    let (mut cum_rev, mut cum_due, mut prev) = (0.0, 0.0, base);
    let mut first_year_funded = None;
    for (i, &r) in revenue.iter().enumerate() {
        let year = base_year + 1 + i as i32;
        let d = due.get(i).copied().unwrap_or(0.0);
        cum_rev += r;
        cum_due += d;
        if first_year_funded.is_none() && total_due > 0.0 && cum_rev * share >= total_due {
            first_year_funded = Some(year);
        }
        years.push(YearRow {
            year,
            growth_rate: r / prev - 1.0,
            revenue_usd: r,
            cumulative_revenue_usd: cum_rev,
            commitments_due_usd: d,
            cumulative_commitments_usd: cum_due,
            coverage_ratio: (cum_due > 0.0).then(|| cum_rev * share / cum_due),
        });
        prev = r;
    }
    ScenarioResult {
        name: s.name.clone(),
        growth: s.growth.clone(),
        description: s.growth.describe(),
        years,
        first_year_funded,
    }
}

/// What projecting from one candidate base concludes: the growth the
/// commitments need and, per scenario, whether they are funded.
fn base_effect(b: &BaseSensitivity) -> Effect {
    // Scenarios funded in the same year read as one phrase.
    let mut funded: Vec<FundedBy> = Vec::new();
    for v in &b.scenarios {
        if let Some(y) = v.first_year_funded {
            match funded.iter_mut().find(|f| f.year == y) {
                Some(f) => f.scenarios.push(v.scenario.clone()),
                None => funded.push(FundedBy {
                    year: y,
                    scenarios: vec![v.scenario.clone()],
                }),
            }
        }
    }
    let mut effect = rate_effect(b.required_growth.as_ref());
    effect.funded = funded;
    effect.unfunded = b
        .scenarios
        .iter()
        .filter(|v| v.first_year_funded.is_none())
        .map(|v| v.scenario.clone())
        .collect();
    effect
}

fn rate_effect(rate: Option<&RequiredRate>) -> Effect {
    Effect {
        required_rate: match rate {
            Some(RequiredRate::Solved { rate }) => Some(*rate),
            _ => None,
        },
        covered_anyway: matches!(rate, Some(RequiredRate::AlreadyCovered)),
        not_coverable: matches!(rate, Some(RequiredRate::NotCoverableWithinBounds)),
        over_years: None,
        from_base_usd: None,
        funded: Vec::new(),
        unfunded: Vec::new(),
    }
}

/// The English of an effect, for `consequence`.
fn describe_effect(e: &Effect) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(rate) = e.required_rate {
        parts.push(match (e.over_years, e.from_base_usd) {
            (Some(y), Some(b)) => format!(
                "needs {} a year over {y} years from the {} base",
                pct(rate),
                usd(b)
            ),
            _ => format!("needs {} a year", pct(rate)),
        });
    } else if e.covered_anyway {
        parts.push("covered at any growth".to_string());
    } else if e.not_coverable {
        parts.push("not coverable within the growth bounds".to_string());
    }
    parts.extend(
        e.funded
            .iter()
            .map(|f| format!("funded by {} under {}", f.year, f.scenarios.join(", "))),
    );
    if !e.unfunded.is_empty() {
        parts.push(format!("not funded under {}", e.unfunded.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The argument change that projects from revenue figure `id`.
fn choose_base(id: &str) -> serde_json::Value {
    serde_json::json!({"base_figure": id, "base_usd": null})
}

impl Tool for RevenueProjection {
    const NAME: &'static str = "revenue_projection";
    const TITLE: &'static str = "Revenue projection";
    const GUIDE: &'static str = "1. Call `statement_comparison` with `mode: figures`, the company as `subject` and `metric: revenue` to see every candidate base and why they differ (reported vs annualized run-rate).\n2. Call `revenue_projection` with `company` and two or three `scenarios` (for example a constant `cagr`, a `decaying` rate and a `logistic` curve to a ceiling). Leave `commitments` out to use the dataset's figure, or give `total_usd` and `years`.\n3. Read `base.reason` and `contested`. If the base is contested, tell the user which candidates exist; if `assumption_material` is true, the choice of base changes the answer: ask the user which base to use, or present every base.\n4. Report `required_growth` (with its method and tolerance) and `sensitivity` per base, and each scenario's `first_year_funded`.\n5. Call `deal_lookup` with the company as `party`, `direction: pays` and `kind: compute_contract` to name the counterparties behind the commitments.\n";
    type Args = RevenueProjectionArgs;
    type Output = RevenueProjectionOutput;

    fn charts(&self, out: &RevenueProjectionOutput) -> Vec<Chart> {
        // A projection without scenarios has nothing to draw.
        if out.scenarios.is_empty() {
            return Vec::new();
        }
        match chart::svg(out) {
            Ok(svg) => vec![Chart {
                title: format!(
                    "{}: cumulative revenue by scenario vs cumulative commitments",
                    out.company.as_deref().unwrap_or("projection")
                ),
                svg,
                text: chart::text(out, 8),
            }],
            Err(_) => Vec::new(),
        }
    }

    fn attention(&self, out: &RevenueProjectionOutput) -> Vec<Attention> {
        let labels = |refs: &[SourceRef]| refs.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
        let who = out.company.as_deref().unwrap_or("the company");
        let mut items = Vec::new();
        // The base is one choice, whether the sources disagree on it, the
        // conclusion depends on it, or both: one item, each option saying
        // what it would change.
        if out.contested || out.assumption_material {
            let summary = match (out.contested, out.assumption_material) {
                (true, true) => format!(
                    "which revenue base for {who}: the sources disagree, and the choice changes the conclusion"
                ),
                (true, false) => format!("sources disagree on {who}'s revenue base"),
                _ => format!("the choice of {who}'s revenue base changes the conclusion"),
            };
            let used = out.base.figure_id.as_deref();
            let default = match out
                .candidates
                .iter()
                .find(|c| Some(c.figure_id.as_str()) == used)
            {
                Some(c) if out.contested => Some(format!(
                    "{} {} by the default rule: reported figures before run-rates and estimates, the latest year, then the lowest value (conservative for a funding question)",
                    usd(c.value_usd),
                    c.basis.as_str()
                )),
                Some(c) => Some(format!(
                    "{} {}, as the arguments ask",
                    usd(c.value_usd),
                    c.basis.as_str()
                )),
                None => Some(format!("{}, as the arguments ask", usd(out.base.value_usd))),
            };
            items.push(Attention {
                kind: if out.contested {
                    AttentionKind::Conflict
                } else {
                    AttentionKind::Assumption
                },
                summary,
                options: out
                    .candidates
                    .iter()
                    .map(|c| {
                        let effect = out
                            .sensitivity
                            .iter()
                            .find(|b| b.figure_id == c.figure_id)
                            .map(base_effect);
                        AttentionOption {
                            label: format!("{} {}", usd(c.value_usd), c.basis.as_str()),
                            detail: c.period.clone(),
                            sources: labels(&c.sources),
                            choose: Some(choose_base(&c.figure_id)),
                            record: Some(c.figure_id.clone()),
                            consequence: effect.as_ref().and_then(describe_effect),
                            used: used == Some(c.figure_id.as_str()),
                            amount_usd: Some(c.value_usd),
                            qualifier: Some(c.basis.as_str().to_string()),
                            effect,
                        }
                    })
                    .collect(),
                default,
                material: out.assumption_material,
                topic: Some(AttentionTopic::RevenueBase {
                    company: who.to_string(),
                    contested: out.contested,
                    material: out.assumption_material,
                }),
                default_rule: Some(if out.contested {
                    DefaultRule::BaseRule
                } else {
                    DefaultRule::Arguments
                }),
            });
        }
        // A forecast used as today's revenue is an assumption the user
        // should accept knowingly (it only happens when the sources give
        // nothing measured).
        let projected = out
            .candidates
            .iter()
            .find(|c| out.base.figure_id.as_deref() == Some(c.figure_id.as_str()))
            .filter(|c| c.basis == Basis::Projected);
        if items.is_empty()
            && let Some(c) = projected
        {
            items.push(Attention {
                kind: AttentionKind::Assumption,
                summary: format!("{who}'s only revenue figure is a projection, used as the base"),
                options: vec![AttentionOption {
                    label: format!("{} {}", usd(c.value_usd), c.basis.as_str()),
                    detail: c.period.clone(),
                    sources: labels(&c.sources),
                    choose: None,
                    record: Some(c.figure_id.clone()),
                    consequence: None,
                    used: true,
                    amount_usd: Some(c.value_usd),
                    qualifier: Some(c.basis.as_str().to_string()),
                    effect: None,
                }],
                default: Some(format!(
                    "{} {} ({}), the only revenue figure in the dataset",
                    usd(c.value_usd),
                    c.basis.as_str(),
                    c.period
                )),
                material: true,
                topic: Some(AttentionTopic::ProjectedBase {
                    company: who.to_string(),
                }),
                default_rule: Some(DefaultRule::OnlyFigure),
            });
        }
        if let Some(c) = out.commitments.as_ref().filter(|c| c.contested) {
            let default = c
                .candidates
                .iter()
                .find(|k| c.figure_id.as_deref() == Some(k.figure_id.as_str()))
                .map(|k| {
                    format!(
                        "{} {}, the framing cited by the most source documents (on a tie, the company's own)",
                        usd(k.total_usd),
                        k.period
                    )
                });
            items.push(Attention {
                kind: AttentionKind::Conflict,
                summary: format!("sources frame {who}'s commitments differently"),
                options: c
                    .candidates
                    .iter()
                    .map(|k| {
                        // What the framing asks of the base in use.
                        let years = k.term_years.unwrap_or(c.years);
                        let rate = required_rate(out.base.value_usd, years, out.revenue_share, k.total_usd);
                        let mut effect = rate_effect(Some(&rate));
                        effect.over_years = Some(years);
                        effect.from_base_usd = Some(out.base.value_usd);
                        AttentionOption {
                            label: format!("{} {}", usd(k.total_usd), k.period),
                            detail: String::new(),
                            sources: labels(&k.sources),
                            // The term comes with the figure unless given.
                            choose: Some(serde_json::json!({
                                "commitments": {"figure": k.figure_id, "total_usd": null, "per_year_usd": null}
                            })),
                            record: Some(k.figure_id.clone()),
                            consequence: describe_effect(&effect),
                            used: c.figure_id.as_deref() == Some(k.figure_id.as_str()),
                            amount_usd: Some(k.total_usd),
                            qualifier: Some(k.period.clone()),
                            effect: Some(effect),
                        }
                    })
                    .collect(),
                default,
                material: false,
                topic: Some(AttentionTopic::CommitmentsFraming {
                    company: who.to_string(),
                }),
                default_rule: Some(DefaultRule::MostCited),
            });
        }
        items
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
