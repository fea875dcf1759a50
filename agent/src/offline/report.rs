//! The offline planner's report, written only from the tool results in the
//! conversation: every number it states is a number a tool returned.

use serde_json::Value;

use crate::i18n::{Lang, usd};
use crate::tr;

fn labels(v: &Value) -> String {
    crate::run::report::labels_in(v).join("; ")
}

fn money(lang: Lang, d: &Value) -> String {
    let Some(v) = d["value_usd"].as_f64() else {
        return match d["value_note"].as_str() {
            Some(note) => tr!(lang, "off-not-stated-note", note = note),
            None => tr!(lang, "off-not-stated"),
        };
    };
    let amount = usd(lang, v);
    let bounded = match d["bound"].as_str() {
        Some("up_to") => tr!(lang, "off-money-up-to", amount = amount),
        Some("approx") => tr!(lang, "off-money-about", amount = amount),
        Some("at_least") => tr!(lang, "off-money-at-least", amount = amount),
        _ => amount,
    };
    match d["per"].as_str() {
        Some("year") => tr!(lang, "off-money-per-year", amount = bounded),
        Some("month") => tr!(lang, "off-money-per-month", amount = bounded),
        _ => bounded,
    }
}

fn pct(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn cell(text: &str) -> String {
    text.replace('|', "/").replace('\n', " ")
}

struct Writer {
    lang: Lang,
    answer: Vec<String>,
    claims: Vec<[String; 3]>,
    notes: Vec<String>,
}

impl Writer {
    fn list(&self, items: &[String]) -> String {
        items.join(&tr!(self.lang, "off-list-separator"))
    }

    fn deals(&mut self, args: &Value, r: &Value) {
        let lang = self.lang;
        let mode = r["mode"].as_str().unwrap_or("list");
        let party = r["party"]["name"].as_str().unwrap_or("?");
        match mode {
            "cycles" => {
                let cycles = r["cycles"].as_array().cloned().unwrap_or_default();
                if cycles.is_empty() {
                    self.answer
                        .push(tr!(lang, "off-cycles-none", party = party));
                    return;
                }
                self.answer.push(tr!(
                    lang,
                    "off-cycles",
                    count = cycles.len(),
                    party = party,
                    path = cycles[0]["path"].as_str().unwrap_or("")
                ));
                for c in cycles.iter().take(6) {
                    let value = match c["min_stated_usd"].as_f64() {
                        Some(v) => tr!(lang, "off-cycle-smallest", amount = usd(lang, v)),
                        None => tr!(lang, "off-cycle-no-amount"),
                    };
                    let unstated = c["unstated_hops"].as_u64().unwrap_or(0);
                    let extra = if unstated > 0 {
                        format!(" {}", tr!(lang, "off-cycle-unstated", count = unstated))
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
                for (key, id) in [
                    ("total_usd", "off-totals-firm"),
                    ("up_to_usd", "off-totals-up-to"),
                    ("at_least_usd", "off-totals-at-least"),
                    ("per_year_usd", "off-totals-yearly"),
                ] {
                    if let Some(v) = o[key].as_f64().filter(|v| *v > 0.0) {
                        parts.push(tr!(lang, id, amount = usd(lang, v)));
                    }
                }
                let stated = if parts.is_empty() {
                    tr!(lang, "off-totals-none")
                } else {
                    self.list(&parts)
                };
                self.answer.push(tr!(
                    lang,
                    "off-totals",
                    party = party,
                    count = o["stated"].as_u64().unwrap_or(0) + o["unstated"].as_u64().unwrap_or(0),
                    stated = stated,
                    unstated = o["unstated"].as_u64().unwrap_or(0)
                ));
            }
            _ => {
                let deals = r["deals"].as_array().cloned().unwrap_or_default();
                let who = match r["counterparty"]["name"].as_str() {
                    Some(c) => tr!(lang, "off-deals-between", party = party, other = c),
                    None => tr!(lang, "off-deals-involving", party = party),
                };
                let kind = args["kind"]
                    .as_str()
                    .map(|k| tr!(lang, "off-deals-kind", kind = k))
                    .unwrap_or_default();
                self.answer.push(tr!(
                    lang,
                    "off-deals",
                    count = r["matched"].as_u64().unwrap_or(0),
                    kind = kind,
                    who = who,
                    unstated = r["unstated"].as_u64().unwrap_or(0)
                ));
                for d in deals.iter().take(12) {
                    let claim = format!(
                        "{} → {}: {}",
                        d["from"]["name"].as_str().unwrap_or(""),
                        d["to"]["name"].as_str().unwrap_or(""),
                        d["description"].as_str().unwrap_or("")
                    );
                    let mut value = money(lang, d);
                    if let Some(p) = d["stake_pct"].as_f64() {
                        value = tr!(lang, "off-stake", pct = format!("{p}"));
                    } else if let Some(t) = d["term"].as_str() {
                        value = tr!(lang, "off-term", value = value, term = t);
                    }
                    self.claims
                        .push([cell(&claim), value, labels(&d["sources"])]);
                }
            }
        }
    }

    fn projection(&mut self, args: &Value, r: &Value) {
        let lang = self.lang;
        let company = r["company"].as_str().unwrap_or("?");
        for c in r["candidates"].as_array().into_iter().flatten() {
            let amount = usd(lang, c["value_usd"].as_f64().unwrap_or(0.0));
            let value = if c["bound"] == "at_least" {
                tr!(lang, "off-money-at-least", amount = amount)
            } else {
                amount
            };
            self.claims.push([
                tr!(
                    lang,
                    "off-base-claim",
                    company = company,
                    basis = c["basis"].as_str().unwrap_or("")
                ),
                value,
                labels(&c["sources"]),
            ]);
        }
        let Some(commitments) = r["commitments"].as_object() else {
            self.answer.push(tr!(
                lang,
                "off-no-commitments",
                company = company,
                amount = usd(lang, r["base"]["value_usd"].as_f64().unwrap_or(0.0))
            ));
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
            tr!(lang, "off-commitments-claim", company = company),
            tr!(
                lang,
                "off-over-years",
                amount = usd(lang, total),
                years = years
            ),
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
            self.answer.push(tr!(
                lang,
                "off-chosen-base",
                amount = usd(lang, r["base"]["value_usd"].as_f64().unwrap_or(0.0)),
                figure = figure,
                total = usd(lang, total),
                years = years,
                rate = pct(rate)
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
                self.answer.push(tr!(
                    lang,
                    "off-needs",
                    total = usd(lang, total),
                    years = years,
                    rate = pct(rate)
                ));
            }
        } else {
            let parts: Vec<String> = rates
                .iter()
                .map(|(_, base, rate)| {
                    tr!(
                        lang,
                        "off-rate-from",
                        rate = pct(*rate),
                        base = usd(lang, *base)
                    )
                })
                .collect();
            self.answer.push(tr!(
                lang,
                "off-needs-depending",
                total = usd(lang, total),
                years = years,
                parts = self.list(&parts)
            ));
            for (id, base, rate) in &rates {
                self.claims.push([
                    tr!(lang, "off-growth-claim", base = usd(lang, *base), id = id),
                    tr!(lang, "off-rate-year", rate = pct(*rate)),
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
                let description = s["description"].as_str().unwrap_or("");
                let last = s["years"]
                    .as_array()
                    .and_then(|y| y.last())
                    .cloned()
                    .unwrap_or(Value::Null);
                match s["first_year_funded"].as_i64() {
                    Some(y) => tr!(
                        lang,
                        "off-funded",
                        name = name,
                        description = description,
                        year = y.to_string()
                    ),
                    None => tr!(
                        lang,
                        "off-not-funded",
                        name = name,
                        description = description,
                        year = last["year"]
                            .as_i64()
                            .map(|y| y.to_string())
                            .unwrap_or_default(),
                        revenue = usd(lang, last["cumulative_revenue_usd"].as_f64().unwrap_or(0.0)),
                        due = usd(
                            lang,
                            last["cumulative_commitments_usd"].as_f64().unwrap_or(0.0)
                        )
                    ),
                }
            })
            .collect();
        if !verdicts.is_empty() {
            self.answer.push(tr!(
                lang,
                "off-scenarios",
                base = usd(lang, r["base"]["value_usd"].as_f64().unwrap_or(0.0)),
                verdicts = verdicts.join(&tr!(lang, "off-clause-separator"))
            ));
        }
        if r["assumption_material"] == true {
            self.notes.push(tr!(lang, "off-material-note"));
        }
    }

    fn statements(&mut self, r: &Value) {
        let lang = self.lang;
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
                        tr!(
                            lang,
                            "off-figure-value",
                            value = figure_value(lang, x),
                            basis = x["basis"].as_str().unwrap_or("")
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
                        tr!(
                            lang,
                            "off-figure-claim",
                            subject = subject,
                            metric = metric,
                            year = year.as_str(),
                            basis = x["basis"].as_str().unwrap_or(""),
                            period = x["period"].as_str().unwrap_or("")
                        ),
                        figure_value(lang, x),
                        labels(&x["sources"]),
                    ]);
                }
                if f["conflict"] == true {
                    self.answer.push(tr!(
                        lang,
                        "off-figures-disagree",
                        subject = subject,
                        metric = metric,
                        year = year.as_str(),
                        values = self.list(&values)
                    ));
                    for e in f["explanations"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        self.notes.push(tr!(
                            lang,
                            "off-figure-note",
                            subject = subject,
                            metric = metric,
                            year = year.as_str(),
                            explanation = e
                        ));
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
            self.answer.push(tr!(
                lang,
                "off-timeline",
                organisation = t["organisation"].as_str().unwrap_or(""),
                topic = t["topic"].as_str().unwrap_or(""),
                entries = entries.join(&tr!(lang, "off-clause-separator"))
            ));
        }
        let contradictions = r["contradictions"].as_array().cloned().unwrap_or_default();
        if let Some(c) = contradictions.first() {
            let side = |k: &str, f: &str| c[k][f].as_str().unwrap_or("").to_string();
            self.answer.push(tr!(
                lang,
                "off-contradictions",
                count = contradictions.len(),
                first = side("first", "speaker"),
                first_date = side("first", "date"),
                first_channel = side("first", "channel"),
                first_text = side("first", "evidence"),
                second = side("second", "speaker"),
                second_date = side("second", "date"),
                second_channel = side("second", "channel"),
                second_text = side("second", "evidence")
            ));
        }
        for s in r["statements"].as_array().into_iter().flatten() {
            let stance = s["stances"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(|t| t["stance"].as_str())
                .unwrap_or("neutral");
            self.claims.push([
                tr!(
                    lang,
                    "off-statement-claim",
                    speaker = s["speaker"].as_str().unwrap_or(""),
                    date = s["date"].as_str().unwrap_or(""),
                    channel = s["channel"].as_str().unwrap_or(""),
                    stance = stance
                ),
                cell(s["text"].as_str().unwrap_or("")),
                labels(&s["sources"]),
            ]);
        }
        let disagreements = r["disagreements"].as_array().map_or(0, Vec::len);
        if disagreements > 0 {
            self.answer
                .push(tr!(lang, "off-disagreements", count = disagreements));
        }
    }
}

fn figure_value(lang: Lang, x: &Value) -> String {
    match (x["value"].as_f64(), x["unit"].as_str()) {
        (Some(v), Some("usd")) => usd(lang, v),
        (Some(v), Some("percent")) => format!("{v}%"),
        (Some(v), _) => format!("{v}"),
        (None, _) => match x["value_note"].as_str() {
            Some(n) => n.to_string(),
            None => tr!(lang, "off-not-stated"),
        },
    }
}

/// The report for `results` (the plan's step results, as the runtime
/// hands them to the model), in `lang`.
pub fn write(lang: Lang, results: &[Value]) -> String {
    let mut w = Writer {
        lang,
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
    let mut md = tr!(lang, "off-banner");
    md.push_str("\n\n");
    md.push_str(&tr!(lang, "off-heading-answer"));
    md.push_str("\n\n");
    for a in &w.answer {
        md.push_str(a);
        md.push_str("\n\n");
    }
    if !failed.is_empty() {
        md.push_str(&tr!(
            lang,
            "off-failed",
            steps = failed.join(&tr!(lang, "off-clause-separator"))
        ));
        md.push_str("\n\n");
    }
    if !w.claims.is_empty() {
        md.push_str(&format!(
            "{}\n\n{}\n|---|---|---|\n",
            tr!(lang, "off-heading-claims"),
            tr!(lang, "off-table-head")
        ));
        for [c, v, s] in &w.claims {
            md.push_str(&format!("| {c} | {v} | {s} |\n"));
        }
        md.push('\n');
    }
    if !w.notes.is_empty() {
        md.push_str(&tr!(lang, "off-heading-notes"));
        md.push_str("\n\n");
        for n in &w.notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md
}
