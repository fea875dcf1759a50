//! The claims of a report: each number the answer states (as the number
//! check reads them), the dataset records of the results that hold it
//! (their id and citations) and the steps whose results hold it. Built
//! from the answer and the results alone, so it works for any model's
//! answer, not only the offline planner's.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::evidence::{Evidence, Written, labels_in, value_numbers, verified};
use super::state::StepStatus;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The number as the answer writes it (`$300B`, `3000億ドル`, `27%`).
    pub text: String,
    /// The records of the results that state it, with their citations.
    pub records: Vec<ClaimRecord>,
    /// The steps whose results or arguments hold it.
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    pub id: String,
    /// Source labels (`001 l.6`).
    pub sources: Vec<String>,
}

/// A record of a result (an object with an `id` and `sources`) and the
/// numbers it states: in its own number fields (its amount, its value),
/// and anywhere in it (a description that mentions another amount).
struct Held {
    record: ClaimRecord,
    fields: Vec<f64>,
    numbers: Vec<f64>,
}

fn records_in(v: &Value, out: &mut Vec<Held>) {
    match v {
        Value::Object(m) => {
            // A record, or a reference to one (a projection's candidate
            // names its figure as `figure_id`).
            let id = m.get("id").or_else(|| m.get("figure_id"));
            if let (Some(Value::String(id)), Some(sources @ Value::Array(_))) =
                (id, m.get("sources"))
            {
                let mut numbers = Vec::new();
                value_numbers(v, &mut numbers);
                out.push(Held {
                    record: ClaimRecord {
                        id: id.clone(),
                        sources: labels_in(sources),
                    },
                    fields: m.values().filter_map(Value::as_f64).collect(),
                    numbers,
                });
            }
            m.values().for_each(|x| records_in(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| records_in(x, out)),
        _ => {}
    }
}

/// The claims of the numbers `written` (those the number check verified),
/// each once, in the order the answer states them.
pub fn of(run: &Evidence<'_>, written: &[Written]) -> Vec<Claim> {
    let mut held = Vec::new();
    let mut steps: Vec<(String, Vec<f64>)> = Vec::new();
    for id in run.order {
        let Some(s) = run.steps.get(id).filter(|s| s.status == StepStatus::Done) else {
            continue;
        };
        let mut numbers = Vec::new();
        if let Some(r) = &s.result {
            records_in(r, &mut held);
            value_numbers(r, &mut numbers);
        }
        value_numbers(s.step.arguments.value(), &mut numbers);
        steps.push((id.clone(), numbers));
    }
    let mut out: Vec<Claim> = Vec::new();
    for w in written {
        if out.iter().any(|c| c.text == w.text) {
            continue;
        }
        if is_year(w) {
            continue;
        }
        // The records whose own amount it is; failing those, the records
        // that mention it.
        let mut holding: Vec<&Held> = held.iter().filter(|h| verified(w, &h.fields)).collect();
        if holding.is_empty() {
            holding = held.iter().filter(|h| verified(w, &h.numbers)).collect();
        }
        let mut records: Vec<ClaimRecord> = Vec::new();
        for h in holding {
            if !records.iter().any(|r| r.id == h.record.id) {
                records.push(h.record.clone());
            }
        }
        let steps: Vec<String> = steps
            .iter()
            .filter(|(_, n)| verified(w, n))
            .map(|(id, _)| id.clone())
            .collect();
        if !records.is_empty() || !steps.is_empty() {
            out.push(Claim {
                text: w.text.clone(),
                records,
                steps,
            });
        }
    }
    out
}

/// A year ("2025", "by 2030", "2025年末") dates a claim; it is not one.
fn is_year(w: &Written) -> bool {
    let y = w.readings[0];
    y.fract() == 0.0
        && (1900.0..=2100.0).contains(&y)
        && !w.text.contains(['$', '%', '.', ','])
        && !w.text.contains("ドル")
}

/// The ids of the records in the results, longest first: written in an
/// answer (`openai-revenue-12b`), they name a record, they state no number.
pub fn record_ids(run: &Evidence<'_>) -> Vec<String> {
    let mut held = Vec::new();
    for s in run.steps.values().filter(|s| s.status == StepStatus::Done) {
        if let Some(r) = &s.result {
            records_in(r, &mut held);
        }
    }
    let mut ids: Vec<String> = held.into_iter().map(|h| h.record.id).collect();
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    ids.dedup();
    ids
}
