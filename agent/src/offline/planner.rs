//! Turns what was understood into a plan, part by part, or says why it
//! cannot. A part it cannot plan is kept (with the reason) so that the
//! report names it instead of dropping it.

use serde_json::{Value, json};
use steer_tools::Dataset;
use steer_tools::dataset::{Basis, Metric};

use super::cues;
use super::names::unknown_names;
use super::understand::{Form, Intent, Understanding};
use crate::i18n::{Lang, list, word};
use crate::run::prompt::SUBMIT_PLAN;
use crate::run::{Plan, Step};
use crate::tr;

/// A plan and the parts of the request it does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub plan: Plan,
    pub unplanned: Vec<Unplanned>,
}

/// A part of the request the offline planner cannot plan, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplanned {
    pub part: String,
    pub why: String,
}

/// Whether the dataset holds a measured (not projected) revenue figure.
pub fn has_base(data: &Dataset, company: &str) -> bool {
    data.figures.iter().any(|f| {
        &*f.subject == company
            && f.metric == Metric::Revenue
            && f.value.is_some()
            && f.basis != Basis::Projected
    })
}

/// Whether the dataset holds any revenue figure with a number.
fn has_revenue(data: &Dataset, company: &str) -> bool {
    data.figures
        .iter()
        .any(|f| &*f.subject == company && f.metric == Metric::Revenue && f.value.is_some())
}

fn has_figures(data: &Dataset, company: &str, metric: Metric) -> bool {
    data.figures
        .iter()
        .any(|f| &*f.subject == company && f.metric == metric)
}

#[derive(Default)]
struct Builder {
    steps: Vec<Step>,
}

impl Builder {
    /// Adds a step (or finds the same call already planned) answering `part`.
    fn add(&mut self, tool: &str, arguments: Value, rationale: &str, part: &str) -> String {
        let text = arguments.to_string();
        if let Some(s) = self
            .steps
            .iter()
            .find(|s| s.tool == tool && s.arguments.text() == text)
        {
            return s.id.clone();
        }
        let id = format!("s{}", self.steps.len() + 1);
        self.steps.push(Step {
            id: id.clone(),
            tool: tool.to_string(),
            arguments: text.into(),
            depends_on: Vec::new(),
            rationale: rationale.to_string(),
            answers: part.to_string(),
            checkpoint: false,
        });
        id
    }
}

/// The scenarios the offline planner projects: stated, not tuned.
fn scenarios() -> Value {
    json!([
        {"name": "bear", "growth": {"model": "cagr", "rate": 0.25}},
        {"name": "base", "growth": {"model": "decaying", "start_rate": 0.8, "decay": 0.15, "floor": 0.2}},
        {"name": "bull", "growth": {"model": "cagr", "rate": 0.6}}
    ])
}

/// The intents a part is planned for: what it asks, else a metric's
/// figures, else the deals of the companies it names.
pub fn intents_of(u: &Understanding) -> Vec<Intent> {
    if !u.intents.is_empty() {
        return u.intents.iter().copied().collect();
    }
    if u.metric.is_some() || u.form == Form::Why {
        vec![Intent::Figures]
    } else {
        vec![Intent::Deals]
    }
}

/// The plan for `parts` of `request`; an error when no part can be planned.
pub fn plan(
    request: &str,
    parts: &[Understanding],
    data: &Dataset,
    lang: Lang,
) -> Result<Planned, String> {
    let mut b = Builder::default();
    let mut goals = Vec::new();
    let mut unplanned = Vec::new();
    for u in parts {
        let mut part = Builder {
            steps: b.steps.clone(),
        };
        match plan_part(&mut part, u, data, lang) {
            Ok(goal) => {
                b = part;
                goals.push(goal);
            }
            Err(why) => unplanned.push(Unplanned {
                part: u.text.clone(),
                why,
            }),
        }
    }
    if goals.is_empty() {
        let why = unplanned
            .first()
            .map(|u| u.why.clone())
            .unwrap_or_else(|| NO_ENTITY.to_string());
        return Err(cannot(request, parts, data, &why));
    }
    Ok(Planned {
        plan: Plan {
            goal: tr!(
                lang,
                "plan-goal",
                goals = goals.join(&tr!(lang, "goal-and"))
            ),
            steps: b.steps,
        },
        unplanned,
    })
}

const NO_ENTITY: &str = "the request names no company, person or agency in the dataset";

/// The refusal: why, what was recognised, and the names not in the dataset.
fn cannot(request: &str, parts: &[Understanding], data: &Dataset, why: &str) -> String {
    let mut recognised: Vec<String> = Vec::new();
    for u in parts {
        for e in &u.entities {
            let name = data.name_of(e).to_string();
            if !recognised.contains(&name) {
                recognised.push(name);
            }
        }
    }
    for u in parts {
        for i in &u.intents {
            let text = format!("intent: {}", i.describe());
            if !recognised.contains(&text) {
                recognised.push(text);
            }
        }
    }
    let seen = if recognised.is_empty() {
        "nothing from the dataset".to_string()
    } else {
        recognised.join(", ")
    };
    let unknown = unknown_names(request, data);
    let unknown = if unknown.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = unknown.iter().map(ToString::to_string).collect();
        format!("; not in the dataset: {}", names.join(", "))
    };
    format!(
        "cannot plan this offline ({why}); configure a model with OPENAI_API_KEY or --base-url. Recognised: {seen}{unknown}"
    )
}

