//! `revenue_projection`: can a company's revenue cover its commitments?

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Basis, Bound, Dataset, Metric, Resolution, SourceRef};
use crate::error::ToolError;
use crate::tool::Tool;

/// Projects a company's revenue year by year from a base figure under a
/// stated growth rate, showing every candidate base the dataset holds with
/// its source and basis.
///
/// Use it for questions like "can OpenAI's revenue cover $1.4T of compute
/// commitments?" or "compare Anthropic's 2028 projection with OpenAI's
/// growth". Give either `base_usd` or `company` (the dataset's revenue
/// figures are then the candidate bases).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevenueProjectionArgs {
    /// Company whose revenue figures in the dataset serve as the base.
    pub company: Option<String>,
    /// An explicit base revenue in US dollars (overrides the dataset).
    #[schemars(range(min = 1.0))]
    pub base_usd: Option<f64>,
    /// Constant yearly growth rate as a fraction (0.5 = 50% a year).
    #[schemars(range(min = -0.9, max = 10.0))]
    pub growth_rate: f64,
    /// Number of years to project.
    #[schemars(range(min = 1, max = 30))]
    pub horizon_years: u32,
}

/// A revenue figure the dataset offers as a base.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BaseCandidate {
    pub figure_id: String,
    pub value_usd: f64,
    pub bound: Bound,
    pub basis: Basis,
    pub period: String,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProjectedYear {
    /// 1 for the first projected year.
    pub year: u32,
    pub revenue_usd: f64,
    pub cumulative_revenue_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RevenueProjectionOutput {
    pub base_usd: f64,
    /// Why this base was used.
    pub base_choice: String,
    /// Every candidate base in the dataset; more than one means the base is contested.
    pub candidates: Vec<BaseCandidate>,
    pub contested: bool,
    pub years: Vec<ProjectedYear>,
}

pub struct RevenueProjection {
    data: Arc<Dataset>,
}

impl RevenueProjection {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    /// Revenue figures with a stated value for `company`, excluding
    /// projections (a base is a present figure).
    fn candidates(&self, company: &str) -> Result<Vec<BaseCandidate>, ToolError> {
        let id = match self.data.resolve(company) {
            Resolution::Found(id) => id,
            Resolution::Unknown { suggestions } => {
                let hint = suggestions
                    .first()
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return Err(ToolError::argument(
                    Self::NAME,
                    "company",
                    format!("`company`: no company called \"{company}\" in the dataset{hint}"),
                ));
            }
        };
        Ok(self
            .data
            .figures
            .iter()
            .filter(|f| {
                f.subject == id && f.metric == Metric::Revenue && f.basis != Basis::Projected
            })
            .filter_map(|f| {
                Some(BaseCandidate {
                    figure_id: f.id.clone(),
                    value_usd: f.value?,
                    bound: f.bound,
                    basis: f.basis,
                    period: f.period.clone(),
                    sources: self.data.source_refs(&f.sources),
                })
            })
            .collect())
    }
}

impl Tool for RevenueProjection {
    const NAME: &'static str = "revenue_projection";
    const TITLE: &'static str = "Revenue projection";
    type Args = RevenueProjectionArgs;
    type Output = RevenueProjectionOutput;

    async fn call(
        &self,
        args: RevenueProjectionArgs,
    ) -> Result<RevenueProjectionOutput, ToolError> {
        let candidates = match &args.company {
            Some(c) => self.candidates(c)?,
            None => Vec::new(),
        };
        let (base_usd, base_choice) = match (args.base_usd, candidates.first()) {
            (Some(b), _) => (b, "the explicit `base_usd` argument".to_string()),
            (None, Some(first)) => (
                first.value_usd,
                format!("the first candidate, `{}`", first.figure_id),
            ),
            (None, None) => {
                let why = match &args.company {
                    Some(c) => format!(
                        "the dataset has no stated revenue figure for \"{c}\"; give `base_usd`"
                    ),
                    None => "give `base_usd` or `company`".to_string(),
                };
                return Err(ToolError::argument(Self::NAME, "base_usd", why));
            }
        };
        let mut revenue = base_usd;
        let mut cumulative = 0.0;
        let years = (1..=args.horizon_years)
            .map(|year| {
                revenue *= 1.0 + args.growth_rate;
                cumulative += revenue;
                ProjectedYear {
                    year,
                    revenue_usd: revenue,
                    cumulative_revenue_usd: cumulative,
                }
            })
            .collect();
        Ok(RevenueProjectionOutput {
            base_usd,
            base_choice,
            contested: args.base_usd.is_none() && candidates.len() > 1,
            candidates,
            years,
        })
    }
}
