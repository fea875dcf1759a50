//! The card that shows a pause: what the agent wants to do, or what is to
//! be decided and what each option changes, with the sources, and what
//! each answer does here.

use crate::i18n::Lang;
use crate::run::plan::argument_lines;
use crate::run::{Checkpoint, CheckpointKind, Question};
use crate::tr;

/// Cards wrap at the terminal's width, between these: never narrower
/// than a source list needs, never wider than reads well.
pub const MIN_WIDTH: usize = 60;
pub const MAX_WIDTH: usize = 100;
/// The width where there is no terminal to measure (generated docs, MCP).
pub const WIDTH: usize = 88;

/// What the card needs to know beyond the checkpoint itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardContext {
    /// The model can act on written feedback (the offline planner cannot).
    pub reads_feedback: bool,
    /// The language of the card.
    pub lang: Lang,
    /// Columns to wrap at ([`width_for`] a terminal).
    pub width: usize,
    /// Explain every key (the first card of a session); later cards name
    /// the keys on one line.
    pub full_legend: bool,
}

impl CardContext {
    /// A card for a reader with no terminal: the usual width, every key
    /// explained.
    pub fn plain(reads_feedback: bool, lang: Lang) -> CardContext {
        CardContext {
            reads_feedback,
            lang,
            width: WIDTH,
            full_legend: true,
        }
    }
}

/// The width to wrap at on a terminal `columns` wide.
pub fn width_for(columns: usize) -> usize {
    columns.saturating_sub(1).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// A card being written: its text, the width it wraps at, and whether
/// its keys are explained in full.
struct Page {
    text: String,
    width: usize,
    full_legend: bool,
}

impl Page {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }

    /// `text` wrapped to the card's width, every line after the first
    /// indented by `rest` instead of `first`.
    fn wrapped(&mut self, first: &str, rest: &str, text: &str) {
        let options = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest)
            // Record ids (openai-revenue-12b) stay whole.
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for line in textwrap::wrap(text, options) {
            self.text.push_str(&line);
            self.text.push('\n');
        }
    }
}

/// A card's first line about one step, then its arguments.
fn step_head(out: &mut Page, head: &str, arguments: &str) {
    out.wrapped("", "  ", head);
    for line in argument_lines(arguments) {
        out.wrapped("    ", "        ", &line);
    }
}

/// The answers a card offers and what each does here, one line each; on
/// a later card of the session, the keys alone on one line.
fn keys(out: &mut Page, lang: Lang, lines: &[(String, String)]) {
    if !out.full_legend {
        let named: Vec<&str> = lines.iter().map(|(key, _)| key.as_str()).collect();
        out.wrapped(
            "",
            "  ",
            &tr!(lang, "card-keys-short", keys = named.join(" · ")),
        );
        return;
    }
    out.push_str(&tr!(lang, "card-keys"));
    out.push('\n');
    for (key, meaning) in lines {
        // Keys are padded by display width (Japanese is two columns).
        let width = textwrap::core::display_width(key);
        let first = format!("  {key}{} ", " ".repeat(12usize.saturating_sub(width)));
        out.wrapped(&first, &" ".repeat(15), meaning);
    }
}

fn reject_line(cx: CardContext, id: &str) -> String {
    if cx.reads_feedback {
        tr!(cx.lang, id)
    } else {
        tr!(cx.lang, "reject-unavailable")
    }
}

/// The card's title line: `── checkpoint 2 · conflicting sources ──`.
pub fn title(cp: &Checkpoint, lang: Lang) -> String {
    tr!(
        lang,
        "card-title",
        number = cp.number,
        kind = tr!(lang, &format!("kind-{}", cp.kind_name()))
    )
}

