//! The offline planner's report, written only from the tool results in the
//! conversation: every number it states is a number a tool returned. It
//! answers each part of the request first, as asked (yes or no, the names
//! ranked, the figure and its reason), then lays out the evidence, each
//! record once, then the sources' own caveats, then what it could not
//! answer.

mod details;
mod figures;
mod lead;
mod said;
mod verdict;

use std::collections::HashSet;

use serde_json::Value;
use steer_tools::Dataset;

use super::planner::Unplanned;
use super::understand::Understanding;
use crate::i18n::{Lang, usd, word};
use crate::run::prompt::StepResult;
use crate::tr;

/// What was asked, as the planner understood it.
pub struct Asked<'a> {
    pub lang: Lang,
    pub parts: &'a [Understanding],
    pub unplanned: &'a [Unplanned],
    /// Names in the request the dataset does not hold, as written.
    pub unknown: &'a [String],
    /// For names only: every fact comes from the results.
    pub data: &'a Dataset,
}

/// Puts each record's Japanese rendering (its `ja` object, from the
/// dataset) in place of its English text fields, so a Japanese report is
/// written from Japanese text; a field with no rendering stays as it is.
pub fn localize(results: &mut [StepResult], lang: Lang) {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(ja)) = m.remove("ja") {
                    for (field, text) in ja {
                        if let Some(slot) = m.get_mut(&field) {
                            *slot = text;
                        }
                    }
                }
                m.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if lang == Lang::Ja {
        results
            .iter_mut()
            .filter_map(|r| r.result.as_mut())
            .for_each(walk);
    }
}

/// The successful results, as (tool, arguments, result).
pub(super) struct Results<'a> {
    all: Vec<(&'a str, &'a Value, &'a Value)>,
}

impl<'a> Results<'a> {
    fn of(&self, tool: &'a str) -> impl Iterator<Item = (&'a Value, &'a Value)> + '_ {
        self.all
            .iter()
            .filter(move |(t, _, _)| *t == tool)
            .map(|(_, a, r)| (*a, *r))
    }
}

pub(super) struct Writer {
    lang: Lang,
    /// What the tools found, result by result.
    details: Vec<String>,
    claims: Vec<[String; 3]>,
    /// Records already in the table: a record reached through two
    /// lookups is one claim.
    seen: HashSet<String>,
    notes: Vec<String>,
}

impl Writer {
    fn list(&self, items: &[String]) -> String {
        list(self.lang, items)
    }

    /// Adds a row for the record `key` unless it is there already.
    fn claim(&mut self, key: &str, row: [String; 3]) {
        if self.seen.insert(key.to_string()) {
            self.claims.push(row);
        }
    }

    fn detail(&mut self, text: String) {
        if !self.details.contains(&text) {
            self.details.push(text);
        }
    }

