//! Turns what was understood into a plan, or says why it cannot.

use serde_json::{Value, json};
use steer_tools::Dataset;
use steer_tools::dataset::{Basis, Metric, Resolution};

use super::understand::{Intent, Understanding};
use crate::run::{Plan, Step};

/// Words of the request that look like names (capitalised, not at the
/// start of a sentence) but match no entity: reported with suggestions.
fn unknown_names(request: &str, data: &Dataset) -> Vec<String> {
    let mut out = Vec::new();
    for word in request.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')) {
        let word = word.trim_matches('.');
        let capitalised =
            word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && word.len() > 2;
        if !capitalised || COMMON.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        if let Resolution::Unknown { suggestions } = data.resolve(word) {
            let hint = suggestions
                .first()
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            let text = format!("\"{word}\"{hint}");
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// Capitalised words that are not names.
const COMMON: &[&str] = &[
    "can", "does", "did", "has", "have", "how", "what", "which", "who", "why", "when", "where",
    "is", "are", "was", "the", "show", "list", "tell", "give", "find", "compare", "all", "and",
    "its", "their", "will", "would", "should", "could", "ceo", "cfo", "ai", "api", "usd", "ipo",
];

fn has_base(data: &Dataset, company: &str) -> bool {
    data.figures.iter().any(|f| {
        f.subject == company
            && f.metric == Metric::Revenue
            && f.value.is_some()
            && f.basis != Basis::Projected
    })
}

fn government_support(request: &str) -> bool {
    let lower = request.to_lowercase();
    [
        "backstop",
        "guarantee",
        "bailout",
        "bail out",
        "loan",
        "government",
        "federal",
        "subsid",
        "保証",
        "救済",
        "バックストップ",
        "政府",
        "融資",
    ]
    .iter()
    .any(|c| lower.contains(c))
}

struct Builder {
    steps: Vec<Step>,
}

impl Builder {
    fn add(&mut self, tool: &str, arguments: Value, rationale: &str) -> String {
        let text = arguments.to_string();
        if let Some(s) = self
            .steps
            .iter()
            .find(|s| s.tool == tool && s.arguments == text)
        {
            return s.id.clone();
        }
        let id = format!("s{}", self.steps.len() + 1);
        self.steps.push(Step {
            id: id.clone(),
            tool: tool.to_string(),
            arguments: text,
            depends_on: Vec::new(),
            rationale: rationale.to_string(),
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

pub fn plan(request: &str, u: &Understanding, data: &Dataset) -> Result<Plan, String> {
    let name = |id: &str| data.name_of(id).to_string();
    let mut recognised: Vec<String> = u.entities.iter().map(|e| name(e)).collect();
    recognised.extend(
        u.intents
            .iter()
            .map(|i| format!("intent: {}", i.describe())),
    );
    let unknown = unknown_names(request, data);
    let cannot = |why: &str| {
        let seen = if recognised.is_empty() {
            "nothing from the dataset".to_string()
        } else {
            recognised.join(", ")
        };
        let unknown = if unknown.is_empty() {
            String::new()
        } else {
            format!("; not in the dataset: {}", unknown.join(", "))
        };
        format!(
            "cannot plan this offline ({why}); configure a model with OPENAI_API_KEY or --base-url. Recognised: {seen}{unknown}"
        )
    };
    let Some(first) = u.entities.first().cloned() else {
        return Err(cannot(
            "the request names no company, person or agency in the dataset",
        ));
    };
    let mut intents = u.intents.clone();
    if intents.is_empty() {
        intents.insert(Intent::Deals);
    }
    // A specific intent covers the deals a generic "deal" word asks for.
    if intents.len() > 1 {
        intents.remove(&Intent::Deals);
    }
    let mut b = Builder { steps: Vec::new() };
    let mut goals = Vec::new();
    for intent in &intents {
        match intent {
            Intent::Funding => {
                let company = u
                    .entities
                    .iter()
                    .find(|e| has_base(data, e))
                    .cloned()
                    .unwrap_or(first.clone());
                if !has_base(data, &company) {
                    return Err(cannot(&format!(
                        "the dataset has no revenue figure for {} to project from",
                        name(&company)
                    )));
                }
                b.add(
                    "statement_comparison",
                    json!({"mode": "figures", "subject": company, "metric": "revenue"}),
                    "list every candidate revenue base with its basis and source",
                );
                b.add("revenue_projection", json!({"company": company, "scenarios": scenarios()}), "project revenue under stated scenarios against the commitments and solve for the growth they need");
                b.add(
                    "deal_lookup",
                    json!({"party": company, "direction": "pays", "kind": "compute_contract"}),
                    "name the compute contracts behind the commitments",
                );
                goals.push(format!(
                    "whether {}'s revenue can cover its commitments",
                    name(&company)
                ));
            }
            Intent::Statements => {
                let org = first.clone();
                let mut args = json!({"organisation": org});
                if government_support(request) {
                    args["topic"] = json!("government_support");
                }
                b.add(
                    "statement_comparison",
                    args,
                    "lay out the statements in date order and find contradictions",
                );
                goals.push(format!(
                    "what {} said and whether it contradicts itself",
                    name(&org)
                ));
            }
            Intent::Circular => {
                b.add(
                    "deal_lookup",
                    json!({"mode": "cycles", "party": first}),
                    "find circular money flows through the company",
                );
                b.add(
                    "deal_lookup",
                    json!({"mode": "totals", "party": first}),
                    "size the flows in and out",
                );
                goals.push(format!("the circular money flows around {}", name(&first)));
            }
            Intent::Comparison => {
                let companies: Vec<&String> = u.entities.iter().take(3).collect();
                if companies.len() < 2 {
                    return Err(cannot("a comparison needs two companies from the dataset"));
                }
                for c in &companies {
                    b.add(
                        "statement_comparison",
                        json!({"mode": "figures", "subject": c, "metric": "revenue"}),
                        "revenue figures and projections with their bases",
                    );
                    if has_base(data, c) {
                        b.add(
                            "revenue_projection",
                            json!({"company": c, "scenarios": scenarios()}),
                            "project revenue from today's base for comparison",
                        );
                    }
                }
                goals.push(format!(
                    "how {} compare",
                    companies
                        .iter()
                        .map(|c| name(c))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ));
            }
            Intent::Terms => {
                let Some(second) = u.entities.get(1).cloned() else {
                    return Err(cannot("the terms of an agreement need both parties named"));
                };
                b.add(
                    "deal_lookup",
                    json!({"party": first, "counterparty": second}),
                    "every deal and term between the two parties",
                );
                b.add(
                    "statement_comparison",
                    json!({"mode": "figures", "subject": first, "metric": "ownership_stake"}),
                    "stakes stated in the sources",
                );
                goals.push(format!(
                    "the terms between {} and {}",
                    name(&first),
                    name(&second)
                ));
            }
            Intent::Deals => {
                for c in u.entities.iter().take(3) {
                    b.add(
                        "deal_lookup",
                        json!({"party": c}),
                        "every deal involving the company",
                    );
                }
                goals.push(format!(
                    "the deals involving {}",
                    u.entities
                        .iter()
                        .take(3)
                        .map(|c| name(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    Ok(Plan {
        goal: format!("Establish {}.", goals.join("; and ")),
        steps: b.steps,
    })
}
