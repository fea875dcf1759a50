//! The answer to each part of the request, as asked: yes or no first for
//! a yes/no question, the names ranked for "which", the figure and the
//! sources' stated reason for "why", a comparison for "compare". Each
//! reads the results its part's steps returned.

use serde_json::Value;

use super::{Asked, Results, Writer, figure_value, labels, list, money, name, pct, w, yes_no};
use crate::i18n::{Lang, usd};
use crate::offline::planner::intents_of;
use crate::offline::understand::{Form, Intent, Understanding};
use crate::tr;

/// Deal kinds that are investments made, not payments owed.
const INVESTING: &[&str] = &["investment", "venture", "equity_stake"];

/// The paragraphs answering part `u`.
pub(super) fn answer(
    asked: &Asked,
    u: &Understanding,
    res: &Results,
    wr: &mut Writer,
) -> Vec<String> {
    let mut out = Vec::new();
    let intents = intents_of(u);
    for intent in intents.iter().copied() {
        // Who disagrees quotes the speaker too.
        if intent == Intent::Statements && intents.contains(&Intent::Disagreement) {
            continue;
        }
        let paragraph = match intent {
            Intent::Funding => funding(asked, u, res),
            Intent::Exposure => exposure(asked, u, res, wr),
            Intent::Statements => super::said::statements(asked, u, res),
            Intent::Disagreement => super::said::disagreement(asked, u, res, wr),
            Intent::Circular => circular(asked, u, res, wr),
            Intent::Overlap => overlap(asked, u, res, wr),
            Intent::Figures => super::figures::figures(asked, u, res),
            Intent::Comparison => super::figures::comparison(asked, u, res),
            Intent::Terms | Intent::Deals => deals(asked, u, res),
        };
        out.extend(paragraph);
    }
    // A yes/no question the analysis does not answer by computing (can
    // the revenue cover it, is there a cycle, is it consistent) is
    // answered from the record that says so.
    let computed = intents.contains(&Intent::Funding)
        || intents.contains(&Intent::Circular)
        || (intents.contains(&Intent::Statements)
            && u.speakers.is_empty()
            && super::said::asks_consistency(u));
    if u.form == Form::YesNo && !computed {
        let lang = asked.lang;
        let decided = super::verdict::decide(asked, u, res);
        let mut lead = format!(
            "{}{}",
            tr!(lang, decided.verdict.message()),
            tr!(lang, "off-sentence-gap")
        );
        if let Some((sentence, sources)) = &decided.sentence
            && !out.iter().any(|p| p.contains(sentence.as_str()))
        {
            lead.push_str(&tr!(
                lang,
                "lead-verdict-basis",
                text = sentence.as_str(),
                sources = sources.as_str()
            ));
            lead.push_str(&tr!(lang, "off-sentence-gap"));
        }
        match out.first_mut() {
            Some(first) => first.insert_str(0, &lead),
            None => out.push(lead.trim_end().to_string()),
        }
    }
    out
}

/// Whether `r` (a tool result) is about entity `id` as its `party`.
fn party_is(r: &Value, id: &str) -> bool {
    r["party"]["id"] == id
}

