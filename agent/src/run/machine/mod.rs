//! The run as a state machine with no I/O inside.
//!
//! [`Run::next_action`] says what to do next (call the model, call tools, pause,
//! or finish); the driver does it and feeds the outcome back
//! ([`Run::on_model_reply`], [`Run::on_tool_results`], [`Run::decide`]).
//! Given the same inputs the run takes the same path, which is what lets a
//! session log be replayed into the same state after a crash.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::json;
use steer_tools::ToolSpec;

use super::checkpoint::{Checkpoint, CheckpointKind, LimitKind, PauseClass, Policy};
use super::plan::Plan;
use super::prompt;
use super::question::Asked;
use super::report::{self, Report};
pub use super::state::{
    CallResult, DecisionRecord, Limits, PendingCall, Phase, StepState, StepStatus, ToolCallRecord,
    Turn,
};
use crate::i18n::Lang;
use crate::model::{FunctionSpec, Message, ModelRequest, ToolChoice};
use crate::tr;

mod decisions;
mod transitions;

pub use super::prompt::SUBMIT_PLAN;

/// Functions offered to the model, shared between requests.
type Functions = Arc<Vec<FunctionSpec>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    CallModel(ModelRequest),
    CallTools(Vec<PendingCall>),
    Pause(Checkpoint),
    Done(Report),
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
    #[error("there is no pending checkpoint to decide")]
    NothingPending,
    #[error("`{decision}` does not answer a {checkpoint} checkpoint; use {allowed}")]
    NotApplicable {
        decision: String,
        checkpoint: String,
        allowed: String,
    },
    #[error("the edit is invalid: {0}")]
    InvalidEdit(String),
    #[error("{0}")]
    InvalidChoice(String),
    #[error(
        "the offline planner cannot act on written feedback, so a reject would change nothing; checkpoint {checkpoint} is still open: edit the plan or the step's arguments instead, approve, or abort"
    )]
    FeedbackUnread { checkpoint: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: String,
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    pub specs: BTreeMap<String, Arc<ToolSpec>>,
    pub messages: Arc<Vec<Message>>,
    pub phase: Phase,
    pub plan: Option<Plan>,
    pub plan_version: u32,
    pub steps: BTreeMap<String, StepState>,
    /// Plan order of step ids (BTreeMap order is not plan order).
    pub order: Vec<String>,
    pub approved: BTreeSet<String>,
    pub confirmed: BTreeSet<String>,
    pub pending: VecDeque<Checkpoint>,
    pub session_approvals: BTreeSet<PauseClass>,
    pub checkpoints_seen: u32,
    pub tool_calls: Vec<ToolCallRecord>,
    pub decisions: Vec<DecisionRecord>,
    /// Every question the results raised, each once, with its answer.
    pub questions: Vec<Asked>,
    pub feedback: Vec<String>,
    /// Calls of the model's last turn still awaiting results, in call
    /// order, with an immediate answer for calls that were refused.
    pub awaiting: Vec<(String, Option<String>)>,
    pub model_calls: u64,
    pub tool_executions: u64,
    pub retries: u64,
    pub tokens: u64,
    pub ad_hoc: u32,
    /// Steps the model called outside the approved plan, in call order.
    pub off_plan: Vec<String>,
    pub report: Option<Report>,
    /// The language of the report and of what the runtime writes.
    #[serde(default)]
    pub lang: Lang,
    /// The functions offered while planning and while reviewing, built
    /// once: every model turn shares them instead of copying schemas.
    #[serde(skip)]
    functions: OnceLock<(Functions, Functions)>,
    /// How many messages the token estimate has counted, and their sum:
    /// messages are only appended once the run acts, so each turn adds
    /// what is new instead of recounting the whole conversation.
    #[serde(skip)]
    estimated: (usize, u64),
}

