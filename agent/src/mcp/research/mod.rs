//! The whole planned run as MCP tools: `research` hands over a request and
//! runs the same runtime as `steer ask` (same session logs, same report);
//! at a checkpoint the call returns the card, and `research_resume` takes
//! the human's answer and goes on. The host relays the question to its
//! user: macro delegation to steer, micro steering by the person.

mod checkpoint;
mod ingest;
mod sessions;

use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ElicitRequest,
    ElicitRequestParams, ElicitResult, ElicitationAction, InputRequest, InputRequiredResult,
    JsonObject, RequestStateCodec, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::Toolbox;

use crate::run::{Checkpoint, Decision, Driver, Limits, Policy};
use crate::service::{
    self, Decide, Ended, FirstThen, NewRun, Nobody, SessionOptions, SessionService, Uncancellable,
};

pub use checkpoint::CheckpointAnswer;
use checkpoint::{
    Channel, Elicit, INPUT_KEY, PausedState, answer_form, form_message, left_paused, paused,
    to_decision,
};
pub use ingest::{INGEST, INGEST_RESUME};
pub use sessions::SESSIONS_URI;

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
    /// For `raise_limit`: the new limit the user chose (above the one
    /// reached). At a limit, `approve` stops the run with what was done.
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResumeDecision {
    Approve,
    ApproveForSession,
    Choose,
    Reject,
    RaiseLimit,
    Abort,
}
/// The research tools and what they run on.
pub struct Research {
    pub options: SessionOptions,
    pub data: service::Data,
    pub toolbox: Toolbox,
    /// Seals `requestState` (see [`state_codec`]).
    pub codec: Arc<RequestStateCodec>,
    /// Whether `ingest` and `ingest_resume` are served: over stdio only,
    /// where the documents and the dataset are the user's own machine's.
    pub ingest: bool,
}

