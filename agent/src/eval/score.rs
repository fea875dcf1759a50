//! Scoring answers against their questions, and the scorecard.

use serde::Serialize;

use super::{Answer, Question};

/// One question's scores, each in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    #[serde(flatten)]
    pub answer: Answer,
    pub refusal_expected: bool,
    /// Whether the planner declined exactly when it should have.
    pub refusal_ok: bool,
    /// Expected tools that were called, as a share of the expected.
    pub tool_choice: f64,
    pub tools_missing: Vec<String>,
    pub fact_recall: f64,
    pub facts_missing: Vec<String>,
    pub citations: f64,
    pub sources_missing: Vec<String>,
    /// The question's score: 0 when the refusal was wrong or the run
    /// failed; else the mean of tool choice, fact recall, citations and
    /// a clean number check (1 with no unverified number, else 0).
    pub score: f64,
}

/// Means over the set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub questions: usize,
    pub score: f64,
    /// Over the questions that expect an answer.
    pub tool_choice: f64,
    pub fact_recall: f64,
    pub citations: f64,
    /// Answers with a number no tool produced.
    pub with_unverified_numbers: usize,
    pub refusals_expected: usize,
    pub refusals_correct: usize,
    /// Answered questions the planner declined.
    pub wrongly_refused: usize,
    pub failed: usize,
    /// Questions whose run ended at a limit (counted in `failed` too).
    pub stopped_at_limit: usize,
    pub checkpoints: u64,
    pub model_calls: u64,
    pub tokens: u64,
    pub wall_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub model: String,
    pub totals: Totals,
    pub questions: Vec<Scored>,
    /// How the runs were steered: in an eval every checkpoint is answered
    /// automatically, so this counts where a person would have been asked.
    pub steering: crate::show::stats::SteeringStats,
}

/// The share of `expected` that `found` says is present (1 when nothing
/// is expected), and the ones missing.
fn share(expected: &[String], found: impl Fn(&str) -> bool) -> (f64, Vec<String>) {
    if expected.is_empty() {
        return (1.0, Vec::new());
    }
    let missing: Vec<String> = expected.iter().filter(|e| !found(e)).cloned().collect();
    let ratio = (expected.len() - missing.len()) as f64 / expected.len() as f64;
    (ratio, missing)
}