/// Plans one part; the goal it establishes, or why it cannot.
fn plan_part(
    b: &mut Builder,
    u: &Understanding,
    data: &Dataset,
    lang: Lang,
) -> Result<String, String> {
    let name = |id: &str| data.name_of(id).to_string();
    let Some(first) = u.entities.first().cloned() else {
        return Err(NO_ENTITY.to_string());
    };
    let part = u.text.as_str();
    let mut goals = Vec::new();
    for intent in intents_of(u) {
        match intent {
            Intent::Funding => {
                let company = u
                    .entities
                    .iter()
                    .find(|e| has_base(data, e))
                    .or_else(|| u.entities.iter().find(|e| has_revenue(data, e)))
                    .cloned()
                    .unwrap_or(first.clone());
                if !has_revenue(data, &company) {
                    return Err(format!(
                        "the dataset has no revenue figure for {} to project from",
                        name(&company)
                    ));
                }
                b.add(
                    "statement_comparison",
                    json!({"mode": "figures", "subject": company, "metric": "revenue"}),
                    &tr!(lang, "why-revenue-bases"),
                    part,
                );
                b.add(
                    "revenue_projection",
                    json!({"company": company, "scenarios": scenarios()}),
                    &tr!(lang, "why-project"),
                    part,
                );
                b.add(
                    "deal_lookup",
                    json!({"party": company, "direction": "pays", "kind": "compute_contract"}),
                    &tr!(lang, "why-compute-contracts"),
                    part,
                );
                goals.push(tr!(lang, "goal-funding", company = name(&company)));
            }
            Intent::Exposure => {
                b.add(
                    "deal_lookup",
                    json!({"party": first, "direction": "pays"}),
                    &tr!(lang, "why-payees"),
                    part,
                );
                if has_figures(data, &first, Metric::ComputeCommitments) {
                    b.add(
                        "statement_comparison",
                        json!({"mode": "figures", "subject": first, "metric": "compute_commitments"}),
                        &tr!(lang, "why-commitments"),
                        part,
                    );
                }
                goals.push(tr!(lang, "goal-exposure", company = name(&first)));
            }
            Intent::Statements => {
                let mut args = match u.speakers.first() {
                    Some(person) => json!({"speaker": person}),
                    None => json!({"organisation": first}),
                };
                if let Some(topic) = &u.topic {
                    args["topic"] = json!(topic);
                }
                b.add(
                    "statement_comparison",
                    args,
                    &tr!(lang, "why-statements"),
                    part,
                );
                let who = u.speakers.first().unwrap_or(&first);
                goals.push(tr!(lang, "goal-statements", who = name(who)));
            }
            Intent::Disagreement => {
                let args = match &u.topic {
                    Some(topic) => json!({"topic": topic}),
                    None => json!({}),
                };
                b.add(
                    "statement_comparison",
                    args,
                    &tr!(lang, "why-disagreement"),
                    part,
                );
                let who = u.speakers.first().unwrap_or(&first);
                goals.push(tr!(lang, "goal-disagreement", who = name(who)));
            }
            Intent::Circular => {
                b.add(
                    "deal_lookup",
                    json!({"mode": "cycles", "party": first}),
                    &tr!(lang, "why-cycles"),
                    part,
                );
                b.add(
                    "deal_lookup",
                    json!({"mode": "totals", "party": first}),
                    &tr!(lang, "why-totals"),
                    part,
                );
                goals.push(tr!(lang, "goal-circular", company = name(&first)));
            }
            Intent::Overlap => {
                b.add(
                    "deal_lookup",
                    json!({"party": first, "direction": "pays"}),
                    &tr!(lang, "why-invests-in"),
                    part,
                );
                b.add(
                    "deal_lookup",
                    json!({"party": first, "direction": "receives"}),
                    &tr!(lang, "why-pays-it"),
                    part,
                );
                goals.push(tr!(lang, "goal-overlap", company = name(&first)));
            }
            Intent::Figures => {
                for c in u.entities.iter().take(3) {
                    let mut args = json!({"mode": "figures", "subject": c});
                    if let Some(m) = u.metric {
                        args["metric"] = json!(m.as_str());
                    }
                    b.add(
                        "statement_comparison",
                        args,
                        &tr!(lang, "why-figures"),
                        part,
                    );
                }
                goals.push(match u.metric {
                    Some(m) => tr!(
                        lang,
                        "goal-metric",
                        company = name(&first),
                        metric = word(lang, m.as_str())
                    ),
                    None => tr!(lang, "goal-figures", company = name(&first)),
                });
            }
            Intent::Comparison => {
                let companies: Vec<&String> = u.entities.iter().take(3).collect();
                // Compared with a company the dataset does not hold: the
                // one it holds is shown (the report names the other).
                if companies.len() == 1 && !unknown_names(&u.text, data).is_empty() {
                    let mut args = json!({"mode": "figures", "subject": first});
                    if let Some(m) = u.metric {
                        args["metric"] = json!(m.as_str());
                    }
                    b.add(
                        "statement_comparison",
                        args,
                        &tr!(lang, "why-figures-one"),
                        part,
                    );
                    goals.push(tr!(lang, "goal-figures", company = name(&first)));
                    continue;
                }
                if companies.len() < 2 {
                    return Err("a comparison needs two companies from the dataset".to_string());
                }
                let metric = u.metric.unwrap_or(Metric::Revenue);
                for c in &companies {
                    b.add(
                        "statement_comparison",
                        json!({"mode": "figures", "subject": c, "metric": metric.as_str()}),
                        &tr!(lang, "why-figures-compare"),
                        part,
                    );
                    if metric == Metric::Revenue && has_base(data, c) {
                        b.add(
                            "revenue_projection",
                            json!({"company": c, "scenarios": scenarios()}),
                            &tr!(lang, "why-project-compare"),
                            part,
                        );
                    }
                }
                goals.push(tr!(
                    lang,
                    "goal-compare",
                    companies = list(lang, &companies.iter().map(|c| name(c)).collect::<Vec<_>>())
                ));
            }
            Intent::Terms => {
                let Some(second) = u.entities.get(1).cloned() else {
                    return Err("the terms of an agreement need both parties named".to_string());
                };
                b.add(
                    "deal_lookup",
                    json!({"party": first, "counterparty": second}),
                    &tr!(lang, "why-terms"),
                    part,
                );
                add_contract_figures(b, &first, &second, data, part, lang);
                b.add(
                    "statement_comparison",
                    json!({"mode": "figures", "subject": first, "metric": "ownership_stake"}),
                    &tr!(lang, "why-stakes"),
                    part,
                );
                goals.push(tr!(
                    lang,
                    "goal-terms",
                    first = name(&first),
                    second = name(&second)
                ));
            }
            Intent::Deals => {
                let lower = u.text.to_lowercase();
                // A deal matched by retrieval is the deal between its parties.
                let between = (u.entities.len() == 2 && cues::any(&lower, BETWEEN))
                    || (u.retrieved.is_some() && u.entities.len() >= 2);
                if between {
                    b.add(
                        "deal_lookup",
                        json!({"party": first, "counterparty": u.entities[1]}),
                        &tr!(lang, "why-between"),
                        part,
                    );
                    add_contract_figures(b, &first, &u.entities[1], data, part, lang);
                } else {
                    for c in u.entities.iter().take(3) {
                        b.add(
                            "deal_lookup",
                            json!({"party": c}),
                            &tr!(lang, "why-deals"),
                            part,
                        );
                    }
                }
                goals.push(tr!(
                    lang,
                    "goal-deals",
                    companies = list(
                        lang,
                        &u.entities
                            .iter()
                            .take(3)
                            .map(|c| name(c))
                            .collect::<Vec<_>>()
                    )
                ));
            }
        }
    }
    Ok(goals.join(&tr!(lang, "goal-sep")))
}

