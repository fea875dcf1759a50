//! The card that shows a pause: what the agent wants to do, or what is to
//! be decided and what each option changes, with the sources, and what
//! each answer does here.

use crate::run::plan::argument_lines;
use crate::run::{Checkpoint, CheckpointKind, Question};

/// Cards wrap at this width: wide enough for a source list, narrow enough
/// to read, and the same wherever the card is printed.
const WIDTH: usize = 88;

/// What the card needs to know beyond the checkpoint itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardContext {
    /// The model can act on written feedback (the offline planner cannot).
    pub reads_feedback: bool,
}

/// `text` wrapped to the card's width, every line after the first indented
/// by `indent` more columns than `first`.
fn wrapped(out: &mut String, first: &str, rest: &str, text: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(text, options) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The answers a card offers and what each does here, one line each.
fn keys(out: &mut String, lines: &[(&str, String)]) {
    out.push_str("What each answer does here:\n");
    for (key, meaning) in lines {
        let first = format!("  {key:<12} ");
        wrapped(out, &first, &" ".repeat(first.chars().count()), meaning);
    }
}

fn reject_line(cx: CardContext, what: &str) -> String {
    if cx.reads_feedback {
        what.to_string()
    } else {
        "not available: the offline planner cannot act on written feedback (edit instead)"
            .to_string()
    }
}

/// A card describing a pause.
pub fn card(cp: &Checkpoint, cx: CardContext) -> String {
    let mut out = String::new();
    match &cp.kind {
        CheckpointKind::PlanReview {
            version,
            plan,
            changed,
        } => {
            wrapped(
                &mut out,
                "",
                "  ",
                &format!(
                    "Plan v{version} · {} step(s), {} to approve — {}",
                    plan.steps.len(),
                    changed.len(),
                    plan.goal
                ),
            );
            for s in &plan.steps {
                let mark = if changed.contains(&s.id) { "*" } else { " " };
                let flag = if s.checkpoint {
                    " (asks before it runs)"
                } else {
                    ""
                };
                wrapped(
                    &mut out,
                    &format!(" {mark} {:<4} ", s.id),
                    "        ",
                    &format!("{} — {}{flag}", s.tool, s.rationale),
                );
                for line in argument_lines(&s.arguments) {
                    wrapped(&mut out, "          ", "              ", &line);
                }
            }
            let mut legend = vec!["* = a new or changed step: approving runs it".to_string()];
            if plan.steps.iter().any(|s| s.checkpoint) {
                legend.push(
                    "(asks before it runs) = the planner flagged an assumption; the run pauses before that step"
                        .to_string(),
                );
            }
            for l in legend {
                wrapped(&mut out, "", "  ", &l);
            }
            keys(
                &mut out,
                &[
                    ("a approve", "run the steps marked *".to_string()),
                    (
                        "s",
                        "the same, and approve later revisions of the plan without asking"
                            .to_string(),
                    ),
                    ("e edit", "change the plan in your editor".to_string()),
                    (
                        "r reject",
                        reject_line(cx, "tell the model what to change; it plans again"),
                    ),
                    ("q abort", "stop; nothing runs".to_string()),
                ],
            );
        }
        CheckpointKind::FlaggedStep { step } => {
            wrapped(
                &mut out,
                "",
                "  ",
                &format!(
                    "Step {} ({}) rests on an assumption: {}",
                    step.id, step.tool, step.rationale
                ),
            );
            for line in argument_lines(&step.arguments) {
                wrapped(&mut out, "    ", "        ", &line);
            }
            keys(
                &mut out,
                &[
                    ("a approve", format!("run step {}", step.id)),
                    ("e edit", format!("change step {}'s arguments", step.id)),
                    ("r reject", format!("skip step {}", step.id)),
                    (
                        "q abort",
                        "stop; the report lists what finished".to_string(),
                    ),
                ],
            );
        }
        CheckpointKind::ConflictingSources { question }
        | CheckpointKind::MaterialAssumption { question } => question_card(&mut out, question, cx),
        CheckpointKind::OffPlanCall { calls, plan } => {
            wrapped(
                &mut out,
                "",
                "  ",
                "The model wants to call tools outside the approved plan:",
            );
            for c in calls {
                wrapped(&mut out, "  ", "      ", &c.tool);
                for line in argument_lines(&c.arguments) {
                    wrapped(&mut out, "    ", "        ", &line);
                }
            }
            match plan {
                Some(plan) => {
                    wrapped(
                        &mut out,
                        "",
                        "  ",
                        &format!("The approved plan ({}):", plan.goal),
                    );
                    for s in &plan.steps {
                        wrapped(
                            &mut out,
                            &format!("  {:<4} ", s.id),
                            "         ",
                            &format!("{} ({})", s.tool, argument_lines(&s.arguments).join(", ")),
                        );
                    }
                }
                None => out.push_str("No plan was approved.\n"),
            }
            keys(
                &mut out,
                &[
                    ("a approve", "run these calls".to_string()),
                    (
                        "s",
                        "the same, and let later calls outside the plan run without asking"
                            .to_string(),
                    ),
                    (
                        "r reject",
                        "refuse them; the model is told they did not run".to_string(),
                    ),
                    (
                        "q abort",
                        "stop; the report lists what finished".to_string(),
                    ),
                ],
            );
        }
        CheckpointKind::ToolFailed { step, error } => {
            wrapped(
                &mut out,
                "",
                "  ",
                &format!(
                    "Step {} ({}) failed inside the tool (a bug in steer, not your request): {error}",
                    step.id, step.tool
                ),
            );
            for line in argument_lines(&step.arguments) {
                wrapped(&mut out, "    ", "        ", &line);
            }
            keys(
                &mut out,
                &[
                    ("a approve", format!("run step {} again", step.id)),
                    (
                        "e edit",
                        format!("change step {}'s arguments and run it", step.id),
                    ),
                    ("r reject", format!("go on without step {}", step.id)),
                    (
                        "q abort",
                        "stop; the report lists what finished".to_string(),
                    ),
                ],
            );
        }
        CheckpointKind::Limit {
            limit,
            used,
            allowed,
        } => {
            out.push_str(&format!("Limit reached: {limit} ({used} of {allowed}).\n"));
            keys(
                &mut out,
                &[
                    ("a approve", format!("double the {limit} limit and go on")),
                    (
                        "q abort",
                        "stop; the report lists what finished".to_string(),
                    ),
                ],
            );
        }
    }
    out
}

/// One question: the options with their sources and what each changes,
/// what the results use meanwhile, and what each answer does.
fn question_card(out: &mut String, q: &Question, cx: CardContext) {
    wrapped(out, "", "  ", &capitalised(&q.summary));
    let others: Vec<String> = q
        .raised_by
        .iter()
        .skip(1)
        .filter(|r| r.summary != q.summary || r.step != q.step.id)
        .map(|r| format!("step {} ({}): {}", r.step, r.tool, r.summary))
        .collect();
    let mut from = format!("from step {} ({})", q.step.id, q.step.tool);
    if !others.is_empty() {
        from.push_str(&format!("; also from {}", others.join("; ")));
    }
    wrapped(out, "  ", "  ", &from);
    let numbers = q.choosable();
    for (o, n) in q.options.iter().zip(1u32..) {
        let mark = if numbers.contains(&n) {
            n.to_string()
        } else {
            "•".to_string()
        };
        let mut head = o.name();
        if !o.details.is_empty() {
            head.push_str(&format!(" — {}", o.details.join("; ")));
        }
        if o.used {
            head.push_str("  ← used now");
        }
        wrapped(out, &format!("  {mark:>2} "), "       ", &head);
        if let Some(c) = &o.consequence {
            wrapped(out, "       → ", "         ", c);
        }
        if !o.sources.is_empty() {
            wrapped(
                out,
                "       ",
                "       ",
                &format!("sources: {}", o.sources.join("; ")),
            );
        }
    }
    if let Some(d) = &q.default {
        wrapped(out, "  ", "  ", &format!("Used meanwhile: {d}."));
    }
    if numbers.len() < q.options.len() {
        wrapped(
            out,
            "  ",
            "  ",
            "• = for reference: no argument of the steps selects it",
        );
    }
    let mut lines: Vec<(&str, String)> = Vec::new();
    let range = match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => Some(format!("{a} choose")),
        (Some(a), Some(b)) => Some(format!("{a}-{b} choose")),
        _ => None,
    };
    let range_label;
    if let Some(r) = range {
        range_label = r;
        let steps: Vec<&str> = q
            .options
            .iter()
            .flat_map(|o| o.targets.iter().map(|t| t.step.as_str()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        lines.push((
            range_label.as_str(),
            format!(
                "take that option: step {} runs again with it, and this is not asked again",
                steps.join(", ")
            ),
        ));
    }
    let keep = match q.used() {
        Some(o) => format!("keep {} and go on; this is not asked again", o.name()),
        None => "go on with the disagreement reported in the report; this is not asked again"
            .to_string(),
    };
    lines.push(("a approve", keep));
    let class = if q.conflict { "conflict" } else { "assumption" };
    lines.push((
        "s",
        format!("the same, and no more {class} cards in this session"),
    ));
    lines.push((
        "e edit",
        format!("change step {}'s arguments by hand", q.step.id),
    ));
    lines.push((
        "r reject",
        reject_line(cx, "tell the model what is wrong with this result"),
    ));
    lines.push((
        "q abort",
        "stop; the report lists what finished".to_string(),
    ));
    keys(out, &lines);
    if q.of > 1 {
        wrapped(
            out,
            "",
            "  ",
            &format!("(question {} of {} from these results)", q.position, q.of),
        );
    }
}

/// A tool's summary (written to go mid-sentence) as a card's headline.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The numbers of the options at `cp` that `choose` can take.
pub fn choosable(cp: &Checkpoint) -> Vec<u32> {
    cp.question().map(Question::choosable).unwrap_or_default()
}