fn funding(asked: &Asked, u: &Understanding, res: &Results) -> Option<String> {
    let lang = asked.lang;
    let names: Vec<String> = u.entities.iter().map(|e| name(asked, e)).collect();
    let (_, r) = res
        .of("revenue_projection")
        .find(|(_, r)| names.iter().any(|n| r["company"] == n.as_str()))?;
    let company = r["company"].as_str().unwrap_or("");
    let base = usd(lang, r["base"]["value_usd"].as_f64().unwrap_or(0.0));
    let used = r["candidates"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["figure_id"] == r["base"]["figure_id"]);
    let projected = used.filter(|c| c["basis"] == "projected").map(|c| {
        tr!(
            lang,
            "lead-projected-base",
            company = company,
            amount = base.as_str(),
            period = c["period"].as_str().unwrap_or(""),
            sources = labels(&c["sources"])
        )
    });
    let Some(commitments) = r["commitments"].as_object() else {
        let mut text = format!(
            "{}{}",
            yes_no(lang, u, "answer-cannot-tell"),
            tr!(lang, "lead-funding-no-commitments", company = company)
        );
        if let Some(p) = projected {
            text.push_str(&tr!(lang, "off-sentence-gap"));
            text.push_str(&p);
        }
        return Some(text);
    };
    let total = usd(
        lang,
        commitments
            .get("total_usd")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
    );
    let years = commitments
        .get("years")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let mut funded = Vec::new();
    let mut unfunded = Vec::new();
    for s in r["scenarios"].as_array().into_iter().flatten() {
        let n = s["name"].as_str().unwrap_or("").to_string();
        match s["first_year_funded"].as_i64() {
            Some(y) => funded.push(tr!(
                lang,
                "lead-scenario-by",
                name = n,
                year = y.to_string()
            )),
            None => unfunded.push(n),
        }
    }
    let rate = r["required_growth"]["result"]["rate"]
        .as_f64()
        .map(pct)
        .unwrap_or_default();
    // One sentence per outcome; each takes the arguments it names.
    let (verdict, id) = if funded.is_empty() {
        ("answer-no", "lead-funding-none")
    } else if unfunded.is_empty() {
        ("answer-yes", "lead-funding-all")
    } else {
        ("answer-partly", "lead-funding-some")
    };
    let sentence = crate::i18n::tr(
        lang,
        id,
        &[
            ("company", company.into()),
            ("base", base.as_str().into()),
            ("total", total.as_str().into()),
            ("years", years.into()),
            ("rate", rate.as_str().into()),
            ("funded", list(lang, &funded).into()),
            ("unfunded", list(lang, &unfunded).into()),
        ],
    );
    let mut text = format!("{}{sentence}", yes_no(lang, u, verdict));
    if let Some(p) = projected {
        text.push_str(&tr!(lang, "off-sentence-gap"));
        text.push_str(&p);
    }
    Some(text)
}

fn exposure(asked: &Asked, u: &Understanding, res: &Results, wr: &mut Writer) -> Option<String> {
    let lang = asked.lang;
    let debtor = u.entities.first()?;
    let (_, r) = res
        .of("deal_lookup")
        .find(|(a, r)| party_is(r, debtor) && a["direction"] == "pays" && r["mode"] == "list")?;
    let party = r["party"]["name"].as_str().unwrap_or("");
    // Each counterparty owed money, with its largest stated amount.
    let mut owed: Vec<(String, Option<f64>, Vec<&Value>)> = Vec::new();
    for d in r["deals"].as_array().into_iter().flatten() {
        let kind = d["kind"].as_str().unwrap_or("");
        if d["money_flow"] != true || INVESTING.contains(&kind) {
            continue;
        }
        let to = d["to"]["name"].as_str().unwrap_or("").to_string();
        let value = d["value_usd"].as_f64();
        match owed.iter_mut().find(|(n, _, _)| *n == to) {
            Some(entry) => {
                entry.1 = match (entry.1, value) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                entry.2.push(d);
            }
            None => owed.push((to, value, vec![d])),
        }
    }
    // Stated amounts first, largest first; unstated ones keep their order.
    owed.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    for (_, _, deals) in &owed {
        for d in deals {
            wr.deal_claim(d);
        }
    }
    let stated: Vec<&(String, Option<f64>, Vec<&Value>)> =
        owed.iter().filter(|o| o.1.is_some()).collect();
    let unstated: Vec<String> = owed
        .iter()
        .filter(|o| o.1.is_none())
        .map(|o| o.0.clone())
        .collect();
    let described = |o: &(String, Option<f64>, Vec<&Value>)| {
        let d = o.2[0];
        tr!(
            lang,
            "lead-owed",
            name = o.0.as_str(),
            amount = money(lang, d),
            kind = w(lang, &d["kind"]),
            sources = labels(&d["sources"])
        )
    };
    let mut text = match stated.first() {
        None if unstated.is_empty() => return Some(tr!(lang, "lead-exposure-none", party = party)),
        None => tr!(
            lang,
            "lead-exposure-unranked",
            party = party,
            names = list(lang, &unstated)
        ),
        Some(top) => {
            let mut text = tr!(lang, "lead-exposure", party = party, top = described(top));
            if stated.len() > 1 {
                let next: Vec<String> = stated[1..].iter().map(|o| described(o)).collect();
                text.push_str(&tr!(lang, "off-sentence-gap"));
                text.push_str(&tr!(lang, "lead-exposure-next", next = list(lang, &next)));
            }
            if !unstated.is_empty() {
                text.push_str(&tr!(lang, "off-sentence-gap"));
                text.push_str(&tr!(
                    lang,
                    "lead-exposure-unstated",
                    party = party,
                    names = list(lang, &unstated)
                ));
            }
            text
        }
    };
    // The commitments in total, when a figures step stated them.
    let total = res
        .of("statement_comparison")
        .flat_map(|(_, r)| r["figures"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["metric"] == "compute_commitments" && f["subject"] == party)
        .flat_map(|f| f["figures"].as_array().cloned().unwrap_or_default())
        .next();
    if let Some(f) = total {
        text.push_str(&tr!(lang, "off-sentence-gap"));
        text.push_str(&tr!(
            lang,
            "lead-exposure-total",
            party = party,
            amount = figure_value(lang, &f),
            period = f["period"].as_str().unwrap_or(""),
            sources = labels(&f["sources"])
        ));
    }
    wr.note(tr!(lang, "off-exposure-note", party = party));
    Some(text)
}

fn hop_text(lang: Lang, hop: &Value) -> String {
    let deals: Vec<String> = hop["deals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            tr!(
                lang,
                "lead-hop-deal",
                amount = money(lang, d),
                kind = w(lang, &d["kind"]),
                sources = labels(&d["sources"])
            )
        })
        .collect();
    format!(
        "{} → {}: {}",
        hop["from"]["name"].as_str().unwrap_or(""),
        hop["to"]["name"].as_str().unwrap_or(""),
        list(lang, &deals)
    )
}

