//! The offline planner's report, written only from the tool results in the
//! conversation: every number it states is a number a tool returned.

use serde_json::Value;
use steer_tools::format::usd;

fn labels(v: &Value) -> String {
    crate::run::report::labels_in(v).join("; ")
}

fn money(d: &Value) -> String {
    let Some(v) = d["value_usd"].as_f64() else {
        return d["value_note"]
            .as_str()
            .map_or("not stated".to_string(), |n| format!("not stated ({n})"));
    };
    let bound = match d["bound"].as_str() {
        Some("up_to") => "up to ",
        Some("approx") => "about ",
        Some("at_least") => "at least ",
        _ => "",
    };
    let per = match d["per"].as_str() {
        Some("year") => " a year",
        Some("month") => " a month",
        _ => "",
    };
    format!("{bound}{}{per}", usd(v))
}

fn pct(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn cell(text: &str) -> String {
    text.replace('|', "/").replace('\n', " ")
}

struct Writer {
    answer: Vec<String>,
    claims: Vec<[String; 3]>,
    notes: Vec<String>,
}

impl Writer {
    fn deals(&mut self, args: &Value, r: &Value) {
        let mode = r["mode"].as_str().unwrap_or("list");
        let party = r["party"]["name"].as_str().unwrap_or("the company");
        match mode {
            "cycles" => {
                let cycles = r["cycles"].as_array().cloned().unwrap_or_default();
                if cycles.is_empty() {
                    self.answer.push(format!(
                        "No circular money flow through {party} in the dataset."
                    ));
                    return;
                }
                self.answer.push(format!(
                    "{} circular flow(s) of money run through {party}; the strongest is {}.",
                    cycles.len(),
                    cycles[0]["path"].as_str().unwrap_or("")
                ));
                for c in cycles.iter().take(6) {
                    let value = c["min_stated_usd"]
                        .as_f64()
                        .map_or("no hop states an amount".to_string(), |v| {
                            format!("smallest stated hop {}", usd(v))
                        });
                    let unstated = c["unstated_hops"].as_u64().unwrap_or(0);
                    let extra = if unstated > 0 {
                        format!(" ({unstated} hop(s) without a stated amount)")
                    } else {
                        String::new()
                    };
                    self.claims.push([
                        cell(c["path"].as_str().unwrap_or("")),
                        format!("{value}{extra}"),
                        labels(&c["hops"]),
                    ]);
                }
            }
            "totals" => {
                let o = &r["totals"]["overall"];
                // Name only the kinds of amount that occur: "$0 of firm
                // totals" would read as a fact when nothing was stated.
                let mut parts = Vec::new();
                for (key, what) in [
                    ("total_usd", "firm one-off amounts"),
                    ("up_to_usd", "ceilings (\"up to\")"),
                    ("at_least_usd", "floors (\"at least\")"),
                    ("per_year_usd", "yearly amounts"),
                ] {
                    if let Some(v) = o[key].as_f64().filter(|v| *v > 0.0) {
                        parts.push(format!("{what} of {}", usd(v)));
                    }
                }
                let stated = if parts.is_empty() {
                    "no stated amounts".to_string()
                } else {
                    parts.join(", ")
                };
                self.answer.push(format!(
                    "Across {party}'s {} matching deals with money changing hands: {stated}; {} deal(s) state no amount.",
                    r["totals"]["overall"]["stated"].as_u64().unwrap_or(0) + o["unstated"].as_u64().unwrap_or(0),
                    o["unstated"]
                ));
            }
            _ => {
                let deals = r["deals"].as_array().cloned().unwrap_or_default();
                let who = match r["counterparty"]["name"].as_str() {
                    Some(c) => format!("between {party} and {c}"),
                    None => format!("involving {party}"),
                };
                let filter = args["kind"]
                    .as_str()
                    .map(|k| format!(" of kind {k}"))
                    .unwrap_or_default();
                self.answer.push(format!(
                    "{} deal(s){filter} {who} are in the dataset ({} without a stated amount).",
                    r["matched"], r["unstated"]
                ));
                for d in deals.iter().take(12) {
                    let claim = format!(
                        "{} → {}: {}",
                        d["from"]["name"].as_str().unwrap_or(""),
                        d["to"]["name"].as_str().unwrap_or(""),
                        d["description"].as_str().unwrap_or("")
                    );
                    let mut value = money(d);
                    if let Some(p) = d["stake_pct"].as_f64() {
                        value = format!("{p}% stake");
                    } else if let Some(t) = d["term"].as_str() {
                        value = format!("{value}; term {t}");
                    }
                    self.claims
                        .push([cell(&claim), value, labels(&d["sources"])]);
                }
            }
        }
    }

    fn projection(&mut self, args: &Value, r: &Value) {
        let company = r["company"].as_str().unwrap_or("the company");
        for c in r["candidates"].as_array().into_iter().flatten() {
            let bound = if c["bound"] == "at_least" {
                "at least "
            } else {
                ""
            };
            self.claims.push([
                format!(
                    "{company} revenue base ({})",
                    c["basis"].as_str().unwrap_or("")
                ),
                format!("{bound}{}", usd(c["value_usd"].as_f64().unwrap_or(0.0))),
                labels(&c["sources"]),
            ]);
        }
        let Some(commitments) = r["commitments"].as_object() else {
            self.answer.push(format!("{company}'s revenue was projected from {}; the dataset holds no commitments to set against it.", usd(r["base"]["value_usd"].as_f64().unwrap_or(0.0))));
            return;
        };
        let total = commitments
            .get("total_usd")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        let years = commitments
            .get("years")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let source = commitments
            .get("candidates")
            .and_then(Value::as_array)
            .and_then(|c| {
                c.iter().find(|k| {
                    k["figure_id"] == commitments.get("figure_id").cloned().unwrap_or(Value::Null)
                })
            })
            .map(|k| labels(&k["sources"]))
            .unwrap_or_default();
        self.claims.push([
            format!("{company} compute commitments"),
            format!("{} over {years} years", usd(total)),
            source,
        ]);
        // A base the arguments chose (the user's choice at a checkpoint, or
        // the plan's) leads the answer.
        let chosen = args["base_figure"].is_string() || args["base_usd"].is_number();
        if chosen && let Some(rate) = r["required_growth"]["result"]["rate"].as_f64() {
            let figure = r["base"]["figure_id"]
                .as_str()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default();
            self.answer.push(format!(
                "From the chosen base of {}{figure}, covering {} over {years} years needs revenue to grow {} a year.",
                usd(r["base"]["value_usd"].as_f64().unwrap_or(0.0)),
                usd(total),
                pct(rate)
            ));
        }
        let rates: Vec<(String, f64, f64)> = r["sensitivity"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                Some((
                    s["figure_id"].as_str()?.to_string(),
                    s["base_usd"].as_f64()?,
                    s["required_growth"]["rate"].as_f64()?,
                ))
            })
            .collect();
        if rates.is_empty() {
            if let Some(rate) = r["required_growth"]["result"]["rate"].as_f64() {
                self.answer.push(format!(
                    "Covering {} over {years} years needs revenue to grow {} a year.",
                    usd(total),
                    pct(rate)
                ));
            }
        } else {
            let parts: Vec<String> = rates
                .iter()
                .map(|(_, base, rate)| format!("{} from {}", pct(*rate), usd(*base)))
                .collect();
            self.answer.push(format!("Covering {} of commitments over {years} years needs constant revenue growth of {} a year, depending on the base.", usd(total), parts.join(", ")));
            for (id, base, rate) in &rates {
                self.claims.push([
                    format!("growth needed from the {} base ({id})", usd(*base)),
                    format!("{} a year", pct(*rate)),
                    "revenue_projection".to_string(),
                ]);
            }
        }
        let verdicts: Vec<String> = r["scenarios"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let name = s["name"].as_str().unwrap_or("");
                let last = s["years"]
                    .as_array()
                    .and_then(|y| y.last())
                    .cloned()
                    .unwrap_or(Value::Null);
                match s["first_year_funded"].as_i64() {
                    Some(y) => format!(
                        "{name} ({}): funded by {y}",
                        s["description"].as_str().unwrap_or("")
                    ),
                    None => format!(
                        "{name} ({}): not funded by {}, cumulative revenue {} against {} due",
                        s["description"].as_str().unwrap_or(""),
                        last["year"],
                        usd(last["cumulative_revenue_usd"].as_f64().unwrap_or(0.0)),
                        usd(last["cumulative_commitments_usd"].as_f64().unwrap_or(0.0))
                    ),
                }
            })
            .collect();
        if !verdicts.is_empty() {
            self.answer.push(format!(
                "From the {} base, scenario by scenario: {}.",
                usd(r["base"]["value_usd"].as_f64().unwrap_or(0.0)),
                verdicts.join("; ")
            ));
        }
        if r["assumption_material"] == true {
            self.notes.push("The choice of revenue base changes the conclusion (see the contested figures below).".to_string());
        }
    }

    fn statements(&mut self, r: &Value) {
        if r["mode"] == "figures" {
            for f in r["figures"].as_array().into_iter().flatten() {
                let subject = f["subject"].as_str().unwrap_or("");
                let metric = f["metric"].as_str().unwrap_or("");
                let year = f["year"]
                    .as_i64()
                    .map(|y| format!(" {y}"))
                    .unwrap_or_default();
                let values: Vec<String> = f["figures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|x| {
                        format!(
                            "{} ({})",
                            figure_value(x),
                            x["basis"].as_str().unwrap_or("")
                        )
                    })
                    .collect();
                for x in f["figures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(f["unquantified"].as_array().into_iter().flatten())
                {
                    self.claims.push([
                        format!(
                            "{subject} {metric}{year} ({}, {})",
                            x["basis"].as_str().unwrap_or(""),
                            x["period"].as_str().unwrap_or("")
                        ),
                        figure_value(x),
                        labels(&x["sources"]),
                    ]);
                }
                if f["conflict"] == true {
                    self.answer.push(format!(
                        "Sources disagree on {subject}'s {metric}{year}: {}.",
                        values.join(", ")
                    ));
                    for e in f["explanations"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        self.notes.push(format!("{subject} {metric}{year}: {e}."));
                    }
                }
            }
            return;
        }
        for t in r["timelines"].as_array().into_iter().flatten() {
            let entries: Vec<String> = t["entries"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    format!(
                        "{} {} ({}, {}): {}",
                        e["date"].as_str().unwrap_or(""),
                        e["speaker"].as_str().unwrap_or(""),
                        e["channel"].as_str().unwrap_or(""),
                        e["audience"].as_str().unwrap_or(""),
                        e["stance"].as_str().unwrap_or("")
                    )
                })
                .collect();
            self.answer.push(format!(
                "{} on {}, in date order: {}.",
                t["organisation"].as_str().unwrap_or(""),
                t["topic"].as_str().unwrap_or(""),
                entries.join("; ")
            ));
        }
        let contradictions = r["contradictions"].as_array().cloned().unwrap_or_default();
        if !contradictions.is_empty() {
            let c = &contradictions[0];
            self.answer.push(format!(
                "{} contradiction(s) within one organisation; for example {} ({}, {}) said \"{}\" but {} ({}, {}) said \"{}\".",
                contradictions.len(),
                c["first"]["speaker"].as_str().unwrap_or(""),
                c["first"]["date"].as_str().unwrap_or(""),
                c["first"]["channel"].as_str().unwrap_or(""),
                c["first"]["evidence"].as_str().unwrap_or(""),
                c["second"]["speaker"].as_str().unwrap_or(""),
                c["second"]["date"].as_str().unwrap_or(""),
                c["second"]["channel"].as_str().unwrap_or(""),
                c["second"]["evidence"].as_str().unwrap_or("")
            ));
        }
        for s in r["statements"].as_array().into_iter().flatten() {
            let stance = s["stances"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(|t| t["stance"].as_str())
                .unwrap_or("neutral");
            self.claims.push([
                format!(
                    "{} ({}, {}) — {stance}",
                    s["speaker"].as_str().unwrap_or(""),
                    s["date"].as_str().unwrap_or(""),
                    s["channel"].as_str().unwrap_or("")
                ),
                cell(s["text"].as_str().unwrap_or("")),
                labels(&s["sources"]),
            ]);
        }
        let disagreements = r["disagreements"].as_array().map_or(0, Vec::len);
        if disagreements > 0 {
            self.answer.push(format!("{disagreements} disagreement(s) between different organisations (not contradictions)."));
        }
    }
}

