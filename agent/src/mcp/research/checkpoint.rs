//! How a checkpoint reaches the host's user and comes back: asked during
//! the call (elicitation), handed back as an input request the client
//! answers by retrying, or returned as a card for `research_resume`.

use rmcp::model::{
    CallToolResult, ContentBlock, ElicitRequestParams, ElicitationAction, ElicitationSchema,
    ProtocolVersion,
};
use rmcp::service::RequestContext;
use rmcp::{Peer, RoleServer};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::run::{Checkpoint, Decision, Driver};
use crate::service::{self, AnswerFuture, Answered, Decide};
use crate::terminal::{CardContext, card, choosable};

use super::ResumeDecision;

/// The host's user, asked during the call through a form elicitation:
/// the MCP implementation of [`Decide`]. Declined or dismissed leaves the
/// session paused.
pub(super) struct Elicit {
    pub(super) peer: Peer<RoleServer>,
}

impl Decide for Elicit {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        Box::pin(async move {
            let form = match answer_form() {
                Ok(f) => f,
                Err(e) => {
                    return Answered::Refused(crate::tr!(
                        crate::i18n::speaking(),
                        "mcp-no-form",
                        error = e.to_string()
                    ));
                }
            };
            let asked = self
                .peer
                .create_elicitation(ElicitRequestParams::FormElicitationParams {
                    meta: None,
                    message: form_message(driver, checkpoint),
                    requested_schema: form,
                })
                .await;
            let decision = match asked {
                Ok(r) if r.action == ElicitationAction::Accept => {
                    match r.content.map(serde_json::from_value::<CheckpointAnswer>) {
                        Some(Ok(a)) => to_decision(a.decision, a.option, a.feedback, a.limit),
                        Some(Err(e)) => Err(crate::tr!(
                            crate::i18n::speaking(),
                            "mcp-answer-misfit",
                            error = e.to_string()
                        )),
                        None => Err(crate::tr!(crate::i18n::speaking(), "mcp-answer-empty")),
                    }
                }
                // Declined or dismissed: nothing is decided.
                Ok(_) => return Answered::LeftPaused,
                Err(e) => Err(crate::tr!(
                    crate::i18n::speaking(),
                    "mcp-not-asked",
                    error = e.to_string()
                )),
            };
            match decision {
                Ok(d) => service::record(driver, d, false),
                Err(e) => Answered::Refused(e),
            }
        })
    }
}

/// The form a host shows its user at a checkpoint (an elicitation).
#[derive(Debug, Deserialize)]
pub struct CheckpointAnswer {
    /// approve, approve_for_session, choose (with option), reject (with
    /// feedback) or abort.
    pub decision: ResumeDecision,
    /// For choose: the option's number on the card.
    pub option: Option<u32>,
    /// For reject: what is wrong, for the model.
    pub feedback: Option<String>,
    /// For raise_limit: the new limit.
    pub limit: Option<u64>,
}

/// What a sealed `requestState` carries: the session and the checkpoint
/// the elicitation asks about. Sealed with a key of this installation, so
/// a state made up or altered by a client is refused.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PausedState {
    pub(super) session: String,
    pub(super) checkpoint: u32,
}

/// How this call's checkpoints reach the human.
pub(super) enum Channel {
    /// Protocol 2026-07-28 or later: an `InputRequiredResult` the client
    /// answers by retrying the call.
    InputRequired,
    /// An older protocol whose client declared elicitation: ask during
    /// the call.
    Elicit(Peer<RoleServer>),
    /// Neither: return the card; `research_resume` answers it.
    Card,
}

impl Channel {
    pub(super) fn of(context: &RequestContext<RoleServer>) -> Channel {
        // What this request's client declared it can do (per request from
        // 2026-07-28, from the handshake before).
        let elicits = context.client_capabilities().is_some_and(|c| {
            c.elicitation
                .as_ref()
                .is_some_and(|e| e.form.is_some() || e.url.is_none())
        });
        if !elicits {
            return Channel::Card;
        }
        if context
            .protocol_version()
            .is_some_and(|v| v >= ProtocolVersion::V_2026_07_28)
        {
            Channel::InputRequired
        } else {
            Channel::Elicit(context.peer.clone())
        }
    }
}

/// The key input for this call's checkpoint (`inputRequests` /
/// `inputResponses`).
pub(super) const INPUT_KEY: &str = "checkpoint";