fn circular(asked: &Asked, u: &Understanding, res: &Results, wr: &mut Writer) -> Option<String> {
    let lang = asked.lang;
    let first = u.entities.first()?;
    let (_, r) = res
        .of("deal_lookup")
        .find(|(_, r)| r["mode"] == "cycles" && party_is(r, first))?;
    let cycles = r["cycles"].as_array().cloned().unwrap_or_default();
    let through_all = |c: &Value| {
        u.entities.iter().all(|e| {
            c["hops"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|h| h["from"]["id"] == e.as_str() || h["to"]["id"] == e.as_str())
        })
    };
    let names: Vec<String> = u.entities.iter().map(|e| name(asked, e)).collect();
    let Some(c) = cycles.iter().find(|c| through_all(c)) else {
        return Some(format!(
            "{}{}",
            yes_no(lang, u, "answer-no"),
            tr!(lang, "lead-no-cycle", names = list(lang, &names))
        ));
    };
    let hops: Vec<String> = c["hops"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| hop_text(lang, h))
        .collect();
    for h in c["hops"].as_array().into_iter().flatten() {
        for d in h["deals"].as_array().into_iter().flatten() {
            wr.deal_claim(d);
        }
    }
    Some(format!(
        "{}{}",
        yes_no(lang, u, "answer-yes"),
        tr!(
            lang,
            "lead-cycle",
            path = c["path"].as_str().unwrap_or(""),
            hops = hops.join(&tr!(lang, "off-clause-separator"))
        )
    ))
}

fn overlap(asked: &Asked, u: &Understanding, res: &Results, wr: &mut Writer) -> Option<String> {
    let lang = asked.lang;
    let first = u.entities.first()?;
    let lookup = |direction: &str| {
        res.of("deal_lookup")
            .find(|(a, r)| party_is(r, first) && a["direction"] == direction && r["mode"] == "list")
            .map(|(_, r)| r["deals"].as_array().cloned().unwrap_or_default())
    };
    let invested = lookup("pays")?;
    let paid = lookup("receives")?;
    let lower = u.text.to_lowercase();
    let chips = ["chip", "gpu", "チップ", "半導体"]
        .iter()
        .any(|c| lower.contains(c));
    let party = name(asked, first);
    let mut found: Vec<(String, Option<f64>, Vec<Value>)> = Vec::new();
    for inv in invested
        .iter()
        .filter(|d| INVESTING.contains(&d["kind"].as_str().unwrap_or("")))
    {
        let id = &inv["to"]["id"];
        let buys: Vec<&Value> = paid
            .iter()
            .filter(|d| &d["from"]["id"] == id && d["money_flow"] == true)
            .filter(|d| !chips || d["kind"] == "chip_purchase")
            .collect();
        if buys.is_empty() {
            continue;
        }
        let who = inv["to"]["name"].as_str().unwrap_or("").to_string();
        if found.iter().any(|f| f.0 == who) {
            continue;
        }
        let mut deals = vec![inv.clone()];
        deals.extend(buys.into_iter().cloned());
        found.push((who, inv["value_usd"].as_f64(), deals));
    }
    // Ranked by the stated investment; unstated ones keep their order.
    found.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    if found.is_empty() {
        return Some(tr!(lang, "lead-overlap-none", party = party));
    }
    let mut names = Vec::new();
    for (who, _, deals) in &found {
        let invested = money(lang, &deals[0]);
        names.push(tr!(
            lang,
            "lead-overlap-name",
            name = who.as_str(),
            invested = invested,
            sources = labels(&Value::Array(
                deals.iter().map(|d| d["sources"].clone()).collect()
            ))
        ));
        for d in deals {
            wr.deal_claim(d);
        }
    }
    let what = if chips {
        tr!(lang, "lead-overlap-chips", party = party.as_str())
    } else {
        tr!(lang, "lead-overlap-pays", party = party.as_str())
    };
    Some(tr!(
        lang,
        "lead-overlap",
        party = party.as_str(),
        names = list(lang, &names),
        what = what
    ))
}