/// A source's own figure for the contract between `a` and `b`, where the
/// dataset holds one apart from the deal (a source that disagrees with
/// the deal's amount): looked up beside the deals, so the answer shows
/// the conflict where the contract is the subject.
fn add_contract_figures(
    b: &mut Builder,
    a: &str,
    other: &str,
    data: &Dataset,
    part: &str,
    lang: Lang,
) {
    for (subject, counterparty) in [(a, other), (other, a)] {
        let name = data.name_of(counterparty).to_lowercase();
        let held = data.figures.iter().any(|f| {
            &*f.subject == subject
                && f.metric == Metric::ContractValue
                && f.period.to_lowercase().contains(&name)
        });
        if held {
            b.add(
                "statement_comparison",
                json!({"mode": "figures", "subject": subject, "metric": "contract_value"}),
                &tr!(lang, "why-contract-figure"),
                part,
            );
        }
    }
}

/// Words that ask about what passes between two named parties.
const BETWEEN: &[&str] = &[
    "pay",
    "paid",
    "pays",
    "owe",
    "owes",
    "between",
    "with",
    "from",
    "to",
    "と",
    "間",
    "に支払",
];

/// The planner's answer as the arguments of a `submit_plan` call.
pub fn submit(plan: &Plan) -> Value {
    json!({"role": "assistant", "content": null, "tool_calls": [{"id": "call_offline_plan", "type": "function", "function": {"name": SUBMIT_PLAN, "arguments": serde_json::to_string(plan).unwrap_or_default()}}]})
}