pub(super) fn to_decision(
    decision: ResumeDecision,
    option: Option<u32>,
    feedback: Option<String>,
    limit: Option<u64>,
) -> Result<Decision, String> {
    Ok(match decision {
        ResumeDecision::Approve => Decision::Approve,
        ResumeDecision::ApproveForSession => Decision::ApproveForSession,
        ResumeDecision::Abort => Decision::Abort,
        ResumeDecision::Choose => Decision::Choose {
            option: option.ok_or("`choose` needs `option`: the option's number on the card")?,
        },
        ResumeDecision::Reject => match feedback {
            Some(feedback) if !feedback.trim().is_empty() => Decision::Reject { feedback },
            _ => return Err("`reject` needs `feedback`: what the user said".to_string()),
        },
        ResumeDecision::RaiseLimit => Decision::RaiseLimit {
            to: limit.ok_or("`raise_limit` needs `limit`: the new limit")?,
        },
    })
}

/// The form of a checkpoint answer, as elicitation allows it (flat
/// primitive fields; only `decision` required).
pub(super) fn answer_form() -> Result<ElicitationSchema, serde_json::Error> {
    let schema = json!({
        "type": "object",
        "properties": {
            "decision": {
                "type": "string",
                "title": "Decision",
                "description": "approve, approve_for_session, choose (with option), reject (with feedback), raise_limit (with limit; at a limit, approve stops the run there) or abort",
                "enum": ["approve", "approve_for_session", "choose", "reject", "raise_limit", "abort"]
            },
            "limit": {
                "type": "integer",
                "title": "New limit",
                "description": "For raise_limit: the new limit, above the one reached",
                "minimum": 1
            },
            "option": {
                "type": "integer",
                "title": "Option",
                "description": "For choose: the option's number on the card",
                "minimum": 1
            },
            "feedback": {
                "type": "string",
                "title": "Feedback",
                "description": "For reject: what is wrong, for the model"
            }
        },
        "required": ["decision"]
    });
    ElicitationSchema::from_json_schema(schema.as_object().cloned().unwrap_or_default())
}

/// What the elicitation shows: the card and what to answer.
pub(super) fn form_message(driver: &Driver, cp: &Checkpoint) -> String {
    let cx = CardContext::plain(driver.reads_feedback(), driver.lang());
    let options = choosable(cp);
    let answers = cp
        .answers(MCP_DECISIONS, cx.reads_feedback, !options.is_empty())
        .into_iter()
        .map(|name| match name {
            "choose" => format!(
                "choose (with option {}–{})",
                options.first().copied().unwrap_or(1),
                options.last().copied().unwrap_or(1)
            ),
            "reject" => "reject (with feedback)".to_string(),
            "raise_limit" => {
                "raise_limit (with limit, the new limit; approve stops the run here)".to_string()
            }
            other => other.to_string(),
        })
        .collect::<Vec<_>>();
    format!(
        "steer, checkpoint {} of session {}:\n\n{}\nAnswer with decision: {}.",
        cp.number,
        driver.id(),
        card(cp, cx),
        answers.join(", ")
    )
}

/// The decisions an MCP client can send (`ResumeDecision`).
const MCP_DECISIONS: &[&str] = &[
    "approve",
    "approve_for_session",
    "choose",
    "reject",
    "raise_limit",
    "abort",
];

/// The session waits: the user declined or dismissed the question.
pub(super) fn left_paused(session: &str, checkpoint: u32) -> CallToolResult {
    let mut result = CallToolResult::structured(json!({
        "status": "paused",
        "session": session,
        "checkpoint": checkpoint,
        "declined": true,
    }));
    result.content = vec![ContentBlock::text(format!(
        "The question was declined; session {session} stays paused at checkpoint {checkpoint}. research_resume, `steer resume {session}` or the chat's /resume {session} answers it."
    ))];
    result
}

/// The card for the host to put to its user, as text and as data.
pub(super) fn paused(driver: &Driver, cp: &Checkpoint) -> CallToolResult {
    let cx = CardContext::plain(driver.reads_feedback(), driver.lang());
    let text = card(cp, cx);
    let options = choosable(cp);
    let decisions = cp.answers(MCP_DECISIONS, cx.reads_feedback, !options.is_empty());
    let instruction = format!(
        "steer paused at checkpoint {} ({}) of session {}. Ask your user this question, showing the card above; then call research_resume with session \"{}\" and their decision ({}). Do not answer it yourself.",
        cp.number,
        cp.kind_name(),
        driver.id(),
        driver.id(),
        decisions.join(", ")
    );
    let structured = json!({
        "status": "paused",
        "session": driver.id(),
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