/// A card describing a pause.
pub fn card(cp: &Checkpoint, cx: CardContext) -> String {
    let lang = cx.lang;
    let k = |id: &str| tr!(lang, id);
    let mut out = Page {
        text: String::new(),
        width: cx.width,
        full_legend: cx.full_legend,
    };
    match &cp.kind {
        CheckpointKind::PlanReview {
            version,
            plan,
            changed,
        } => {
            out.wrapped(
                "",
                "  ",
                &tr!(
                    lang,
                    "card-plan-head",
                    version = *version,
                    steps = plan.steps.len(),
                    to_approve = changed.len(),
                    goal = &plan.goal
                ),
            );
            for s in &plan.steps {
                let mark = if changed.contains(&s.id) { "*" } else { " " };
                let flag = if s.checkpoint {
                    format!(" {}", k("card-asks-first"))
                } else {
                    String::new()
                };
                out.wrapped(
                    &format!(" {mark} {:<4} ", s.id),
                    "        ",
                    &format!("{} — {}{flag}", s.tool, s.rationale),
                );
                if !s.answers.is_empty() {
                    out.wrapped(
                        "          ",
                        "            ",
                        &tr!(lang, "card-answers", part = &s.answers),
                    );
                }
                for line in argument_lines(&s.arguments) {
                    out.wrapped("          ", "              ", &line);
                }
            }
            out.wrapped("", "  ", &k("card-legend-changed"));
            if plan.steps.iter().any(|s| s.checkpoint) {
                out.wrapped("", "  ", &k("card-legend-flag"));
            }
            keys(
                &mut out,
                lang,
                &[
                    (k("key-approve"), k("plan-approve")),
                    (k("key-session"), k("plan-session")),
                    (k("key-edit"), k("plan-edit")),
                    (k("key-reject"), reject_line(cx, "plan-reject")),
                    (k("key-abort"), k("plan-abort")),
                ],
            );
        }
        CheckpointKind::FlaggedStep { step } => {
            let head = tr!(
                lang,
                "flagged-head",
                step = &step.id,
                tool = &step.tool,
                why = &step.rationale
            );
            step_head(&mut out, &head, &step.arguments);
            keys(
                &mut out,
                lang,
                &[
                    (
                        k("key-approve"),
                        tr!(lang, "flagged-approve", step = &step.id),
                    ),
                    (k("key-edit"), tr!(lang, "flagged-edit", step = &step.id)),
                    (
                        k("key-reject"),
                        tr!(lang, "flagged-reject", step = &step.id),
                    ),
                    (k("key-abort"), k("abort-finished")),
                ],
            );
        }
        CheckpointKind::ConflictingSources { question }
        | CheckpointKind::MaterialAssumption { question } => question_card(&mut out, question, cx),
        CheckpointKind::OffPlanCall { calls, plan } => {
            out.wrapped("", "  ", &k("offplan-head"));
            for c in calls {
                out.wrapped("  ", "      ", &c.tool);
                for line in argument_lines(&c.arguments) {
                    out.wrapped("    ", "        ", &line);
                }
            }
            match plan {
                Some(plan) => {
                    out.wrapped("", "  ", &tr!(lang, "offplan-plan", goal = &plan.goal));
                    for s in &plan.steps {
                        out.wrapped(
                            &format!("  {:<4} ", s.id),
                            "         ",
                            &format!("{} ({})", s.tool, argument_lines(&s.arguments).join(", ")),
                        );
                    }
                }
                None => {
                    out.push_str(&k("offplan-none"));
                    out.push('\n');
                }
            }
            keys(
                &mut out,
                lang,
                &[
                    (k("key-approve"), k("offplan-approve")),
                    (k("key-session"), k("offplan-session")),
                    (k("key-reject"), k("offplan-reject")),
                    (k("key-abort"), k("abort-finished")),
                ],
            );
        }
        CheckpointKind::ToolFailed { step, error } => {
            let head = tr!(
                lang,
                "failed-head",
                step = &step.id,
                tool = &step.tool,
                error = error
            );
            step_head(&mut out, &head, &step.arguments);
            keys(
                &mut out,
                lang,
                &[
                    (
                        k("key-approve"),
                        tr!(lang, "failed-approve", step = &step.id),
                    ),
                    (k("key-edit"), tr!(lang, "failed-edit", step = &step.id)),
                    (k("key-reject"), tr!(lang, "failed-reject", step = &step.id)),
                    (k("key-abort"), k("abort-finished")),
                ],
            );
        }
        CheckpointKind::Limit {
            limit,
            used,
            allowed,
        } => {
            out.push_str(&tr!(
                lang,
                "limit-head",
                limit = limit.describe(lang),
                used = *used,
                allowed = *allowed
            ));
            out.push('\n');
            keys(
                &mut out,
                lang,
                &[
                    (k("key-approve"), k("limit-approve")),
                    (
                        k("key-edit"),
                        tr!(lang, "limit-raise", limit = limit.describe(lang)),
                    ),
                    (k("key-abort"), k("abort-finished")),
                ],
            );
        }
    }
    out.text
}