fn figure_value(x: &Value) -> String {
    match (x["value"].as_f64(), x["unit"].as_str()) {
        (Some(v), Some("usd")) => usd(v),
        (Some(v), Some("percent")) => format!("{v}%"),
        (Some(v), _) => format!("{v}"),
        (None, _) => x["value_note"].as_str().unwrap_or("not stated").to_string(),
    }
}

/// The report for `results` (the plan's step results, as the runtime
/// hands them to the model).
pub fn write(japanese: bool, results: &[Value]) -> String {
    let mut w = Writer {
        answer: Vec::new(),
        claims: Vec::new(),
        notes: Vec::new(),
    };
    let mut failed = Vec::new();
    for r in results {
        let tool = r["tool"].as_str().unwrap_or("");
        if r["ok"] != true {
            failed.push(format!(
                "`{}` ({tool}): {}",
                r["step"].as_str().unwrap_or(""),
                r["error"].as_str().unwrap_or("no result")
            ));
            continue;
        }
        let result = &r["result"];
        match tool {
            "deal_lookup" => w.deals(&r["arguments"], result),
            "revenue_projection" => w.projection(&r["arguments"], result),
            "statement_comparison" => w.statements(result),
            _ => {}
        }
    }
    let mut md = String::from(
        "> Written by steer's offline planner: a deterministic planner that reads the tool results; no language model was used. Configure a model (OPENAI_API_KEY or --base-url) for a written analysis.\n\n",
    );
    if japanese {
        md.push_str("> (The request was in Japanese; the offline planner reports in English.)\n\n");
    }
    md.push_str("## Answer\n\n");
    for a in &w.answer {
        md.push_str(a);
        md.push_str("\n\n");
    }
    if !failed.is_empty() {
        md.push_str(&format!(
            "Steps that did not succeed: {}.\n\n",
            failed.join("; ")
        ));
    }
    if !w.claims.is_empty() {
        md.push_str("## Claims\n\n| claim | value | source |\n|---|---|---|\n");
        for [c, v, s] in &w.claims {
            md.push_str(&format!("| {c} | {v} | {s} |\n"));
        }
        md.push('\n');
    }
    if !w.notes.is_empty() {
        md.push_str("## Notes\n\n");
        for n in &w.notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md
}