/// Case- and width-insensitive containment (full-width digits and
/// letters read as ASCII), whitespace runs as one space.
fn normal(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text.nfkc().collect::<String>().to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn score(q: &Question, answer: Answer) -> Scored {
    let report = answer.report.as_deref().map(normal).unwrap_or_default();
    let (tool_choice, tools_missing) =
        share(&q.tools, |t| answer.tools_called.iter().any(|c| c == t));
    let (fact_recall, facts_missing) = share(&q.facts, |f| report.contains(&normal(f)));
    let (citations, sources_missing) = share(&q.sources, |s| {
        answer.cited.iter().any(|c| c == s) || report.contains(&normal(s))
    });
    let refused = answer.refused.is_some();
    let refusal_ok = refused == q.refuse;
    let score = if !refusal_ok || answer.error.is_some() {
        0.0
    } else if q.refuse {
        1.0
    } else {
        let clean = if answer.unverified_numbers.is_empty() {
            1.0
        } else {
            0.0
        };
        (tool_choice + fact_recall + citations + clean) / 4.0
    };
    Scored {
        answer,
        refusal_expected: q.refuse,
        refusal_ok,
        tool_choice,
        tools_missing,
        fact_recall,
        facts_missing,
        citations,
        sources_missing,
        score,
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 1.0 } else { sum / n as f64 }
}

pub fn card(questions: &[Question], answers: Vec<Answer>, model: &str) -> Scorecard {
    let scored: Vec<Scored> = questions
        .iter()
        .zip(answers)
        .map(|(q, a)| score(q, a))
        .collect();
    let answered = || scored.iter().filter(|s| !s.refusal_expected);
    let totals = Totals {
        questions: scored.len(),
        score: mean(scored.iter().map(|s| s.score)),
        tool_choice: mean(answered().map(|s| s.tool_choice)),
        fact_recall: mean(answered().map(|s| s.fact_recall)),
        citations: mean(answered().map(|s| s.citations)),
        with_unverified_numbers: scored
            .iter()
            .filter(|s| !s.answer.unverified_numbers.is_empty())
            .count(),
        refusals_expected: scored.iter().filter(|s| s.refusal_expected).count(),
        refusals_correct: scored
            .iter()
            .filter(|s| s.refusal_expected && s.refusal_ok)
            .count(),
        wrongly_refused: answered().filter(|s| s.answer.refused.is_some()).count(),
        failed: scored.iter().filter(|s| s.answer.error.is_some()).count(),
        stopped_at_limit: scored.iter().filter(|s| s.answer.limit.is_some()).count(),
        checkpoints: scored.iter().map(|s| u64::from(s.answer.checkpoints)).sum(),
        model_calls: scored.iter().map(|s| s.answer.model_calls).sum(),
        tokens: scored.iter().map(|s| s.answer.tokens).sum(),
        wall_ms: scored.iter().map(|s| s.answer.wall_ms).sum(),
    };
    Scorecard {
        model: model.to_string(),
        totals,
        questions: scored,
        steering: crate::show::stats::SteeringStats::default(),
    }
}

/// The scorecard by kind of question, as Markdown, without wall times
/// (they vary from run to run): for the book.
pub fn by_kind(card: &Scorecard) -> String {
    use std::fmt::Write;
    let mut kinds: Vec<&str> = Vec::new();
    for s in &card.questions {
        if !kinds.contains(&s.answer.kind.as_str()) {
            kinds.push(&s.answer.kind);
        }
    }
    let mut md = String::from(
        "| kind | questions | score | tool choice | fact recall | citations |\n|---|---|---|---|---|---|\n",
    );
    let row = |md: &mut String, name: &str, items: &[&Scored]| {
        let answered: Vec<&&Scored> = items.iter().filter(|s| !s.refusal_expected).collect();
        let _ = writeln!(
            md,
            "| {name} | {} | {:.3} | {:.0}% | {:.0}% | {:.0}% |",
            items.len(),
            mean(items.iter().map(|s| s.score)),
            mean(answered.iter().map(|s| s.tool_choice)) * 100.0,
            mean(answered.iter().map(|s| s.fact_recall)) * 100.0,
            mean(answered.iter().map(|s| s.citations)) * 100.0,
        );
    };
    for kind in &kinds {
        let items: Vec<&Scored> = card
            .questions
            .iter()
            .filter(|s| s.answer.kind == *kind)
            .collect();
        row(
            &mut md,
            if kind.is_empty() { "(none)" } else { kind },
            &items,
        );
    }
    let all: Vec<&Scored> = card.questions.iter().collect();
    row(&mut md, "**all**", &all);
    let t = &card.totals;
    let _ = writeln!(
        md,
        "\nModel `{}`. Refusals {}/{} as expected; answered questions refused: {}; answers with a number no tool produced: {}; checkpoints raised: {}; model calls: {}.",
        card.model,
        t.refusals_correct,
        t.refusals_expected,
        t.wrongly_refused,
        t.with_unverified_numbers,
        t.checkpoints,
        t.model_calls
    );
    let missed: Vec<&Scored> = card.questions.iter().filter(|s| s.score < 1.0).collect();
    if !missed.is_empty() {
        md.push_str("\nQuestions it does not fully answer:\n\n");
        for s in missed {
            let mut what: Vec<String> = Vec::new();
            if let Some(m) = &s.answer.refused {
                what.push(format!("declined: {}", m.lines().next().unwrap_or("")));
            }
            what.extend(s.tools_missing.iter().map(|t| format!("no `{t}` call")));
            what.extend(s.facts_missing.iter().map(|f| format!("no \"{f}\"")));
            what.extend(
                s.sources_missing
                    .iter()
                    .map(|f| format!("no citation of {f}")),
            );
            let _ = writeln!(
                md,
                "- `{}` ({:.2}): \"{}\" — {}",
                s.answer.id,
                s.score,
                s.answer.request,
                what.join("; ")
            );
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(refuse: bool) -> Question {
        Question {
            id: "q1".into(),
            request: "r".into(),
            kind: String::new(),
            tools: if refuse {
                vec![]
            } else {
                vec!["deal_lookup".into(), "revenue_projection".into()]
            },
            facts: if refuse {
                vec![]
            } else {
                vec!["Oracle".into(), "$300B".into()]
            },
            sources: if refuse {
                vec![]
            } else {
                vec!["001 l.6".into()]
            },
            refuse,
            lang: None,
        }
    }

    fn answer(report: Option<&str>, refused: bool) -> Answer {
        Answer {
            id: "q1".into(),
            request: "r".into(),
            kind: String::new(),
            lang: "en".into(),
            refused: refused.then(|| "cannot plan".to_string()),
            error: None,
            tools_called: vec!["deal_lookup".into()],
            report: report.map(str::to_string),
            unverified_numbers: vec![],
            cited: vec!["001 l.6".into()],
            checkpoints: 1,
            model_calls: 2,
            tokens: 0,
            wall_ms: 1.0,
            limit: None,
        }
    }

    #[test]
    fn each_measure_counts_what_it_names() {
        let s = score(&question(false), answer(Some("ORACLE gets ＄300B"), false));
        assert_eq!(s.tool_choice, 0.5);
        assert_eq!(s.tools_missing, ["revenue_projection"]);
        assert_eq!(s.fact_recall, 1.0, "case and width do not matter");
        assert_eq!(s.citations, 1.0);
        assert_eq!(s.score, (0.5 + 1.0 + 1.0 + 1.0) / 4.0);
        let mut a = answer(Some("Oracle"), false);
        a.unverified_numbers = vec!["42%".into()];
        let s = score(&question(false), a);
        assert_eq!(s.facts_missing, ["$300B"]);
        assert_eq!(s.score, (0.5 + 0.5 + 1.0 + 0.0) / 4.0);
    }

    #[test]
    fn refusals_score_all_or_nothing() {
        assert_eq!(score(&question(true), answer(None, true)).score, 1.0);
        assert_eq!(score(&question(true), answer(Some("x"), false)).score, 0.0);
        let wrong = score(&question(false), answer(None, true));
        assert_eq!(wrong.score, 0.0);
        assert!(!wrong.refusal_ok);
        let c = card(
            &[question(false), question(true)],
            vec![answer(None, true), answer(None, true)],
            "offline",
        );
        assert_eq!(c.totals.wrongly_refused, 1);
        assert_eq!(c.totals.refusals_correct, 1);
        assert_eq!(c.totals.score, 0.5);
    }
}
