//! Answers about figures: a company's figures (and the sources' reason,
//! for "why"), and one company's figure against another's.

use serde_json::Value;

use super::{Asked, Results, figure_value, labels, list, name, w};
use crate::i18n::{Lang, usd};
use crate::offline::understand::{Form, Understanding};
use crate::tr;

pub(super) fn figures(asked: &Asked, u: &Understanding, res: &Results) -> Option<String> {
    let lang = asked.lang;
    let mut out = Vec::new();
    for e in &u.entities {
        let subject = name(asked, e);
        let comparisons: Vec<Value> = res
            .of("statement_comparison")
            .filter(|(a, _)| a["mode"] == "figures")
            .flat_map(|(_, r)| r["figures"].as_array().cloned().unwrap_or_default())
            .filter(|f| f["subject"] == subject.as_str())
            .filter(|f| u.metric.is_none_or(|m| f["metric"] == m.as_str()))
            .collect();
        let mut values = Vec::new();
        let mut reasons = Vec::new();
        for f in &comparisons {
            let metric = w(lang, &f["metric"]);
            for x in f["figures"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(f["unquantified"].as_array().into_iter().flatten())
            {
                values.push(tr!(
                    lang,
                    "lead-figure",
                    metric = metric.as_str(),
                    value = signed(lang, x),
                    period = x["period"].as_str().unwrap_or(""),
                    basis = w(lang, &x["basis"]),
                    sources = labels(&x["sources"])
                ));
                if let Some(reason) = x["reason"].as_str() {
                    reasons.push(tr!(
                        lang,
                        "lead-why",
                        reason = reason,
                        sources = labels(&x["sources"])
                    ));
                }
            }
        }
        if values.is_empty() {
            let metric = u
                .metric
                .map(|m| w(lang, &Value::from(m.as_str())))
                .unwrap_or_else(|| tr!(lang, "lead-any-figure"));
            out.push(tr!(
                lang,
                "lead-figures-none",
                subject = subject.as_str(),
                metric = metric
            ));
            continue;
        }
        let mut text = tr!(
            lang,
            "lead-figures",
            subject = subject.as_str(),
            values = values.join(&tr!(lang, "off-clause-separator"))
        );
        if u.form == Form::Why {
            text.push_str(&tr!(lang, "off-sentence-gap"));
            if reasons.is_empty() {
                text.push_str(&tr!(lang, "lead-why-none"));
            } else {
                text.push_str(&reasons.join(&tr!(lang, "off-sentence-gap")));
            }
        }
        out.push(text);
    }
    (!out.is_empty()).then(|| out.join("\n\n"))
}

/// A figure's value, a fall written as one ("a fall of about $250B").
fn signed(lang: Lang, x: &Value) -> String {
    if x["value"].as_f64().is_some_and(|v| v < 0.0) {
        let mut positive = x.clone();
        positive["value"] = Value::from(-x["value"].as_f64().unwrap_or(0.0));
        tr!(lang, "lead-fall", amount = figure_value(lang, &positive))
    } else {
        figure_value(lang, x)
    }
}

/// A company, its stated value for the year, its scenarios' range.
type Point = (String, Option<f64>, Option<(f64, f64)>);

pub(super) fn comparison(asked: &Asked, u: &Understanding, res: &Results) -> Option<String> {
    let lang = asked.lang;
    let metric = u.metric.map_or("revenue", |m| m.as_str());
    let year = u.years.first().copied();
    let mut lines = Vec::new();
    // (company, the stated value for the year, the scenarios' range).
    let mut points: Vec<Point> = Vec::new();
    for e in u.entities.iter().take(3) {
        let subject = name(asked, e);
        let stated: Vec<Value> = res
            .of("statement_comparison")
            .flat_map(|(_, r)| r["figures"].as_array().cloned().unwrap_or_default())
            .filter(|f| f["subject"] == subject.as_str() && f["metric"] == metric)
            .flat_map(|f| {
                let mut all = f["figures"].as_array().cloned().unwrap_or_default();
                all.extend(f["unquantified"].as_array().cloned().unwrap_or_default());
                all
            })
            .filter(|x| year.is_none_or(|y| x["year"].as_i64() == Some(i64::from(y))))
            .collect();
        let values: Vec<String> = stated
            .iter()
            .map(|x| {
                tr!(
                    lang,
                    "lead-compare-value",
                    value = figure_value(lang, x),
                    basis = w(lang, &x["basis"]),
                    period = x["period"].as_str().unwrap_or(""),
                    sources = labels(&x["sources"])
                )
            })
            .collect();
        let range = year.and_then(|y| scenario_range(res, &subject, y));
        let when = year.map(|y| format!(" {y}")).unwrap_or_default();
        let mut line = if values.is_empty() {
            tr!(
                lang,
                "lead-compare-none",
                subject = subject.as_str(),
                metric = w(lang, &Value::from(metric)),
                year = when.as_str()
            )
        } else {
            tr!(
                lang,
                "lead-compare-stated",
                subject = subject.as_str(),
                metric = w(lang, &Value::from(metric)),
                year = when.as_str(),
                values = values.join(&tr!(lang, "off-clause-separator"))
            )
        };
        if let (Some((low, high)), Some(y)) = (range, year)
            && values.is_empty()
        {
            line.push(' ');
            line.push_str(&tr!(
                lang,
                "lead-compare-range",
                low = usd(lang, low),
                high = usd(lang, high),
                year = y.to_string()
            ));
        }
        lines.push(line);
        let value = stated.iter().find_map(|x| x["value"].as_f64());
        points.push((subject, value, range));
    }
    // The comparison itself: a stated figure against the other's.
    if let [(a, Some(va), _), (b, vb, rb)] = points.as_slice() {
        let verdict = match (vb, rb) {
            (Some(vb), _) if va > vb => Some(tr!(
                lang,
                "lead-compare-above",
                a = a.as_str(),
                b = b.as_str()
            )),
            (Some(vb), _) if va < vb => Some(tr!(
                lang,
                "lead-compare-below",
                a = a.as_str(),
                b = b.as_str()
            )),
            (Some(_), _) => None,
            (None, Some((low, high))) if va > high => Some(tr!(
                lang,
                "lead-compare-above-range",
                a = a.as_str(),
                b = b.as_str()
            )),
            (None, Some((low, _))) if va < low => Some(tr!(
                lang,
                "lead-compare-below-range",
                a = a.as_str(),
                b = b.as_str()
            )),
            (None, Some(_)) => Some(tr!(
                lang,
                "lead-compare-within-range",
                a = a.as_str(),
                b = b.as_str()
            )),
            (None, None) => None,
        };
        lines.extend(verdict);
    }
    (!lines.is_empty()).then(|| lines.join(&tr!(lang, "off-sentence-gap")))
}

/// The lowest and highest revenue the projection's scenarios give the
/// company in `year`.
fn scenario_range(res: &Results, company: &str, year: i32) -> Option<(f64, f64)> {
    let (_, r) = res
        .of("revenue_projection")
        .find(|(_, r)| r["company"] == company)?;
    let values: Vec<f64> = r["scenarios"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            s["years"]
                .as_array()?
                .iter()
                .find(|y| y["year"].as_i64() == Some(i64::from(year)))?["revenue_usd"]
                .as_f64()
        })
        .collect();
    let low = values.iter().copied().reduce(f64::min)?;
    let high = values.iter().copied().reduce(f64::max)?;
    Some((low, high))
}

