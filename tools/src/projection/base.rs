//! The base and the commitments a projection starts from: every
//! candidate figure in the dataset, the one used and why, and the
//! schedule of amounts due.

use std::collections::HashSet;

use crate::dataset::{Basis, Figure, Metric};
use crate::error::{ArgProblem, ToolError};
use crate::tool::Tool;
use crate::{OutputLang, said};

use super::types::{
    BaseCandidate, CommitmentCandidate, CommitmentsArgs, CommitmentsUsed, RevenueProjectionArgs,
};
use super::{
    DEFAULT_HORIZON, MAX_AMOUNT_USD, RevenueProjection, SCHEDULE_SUM_TOLERANCE, ScheduleKind,
    schedule,
};

impl RevenueProjection {
    pub(super) fn fail(problems: Vec<ArgProblem>) -> ToolError {
        ToolError::InvalidArguments {
            tool: Self::NAME.to_string(),
            problems,
        }
    }

    pub(super) fn company(&self, name: &str) -> Result<String, ToolError> {
        self.data.resolve_argument(Self::NAME, "company", name)
    }

    pub(super) fn figures(&self, company: &str, metric: Metric) -> Vec<&Figure> {
        self.data
            .figures
            .iter()
            .filter(|f| &*f.subject == company && f.metric == metric && f.value.is_some())
            .collect()
    }