fn deals(asked: &Asked, u: &Understanding, res: &Results) -> Option<String> {
    let lang = asked.lang;
    let first = u.entities.first()?;
    let second = u.entities.get(1);
    let (_, r) = res.of("deal_lookup").find(|(_, r)| {
        r["mode"] == "list"
            && party_is(r, first)
            && second.is_none_or(|s| {
                r["counterparty"]["id"] == s.as_str() || r["counterparty"].is_null()
            })
    })?;
    let mut deals: Vec<&Value> = r["deals"].as_array().into_iter().flatten().collect();
    let party = r["party"]["name"].as_str().unwrap_or("");
    if deals.is_empty() {
        return Some(tr!(lang, "lead-deals-none", party = party));
    }
    let between = !r["counterparty"]["name"].is_null();
    let relevance = |d: &Value| {
        crate::offline::retrieve::relevance(u, asked.data, d["description"].as_str().unwrap_or(""))
    };
    // The deals the question is about first; among equals, the tool's
    // order (largest stated amount first). Listed as the largest, a deal
    // with no stated amount is left out unless the question is about it:
    // it has no place in a ranking by amount.
    deals.sort_by_key(|d| std::cmp::Reverse(relevance(d)));
    let count = deals.len();
    let unstated = deals.iter().filter(|d| d["value_usd"].is_null()).count();
    if !between && unstated < count {
        deals.retain(|d| !d["value_usd"].is_null() || relevance(d) > 0);
    }
    let limit = if u.form == Form::Which { 12 } else { 4 };
    let shown: Vec<String> = deals
        .iter()
        .take(limit)
        .map(|d| {
            tr!(
                lang,
                "lead-deal",
                amount = money(lang, d),
                description = d["description"]
                    .as_str()
                    .unwrap_or("")
                    .trim_end_matches('.'),
                sources = labels(&d["sources"])
            )
        })
        .collect();
    Some(match r["counterparty"]["name"].as_str() {
        Some(other) => {
            let between = tr!(
                lang,
                "lead-deals-between",
                party = party,
                other = other,
                deals = shown.join(&tr!(lang, "off-clause-separator"))
            );
            // A source's own figure for the contract disagrees with the
            // deal's amount: shown where the contract is the subject.
            let others: Vec<String> = res
                .of("statement_comparison")
                .flat_map(|(_, r)| r["figures"].as_array().into_iter().flatten())
                .filter(|f| {
                    f["metric"] == "contract_value"
                        && (f["subject"] == party || f["subject"] == other)
                })
                .flat_map(|f| f["figures"].as_array().into_iter().flatten())
                .filter(|x| {
                    x["period"].as_str().is_some_and(|p| {
                        p.to_lowercase().contains(&other.to_lowercase())
                            || p.to_lowercase().contains(&party.to_lowercase())
                    })
                })
                .map(|x| {
                    tr!(
                        lang,
                        "lead-contract-figure",
                        value = figure_value(lang, x),
                        period = x["period"].as_str().unwrap_or(""),
                        sources = labels(&x["sources"])
                    )
                })
                .collect();
            if others.is_empty() {
                between
            } else {
                format!(
                    "{between}{}{}",
                    tr!(lang, "off-sentence-gap"),
                    tr!(lang, "lead-contract-other", figures = list(lang, &others))
                )
            }
        }
        None => tr!(
            lang,
            "lead-deals",
            party = party,
            shown = shown.len(),
            count = count,
            unstated = unstated,
            deals = shown.join(&tr!(lang, "off-clause-separator"))
        ),
    })
}