/// One question: the options with their sources and what each changes,
/// what the results use meanwhile, and what each answer does.
fn question_card(out: &mut Page, q: &Question, cx: CardContext) {
    let lang = cx.lang;
    let k = |id: &str| tr!(lang, id);
    out.wrapped("", "  ", &capitalised(&q.title(lang)));
    let others: Vec<String> = q
        .raised_by
        .iter()
        .skip(1)
        .filter(|r| r.summary != q.summary || r.step != q.step.id)
        .map(|r| {
            tr!(
                lang,
                "question-also-item",
                step = &r.step,
                tool = &r.tool,
                summary = r.title(lang)
            )
        })
        .collect();
    let mut from = tr!(
        lang,
        "question-from",
        step = &q.step.id,
        tool = &q.step.tool
    );
    if !others.is_empty() {
        from.push_str(&tr!(lang, "question-also", others = others.join("; ")));
    }
    out.wrapped("  ", "  ", &from);
    let numbers = q.choosable();
    for (o, n) in q.options.iter().zip(1u32..) {
        let mark = if numbers.contains(&n) {
            n.to_string()
        } else {
            "•".to_string()
        };
        let mut head = o.name_in(lang);
        if !o.details.is_empty() {
            head.push_str(&format!(" — {}", o.details_in(lang).join("; ")));
        }
        if o.used {
            head.push_str(&format!("  {}", k("question-used-now")));
        }
        out.wrapped(&format!("  {mark:>2} "), "       ", &head);
        if let Some(c) = o.consequence_in(lang) {
            out.wrapped("       → ", "         ", &c);
        }
        if !o.sources.is_empty() {
            out.wrapped(
                "       ",
                "       ",
                &tr!(lang, "question-sources", sources = o.sources.join("; ")),
            );
        }
    }
    if let Some(d) = q.default_in(lang) {
        out.wrapped("  ", "  ", &tr!(lang, "question-meanwhile", default = d));
    }
    if numbers.len() < q.options.len() {
        out.wrapped("  ", "  ", &k("question-reference"));
    }
    let mut lines: Vec<(String, String)> = Vec::new();
    let range = match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a}-{b}")),
        _ => None,
    };
    if let Some(range) = range {
        let steps: Vec<&str> = q
            .options
            .iter()
            .flat_map(|o| o.targets.iter().map(|t| t.step.as_str()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        lines.push((
            tr!(lang, "key-choose", range = range),
            tr!(lang, "question-choose", steps = steps.join(", ")),
        ));
    }
    let keep = match q.used() {
        Some(o) => tr!(lang, "question-keep", option = o.name_in(lang)),
        None => k("question-keep-disagreement"),
    };
    lines.push((k("key-approve"), keep));
    lines.push((
        k("key-session"),
        k(if q.conflict {
            "question-session-conflict"
        } else {
            "question-session-assumption"
        }),
    ));
    lines.push((k("key-edit"), tr!(lang, "question-edit", step = &q.step.id)));
    lines.push((k("key-reject"), reject_line(cx, "question-reject")));
    lines.push((k("key-abort"), k("abort-finished")));
    keys(out, lang, &lines);
    if q.of > 1 {
        out.wrapped(
            "",
            "  ",
            &tr!(lang, "question-position", position = q.position, of = q.of),
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