/// Why figures that should agree differ, in `lang`, from the tool's
/// `explained` data; periods are read from the comparison's figures,
/// which are in the report's language.
pub(super) fn explanations(lang: Lang, comparison: &Value) -> Vec<String> {
    let period = |id: &Value| {
        comparison["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| &x["id"] == id)
            .and_then(|x| x["period"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let text = |e: &Value| -> Option<String> {
        let id = e["id"].as_str().unwrap_or("");
        Some(match e["kind"].as_str()? {
            "bases_differ" => {
                let pairs = e["figures"].as_array()?;
                let listed: Vec<String> = pairs
                    .iter()
                    .map(|p| {
                        tr!(
                            lang,
                            "off-basis-of",
                            id = p[0].as_str().unwrap_or(""),
                            basis = w(lang, &p[1])
                        )
                    })
                    .collect();
                let has = |b: &str| pairs.iter().any(|p| p[1] == b);
                let mut text = tr!(lang, "off-bases-differ", list = list(lang, &listed));
                if has("annualized") && has("reported") {
                    text.push_str(&tr!(lang, "off-bases-run-rate"));
                }
                if has("projected") {
                    text.push_str(&tr!(lang, "off-bases-projected"));
                }
                text
            }
            "same_basis_differ" => tr!(
                lang,
                "off-same-basis-differ",
                low = e["low"].as_str().unwrap_or(""),
                high = e["high"].as_str().unwrap_or(""),
                basis = w(lang, &e["basis"]),
                low_period = period(&e["low"]),
                high_period = period(&e["high"])
            ),
            "bounded" => match e["bound"].as_str()? {
                "at_least" => tr!(lang, "off-bound-floor", id = id),
                "up_to" => tr!(lang, "off-bound-ceiling", id = id),
                _ => tr!(lang, "off-bound-approx", id = id),
            },
            "attributed" => tr!(
                lang,
                "off-attributed",
                id = id,
                who = e["who"].as_str().unwrap_or("")
            ),
            _ => return None,
        })
    };
    comparison["explained"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(text)
        .collect()
}