    pub(super) fn base_candidates(&self, company: &str) -> Vec<BaseCandidate> {
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
                    ja: f.ja.clone(),
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
    pub(super) fn default_base(
        candidates: &[BaseCandidate],
        lang: OutputLang,
    ) -> Option<(&BaseCandidate, String)> {
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
        let (id, n) = (&best.figure_id, candidates.len());
        let reason = if n == 1 {
            said!(
                lang,
                "`{id}` is the only revenue figure for this company in the dataset",
                "`{id}` はデータセットにあるこの企業の唯一の売上の数値です"
            )
        } else {
            said!(
                lang,
                "`{id}` chosen among {n} candidates by the default rule: reported figures before run-rates and estimates, latest year, then the lowest value (conservative for a funding question); the base is contested, pass `base_figure` or `base_usd` to choose",
                "`{id}` を候補 {n} 件から既定の規則で選びました: 報告値をランレートや推計より先に、最新の年、次に最小の値(資金の問いには保守的)。基準には異論があります。選ぶには `base_figure` か `base_usd` を指定してください"
            )
        };
        Some((best, reason))
    }

    /// How well the sources back a framing: the distinct documents citing
    /// it (two lines of one document are one source), then whether the
    /// company's own people state it.
    pub(super) fn support(&self, company: &str, f: &Figure) -> (usize, bool) {
        let documents: HashSet<&str> = f.sources.iter().map(|c| c.source.as_str()).collect();
        let own = f
            .attributed_to
            .as_deref()
            .and_then(|p| self.data.entity(p))
            .is_some_and(|p| p.organisation.as_deref() == Some(company));
        (documents.len(), own)
    }

    pub(super) fn commitment_candidates(
        &self,
        company: &str,
    ) -> Vec<(CommitmentCandidate, (usize, bool))> {
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
                        ja: f.ja.clone(),
                        sources: self.data.source_refs(&f.sources),
                    },
                    self.support(company, f),
                ))
            })
            .collect()
    }

    pub(super) fn commitments(
        &self,
        args: &RevenueProjectionArgs,
        company: Option<&str>,
        horizon_default: Option<u32>,
        lang: OutputLang,
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
                    said!(
                        lang,
                        "give `commitments.total_usd` or `commitments.figure`, not both",
                        "`commitments.total_usd` と `commitments.figure` はどちらか一方だけを指定してください"
                    ),
                ));
            }
            (Some(total), None) => (
                total,
                None,
                None,
                said!(
                    lang,
                    "the explicit `commitments.total_usd`",
                    "指定された `commitments.total_usd`"
                ),
            ),
            (None, Some(id)) => {
                let Some((cand, _)) = candidates.iter().find(|(cand, _)| &cand.figure_id == id)
                else {
                    let ids: Vec<&str> = candidates
                        .iter()
                        .map(|(c, _)| c.figure_id.as_str())
                        .collect();
                    let known = if ids.is_empty() {
                        said!(lang, "none for this company", "この企業にはありません")
                    } else {
                        ids.join(", ")
                    };
                    let id = crate::quoted(id);
                    return Err(ToolError::argument(
                        Self::NAME,
                        "commitments.figure",
                        said!(
                            lang,
                            "`commitments.figure` {id} is not a compute_commitments figure of the company; known: {known}",
                            "`commitments.figure` {id} はこの企業の compute_commitments の数値ではありません。既知: {known}"
                        ),
                    ));
                };
                (
                    cand.total_usd,
                    cand.term_years,
                    Some(id.clone()),
                    said!(lang, "the requested figure `{id}`", "指定された数値 `{id}`"),
                )
            }
            (None, None) => {
                // Most-cited framing first: it is the one the sources agree on most.
                let best = candidates
                    .iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.figure_id.cmp(&a.0.figure_id)));
                match best {
                    Some((cand, _)) => {
                        let (id, n) = (&cand.figure_id, candidates.len());
                        let reason = if n == 1 {
                            said!(
                                lang,
                                "`{id}`, the company's only commitments figure",
                                "`{id}`(この企業の唯一のコミットメントの数値)"
                            )
                        } else {
                            said!(
                                lang,
                                "`{id}`, cited by the most source documents (on a tie, the company's own framing) among {n} commitments figures",
                                "`{id}`(コミットメントの数値 {n} 件のうち、最も多くの出典文書が引くもの。同数なら企業自身の捉え方)"
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
                            said!(
                                lang,
                                "the dataset has no commitments figure for this company; give `commitments.total_usd`",
                                "データセットにはこの企業のコミットメントの数値がありません。`commitments.total_usd` を指定してください"
                            ),
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
                said!(
                    lang,
                    "`commitments.per_year_usd` is required when `commitments.schedule` is explicit",
                    "`commitments.schedule` が explicit のときは `commitments.per_year_usd` が必要です"
                ),
            )),
            (ScheduleKind::Explicit, Some(amounts)) => {
                if amounts.len() as u32 != years {
                    let n = amounts.len();
                    problems.push(ArgProblem::new(
                        "commitments.per_year_usd",
                        said!(
                            lang,
                            "`commitments.per_year_usd` has {n} amounts but the commitments span {years} years",
                            "`commitments.per_year_usd` には金額が {n} 件ありますが、コミットメントは {years} 年にわたります"
                        ),
                    ));
                }
                if let Some(bad) = amounts
                    .iter()
                    .position(|a| !a.is_finite() || *a < 0.0 || *a > MAX_AMOUNT_USD)
                {
                    problems.push(ArgProblem::new(
                        format!("commitments.per_year_usd[{bad}]"),
                        {
                            let got = amounts[bad];
                            said!(
                                lang,
                                "`commitments.per_year_usd[{bad}]` must be a non-negative amount of at most {MAX_AMOUNT_USD:e}; got {got}",
                                "`commitments.per_year_usd[{bad}]` は 0 以上 {MAX_AMOUNT_USD:e} 以下の金額でなければなりません(値: {got})"
                            )
                        },
                    ));
                }
                let sum: f64 = amounts.iter().sum();
                if (sum - total).abs() > SCHEDULE_SUM_TOLERANCE * total {
                    problems.push(ArgProblem::new(
                        "commitments.per_year_usd",
                        said!(
                            lang,
                            "`commitments.per_year_usd` sums to {sum} but the total is {total}; the schedule must sum to the total",
                            "`commitments.per_year_usd` の合計は {sum} ですが総額は {total} です。年ごとの金額の合計は総額に一致しなければなりません"
                        ),
                    ));
                }
            }
            (_, Some(_)) => problems.push(ArgProblem::new(
                "commitments.per_year_usd",
                said!(
                    lang,
                    "`commitments.per_year_usd` is only used with `commitments.schedule: explicit`",
                    "`commitments.per_year_usd` は `commitments.schedule: explicit` のときだけ使われます"
                ),
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
