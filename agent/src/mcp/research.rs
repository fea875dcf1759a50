//! The whole planned run as MCP tools: `research` hands over a request and
//! runs the same runtime as `steer ask` (same session logs, same report);
//! at a checkpoint the call returns the card, and `research_resume` takes
//! the human's answer and goes on. The host relays the question to its
//! user: macro delegation to steer, micro steering by the person.

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use steer_tools::Toolbox;

use crate::run::{Checkpoint, Decision, Driver, Limits, Outcome, Policy};
use crate::service::{self, NewRun, SessionOptions};
use crate::terminal::{CardContext, card, choosable};

pub const RESEARCH: &str = "research";
pub const RESUME: &str = "research_resume";

/// Hand over a multi-step research question about AI-industry finance:
/// steer plans an analysis over its cited dataset (deals, revenue
/// figures, statements), runs it, and writes a report in which every
/// number cites its source lines. Use it for questions that need several
/// lookups or a judgement (can a company fund its commitments, who
/// contradicts whom); for one lookup call the tools directly. The run
/// stops at checkpoints where a human should decide (the plan, a
/// contested figure, an assumption that flips the conclusion): the
/// result is then `status: paused` with a card. Put the card's question
/// to your user, word for word, and pass their answer to
/// `research_resume`; never answer a checkpoint yourself.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResearchArgs {
    /// The research request, in English or Japanese.
    pub request: String,
    /// Where to pause: plan,conflicts,assumptions,offplan (the default),
    /// all, or none.
    pub checkpoints: Option<String>,
    /// Most tool executions in the run (default 24).
    pub max_steps: Option<u64>,
    /// Report language: en, ja, or auto (the request's script).
    pub lang: Option<String>,
}

/// The user's answer to a paused research session's checkpoint, as they
/// gave it: approve, approve_for_session, choose (with the option number
/// from the card), reject (with feedback; not where the card says it is
/// not available), or abort. Never answer for the user.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResumeArgs {
    /// The session id from the paused result.
    pub session: String,
    pub decision: ResumeDecision,
    /// For `choose`: the option's number on the card.
    pub option: Option<u32>,
    /// For `reject`: what the user said.
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResumeDecision {
    Approve,
    ApproveForSession,
    Choose,
    Reject,
    Abort,
}

/// The research tools and what they run on.
pub struct Research {
    pub options: SessionOptions,
    pub data: Option<PathBuf>,
    pub toolbox: Toolbox,
}

fn schema<T: JsonSchema>() -> Arc<JsonObject> {
    let value = steer_tools::schema::generate::<T>().to_value();
    Arc::new(value.as_object().cloned().unwrap_or_default())
}