impl Run {
    /// What the report is built from.
    fn evidence(&self) -> report::Evidence<'_> {
        report::Evidence {
            steps: &self.steps,
            order: &self.order,
            decisions: &self.decisions,
            questions: &self.questions,
            off_plan: &self.off_plan,
            lang: self.lang,
        }
    }

    pub fn new(
        id: &str,
        request: &str,
        specs: Vec<Arc<ToolSpec>>,
        policy: Policy,
        limits: Limits,
    ) -> Run {
        let specs: BTreeMap<String, Arc<ToolSpec>> =
            specs.into_iter().map(|s| (s.name.clone(), s)).collect();
        Run {
            id: id.to_string(),
            request: request.to_string(),
            messages: Arc::new(vec![
                Message::System {
                    content: prompt::system(&specs, Lang::En),
                },
                Message::User {
                    content: request.to_string(),
                },
            ]),
            functions: OnceLock::new(),
            estimated: (0, 0),
            policy,
            limits,
            specs,
            phase: Phase::Planning,
            plan: None,
            plan_version: 0,
            steps: BTreeMap::new(),
            order: Vec::new(),
            approved: BTreeSet::new(),
            confirmed: BTreeSet::new(),
            pending: VecDeque::new(),
            session_approvals: BTreeSet::new(),
            checkpoints_seen: 0,
            tool_calls: Vec::new(),
            decisions: Vec::new(),
            questions: Vec::new(),
            feedback: Vec::new(),
            awaiting: Vec::new(),
            model_calls: 0,
            tool_executions: 0,
            retries: 0,
            tokens: 0,
            ad_hoc: 0,
            off_plan: Vec::new(),
            report: None,
            lang: Lang::En,
        }
    }

    /// Speaks `lang`: the system prompt asks for the report in it, and the
    /// cards and what the runtime adds to the report use it. Call before
    /// the first action.
    pub fn with_lang(mut self, lang: Lang) -> Run {
        self.lang = lang;
        let system = prompt::system(&self.specs, lang);
        if let Some(Message::System { content }) = Arc::make_mut(&mut self.messages).first_mut() {
            *content = system;
        }
        self
    }

    /// Continues a conversation: the earlier requests and answers of the
    /// chat go before this run's request, so a follow-up can refer to them.
    /// Call before the first action.
    pub fn with_context(mut self, turns: &[Turn]) -> Run {
        let messages = Arc::make_mut(&mut self.messages);
        let at = messages.len().saturating_sub(1);
        let earlier = turns.iter().flat_map(|t| {
            [
                Message::User {
                    content: t.request.clone(),
                },
                Message::Assistant {
                    content: Some(t.answer.clone()),
                    tool_calls: Vec::new(),
                },
            ]
        });
        messages.splice(at..at, earlier);
        self
    }

    fn pauses(&self, class: PauseClass) -> bool {
        self.policy.pauses(class) && !self.session_approvals.contains(&class)
    }

    fn push_checkpoint(&mut self, kind: CheckpointKind) {
        self.checkpoints_seen += 1;
        self.pending.push_back(Checkpoint {
            number: self.checkpoints_seen,
            kind,
        });
    }

    fn functions(&self, planning: bool) -> Functions {
        let (plan, review) = self.functions.get_or_init(|| {
            let submit = FunctionSpec {
                name: SUBMIT_PLAN.to_string(),
                description: "Submit the analysis plan (or a revised plan): the goal and the tool calls that reach it. Keep step ids stable when revising; finished steps whose tool and arguments are unchanged are not run again.".to_string(),
                parameters: prompt::plan_schema(),
            };
            let mut all = vec![submit.clone()];
            all.extend(self.specs.values().map(|s| FunctionSpec {
                name: s.name.clone(),
                description: s.description.clone(),
                parameters: s.strict_parameters.clone(),
            }));
            (Arc::new(vec![submit]), Arc::new(all))
        });
        if planning {
            plan.clone()
        } else {
            review.clone()
        }
    }

    /// The first counted limit the run has reached, checked before each
    /// model call.
    fn limit_reached(&self) -> Option<(LimitKind, u64, u64)> {
        [
            (LimitKind::ModelCalls, self.model_calls),
            (LimitKind::Retries, self.retries),
            (LimitKind::Tokens, self.tokens),
        ]
        .into_iter()
        .map(|(limit, used)| (limit, used, self.limits.allowed(limit)))
        .find(|(limit, used, allowed)| limit.reached(*used, *allowed))
    }

    /// A limit the driver measures (wall time) was reached: the run
    /// pauses at its card before anything else happens. Nothing happens
    /// when the run has ended or already waits at that limit's card.
    pub fn on_limit(&mut self, limit: LimitKind, used: u64) {
        let waiting = self
            .pending
            .iter()
            .any(|c| matches!(c.kind, CheckpointKind::Limit { limit: l, .. } if l == limit));
        if self.phase == Phase::Done || waiting {
            return;
        }
        let allowed = self.limits.allowed(limit);
        self.push_checkpoint(CheckpointKind::Limit {
            limit,
            used,
            allowed,
        });
    }

    /// What the driver should do next.
    pub fn next_action(&mut self) -> Action {
        if let Some(cp) = self.pending.front() {
            return Action::Pause(cp.clone());
        }
        match self.phase {
            Phase::Done => Action::Done(self.report.clone().unwrap_or_else(|| {
                report::aborted(&self.evidence(), &tr!(self.lang, "rep-no-report"))
            })),
            Phase::Planning | Phase::Reviewing => {
                if let Some((limit, used, allowed)) = self.limit_reached() {
                    self.push_checkpoint(CheckpointKind::Limit {
                        limit,
                        used,
                        allowed,
                    });
                    return self.next_action();
                }
                let planning = self.phase == Phase::Planning;
                Action::CallModel(ModelRequest {
                    messages: self.messages.clone(),
                    tools: self.functions(planning),
                    tool_choice: if planning {
                        ToolChoice::Function(SUBMIT_PLAN.to_string())
                    } else {
                        ToolChoice::Auto
                    },
                    stream: !planning,
                })
            }
            Phase::Executing => self.next_execution(),
        }
    }

    fn next_execution(&mut self) -> Action {
        // Steps whose dependencies failed cannot run.
        let mut newly_skipped = Vec::new();
        for id in &self.order {
            let Some(state) = self.steps.get(id) else {
                continue;
            };
            if state.status != StepStatus::Pending {
                continue;
            }
            let failed_dep = state.step.depends_on.iter().find(|d| {
                self.steps
                    .get(*d)
                    .is_none_or(|s| matches!(s.status, StepStatus::Failed | StepStatus::Skipped))
            });
            if let Some(d) = failed_dep {
                newly_skipped.push((
                    id.clone(),
                    crate::tr!(self.lang, "step-dependency-failed", step = d.as_str()),
                ));
            }
        }
        for (id, why) in newly_skipped {
            if let Some(s) = self.steps.get_mut(&id) {
                s.status = StepStatus::Skipped;
                s.error = Some(why);
            }
        }
        let runnable: Vec<String> = self
            .order
            .iter()
            .filter(|id| {
                self.steps.get(*id).is_some_and(|s| {
                    s.status == StepStatus::Pending
                        && self.approved.contains(*id)
                        && s.step.depends_on.iter().all(|d| {
                            self.steps
                                .get(d)
                                .is_some_and(|x| x.status == StepStatus::Done)
                        })
                })
            })
            .cloned()
            .collect();
        for id in &runnable {
            let flagged = self.steps.get(id).is_some_and(|s| s.step.checkpoint);
            if flagged && !self.confirmed.contains(id) && self.pauses(PauseClass::Assumptions) {
                if let Some(s) = self.steps.get(id) {
                    let step = s.step.clone();
                    self.push_checkpoint(CheckpointKind::FlaggedStep { step });
                }
                return self.next_action();
            }
        }
        if !runnable.is_empty() {
            let wanted = self.tool_executions + runnable.len() as u64;
            if wanted > self.limits.max_steps {
                self.push_checkpoint(CheckpointKind::Limit {
                    limit: LimitKind::Steps,
                    used: self.tool_executions,
                    allowed: self.limits.max_steps,
                });
                return self.next_action();
            }
            let mut calls = Vec::new();
            for id in runnable {
                if let Some(s) = self.steps.get_mut(&id) {
                    s.status = StepStatus::Running;
                    let arguments = s.step.arguments.value().clone();
                    calls.push(PendingCall {
                        step: id.clone(),
                        tool: s.step.tool.clone(),
                        arguments,
                    });
                }
            }
            return Action::CallTools(calls);
        }
        let waiting = self
            .steps
            .values()
            .any(|s| s.status == StepStatus::Pending && !self.approved.contains(&s.step.id));
        if waiting {
            // Unapproved steps with nothing pending: the plan review was
            // answered without approving them; drop them.
            for s in self.steps.values_mut() {
                if s.status == StepStatus::Pending {
                    s.status = StepStatus::Skipped;
                    s.error = Some("not approved".to_string());
                }
            }
        }
        self.enter_review();
        self.next_action()
    }

    /// Hands the results the model has not seen to it and asks for the
    /// next move: revise, call tools, or answer.
    fn enter_review(&mut self) {
        self.phase = Phase::Reviewing;
        // Answers to the model's own tool calls, in its call order.
        let awaiting = std::mem::take(&mut self.awaiting);
        for (call_id, refused) in awaiting {
            let content = match refused {
                Some(error) => json!({"ok": false, "error": error}).to_string(),
                None => match self
                    .steps
                    .values_mut()
                    .find(|s| s.call_id.as_deref() == Some(call_id.as_str()))
                {
                    Some(s) => {
                        s.reported = true;
                        prompt::StepResult::line_of(s)
                    }
                    None => json!({"ok": false, "error": "no result"}).to_string(),
                },
            };
            Arc::make_mut(&mut self.messages).push(Message::Tool {
                tool_call_id: call_id,
                content,
            });
        }
        let mut fresh = Vec::new();
        for id in &self.order {
            if let Some(s) = self.steps.get_mut(id)
                && !s.reported
                && matches!(
                    s.status,
                    StepStatus::Done | StepStatus::Failed | StepStatus::Skipped
                )
            {
                s.reported = true;
                fresh.push(prompt::StepResult::line_of(s));
            }
        }
        let feedback = std::mem::take(&mut self.feedback);
        if !fresh.is_empty() || !feedback.is_empty() {
            Arc::make_mut(&mut self.messages).push(Message::User {
                content: prompt::review(&fresh, &feedback),
            });
        }
    }
}
