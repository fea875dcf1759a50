//! What each tool result shows, result by result: the evidence under the
//! answer, and the rows of the claims table (each record once).

use serde_json::{Value, json};

use super::{Writer, cell, figure_value, labels, money, pct, w};
use crate::i18n::{Lang, usd};
use crate::tr;

/// The deal rows one lookup puts in the claims table.
const TABLE_ROWS: usize = 12;

impl Writer {
    pub(super) fn deals(&mut self, args: &Value, r: &Value) {
        let lang = self.lang;
        let mode = r["mode"].as_str().unwrap_or("list");
        let party = r["party"]["name"].as_str().unwrap_or("?");
        match mode {
            "cycles" => {
                let cycles = r["cycles"].as_array().cloned().unwrap_or_default();
                if cycles.is_empty() {
                    self.detail(tr!(lang, "off-cycles-none", party = party));
                    return;
                }
                self.detail(tr!(
                    lang,
                    "off-cycles",
                    count = cycles.len(),
                    party = party,
                    path = cycles[0]["path"].as_str().unwrap_or("")
                ));
                // A cut search is said, never passed off as every cycle.
                let search = &r["cycle_search"];
                if search["budget_exhausted"] == true {
                    self.detail(tr!(
                        lang,
                        "off-cycles-budget",
                        complete = search["complete_to_length"].as_u64().unwrap_or(0)
                    ));
                }
                if r["truncated"] == true {
                    self.detail(tr!(
                        lang,
                        "off-cycles-cut",
                        shown = cycles.len(),
                        seen = search["cycles_seen"].as_u64().unwrap_or(0)
                    ));
                }
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
                    self.claim(
                        &format!("cycle {}", c["path"].as_str().unwrap_or("")),
                        [
                            cell(c["path"].as_str().unwrap_or("")),
                            format!("{value}{extra}"),
                            labels(&c["hops"]),
                        ],
                    );
                }
                // Every deal on the strongest cycle, with its amount.
                for hop in cycles[0]["hops"].as_array().into_iter().flatten() {
                    for d in hop["deals"].as_array().into_iter().flatten() {
                        self.deal_claim(d);
                    }
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
                self.detail(tr!(
                    lang,
                    "off-totals",
                    party = party,
                    count = r["matched"].as_u64().unwrap_or(0),
                    without = r["totals"]["without_money_flow"].as_u64().unwrap_or(0),
                    stated = stated,
                    unstated = o["unstated"].as_u64().unwrap_or(0)
                ));
            }
            _ => {
                let deals = r["deals"].as_array().cloned().unwrap_or_default();
                let who = match (
                    r["counterparty"]["name"].as_str(),
                    args["direction"].as_str(),
                ) {
                    (Some(c), _) => tr!(lang, "off-deals-between", party = party, other = c),
                    (None, Some("pays")) => tr!(lang, "off-deals-paid-by", party = party),
                    (None, Some("receives")) => tr!(lang, "off-deals-paid-to", party = party),
                    _ => tr!(lang, "off-deals-involving", party = party),
                };
                let kind = args["kind"]
                    .as_str()
                    .map(|k| tr!(lang, "off-deals-kind", kind = w(lang, &json!(k))))
                    .unwrap_or_default();
                self.detail(tr!(
                    lang,
                    "off-deals",
                    count = r["matched"].as_u64().unwrap_or(0),
                    kind = kind,
                    who = who,
                    unstated = r["unstated"].as_u64().unwrap_or(0)
                ));
                for d in deals.iter().take(TABLE_ROWS) {
                    self.deal_claim(d);
                }
                // Rows cut from the table are said, with where to see them.
                if deals.len() > TABLE_ROWS {
                    self.detail(tr!(
                        lang,
                        "off-deals-cut",
                        shown = TABLE_ROWS,
                        count = deals.len(),
                        arguments = args.to_string()
                    ));
                }
            }
        }
    }

