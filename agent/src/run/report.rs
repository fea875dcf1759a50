//! The final report: the model's answer, checked against the tool results,
//! with the contested points and the user's decisions appended.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use super::evidence::{Evidence, Written, labels_in, numbers_in};
use super::evidence::{is_label, value_numbers, verified};
use super::state::{DecisionRecord, StepStatus};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The whole report as Markdown.
    pub markdown: String,
    /// The model's answer, as written.
    pub answer: String,
    /// Source labels the answer cites that appear in the results.
    pub sources: Vec<String>,
    /// Source labels the answer cites that no result contains.
    pub unknown_sources: Vec<String>,
    /// Numbers in the answer that no tool result contains.
    pub unverified_numbers: Vec<String>,
    /// Each number the answer states that a result holds: the records
    /// that state it, with their citations, and the steps.
    #[serde(default)]
    pub claims: Vec<super::claims::Claim>,
    pub decisions: Vec<DecisionRecord>,
    pub aborted: bool,
    /// The run ended at this limit (accepted at its card, or by an
    /// automatic answer); the report holds what was done before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<super::state::LimitStop>,
}

impl Report {
    /// What to show after `streamed` (the text the model streamed while
    /// writing) so that the report appears once, whole: what the runtime
    /// appended when the answer streamed, else the whole report.
    pub fn after_streamed(&self, streamed: &str) -> &str {
        let answer = self.answer.trim();
        if !answer.is_empty() && streamed.trim().ends_with(answer) {
            self.markdown.strip_prefix(answer).unwrap_or(&self.markdown)
        } else {
            &self.markdown
        }
    }
}

/// Every number in the tool results and the arguments that produced them.
fn result_numbers(run: &Evidence<'_>) -> Vec<f64> {
    let mut out = Vec::new();
    for s in run.steps.values().filter(|s| s.status == StepStatus::Done) {
        if let Some(r) = &s.result {
            value_numbers(r, &mut out);
        }
        value_numbers(s.step.arguments.value(), &mut out);
    }
    out
}

fn source_labels(run: &Evidence<'_>) -> BTreeSet<String> {
    run.steps
        .values()
        .filter_map(|s| s.result.as_ref())
        .flat_map(labels_in)
        .collect()
}

/// Numbers too small to be claims (list markers, "3 scenarios") are not
/// checked; everything else must come from a tool.
fn worth_checking(w: &Written) -> bool {
    w.readings[0].abs() >= 10.0 || w.text.contains('%') || w.text.contains('.')
}

pub fn build(run: &Evidence<'_>, answer: &str) -> Report {
    let known = result_numbers(run);
    let labels = source_labels(run);
    let cited: Vec<String> = cited_labels(answer);
    // Line numbers inside source labels are citations, not claims.
    let mut prose = answer.to_string();
    // Longer labels first: "000 l.1" is the start of "000 l.114-119".
    let mut by_length: Vec<&String> = cited.iter().collect();
    by_length.sort_by_key(|l| std::cmp::Reverse(l.len()));
    for label in by_length {
        prose = prose.replace(label.as_str(), " ");
    }
    // So are the ids of records (`openai-revenue-12b`).
    for id in super::claims::record_ids(run) {
        prose = prose.replace(id.as_str(), " ");
    }
    let (checked, unverified): (Vec<Written>, Vec<Written>) = numbers_in(&prose)
        .into_iter()
        .filter(worth_checking)
        .partition(|w| verified(w, &known));
    let unverified_numbers: Vec<String> = unverified.into_iter().map(|w| w.text).collect();
    let claims = super::claims::of(run, &checked);
    let sources: Vec<String> = cited
        .iter()
        .filter(|c| labels.contains(*c))
        .cloned()
        .collect();
    let unknown_sources: Vec<String> = cited
        .iter()
        .filter(|c| !labels.contains(*c))
        .cloned()
        .collect();
    let mut md = answer.trim().to_string();
    md.push_str("\n\n");
    md.push_str(&appendix(run));
    if !unverified_numbers.is_empty() || !unknown_sources.is_empty() {
        let lang = run.lang;
        md.push_str(&format!("\n{}\n\n", tr!(lang, "rep-unverified")));
        if !unverified_numbers.is_empty() {
            md.push_str(&tr!(
                lang,
                "rep-unverified-numbers",
                numbers = unverified_numbers.join(", ")
            ));
            md.push('\n');
        }
        if !unknown_sources.is_empty() {
            md.push_str(&tr!(
                lang,
                "rep-unverified-sources",
                sources = unknown_sources.join(", ")
            ));
            md.push('\n');
        }
    }
    Report {
        markdown: md,
        answer: answer.to_string(),
        sources,
        unknown_sources,
        unverified_numbers,
        claims,
        decisions: run.decisions.to_vec(),
        aborted: false,
        limit: None,
    }
}

