//! A session read back for people: its request, its report as it was,
//! the charts its tools drew, and every checkpoint with what was decided
//! there, by whom and how long it took. `steer show` renders it for the
//! terminal, as Markdown, JSON or one self-contained HTML file;
//! `steer sessions --stats` and `steer eval` count its steering.

pub mod html;
pub mod stats;

use serde::Serialize;
use steer_tools::{Chart, Toolbox};

use crate::i18n::Lang;
use crate::run::{CheckpointKind, Decision, Event, Report};

/// One checkpoint of a session and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Steered {
    pub number: u32,
    /// `plan_review`, `conflicting_sources`, ... ([`crate::run::Checkpoint::kind_name`]).
    pub kind: String,
    /// What it asked (`plan v1`, a question's title).
    pub about: String,
    /// How it was answered: approved, approved_for_session, plan_edited,
    /// arguments_edited, option_chosen (the default), default_overridden,
    /// rejected, limit_raised, aborted; absent while it waits.
    pub answer: Option<String>,
    /// The decision as the report words it, when the run finished.
    pub detail: Option<String>,
    /// Answered by `--yes` or an automatic policy, not a person.
    pub automatic: bool,
    pub paused_at: Option<String>,
    pub decided_at: Option<String>,
    /// How long a person took, from the pause to the answer (absent for
    /// automatic answers and logs written before times were kept).
    pub human_ms: Option<u64>,
}

/// A chart a step's tool drew.
#[derive(Debug, Clone, Serialize)]
pub struct ShownChart {
    pub step: String,
    pub title: String,
    pub text: String,
    #[serde(skip)]
    pub svg: String,
}

/// A research session read back.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub id: String,
    pub request: String,
    pub created: String,
    pub model: String,
    pub lang: Lang,
    /// done, aborted, `paused: KIND`, interrupted.
    pub status: String,
    pub report: Option<Report>,
    pub checkpoints: Vec<Steered>,
    pub charts: Vec<ShownChart>,
}

/// Why a log cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ShowError {
    #[error(
        "session {0} is an ingest: `steer show` reads research sessions (see `steer sessions export {0}` for its log)"
    )]
    Ingest(String),
    #[error("session {0} has no start event")]
    NoStart(String),
}

/// How a decision answered its checkpoint.
fn answer(cp: Option<&CheckpointKind>, decision: &Decision) -> &'static str {
    match decision {
        Decision::Approve => "approved",
        Decision::ApproveForSession => "approved_for_session",
        Decision::EditPlan { .. } => "plan_edited",
        Decision::EditArguments { .. } => "arguments_edited",
        Decision::Choose { option } => {
            let question = match cp {
                Some(CheckpointKind::ConflictingSources { question })
                | Some(CheckpointKind::MaterialAssumption { question }) => Some(question),
                _ => None,
            };
            let default = question
                .and_then(|q| q.options.get((*option as usize).checked_sub(1)?))
                .is_some_and(|o| o.used);
            if default {
                "option_chosen"
            } else {
                "default_overridden"
            }
        }
        Decision::Reject { .. } => "rejected",
        Decision::RaiseLimit { .. } => "limit_raised",
        Decision::Abort => "aborted",
    }
}