    /// A deal's row in the claims table, once however often it is reached.
    pub(super) fn deal_claim(&mut self, d: &Value) {
        let lang = self.lang;
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
        let key = d["id"].as_str().unwrap_or("").to_string();
        self.claim(&key, [cell(&claim), value, labels(&d["sources"])]);
        let what = format!(
            "{} → {}",
            d["from"]["name"].as_str().unwrap_or(""),
            d["to"]["name"].as_str().unwrap_or("")
        );
        self.caveat(&what, d);
    }

    pub(super) fn projection(&mut self, args: &Value, r: &Value) {
        let lang = self.lang;
        let company = r["company"].as_str().unwrap_or("?");
        for c in r["candidates"].as_array().into_iter().flatten() {
            let amount = usd(lang, c["value_usd"].as_f64().unwrap_or(0.0));
            let value = if c["bound"] == "at_least" {
                tr!(lang, "off-money-at-least", amount = amount)
            } else {
                amount
            };
            self.claim(
                c["figure_id"].as_str().unwrap_or(""),
                [
                    tr!(
                        lang,
                        "off-base-claim",
                        company = company,
                        basis = w(lang, &c["basis"])
                    ),
                    value,
                    labels(&c["sources"]),
                ],
            );
        }
        let Some(commitments) = r["commitments"].as_object() else {
            self.detail(tr!(
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
        self.claim(
            &format!("commitments {company} {total} {years}"),
            [
                tr!(lang, "off-commitments-claim", company = company),
                tr!(
                    lang,
                    "off-over-years",
                    amount = usd(lang, total),
                    years = years
                ),
                source,
            ],
        );
        // A base the arguments chose (the user's choice at a checkpoint, or
        // the plan's) leads the answer.
        let chosen = args["base_figure"].is_string() || args["base_usd"].is_number();
        if chosen && let Some(rate) = r["required_growth"]["result"]["rate"].as_f64() {
            let used = r["candidates"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["figure_id"] == r["base"]["figure_id"]);
            let figure = used
                .map(|c| format!(" ({})", w(lang, &c["basis"])))
                .unwrap_or_default();
            self.detail(tr!(
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
                    w(lang, &s["basis"]),
                    s["base_usd"].as_f64()?,
                    s["required_growth"]["rate"].as_f64()?,
                ))
            })
            .collect();
        if rates.is_empty() {
            if let Some(rate) = r["required_growth"]["result"]["rate"].as_f64() {
                self.detail(tr!(
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
            self.detail(tr!(
                lang,
                "off-needs-depending",
                total = usd(lang, total),
                years = years,
                parts = self.list(&parts)
            ));
            for (basis, base, rate) in &rates {
                self.claim(
                    &format!("growth {company} {base} {total} {years}"),
                    [
                        tr!(
                            lang,
                            "off-growth-claim",
                            base = usd(lang, *base),
                            basis = basis.as_str()
                        ),
                        tr!(lang, "off-rate-year", rate = pct(*rate)),
                        "revenue_projection".to_string(),
                    ],
                );
            }
        }
        let verdicts: Vec<String> = r["scenarios"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let name = s["name"].as_str().unwrap_or("");
                let description = growth_in(lang, &s["growth"])
                    .unwrap_or_else(|| s["description"].as_str().unwrap_or("").to_string());
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
                        description = description.as_str(),
                        year = y.to_string()
                    ),
                    None => tr!(
                        lang,
                        "off-not-funded",
                        name = name,
                        description = description.as_str(),
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
            self.detail(tr!(
                lang,
                "off-scenarios",
                base = usd(lang, r["base"]["value_usd"].as_f64().unwrap_or(0.0)),
                verdicts = verdicts.join(&tr!(lang, "off-clause-separator"))
            ));
        }
        if r["assumption_material"] == true {
            self.note(tr!(lang, "off-material-note"));
        }
    }

    pub(super) fn statements(&mut self, r: &Value) {
        let lang = self.lang;
        if r["mode"] == "figures" {
            for f in r["figures"].as_array().into_iter().flatten() {
                let subject = f["subject"].as_str().unwrap_or("");
                let metric = w(lang, &f["metric"]);
                let metric = metric.as_str();
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
                            basis = w(lang, &x["basis"])
                        )
                    })
                    .collect();
                for x in f["figures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(f["unquantified"].as_array().into_iter().flatten())
                {
                    self.claim(
                        x["id"].as_str().unwrap_or(""),
                        [
                            tr!(
                                lang,
                                "off-figure-claim",
                                subject = subject,
                                metric = metric,
                                year = year.as_str(),
                                basis = w(lang, &x["basis"]),
                                period = x["period"].as_str().unwrap_or("")
                            ),
                            figure_value(lang, x),
                            labels(&x["sources"]),
                        ],
                    );
                    self.caveat(&format!("{subject} {metric}{year}"), x);
                }
                if f["conflict"] == true {
                    self.detail(tr!(
                        lang,
                        "off-figures-disagree",
                        subject = subject,
                        metric = metric,
                        year = year.as_str(),
                        values = self.list(&values)
                    ));
                    for e in super::figures::explanations(lang, f) {
                        self.note(tr!(
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
                        w(lang, &e["channel"]),
                        w(lang, &e["audience"]),
                        w(lang, &e["stance"])
                    )
                })
                .collect();
            self.detail(tr!(
                lang,
                "off-timeline",
                organisation = t["organisation"].as_str().unwrap_or(""),
                topic = w(lang, &t["topic"]),
                entries = entries.join(&tr!(lang, "off-clause-separator"))
            ));
        }
        let contradictions = r["contradictions"].as_array().cloned().unwrap_or_default();
        if let Some(c) = contradictions.first() {
            let side = |k: &str, f: &str| c[k][f].as_str().unwrap_or("").to_string();
            self.detail(tr!(
                lang,
                "off-contradictions",
                count = contradictions.len(),
                first = side("first", "speaker"),
                first_date = side("first", "date"),
                first_channel = w(lang, &c["first"]["channel"]),
                first_text = side("first", "evidence"),
                second = side("second", "speaker"),
                second_date = side("second", "date"),
                second_channel = w(lang, &c["second"]["channel"]),
                second_text = side("second", "evidence")
            ));
        }
        for s in r["statements"].as_array().into_iter().flatten() {
            let stance = s["stances"]
                .as_array()
                .and_then(|a| a.first())
                .map_or(json!("neutral"), |t| t["stance"].clone());
            self.claim(
                s["id"].as_str().unwrap_or(""),
                [
                    tr!(
                        lang,
                        "off-statement-claim",
                        speaker = s["speaker"].as_str().unwrap_or(""),
                        date = s["date"].as_str().unwrap_or(""),
                        channel = w(lang, &s["channel"]),
                        stance = w(lang, &stance)
                    ),
                    cell(s["text"].as_str().unwrap_or("")),
                    labels(&s["sources"]),
                ],
            );
        }
        let disagreements = r["disagreements"].as_array().map_or(0, Vec::len);
        if disagreements > 0 {
            self.detail(tr!(lang, "off-disagreements", count = disagreements));
        }
    }
}

/// A scenario's growth model in the reader's language, from the tool's
/// `growth` data (its `description` is English).
fn growth_in(lang: Lang, g: &Value) -> Option<String> {
    let rate = |k: &str| g[k].as_f64().map(steer_tools::projection::pct);
    Some(match g["model"].as_str()? {
        "cagr" => tr!(lang, "growth-cagr", rate = rate("rate")?),
        "decaying" => tr!(
            lang,
            "growth-decaying",
            start = rate("start_rate")?,
            decay = rate("decay")?,
            floor = rate("floor")?
        ),
        "logistic" => tr!(
            lang,
            "growth-logistic",
            ceiling = usd(lang, g["ceiling_usd"].as_f64()?),
            steepness = g["steepness"].as_f64()?.to_string()
        ),
        _ => return None,
    })
}