/// The codec that seals request states, with the session store's key
/// (`mcp-state.key` in the session directory, or a row of the database),
/// 32 random bytes made on first use. Servers on one store share it, so
/// either can take the other's retry.
pub fn state_codec(options: &SessionOptions) -> Result<RequestStateCodec, String> {
    let store = options.store().map_err(|e| e.to_string())?;
    let key = store
        .shared_key("mcp-state")
        .map_err(|e| format!("the request state key: {e}"))?;
    RequestStateCodec::try_new(key).map_err(|e| format!("the request state key: {e}"))
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

/// A tool's arguments, or what is wrong with them: checked against the
/// tool's schema first, so each problem is named the way the research
/// tools name theirs (and worded in the language steer speaks).
fn arguments<T: serde::de::DeserializeOwned + JsonSchema>(
    tool: &str,
    given: Option<JsonObject>,
) -> Result<T, String> {
    let value = Value::Object(given.unwrap_or_default());
    let problems =
        steer_tools::schema::validate(&steer_tools::schema::generate::<T>().to_value(), &value);
    if !problems.is_empty() {
        let e = steer_tools::ToolError::InvalidArguments {
            tool: tool.to_string(),
            problems,
        };
        return Err(crate::localised::tool_error(&e, crate::i18n::speaking()));
    }
    serde_json::from_value(value).map_err(|e| {
        crate::tr!(
            crate::i18n::speaking(),
            "tool-invalid-arguments",
            tool = tool,
            problems = e.to_string()
        )
    })
}

/// The annotations of a tool that writes a session (and, for ingest, the
/// dataset): not read-only, never destructive, not idempotent, closed.
fn annotations(title: &str) -> ToolAnnotations {
    ToolAnnotations::with_title(title.to_string())
        .read_only(false)
        .destructive(false)
        .idempotent(false)
        .open_world(false)
}

/// The owner an HTTP request carries (its token's name, set by the guard);
/// `None` over stdio, where the local user sees every session.
pub fn owner(context: &RequestContext<RoleServer>) -> Option<String> {
    context
        .extensions
        .get::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<service::Owner>())
        .map(|o| o.0.clone())
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
        .into_iter()
        .chain(self.ingest.then(ingest::tools).into_iter().flatten())
        .collect()
    }

    /// A call to `ingest` or `ingest_resume`: blocking (it drafts and
    /// writes files), so run it on a blocking thread.
    pub fn call_ingest(&self, request: CallToolRequestParams) -> CallToolResult {
        let name = request.name.as_ref();
        if !self.ingest {
            return error(crate::tr!(
                crate::i18n::speaking(),
                "mcp-stdio-only",
                name = name
            ));
        }
        match name {
            INGEST => match arguments(INGEST, request.arguments) {
                Ok(args) => self.ingest(args),
                Err(e) => error(e),
            },
            INGEST_RESUME => match arguments(INGEST_RESUME, request.arguments) {
                Ok(args) => self.ingest_resume(args),
                Err(e) => error(e),
            },
            other => error(crate::tr!(
                crate::i18n::speaking(),
                "mcp-not-ingest-tool",
                name = other
            )),
        }
    }

    /// A call to `research` or `research_resume`. The retry of a call that
    /// returned input-required goes back to its paused session, whichever
    /// tool it was; otherwise the tool's arguments are read and it runs.
    pub async fn call(
        &self,
        request: CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResponse {
        if request.request_state.is_some() {
            return self.retry(request, context).await;
        }
        let problem = match request.name.as_ref() {
            RESEARCH => match arguments(RESEARCH, request.arguments) {
                Ok(args) => return self.research(args, context).await,
                Err(e) => e,
            },
            RESUME => match arguments(RESUME, request.arguments) {
                Ok(args) => return self.resume(args, context).await,
                Err(e) => e,
            },
            other => crate::tr!(
                crate::i18n::speaking(),
                "mcp-not-research-tool",
                name = other
            ),
        };
        error(problem).into()
    }

    /// `research`: starts a session on the request and drives it.
    async fn research(
        &self,
        args: ResearchArgs,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResponse {
        let request = args.request.trim().to_string();
        if request.is_empty() {
            return error("`request` is empty").into();
        }
        let policy: Policy = match args.checkpoints.as_deref().map(str::parse).transpose() {
            Ok(p) => p.unwrap_or_default(),
            Err(e) => return error(format!("`checkpoints`: {e}")).into(),
        };
        let mut options = self.options.clone();
        options.owner = owner(context);
        if args.lang.is_some() {
            options.lang = args.lang.clone();
        }
        let lang = match options.lang() {
            Ok(l) => l.resolve(Some(&request)),
            Err(e) => return error(format!("`lang`: {e}")).into(),
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
            chat: None,
        };
        let service =
            SessionService::new(options, self.data.clone(), service::DEFAULT_TIMEOUT_SECS);
        match service.start(new) {
            Ok(driver) => self.drive(driver, &Channel::of(context)).await,
            Err(e) => error(e.to_string()).into(),
        }
    }

    /// `research_resume`: answers the session's checkpoint and drives on.
    async fn resume(
        &self,
        args: ResumeArgs,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResponse {
        let decision = match to_decision(args.decision, args.option, args.feedback, args.limit) {
            Ok(d) => d,
            Err(e) => return error(e).into(),
        };
        self.answer(
            &args.session,
            None,
            decision,
            &Channel::of(context),
            owner(context).as_deref(),
        )
        .await
    }

    /// Opens `session`, replays it to its pending checkpoint (which must be
    /// `expected` when given), answers it, and drives on.
    async fn answer(
        &self,
        session: &str,
        expected: Option<u32>,
        decision: Decision,
        channel: &Channel,
        owner: Option<&str>,
    ) -> CallToolResponse {
        let driver = match self.open(session, owner) {
            Ok(d) => d,
            Err(e) => return error(e).into(),
        };
        self.drive_answering(driver, channel, Some((decision, expected)))
            .await
    }

    /// A paused session of `owner`'s, reopened from its log.
    fn open(&self, session: &str, owner: Option<&str>) -> Result<Driver, String> {
        let service = self.service(owner);
        service
            .open_run(session)
            .and_then(|opened| service.carry_on(opened))
            .map(|(d, _)| d)
            .map_err(|e| e.to_string())
    }

    /// The session service for `owner`'s requests.
    pub fn service(&self, owner: Option<&str>) -> SessionService {
        SessionService::new(
            self.options.clone(),
            self.data.clone(),
            service::DEFAULT_TIMEOUT_SECS,
        )
        .for_owner(owner.map(str::to_string))
    }

    /// The retry of an input-required call: the sealed state names the
    /// session and checkpoint, the input response holds the user's answer.
    async fn retry(
        &self,
        request: CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResponse {
        let sealed = request.request_state.unwrap_or_default();
        let state: PausedState = match self.codec.open_json(&sealed) {
            Ok(s) => s,
            Err(e) => {
                return error(format!(
                    "the requestState was refused ({e}): it was not issued by this steer or was changed; start the research again or answer the session with research_resume"
                ))
                .into();
            }
        };
        let response = request
            .input_responses
            .and_then(|mut r| r.remove(INPUT_KEY))
            .map(serde_json::from_value::<ElicitResult>);
        let answer = match response {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return error(format!(
                    "the input response is not an elicitation result: {e}"
                ))
                .into();
            }
            None => {
                return error(format!(
                    "the retry carries no `{INPUT_KEY}` input response; session {} is still paused at checkpoint {}",
                    state.session, state.checkpoint
                ))
                .into();
            }
        };
        match answer.action {
            ElicitationAction::Accept => {
                let parsed = answer
                    .content
                    .map(serde_json::from_value::<CheckpointAnswer>)
                    .transpose();
                let decision = match parsed {
                    Ok(Some(a)) => to_decision(a.decision, a.option, a.feedback, a.limit),
                    Ok(None) => Err(crate::tr!(crate::i18n::speaking(), "mcp-answer-empty")),
                    Err(e) => Err(crate::tr!(
                        crate::i18n::speaking(),
                        "mcp-answer-misfit",
                        error = e.to_string()
                    )),
                };
                match decision {
                    Ok(d) => {
                        self.answer(
                            &state.session,
                            Some(state.checkpoint),
                            d,
                            &Channel::of(context),
                            owner(context).as_deref(),
                        )
                        .await
                    }
                    Err(e) => error(format!(
                        "{e}; session {} is still paused at checkpoint {}",
                        state.session, state.checkpoint
                    ))
                    .into(),
                }
            }
            // Declined or dismissed: nothing is decided; the session waits.
            _ => left_paused(&state.session, state.checkpoint).into(),
        }
    }

    /// Runs until the end or a checkpoint nobody answers here.
    async fn drive(&self, driver: Driver, channel: &Channel) -> CallToolResponse {
        self.drive_answering(driver, channel, None).await
    }

    /// [`drive`](Self::drive), giving the user's answer to the pending
    /// checkpoint (which must be the one numbered, when one is) before
    /// the channel asks about the rest: refused, it is an error and the
    /// session stays where it was.
    async fn drive_answering(
        &self,
        mut driver: Driver,
        channel: &Channel,
        answer: Option<(Decision, Option<u32>)>,
    ) -> CallToolResponse {
        // The host answers only through elicitation; a card or an
        // input-required result hands the checkpoint back instead.
        let asking: Box<dyn Decide> = match channel {
            Channel::Elicit(peer) => Box::new(Elicit { peer: peer.clone() }),
            Channel::Card | Channel::InputRequired => Box::new(Nobody),
        };
        let answering = answer.is_some();
        let mut decide: Box<dyn Decide> = match answer {
            Some((decision, expected)) => {
                Box::new(FirstThen::new(Some(decision), asking).expecting(expected))
            }
            None => asking,
        };
        match service::drive(&mut driver, &mut decide, &mut Uncancellable).await {
            Ended::Done(report) => done(&driver, &report).into(),
            Ended::Failed(e) => error(format!(
                "{e}; session {} is kept: research_resume continues it",
                driver.id()
            ))
            .into(),
            Ended::Cancelled => error(format!(
                "the run was cancelled; session {} is kept: research_resume continues it",
                driver.id()
            ))
            .into(),
            Ended::Paused {
                checkpoint: cp,
                refused: Some(e),
            } if answering => error(format!(
                "{e}; session {} is still paused at checkpoint {}",
                driver.id(),
                cp.number
            ))
            .into(),
            Ended::Paused {
                checkpoint: cp,
                refused: Some(e),
            } => {
                let mut result = paused(&driver, &cp);
                result
                    .content
                    .insert(0, ContentBlock::text(format!("steer: {e}")));
                result.into()
            }
            Ended::Paused {
                checkpoint: cp,
                refused: None,
            } => match channel {
                Channel::Card => paused(&driver, &cp).into(),
                Channel::InputRequired => self.input_required(&driver, &cp),
                Channel::Elicit(_) => left_paused(driver.id(), cp.number).into(),
            },
        }
    }

    /// The checkpoint as an elicitation the client answers by retrying.
    fn input_required(&self, driver: &Driver, cp: &Checkpoint) -> CallToolResponse {
        let state = PausedState {
            session: driver.id().to_string(),
            checkpoint: cp.number,
        };
        let sealed = match self.codec.seal_json(&state) {
            Ok(s) => s,
            Err(e) => {
                return error(crate::tr!(
                    crate::i18n::speaking(),
                    "mcp-cannot-seal",
                    error = e.to_string()
                ))
                .into();
            }
        };
        let schema = match answer_form() {
            Ok(s) => s,
            Err(e) => {
                return error(crate::tr!(
                    crate::i18n::speaking(),
                    "mcp-no-form",
                    error = e.to_string()
                ))
                .into();
            }
        };
        let request = ElicitRequest::new(ElicitRequestParams::FormElicitationParams {
            meta: None,
            message: form_message(driver, cp),
            requested_schema: schema,
        });
        let mut requests = rmcp::model::InputRequests::new();
        requests.insert(INPUT_KEY.to_string(), InputRequest::Elicitation(request));
        InputRequiredResult::new(Some(requests), Some(sealed)).into()
    }
}

fn done(driver: &Driver, report: &crate::run::Report) -> CallToolResult {
    let summary = service::RunSummary::of(driver, Some(report));
    let mut result = match serde_json::to_value(&summary) {
        Ok(structured) => CallToolResult::structured(structured),
        Err(e) => {
            return error(crate::tr!(
                crate::i18n::speaking(),
                "mcp-no-summary",
                error = e.to_string()
            ));
        }
    };
    result.content = vec![ContentBlock::text(report.markdown.clone())];
    result
}
