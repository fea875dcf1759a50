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
use crate::{OutputLang, said};

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
    const SUMMARY_JA: &'static str = "企業の売上を成長シナリオ(一定の CAGR、減速する成長、上限に向かう S 字)で年ごとに予測し、コミットメントの支払い予定と突き合わせる。年ごとの充足率、累計売上が支払いに追いつく最初の年、そのために必要な一定の成長率を、データセットにある基準値の候補ごとに出す。";
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

    fn charts(&self, out: &RevenueProjectionOutput, lang: crate::OutputLang) -> Vec<Chart> {
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
        lang: OutputLang,
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
                    said!(
                        lang,
                        "give `base_usd` or `base_figure`, not both",
                        "`base_usd` と `base_figure` はどちらか一方だけを指定してください"
                    ),
                ));
            }
            (Some(b), None) => (
                b,
                None,
                said!(
                    lang,
                    "the explicit `base_usd` argument",
                    "引数 `base_usd` で指定された値"
                ),
                None,
            ),
            (None, Some(id)) => {
                let Some(c) = candidates.iter().find(|c| &c.figure_id == id) else {
                    let ids: Vec<&str> = candidates.iter().map(|c| c.figure_id.as_str()).collect();
                    let known = if ids.is_empty() {
                        said!(
                            lang,
                            "none (name a `company`)",
                            "なし(`company` を指定してください)"
                        )
                    } else {
                        ids.join(", ")
                    };
                    let id = crate::quoted(id);
                    return Err(ToolError::argument(
                        Self::NAME,
                        "base_figure",
                        said!(
                            lang,
                            "`base_figure` {id} is not a revenue figure of the company; candidates: {known}",
                            "`base_figure` {id} はこの企業の売上の数値ではありません。候補: {known}"
                        ),
                    ));
                };
                (
                    c.value_usd,
                    Some(id.clone()),
                    said!(lang, "the requested figure `{id}`", "指定された数値 `{id}`"),
                    c.year,
                )
            }
            (None, None) => match Self::default_base(&candidates, lang) {
                Some((c, reason)) => (c.value_usd, Some(c.figure_id.clone()), reason, c.year),
                None => {
                    let why = match &args.company {
                        Some(c) => {
                            let c = crate::quoted(c);
                            said!(
                                lang,
                                "the dataset has no stated revenue figure for {c}; give `base_usd`",
                                "データセットには {c} の売上の数値がありません。`base_usd` を指定してください"
                            )
                        }
                        None => said!(
                            lang,
                            "give `base_usd`, or `company` to take the base from the dataset",
                            "`base_usd` を指定するか、`company` を指定してデータセットから基準を取ってください"
                        ),
                    };
                    return Err(ToolError::argument(Self::NAME, "base_usd", why));
                }
            },
        };
        let base_year = args
            .base_year
            .or(base_figure_year)
            .unwrap_or(DEFAULT_BASE_YEAR);

        let commitments = self.commitments(&args, company.as_deref(), args.horizon_years, lang)?;
        let horizon = args
            .horizon_years
            .or(commitments.as_ref().map(|c| c.years))
            .unwrap_or(DEFAULT_HORIZON);
        let share = args.revenue_share.unwrap_or(1.0);

        let mut problems = Vec::new();
        let mut names = HashSet::new();
        for (i, s) in args.scenarios.iter().enumerate() {
            if !names.insert(s.name.trim().to_lowercase()) {
                let name = crate::quoted(&s.name);
                problems.push(ArgProblem::new(
                    format!("scenarios[{i}].name"),
                    said!(
                        lang,
                        "`scenarios[{i}].name` {name} is used twice",
                        "`scenarios[{i}].name` {name} が二度使われています"
                    ),
                ));
            }
            problems.extend(
                s.growth
                    .check(base, &format!("scenarios[{i}].growth"), lang),
            );
        }
        if let Some(c) = &commitments
            && c.years > horizon
        {
            let years = c.years;
            problems.push(ArgProblem::new(
                "horizon_years",
                said!(
                    lang,
                    "the commitments span {years} years but `horizon_years` is {horizon}; raise `horizon_years` to at least {years}",
                    "コミットメントは {years} 年にわたりますが `horizon_years` は {horizon} です。`horizon_years` を {years} 以上にしてください"
                ),
            ));
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
            .map(|s| run_scenario(s, base, base_year, horizon, &due, share, lang))
            .collect();
        let method = said!(
            lang,
            "bisection on a constant yearly rate in [{MIN_RATE}, {MAX_RATE}], stopped when the bracket is narrower than {TOLERANCE:e}",
            "一定の年率を [{MIN_RATE}, {MAX_RATE}] の範囲で二分法により探索し、幅が {TOLERANCE:e} 未満になった時点で停止"
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
                    .filter(|s| s.growth.check(cand.value_usd, "", lang).is_empty())
                    .map(|s| ScenarioVerdict {
                        scenario: s.name.clone(),
                        first_year_funded: run_scenario(
                            s,
                            cand.value_usd,
                            base_year,
                            horizon,
                            &due,
                            share,
                            lang,
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
                    let (name, funded, unfunded) =
                        (&s.name, funded.join(", "), unfunded.join(", "));
                    notes.push(said!(
                        lang,
                        "the base changes the conclusion: under scenario \"{name}\" the commitments are funded within the horizon with {funded} but not with {unfunded}",
                        "基準の選び方で結論が変わります: シナリオ「{name}」では {funded} を基準にすると期間内にコミットメントを賄えますが、{unfunded} では賄えません"
                    ));
                }
            }
        }
        let contested =
            args.base_usd.is_none() && args.base_figure.is_none() && candidates.len() > 1;
        if contested {
            let n = candidates.len();
            notes.push(said!(
                lang,
                "the dataset holds {n} candidate bases; see `candidates` and `sensitivity`",
                "データセットには基準の候補が {n} 件あります。`candidates` と `sensitivity` を見てください"
            ));
        }
        if let Some(c) = &commitments
            && c.contested
        {
            let n = c.candidates.len();
            notes.push(said!(
                lang,
                "the dataset frames the commitments {n} ways (see `commitments.candidates`)",
                "データセットはコミットメントを {n} 通りに捉えています(`commitments.candidates` を参照)"
            ));
        }
        if candidates.iter().all(|c| c.basis == Basis::Projected)
            && let Some(c) = candidates.first()
        {
            let (id, period) = (&c.figure_id, &c.period);
            notes.push(said!(
                lang,
                "the dataset has no measured revenue for this company: the base `{id}` is a projection ({period}), a forecast rather than a measurement",
                "データセットにはこの企業の実績の売上がありません。基準 `{id}` は予測値({period})で、実測ではなく見通しです"
            ));
        }
        if candidates.iter().any(|c| c.bound == Bound::AtLeast) {
            notes.push(said!(
                lang,
                "a run-rate \"above\" a figure is used at that figure: a floor, not a point estimate",
                "「〜超」とされたランレートはその数値で計算しています。点推定ではなく下限です"
            ));
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