pub fn aborted(run: &Evidence<'_>, why: &str) -> Report {
    let mut md = format!(
        "{}\n\n{}\n\n",
        tr!(run.lang, "rep-stopped"),
        tr!(run.lang, "rep-stopped-why", why = why)
    );
    for s in run.order.iter().filter_map(|id| run.steps.get(id)) {
        md.push_str(&format!("- `{}` {}: {:?}\n", s.step.id, s.step.tool, s.status).to_lowercase());
    }
    md.push('\n');
    md.push_str(&appendix(run));
    Report {
        markdown: md,
        answer: String::new(),
        sources: Vec::new(),
        unknown_sources: Vec::new(),
        unverified_numbers: Vec::new(),
        claims: Vec::new(),
        decisions: run.decisions.to_vec(),
        aborted: true,
        limit: None,
    }
}

fn cited_labels(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace() || c == '|' || c == ';' || c == ',' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        let (source, lines) = (pair[0], pair[1].trim_end_matches(['.', ']']));
        if is_label(source, lines) {
            let label = format!("{source} {lines}");
            if !out.contains(&label) {
                out.push(label);
            }
        }
    }
    out
}

/// Contested points and decisions, from the run itself.
fn appendix(run: &Evidence<'_>) -> String {
    let lang = run.lang;
    let mut md = String::new();
    if !run.questions.is_empty() {
        // Each point once, as the latest results put it, with what was
        // decided beside it.
        md.push_str(&format!("{}\n\n", tr!(lang, "rep-contested")));
        for asked in run.questions {
            let q = &asked.question;
            let steps: Vec<&str> = q.steps().into_iter().collect();
            let since = match (&asked.answer, asked.current) {
                (Some(a), false) => tr!(lang, "asked-since", checkpoint = a.checkpoint),
                _ => String::new(),
            };
            let id = if steps.len() > 1 {
                "rep-steps"
            } else {
                "rep-step"
            };
            md.push_str(&format!(
                "- **{}** ({}{since})\n",
                q.title(lang),
                tr!(lang, id, steps = steps.join(", "))
            ));
            for o in &q.options {
                let mut text = o.name_in(lang);
                if !o.details.is_empty() {
                    text.push_str(&format!(" — {}", o.details_in(lang).join("; ")));
                }
                // Consequences computed from arguments no longer used
                // would contradict the choice: only current ones show.
                if asked.current
                    && let Some(c) = o.consequence_in(lang)
                {
                    text.push_str(&format!("; {c}"));
                }
                md.push_str(&format!("  - {text} [{}]\n", o.sources.join("; ")));
            }
            md.push_str(&format!("  - {}\n", asked.decided(lang)));
        }
        md.push('\n');
    }
    if !run.off_plan.is_empty() {
        md.push_str(&format!("{}\n\n", tr!(lang, "rep-offplan")));
        for s in run.off_plan.iter().filter_map(|id| run.steps.get(id)) {
            let outcome = match s.status {
                StepStatus::Done => tr!(lang, "rep-ran"),
                StepStatus::Failed => tr!(lang, "rep-failed"),
                _ => tr!(lang, "rep-not-run"),
            };
            md.push_str(&format!(
                "- `{}` {} {} — {outcome}\n",
                s.step.id, s.step.tool, s.step.arguments
            ));
        }
        md.push('\n');
    }
    if !run.decisions.is_empty() {
        md.push_str(&format!("{}\n\n", tr!(lang, "rep-decisions")));
        for d in run.decisions {
            let what = d.detail.as_deref().unwrap_or(&d.decision);
            md.push_str(&format!(
                "- {}\n",
                tr!(
                    lang,
                    "rep-decision",
                    checkpoint = d.checkpoint,
                    about = &d.about,
                    what = what
                )
            ));
        }
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_streamed_shows_the_report_once() {
        let report = Report {
            markdown: "The answer.\n\n## Assumptions and decisions\n".into(),
            answer: "The answer.".into(),
            sources: vec![],
            unknown_sources: vec![],
            unverified_numbers: vec![],
            claims: vec![],
            decisions: vec![],
            aborted: false,
            limit: None,
        };
        // The answer streamed (perhaps after some commentary): only the rest.
        assert_eq!(
            report.after_streamed("Looking...\nThe answer.\n"),
            "\n\n## Assumptions and decisions\n"
        );
        // Nothing, or something else, streamed: the whole report.
        assert_eq!(report.after_streamed(""), report.markdown);
        assert_eq!(report.after_streamed("Looking..."), report.markdown);
    }

    #[test]
    fn numbers_are_read_with_their_scale() {
        let w = numbers_in(
            "OpenAI needs 61.0% a year to cover $1.4T; revenue was $12B, users 800,000,000 (2025).",
        );
        let texts: Vec<&str> = w.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts, ["61.0%", "1.4T", "12B", "800,000,000", "2025"]);
        assert_eq!(w[1].readings[0], 1.4e12);
        assert!(w[0].readings.contains(&0.61));
    }

    #[test]
    fn japanese_amounts_are_read_with_their_scale() {
        let w = numbers_in("1.4兆ドルの契約、年率48.7%、3000億ドルと1兆4000億ドル、120億ドル");
        let texts: Vec<&str> = w.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1.4兆ドル",
                "48.7%",
                "3000億ドル",
                "1兆4000億ドル",
                "120億ドル"
            ]
        );
        let known = [1.4e12, 0.487, 3e11, 1.2e10];
        assert!(w.iter().all(|x| verified(x, &known)), "{w:?}");
        assert!(!verified(&numbers_in("1.5兆ドル")[0], &known));
    }

    #[test]
    fn a_scale_word_after_a_space_belongs_to_the_number() {
        let w = numbers_in("800 million users, 3 scenarios, a fall of $250B");
        assert_eq!(w[0].text, "800 million");
        assert_eq!(w[0].readings[0], 8e8);
        assert_eq!(w[1].readings[0], 3.0, "a plain word is not a scale");
        // Written without a sign, a fall is checked against the signed figure.
        assert!(verified(&w[2], &[-2.5e11]));
    }

    #[test]
    fn verification_respects_written_precision() {
        let known = [0.6103, 1.4e12, 12e9];
        let check = |t: &str| numbers_in(t).iter().all(|w| verified(w, &known));
        assert!(check("61%"));
        assert!(check("61.0%"));
        assert!(!check("62%"));
        assert!(check("$1.4T and $12B"));
        assert!(!check("$13B"));
    }

    #[test]
    fn a_citation_vouches_for_no_number() {
        let result = serde_json::json!({"value_usd": 1e11, "sources": [
            {"source": "001", "document": "001_09aef9e9a777c1c7.txt", "first_line": 75, "last_line": 77, "label": "001 l.75-77"}
        ], "note": "a fall of 15%"});
        let mut known = Vec::new();
        value_numbers(&result, &mut known);
        assert!(known.contains(&1e11) && known.contains(&0.15), "{known:?}");
        assert!(
            !known.contains(&75.0) && !known.contains(&77.0),
            "{known:?}"
        );
    }

    #[test]
    fn labels_are_found() {
        assert_eq!(
            cited_labels("| x | $100B | 001 l.75-77 |, see 002 l.39."),
            ["001 l.75-77", "002 l.39"]
        );
    }
}