fn description<T: JsonSchema>() -> String {
    steer_tools::schema::generate::<T>()
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn error(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

impl Research {
    /// Which model answers, for the tool descriptions.
    fn model_line(&self) -> String {
        let configured = self.options.base_url.is_some()
            || std::env::var("OPENAI_API_KEY").is_ok_and(|k| !k.trim().is_empty());
        match (&self.options.model, configured) {
            (Some(m), _) if m == crate::offline::MODEL => {
                "Model: steer's offline planner (deterministic, no language model).".to_string()
            }
            (Some(m), true) => format!("Model: {m} at the configured endpoint."),
            (None, true) => "Model: the configured endpoint's default model.".to_string(),
            _ => "Model: steer's offline planner (deterministic, no language model); configure OPENAI_API_KEY or --base-url for a written analysis.".to_string(),
        }
    }

    pub fn tools(&self) -> Vec<Tool> {
        let annotations = |title: &str| {
            ToolAnnotations::with_title(title.to_string())
                .read_only(false)
                .destructive(false)
                .idempotent(false)
                .open_world(false)
        };
        vec![
            Tool::new(
                RESEARCH,
                format!("{} {}", description::<ResearchArgs>(), self.model_line()),
                schema::<ResearchArgs>(),
            )
            .with_title("Research (planned, with checkpoints)")
            .with_annotations(annotations("Research (planned, with checkpoints)")),
            Tool::new(RESUME, description::<ResumeArgs>(), schema::<ResumeArgs>())
                .with_title("Answer a research checkpoint")
                .with_annotations(annotations("Answer a research checkpoint")),
        ]
    }

    pub async fn research(&self, arguments: Option<JsonObject>) -> CallToolResult {
        let args: ResearchArgs =
            match serde_json::from_value(Value::Object(arguments.unwrap_or_default())) {
                Ok(a) => a,
                Err(e) => return error(format!("invalid arguments for `{RESEARCH}`: {e}")),
            };
        let request = args.request.trim().to_string();
        if request.is_empty() {
            return error("`request` is empty");
        }
        let policy: Policy = match args.checkpoints.as_deref().map(str::parse).transpose() {
            Ok(p) => p.unwrap_or_default(),
            Err(e) => return error(format!("`checkpoints`: {e}")),
        };
        let mut options = self.options.clone();
        if args.lang.is_some() {
            options.lang = args.lang.clone();
        }
        let lang = match options.lang() {
            Ok(l) => l.resolve(Some(&request)),
            Err(e) => return error(format!("`lang`: {e}")),
        };
        let model = match service::model_for(
            &options,
            service::DEFAULT_TIMEOUT_SECS,
            None,
            self.data.as_ref(),
            None,
        ) {
            Ok(m) => m,
            Err(e) => return error(e.to_string()),
        };
        let new = NewRun {
            request,
            policy,
            limits: Limits {
                max_steps: args.max_steps.unwrap_or(Limits::default().max_steps),
                ..Limits::default()
            },
            context: Vec::new(),
            lang,
        };
        match service::start_session(
            new,
            model,
            self.toolbox.clone(),
            self.data.as_ref(),
            &options,
        ) {
            Ok(driver) => drive(driver).await,
            Err(e) => error(e.to_string()),
        }
    }

    pub async fn resume(&self, arguments: Option<JsonObject>) -> CallToolResult {
        let args: ResumeArgs =
            match serde_json::from_value(Value::Object(arguments.unwrap_or_default())) {
                Ok(a) => a,
                Err(e) => return error(format!("invalid arguments for `{RESUME}`: {e}")),
            };
        let decision = match (args.decision, args.option, args.feedback) {
            (ResumeDecision::Approve, _, _) => Decision::Approve,
            (ResumeDecision::ApproveForSession, _, _) => Decision::ApproveForSession,
            (ResumeDecision::Abort, _, _) => Decision::Abort,
            (ResumeDecision::Choose, Some(option), _) => Decision::Choose { option },
            (ResumeDecision::Choose, None, _) => {
                return error("`choose` needs `option`: the option's number on the card");
            }
            (ResumeDecision::Reject, _, Some(feedback)) if !feedback.trim().is_empty() => {
                Decision::Reject { feedback }
            }
            (ResumeDecision::Reject, _, _) => {
                return error("`reject` needs `feedback`: what the user said");
            }
        };
        let opened = match service::open_session(&self.options, &args.session) {
            Ok(o) => o,
            Err(e) => return error(e.to_string()),
        };
        let model = match service::model_for(
            &self.options,
            service::DEFAULT_TIMEOUT_SECS,
            Some(&opened),
            self.data.as_ref(),
            None,
        ) {
            Ok(m) => m,
            Err(e) => return error(e.to_string()),
        };
        let (mut driver, _) = match service::resume_driver(opened, model, self.toolbox.clone()) {
            Ok(d) => d,
            Err(e) => return error(e.to_string()),
        };
        // Replay the log up to the pending checkpoint, then answer it.
        match driver.advance().await {
            Ok(Outcome::Pause(cp)) => {
                if let Err(e) = driver.decide(decision, false) {
                    return error(format!(
                        "{e}; session {} is still paused at checkpoint {}",
                        driver.run.id, cp.number
                    ));
                }
                drive(driver).await
            }
            Ok(Outcome::Done(report)) => done(&driver, &report),
            Err(e) => error(format!(
                "{e}; session {} is kept and can be resumed",
                driver.run.id
            )),
        }
    }
}

/// Runs until the end or the next checkpoint.
async fn drive(mut driver: Driver) -> CallToolResult {
    match driver.advance().await {
        Ok(Outcome::Done(report)) => done(&driver, &report),
        Ok(Outcome::Pause(cp)) => paused(&driver, &cp),
        Err(e) => error(format!(
            "{e}; session {} is kept: research_resume continues it",
            driver.run.id
        )),
    }
}

fn done(driver: &Driver, report: &crate::run::Report) -> CallToolResult {
    let mut structured = service::report_json(driver, report);
    structured["status"] = json!("done");
    let mut result = CallToolResult::structured(structured);
    result.content = vec![ContentBlock::text(report.markdown.clone())];
    result
}

/// The card for the host to put to its user, as text and as data.
fn paused(driver: &Driver, cp: &Checkpoint) -> CallToolResult {
    let cx = CardContext {
        reads_feedback: driver.reads_feedback(),
        lang: driver.run.lang,
    };
    let text = card(cp, cx);
    let mut decisions = vec!["approve", "approve_for_session"];
    let options = choosable(cp);
    if !options.is_empty() {
        decisions.push("choose");
    }
    if !cp.reject_is_feedback() || cx.reads_feedback {
        decisions.push("reject");
    }
    decisions.push("abort");
    let instruction = format!(
        "steer paused at checkpoint {} ({}) of session {}. Ask your user this question, showing the card above; then call research_resume with session \"{}\" and their decision ({}). Do not answer it yourself.",
        cp.number,
        cp.kind_name(),
        driver.run.id,
        driver.run.id,
        decisions.join(", ")
    );
    let structured = json!({
        "status": "paused",
        "session": driver.run.id,
        "checkpoint": cp.number,
        "kind": cp.kind_name(),
        "card": text,
        "options": options,
        "decisions": decisions,
    });
    let mut result = CallToolResult::structured(structured);
    result.content = vec![ContentBlock::text(text), ContentBlock::text(instruction)];
    result
}
