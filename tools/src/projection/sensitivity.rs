//! What the conclusion depends on: one scenario run against the
//! commitments, how the choice of base and the required growth rate
//! move the verdict, and the questions those raise for the user.

use crate::OutputLang;
use crate::dataset::{Basis, SourceRef};
use crate::format::usd;
use crate::tool::{
    Attention, AttentionKind, AttentionOption, AttentionTopic, DefaultRule, Effect, FundedBy,
};

use super::types::{BaseSensitivity, RevenueProjectionOutput, Scenario, ScenarioResult, YearRow};
use super::{RequiredRate, pct, required_rate};

/// (amounts due in years 1..), with `share` of revenue available.
/// Runs one scenario from `base` over `horizon` years against `due`
/// (amounts due in years 1..), with `share` of revenue available.
pub fn run_scenario(
    s: &Scenario,
    base: f64,
    base_year: i32,
    horizon: u32,
    due: &[f64],
    share: f64,
    lang: OutputLang,
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
        description: s.growth.describe(lang),
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

/// The questions a projection raises for the user: the base when the
/// sources disagree on it or the conclusion depends on it, and more.
pub(super) fn attention(out: &RevenueProjectionOutput) -> Vec<Attention> {
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
                        detail_ja: c.ja.get("period").cloned(),
                        qualifier_ja: None,
                        label_ja: None,
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
                detail_ja: c.ja.get("period").cloned(),
                qualifier_ja: None,
                label_ja: None,
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
                        detail_ja: None,
                        qualifier_ja: k.ja.get("period").cloned(),
                        label_ja: None,
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