    fn note(&mut self, text: String) {
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    /// The sources' own hedge about a record, carried into the notes.
    fn caveat(&mut self, what: &str, record: &Value) {
        if let Some(c) = record["caveat"].as_str() {
            let text = tr!(
                self.lang,
                "off-caveat",
                what = what,
                caveat = c,
                sources = labels(&record["sources"])
            );
            self.note(text);
        }
    }
}

pub(super) use crate::i18n::list;

pub(super) fn labels(v: &Value) -> String {
    crate::run::report::labels_in(v).join("; ")
}

/// A deal's amount as an analyst writes it: bound, per-year, or what the
/// sources say instead of a number.
pub(super) fn money(lang: Lang, d: &Value) -> String {
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

/// A figure's value in its unit.
pub(super) fn figure_value(lang: Lang, x: &Value) -> String {
    let value = match (x["value"].as_f64(), x["unit"].as_str()) {
        (Some(v), Some("usd")) => usd(lang, v),
        (Some(v), Some("percent")) => format!("{v}%"),
        (Some(v), Some("count")) => crate::i18n::count(lang, v),
        (Some(v), _) => format!("{v}"),
        (None, _) => {
            return match x["value_note"].as_str() {
                Some(n) => n.to_string(),
                None => tr!(lang, "off-not-stated"),
            };
        }
    };
    match x["bound"].as_str() {
        Some("up_to") => tr!(lang, "off-money-up-to", amount = value),
        Some("approx") => tr!(lang, "off-money-about", amount = value),
        Some("at_least") => tr!(lang, "off-money-at-least", amount = value),
        _ => value,
    }
}

pub(super) fn pct(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

pub(super) fn cell(text: &str) -> String {
    text.replace('|', "/").replace('\n', " ")
}

/// A dataset word in prose.
pub(super) fn w(lang: Lang, v: &Value) -> String {
    word(lang, v.as_str().unwrap_or(""))
}

/// The report for `results` (the plan's step results, as the runtime
/// hands them to the model) answering `asked`.
pub fn write(asked: &Asked, results: &[StepResult]) -> String {
    let lang = asked.lang;
    let mut wr = Writer {
        lang,
        details: Vec::new(),
        claims: Vec::new(),
        seen: HashSet::new(),
        notes: Vec::new(),
    };
    let mut failed = Vec::new();
    let mut ok = Vec::new();
    for r in results {
        static NULL: Value = Value::Null;
        let tool = r.tool.as_str();
        if !r.ok {
            failed.push(format!(
                "`{}` ({tool}): {}",
                r.step,
                r.error
                    .clone()
                    .unwrap_or_else(|| crate::tr!(lang, "step-no-result"))
            ));
            continue;
        }
        ok.push((tool, &r.arguments, r.result.as_ref().unwrap_or(&NULL)));
    }
    let results = Results { all: ok };
    let mut answers: Vec<String> = Vec::new();
    for u in asked.parts {
        // Two parts answered by the same paragraph show it once.
        for a in lead::answer(asked, u, &results, &mut wr) {
            if !answers.contains(&a) {
                answers.push(a);
            }
        }
    }
    for (tool, args, result) in &results.all {
        match *tool {
            "deal_lookup" => wr.deals(args, result),
            "revenue_projection" => wr.projection(args, result),
            "statement_comparison" => wr.statements(result),
            _ => {}
        }
    }
    let mut md = tr!(lang, "off-banner");
    md.push_str("\n\n");
    md.push_str(&tr!(lang, "off-heading-answer"));
    md.push_str("\n\n");
    // A name the dataset does not hold is said first: the answer below
    // is about what it does hold, never silently about something else.
    if !asked.unknown.is_empty() {
        md.push_str(&tr!(
            lang,
            "off-not-in-dataset",
            names = list(lang, asked.unknown)
        ));
        md.push_str("\n\n");
    }
    for a in &answers {
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
    if !wr.details.is_empty() {
        md.push_str(&tr!(lang, "off-heading-details"));
        md.push_str("\n\n");
        for d in &wr.details {
            md.push_str(d);
            md.push_str("\n\n");
        }
    }
    if !wr.claims.is_empty() {
        md.push_str(&format!(
            "{}\n\n{}\n|---|---|---|\n",
            tr!(lang, "off-heading-claims"),
            tr!(lang, "off-table-head")
        ));
        for [c, v, s] in &wr.claims {
            md.push_str(&format!("| {c} | {v} | {s} |\n"));
        }
        md.push('\n');
    }
    if !wr.notes.is_empty() {
        md.push_str(&tr!(lang, "off-heading-notes"));
        md.push_str("\n\n");
        for n in &wr.notes {
            md.push_str(&format!("- {n}\n"));
        }
        md.push('\n');
    }
    if !asked.unplanned.is_empty() {
        md.push_str(&tr!(lang, "off-heading-unanswered"));
        md.push_str("\n\n");
        for u in asked.unplanned {
            md.push_str(&format!(
                "- {}\n",
                tr!(
                    lang,
                    "off-unanswered",
                    part = u.part.as_str(),
                    why = u.why.as_str()
                )
            ));
        }
    }
    md.trim_end().to_string() + "\n"
}

/// An entity's display name.
fn name(asked: &Asked, id: &str) -> String {
    asked.data.name_of(id).to_string()
}

/// "Yes. " / "No. " before the answer to a yes/no question.
fn yes_no(lang: Lang, u: &Understanding, id: &str) -> String {
    if u.form == crate::offline::understand::Form::YesNo {
        format!("{}{}", tr!(lang, id), tr!(lang, "off-sentence-gap"))
    } else {
        String::new()
    }
}