/// What a checkpoint asked, in a few words.
fn about(kind: &CheckpointKind, lang: Lang) -> String {
    match kind {
        CheckpointKind::PlanReview { version, .. } => {
            crate::tr!(lang, "show-plan", version = *version)
        }
        CheckpointKind::FlaggedStep { step } | CheckpointKind::ToolFailed { step, .. } => {
            format!("{} ({})", step.id, step.tool)
        }
        CheckpointKind::ConflictingSources { question }
        | CheckpointKind::MaterialAssumption { question } => question.title(lang),
        CheckpointKind::OffPlanCall { calls, .. } => calls
            .iter()
            .map(|c| c.tool.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        CheckpointKind::Limit { limit, .. } => limit.describe(lang),
    }
}

/// Milliseconds from `from` to `to` (RFC 3339 times).
fn between(from: &str, to: &str) -> Option<u64> {
    let a = humantime::parse_rfc3339_weak(from).ok()?;
    let b = humantime::parse_rfc3339_weak(to).ok()?;
    b.duration_since(a)
        .ok()
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Shown {
    /// Reads session `id`'s events; `toolbox` draws the charts of its
    /// results as the run's tools would.
    pub fn of(id: &str, events: &[Event], toolbox: &Toolbox) -> Result<Shown, ShowError> {
        let (request, created, model, lang) = match events.first() {
            Some(Event::Start {
                request,
                created,
                model,
                lang,
                ..
            }) => (request.clone(), created.clone(), model.clone(), *lang),
            Some(Event::IngestStart(_)) => return Err(ShowError::Ingest(id.to_string())),
            _ => return Err(ShowError::NoStart(id.to_string())),
        };
        let mut checkpoints: Vec<Steered> = Vec::new();
        let mut pending: Option<CheckpointKind> = None;
        // The last result of each step, in the order steps first ran (a
        // step run again with a chosen option keeps its new result).
        let mut results: Vec<(String, String, serde_json::Value)> = Vec::new();
        let mut report = None;
        for event in events {
            match event {
                Event::Pause { checkpoint, at } => {
                    pending = Some(checkpoint.kind.clone());
                    checkpoints.push(Steered {
                        number: checkpoint.number,
                        kind: checkpoint.kind_name().to_string(),
                        about: about(&checkpoint.kind, lang),
                        answer: None,
                        detail: None,
                        automatic: false,
                        paused_at: at.clone(),
                        decided_at: None,
                        human_ms: None,
                    });
                }
                Event::Decision {
                    decision,
                    automatic,
                    at,
                    ..
                } => {
                    if let Some(last) = checkpoints.last_mut().filter(|c| c.answer.is_none()) {
                        last.answer = Some(answer(pending.as_ref(), decision).to_string());
                        last.automatic = *automatic;
                        last.decided_at = at.clone();
                        if !*automatic && let (Some(p), Some(d)) = (&last.paused_at, at) {
                            last.human_ms = between(p, d);
                        }
                    }
                    pending = None;
                }
                Event::ToolResult {
                    step,
                    tool,
                    outcome: Ok(outcome),
                    ..
                } => match results.iter_mut().find(|(s, ..)| s == step) {
                    Some(r) => r.2 = outcome.value.clone(),
                    None => results.push((step.clone(), tool.clone(), outcome.value.clone())),
                },
                Event::Report { report: r } => report = Some(r.clone()),
                _ => {}
            }
        }
        if let Some(r) = &report {
            for c in &mut checkpoints {
                c.detail = r
                    .decisions
                    .iter()
                    .find(|d| d.checkpoint == c.number)
                    .and_then(|d| d.detail.clone());
            }
        }
        let charts = results
            .iter()
            .flat_map(|(step, tool, value)| {
                toolbox
                    .charts(tool, value, lang.tools())
                    .into_iter()
                    .map(move |c: Chart| ShownChart {
                        step: step.clone(),
                        title: c.title,
                        text: c.text,
                        svg: c.svg,
                    })
            })
            .collect();
        Ok(Shown {
            id: id.to_string(),
            request,
            created,
            model,
            lang,
            status: crate::service::session_status(events.last()),
            report,
            checkpoints,
            charts,
        })
    }

    /// When it was asked, of which model, its status and id, in a line.
    pub fn meta(&self) -> String {
        crate::tr!(
            self.lang,
            "show-meta",
            created = self.created.clone(),
            model = self.model.clone(),
            status = self.status.clone(),
            id = self.id.clone()
        )
    }

    /// The session as Markdown: a title, the question and date, the report
    /// as it was (or where the session stopped), the charts as text and
    /// the checkpoints.
    pub fn markdown(&self) -> String {
        let lang = self.lang;
        let mut out = format!(
            "# {}\n\n{}\n\n",
            crate::tr!(lang, "show-title"),
            quote(&self.request)
        );
        out.push_str(&self.meta());
        out.push_str("\n\n");
        match &self.report {
            Some(r) => out.push_str(r.markdown.trim_end()),
            None => out.push_str(&crate::tr!(lang, "show-unfinished", id = self.id.clone())),
        }
        out.push('\n');
        for c in &self.charts {
            out.push_str(&format!("\n## {}\n\n```text\n{}\n```\n", c.title, c.text));
        }
        if !self.checkpoints.is_empty() {
            out.push_str(&format!(
                "\n## {}\n\n",
                crate::tr!(lang, "show-checkpoints")
            ));
            for c in &self.checkpoints {
                out.push_str(&format!("- {}\n", steered_line(c, lang)));
            }
        }
        out
    }
}

/// A request as a Markdown block quote.
fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One checkpoint in a sentence: its number, what it asked, the answer,
/// who gave it and how long they took.
pub fn steered_line(c: &Steered, lang: Lang) -> String {
    let answer = match &c.answer {
        Some(a) => crate::tr!(lang, &format!("answer-{a}")),
        None => crate::tr!(lang, "show-waiting"),
    };
    let who = match (c.automatic, c.answer.is_some(), c.human_ms) {
        (true, _, _) => crate::tr!(lang, "show-by-policy"),
        (false, true, Some(ms)) => crate::tr!(
            lang,
            "show-by-person-in",
            seconds = format!("{:.1}", ms as f64 / 1000.0)
        ),
        (false, true, None) => crate::tr!(lang, "show-by-person"),
        (false, false, _) => String::new(),
    };
    let mut line = format!(
        "{} {} ({}): {answer}",
        crate::tr!(lang, "show-checkpoint", number = c.number),
        c.about,
        crate::tr!(lang, &format!("kind-{}", c.kind))
    );
    if !who.is_empty() {
        line.push_str(&format!(" — {who}"));
    }
    if let Some(d) = &c.detail {
        line.push_str(&format!(". {d}"));
    }
    line
}
