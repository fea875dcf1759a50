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
use serde_json::{Value, json};
use steer_tools::{Attention, ToolSpec};

use super::checkpoint::{Checkpoint, CheckpointKind, Decision, LimitKind, PauseClass, Policy};
use super::plan::{self, Plan, Step};
use super::prompt;
use super::question::{self, Answer, Asked, Resolution};
use super::report::{self, Report};
pub use super::state::{
    CallResult, DecisionRecord, Limits, PendingCall, Phase, StepState, StepStatus, ToolCallRecord,
    Turn,
};
use crate::i18n::Lang;
use crate::model::{FunctionSpec, Message, ModelReply, ModelRequest, ToolCall, ToolChoice};
use crate::tr;

pub const SUBMIT_PLAN: &str = "submit_plan";

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
    pub specs: BTreeMap<String, ToolSpec>,
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
        specs: Vec<ToolSpec>,
        policy: Policy,
        limits: Limits,
    ) -> Run {
        let specs: BTreeMap<String, ToolSpec> =
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
                parameters: prompt::plan_schema().clone(),
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

    fn limit_reached(&self) -> Option<(LimitKind, u64, u64)> {
        if self.model_calls >= self.limits.max_model_calls {
            return Some((
                LimitKind::ModelCalls,
                self.model_calls,
                self.limits.max_model_calls,
            ));
        }
        if self.retries > self.limits.max_retries {
            return Some((LimitKind::Retries, self.retries, self.limits.max_retries));
        }
        if let Some(max) = self.limits.max_tokens
            && self.tokens >= max
        {
            return Some((LimitKind::Tokens, self.tokens, max));
        }
        None
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
                    format!("not run: step `{d}` it depends on did not succeed"),
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
                    let arguments = serde_json::from_str(&s.step.arguments).unwrap_or(Value::Null);
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
                        step_result_json(s).to_string()
                    }
                    None => json!({"ok": false, "error": "no result"}).to_string(),
                },
            };
            Arc::make_mut(&mut self.messages).push(Message::Tool {
                tool_call_id: call_id,
                content,
            });
        }
        let mut fresh: Vec<Value> = Vec::new();
        for id in &self.order {
            if let Some(s) = self.steps.get_mut(id)
                && !s.reported
                && matches!(
                    s.status,
                    StepStatus::Done | StepStatus::Failed | StepStatus::Skipped
                )
            {
                s.reported = true;
                fresh.push(step_result_json(s));
            }
        }
        let feedback = std::mem::take(&mut self.feedback);
        if !fresh.is_empty() || !feedback.is_empty() {
            Arc::make_mut(&mut self.messages).push(Message::User {
                content: prompt::review(&fresh, &feedback),
            });
        }
    }

    /// Feeds the model's reply in.
    pub fn on_model_reply(&mut self, reply: ModelReply) {
        self.model_calls += 1;
        if let Some(u) = reply.usage {
            self.tokens += u.prompt_tokens + u.completion_tokens;
        }
        let planning = self.phase == Phase::Planning;
        let plan_call = reply
            .tool_calls
            .iter()
            .find(|c| c.name == SUBMIT_PLAN)
            .cloned();
        if !reply.tool_calls.is_empty() {
            Arc::make_mut(&mut self.messages).push(Message::Assistant {
                content: reply.content.clone(),
                tool_calls: reply.tool_calls.clone(),
            });
        }
        if let Some(call) = plan_call {
            self.on_plan_submitted(&call, planning);
            // Other calls in the same turn still need answers.
            for other in reply.tool_calls.iter().filter(|c| c.id != call.id) {
                Arc::make_mut(&mut self.messages).push(Message::Tool {
                    tool_call_id: other.id.clone(),
                    content: json!({"ok": false, "error": "not run: a plan was submitted in the same turn; put this call in the plan"}).to_string(),
                });
            }
            return;
        }
        if planning {
            self.retries += 1;
            let said = reply.content.as_deref().unwrap_or("").trim();
            for c in &reply.tool_calls {
                Arc::make_mut(&mut self.messages).push(Message::Tool {
                    tool_call_id: c.id.clone(),
                    content: json!({"ok": false, "error": "plan first: call submit_plan with the whole analysis"}).to_string(),
                });
            }
            if reply.tool_calls.is_empty() {
                if !said.is_empty() {
                    Arc::make_mut(&mut self.messages).push(Message::Assistant {
                        content: Some(said.to_string()),
                        tool_calls: Vec::new(),
                    });
                }
                Arc::make_mut(&mut self.messages).push(Message::User {
                    content: "Call submit_plan with your plan; do not answer yet.".to_string(),
                });
            }
            return;
        }
        if !reply.tool_calls.is_empty() {
            self.on_direct_calls(&reply.tool_calls);
            return;
        }
        match reply
            .content
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => {
                Arc::make_mut(&mut self.messages).push(Message::Assistant {
                    content: Some(text.to_string()),
                    tool_calls: Vec::new(),
                });
                let r = report::build(&self.evidence(), text);
                self.report = Some(r);
                self.phase = Phase::Done;
            }
            None => {
                self.retries += 1;
                Arc::make_mut(&mut self.messages).push(Message::User {
                    content: "Your answer was empty. Write the final report, revise the plan, or call a tool.".to_string(),
                });
            }
        }
    }

    fn on_plan_submitted(&mut self, call: &ToolCall, first: bool) {
        let answer = |run: &mut Run, content: Value| {
            Arc::make_mut(&mut run.messages).push(Message::Tool {
                tool_call_id: call.id.clone(),
                content: content.to_string(),
            });
        };
        let plan: Plan = match serde_json::from_str(&call.arguments) {
            Ok(p) => p,
            Err(e) => {
                self.retries += 1;
                answer(
                    self,
                    json!({"ok": false, "error": format!("the plan is not valid JSON for the Plan schema: {e}")}),
                );
                return;
            }
        };
        let problems = plan::validate(&plan, &self.specs);
        if !problems.is_empty() {
            self.retries += 1;
            answer(
                self,
                json!({"ok": false, "error": format!("the plan was refused: {}", problems.join("; "))}),
            );
            return;
        }
        let changed = match (&self.plan, first) {
            (Some(old), false) => plan::changed_steps(old, &plan),
            _ => plan.steps.iter().map(|s| s.id.clone()).collect(),
        };
        self.adopt(plan.clone(), &changed);
        answer(self, json!({"ok": true, "version": self.plan_version}));
        if changed.is_empty() {
            return;
        }
        if self.pauses(PauseClass::Plan) {
            self.push_checkpoint(CheckpointKind::PlanReview {
                version: self.plan_version,
                plan,
                changed,
            });
        } else {
            self.approved.extend(changed);
        }
    }

    /// Makes `plan` the current plan. Unchanged finished steps keep their
    /// results and are not run again; changed and new steps start over.
    fn adopt(&mut self, plan: Plan, changed: &[String]) {
        self.plan_version += 1;
        let keep: Vec<String> = self
            .order
            .iter()
            .filter(|id| self.steps.get(*id).is_some_and(|s| s.call_id.is_some()))
            .cloned()
            .collect();
        let mut order: Vec<String> = keep;
        for s in &plan.steps {
            let unchanged = !changed.contains(&s.id) && self.steps.contains_key(&s.id);
            if !unchanged {
                self.approved.remove(&s.id);
                self.confirmed.remove(&s.id);
                self.steps.insert(
                    s.id.clone(),
                    StepState {
                        step: s.clone(),
                        status: StepStatus::Pending,
                        call_id: None,
                        result: None,
                        error: None,
                        runs: 0,
                        reported: false,
                    },
                );
            }
            if !order.contains(&s.id) {
                order.push(s.id.clone());
            }
        }
        // Steps dropped from the plan that never ran are gone.
        let planned: BTreeSet<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        self.steps
            .retain(|id, s| planned.contains(id.as_str()) || s.call_id.is_some() || s.runs > 0);
        order.retain(|id| self.steps.contains_key(id));
        self.order = order;
        self.plan = Some(plan);
        self.phase = Phase::Executing;
    }

    /// The model called research tools directly: each call becomes a step,
    /// answered in the model's call order. A call the approved plan holds
    /// (same tool, same arguments) runs; any other is off the plan and
    /// waits for a human under the `offplan` policy.
    fn on_direct_calls(&mut self, calls: &[ToolCall]) {
        let mut off_plan = Vec::new();
        for c in calls {
            let refused = match self.specs.get(&c.name) {
                None => Some(format!(
                    "unknown tool `{}`; available: {}",
                    steer_tools::shown(&c.name),
                    self.specs.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
                Some(spec) => plan::check_arguments(spec, &c.arguments).err(),
            };
            if let Some(error) = &refused {
                // Refused calls are on the record like any other: what the
                // model sent (as text when it is not JSON) and why.
                self.tool_calls.push(ToolCallRecord {
                    step: format!("call {}", c.id),
                    tool: c.name.clone(),
                    arguments: serde_json::from_str(&c.arguments)
                        .unwrap_or_else(|_| Value::String(c.arguments.clone())),
                    ok: false,
                    error: Some(error.clone()),
                });
                self.retries += 1;
                self.awaiting.push((c.id.clone(), refused));
                continue;
            }
            self.ad_hoc += 1;
            let id = format!("c{}", self.ad_hoc);
            let step = Step {
                id: id.clone(),
                tool: c.name.clone(),
                arguments: c.arguments.clone(),
                depends_on: Vec::new(),
                rationale: "called by the model while reviewing results".to_string(),
                answers: String::new(),
                checkpoint: false,
            };
            let planned = self.in_approved_plan(&step);
            self.steps.insert(
                id.clone(),
                StepState {
                    step: step.clone(),
                    status: StepStatus::Pending,
                    call_id: Some(c.id.clone()),
                    result: None,
                    error: None,
                    runs: 0,
                    reported: false,
                },
            );
            self.order.push(id.clone());
            if !planned {
                self.off_plan.push(id.clone());
            }
            if planned || !self.pauses(PauseClass::OffPlan) {
                self.approved.insert(id);
            } else {
                off_plan.push(step);
            }
            self.awaiting.push((c.id.clone(), None));
        }
        if !off_plan.is_empty() {
            self.push_checkpoint(CheckpointKind::OffPlanCall {
                calls: off_plan,
                plan: self.plan.clone(),
            });
        }
        self.phase = Phase::Executing;
    }

    /// Whether an approved step of the plan makes this very call (the same
    /// tool with the same arguments, compared as JSON values).
    fn in_approved_plan(&self, step: &Step) -> bool {
        self.plan.iter().flat_map(|p| &p.steps).any(|s| {
            s.tool == step.tool
                && self.approved.contains(&s.id)
                && plan::same_arguments(&s.arguments, &step.arguments)
        })
    }

    /// Feeds tool results in.
    pub fn on_tool_results(&mut self, results: Vec<CallResult>) {
        // What the whole batch flags is gathered first: items about one
        // choice from different steps become one question.
        let mut ran = BTreeSet::new();
        let mut flagged: Vec<(Step, Attention)> = Vec::new();
        for r in results {
            let Some(state) = self.steps.get_mut(&r.step) else {
                continue;
            };
            ran.insert(r.step.clone());
            self.tool_executions += 1;
            state.runs += 1;
            state.reported = false;
            let arguments = serde_json::from_str(&state.step.arguments).unwrap_or(Value::Null);
            match r.outcome {
                Ok(outcome) => {
                    state.status = StepStatus::Done;
                    state.result = Some(outcome.value);
                    state.error = None;
                    self.tool_calls.push(ToolCallRecord {
                        step: r.step.clone(),
                        tool: state.step.tool.clone(),
                        arguments,
                        ok: true,
                        error: None,
                    });
                    let step = state.step.clone();
                    flagged.extend(outcome.attention.into_iter().map(|a| (step.clone(), a)));
                }
                Err(error) => {
                    state.status = StepStatus::Failed;
                    state.error = Some(error.clone());
                    let step = state.step.clone();
                    self.tool_calls.push(ToolCallRecord {
                        step: r.step.clone(),
                        tool: state.step.tool.clone(),
                        arguments,
                        ok: false,
                        error: Some(error.clone()),
                    });
                    if r.internal {
                        self.push_checkpoint(CheckpointKind::ToolFailed { step, error });
                    }
                }
            }
        }
        self.raise_questions(&ran, &flagged);
    }

    /// Records the questions a batch of results raises and asks those not
    /// settled yet, one card each.
    fn raise_questions(&mut self, ran: &BTreeSet<String>, flagged: &[(Step, Attention)]) {
        for asked in &mut self.questions {
            if asked.question.steps().iter().any(|s| ran.contains(*s)) {
                asked.current = false;
            }
        }
        let mut cards = Vec::new();
        for q in question::gather(flagged) {
            let settled = self
                .questions
                .iter()
                .position(|a| a.answer.is_some() && a.question.key.answers(&q.key));
            if let Some(i) = settled {
                // Asked and answered: refresh what the report shows when it
                // is the same choice, ask nothing.
                // The question keeps the words it was asked in and every
                // step that raised it.
                let asked = &mut self.questions[i];
                if asked.question.key == q.key {
                    let mut fresh = q;
                    fresh.summary = asked.question.summary.clone();
                    fresh.topic = asked.question.topic.clone();
                    fresh.position = asked.question.position;
                    fresh.of = asked.question.of;
                    for r in &asked.question.raised_by {
                        if !fresh.raised_by.iter().any(|x| x.step == r.step) {
                            fresh.raised_by.push(r.clone());
                        }
                    }
                    asked.question = fresh;
                    asked.current = true;
                }
                continue;
            }
            let unasked = self
                .questions
                .iter()
                .position(|a| a.answer.is_none() && a.question.key == q.key);
            let i = match unasked {
                Some(i) => {
                    self.questions[i].question = q;
                    self.questions[i].current = true;
                    i
                }
                None => {
                    self.questions.push(Asked {
                        question: q,
                        checkpoint: None,
                        answer: None,
                        current: true,
                    });
                    self.questions.len() - 1
                }
            };
            let q = &self.questions[i].question;
            let pause = (q.conflict && self.pauses(PauseClass::Conflicts))
                || (q.material && self.pauses(PauseClass::Assumptions));
            if pause && self.questions[i].checkpoint.is_none() {
                cards.push(i);
            }
        }
        let of = cards.len() as u32;
        for (i, position) in cards.into_iter().zip(1u32..) {
            let mut q = self.questions[i].question.clone();
            q.position = position;
            q.of = of;
            self.questions[i].question.position = position;
            self.questions[i].question.of = of;
            let kind = if q.conflict {
                CheckpointKind::ConflictingSources {
                    question: Box::new(q),
                }
            } else {
                CheckpointKind::MaterialAssumption {
                    question: Box::new(q),
                }
            };
            self.push_checkpoint(kind);
            self.questions[i].checkpoint = Some(self.checkpoints_seen);
        }
    }

    /// Steps are about to run again: cards queued behind the current one
    /// that their old results raised describe results about to be
    /// replaced. They go (unanswered, so the new results ask again what is
    /// still open), and the cards left are numbered on without a gap.
    fn drop_stale_cards(&mut self, rerun: &BTreeSet<String>) {
        let Some(front) = self.pending.front().map(|c| c.number) else {
            return;
        };
        let stale = |cp: &Checkpoint| {
            cp.number != front
                && cp
                    .question()
                    .is_some_and(|q| q.steps().iter().any(|s| rerun.contains(*s)))
        };
        let dropped: BTreeSet<u32> = self
            .pending
            .iter()
            .filter(|c| stale(c))
            .map(|c| c.number)
            .collect();
        if dropped.is_empty() {
            return;
        }
        self.pending.retain(|c| !dropped.contains(&c.number));
        self.questions
            .retain(|a| a.answer.is_some() || a.checkpoint.is_none_or(|n| !dropped.contains(&n)));
        let mut number = front;
        for cp in self.pending.iter_mut().skip(1) {
            number += 1;
            let old = cp.number;
            cp.number = number;
            for a in &mut self.questions {
                if a.checkpoint == Some(old) && a.answer.is_none() {
                    a.checkpoint = Some(number);
                }
            }
        }
        self.checkpoints_seen = number;
    }

    /// Answers the pending checkpoint.
    pub fn decide(&mut self, decision: Decision, automatic: bool) -> Result<(), DecisionError> {
        self.decide_as(decision, automatic, None)
    }

    /// Answers the pending checkpoint; `covered_by` is the checkpoint whose
    /// approve-for-the-session answers this one.
    fn decide_as(
        &mut self,
        decision: Decision,
        automatic: bool,
        covered_by: Option<u32>,
    ) -> Result<(), DecisionError> {
        let cp = self
            .pending
            .front()
            .cloned()
            .ok_or(DecisionError::NothingPending)?;
        let not_applicable = |allowed: &str| DecisionError::NotApplicable {
            decision: decision.name().to_string(),
            checkpoint: cp.kind_name().to_string(),
            allowed: allowed.to_string(),
        };
        let lang = self.lang;
        let who = match (automatic, covered_by) {
            (_, Some(n)) => tr!(lang, "who-session", checkpoint = n),
            (true, None) => tr!(lang, "who-yes"),
            (false, None) => tr!(lang, "who-you"),
        };
        let who = who.as_str();
        let detail: String;
        let mut resolution = None;
        match (&cp.kind, &decision) {
            (_, Decision::Abort) => {
                self.pending.clear();
                let r = report::aborted(&self.evidence(), &tr!(lang, "rep-aborted-by-user"));
                self.report = Some(r);
                self.phase = Phase::Done;
                detail = tr!(lang, "dec-abort", who = who);
            }
            (
                CheckpointKind::PlanReview {
                    version, changed, ..
                },
                Decision::Approve | Decision::ApproveForSession,
            ) => {
                self.approved.extend(changed.iter().cloned());
                detail = tr!(
                    lang,
                    "dec-plan-approve",
                    who = who,
                    version = *version,
                    steps = changed.len()
                );
            }
            (CheckpointKind::PlanReview { .. }, Decision::EditPlan { plan }) => {
                let problems = plan::validate(plan, &self.specs);
                if !problems.is_empty() {
                    return Err(DecisionError::InvalidEdit(problems.join("; ")));
                }
                let changed: Vec<String> = match &self.plan {
                    Some(old) => plan::changed_steps(old, plan),
                    None => plan.steps.iter().map(|s| s.id.clone()).collect(),
                };
                self.adopt(plan.clone(), &changed);
                self.approved
                    .extend(plan.steps.iter().map(|s| s.id.clone()));
                let text = serde_json::to_string(plan).unwrap_or_default();
                self.feedback.push(format!(
                    "The user edited the plan; it is now version {}: {text}",
                    self.plan_version
                ));
                detail = tr!(
                    lang,
                    "dec-plan-edit",
                    who = who,
                    version = self.plan_version
                );
            }
            (
                CheckpointKind::PlanReview {
                    version, changed, ..
                },
                Decision::Reject { feedback },
            ) => {
                for id in changed {
                    if let Some(s) = self.steps.get_mut(id) {
                        s.status = StepStatus::Skipped;
                        s.error = Some("rejected by the user".to_string());
                        s.reported = true;
                    }
                }
                let retry = format!(
                    "The user rejected plan version {version}: {feedback}\nSubmit a new plan with submit_plan that addresses this."
                );
                Arc::make_mut(&mut self.messages).push(Message::User { content: retry });
                self.phase = if *version == 1 {
                    Phase::Planning
                } else {
                    Phase::Reviewing
                };
                detail = tr!(
                    lang,
                    "dec-plan-reject",
                    who = who,
                    version = *version,
                    feedback = feedback
                );
            }
            (
                CheckpointKind::FlaggedStep { step },
                Decision::Approve | Decision::ApproveForSession,
            ) => {
                self.confirmed.insert(step.id.clone());
                detail = tr!(lang, "dec-confirm", who = who, step = &step.id);
            }
            (
                CheckpointKind::FlaggedStep { step } | CheckpointKind::ToolFailed { step, .. },
                Decision::EditArguments {
                    step: target,
                    arguments,
                },
            ) => {
                if target != &step.id {
                    return Err(DecisionError::InvalidEdit(format!(
                        "this checkpoint is about step `{}`, not `{target}`",
                        step.id
                    )));
                }
                detail = self.edit_arguments(step, arguments, who)?;
            }
            (
                CheckpointKind::ConflictingSources { question }
                | CheckpointKind::MaterialAssumption { question },
                Decision::EditArguments {
                    step: target,
                    arguments,
                },
            ) => {
                let Some(step) = self
                    .steps
                    .get(target)
                    .filter(|_| question.steps().contains(target.as_str()))
                    .map(|s| s.step.clone())
                else {
                    return Err(DecisionError::InvalidEdit(format!(
                        "this question comes from step(s) {}, not `{}`",
                        question.steps().into_iter().collect::<Vec<_>>().join(", "),
                        steer_tools::shown(target)
                    )));
                };
                detail = self.edit_arguments(&step, arguments, who)?;
                self.drop_stale_cards(&BTreeSet::from([step.id.clone()]));
                resolution = Some(Resolution::Edited { step: step.id });
            }
            (
                CheckpointKind::ConflictingSources { question }
                | CheckpointKind::MaterialAssumption { question },
                Decision::Choose { option },
            ) => {
                let picked = (*option as usize)
                    .checked_sub(1)
                    .and_then(|i| question.options.get(i))
                    .ok_or_else(|| {
                        DecisionError::InvalidChoice(format!(
                            "option {option} does not exist; this question has options 1 to {}",
                            question.options.len()
                        ))
                    })?;
                if picked.targets.is_empty() {
                    return Err(DecisionError::InvalidChoice(format!(
                        "option {option} ({}) is not something the steps' arguments can select; approve to go on with it reported, edit the arguments, or abort",
                        picked.label
                    )));
                }
                // Check every step's new arguments before changing any.
                let mut changes = Vec::new();
                for t in &picked.targets {
                    let Some(step) = self.steps.get(&t.step).map(|s| s.step.clone()) else {
                        continue;
                    };
                    let mut arguments: Value =
                        serde_json::from_str(&step.arguments).unwrap_or(Value::Null);
                    plan::merge_patch(&mut arguments, &t.patch);
                    let arguments = arguments.to_string();
                    if let Some(spec) = self.specs.get(&step.tool) {
                        plan::check_arguments(spec, &arguments)
                            .map_err(DecisionError::InvalidEdit)?;
                    }
                    changes.push((step, arguments));
                }
                let mut rerun = BTreeSet::new();
                for (step, arguments) in &changes {
                    self.rerun_with(
                        step,
                        arguments,
                        &format!("The user chose {} and changed the arguments", picked.name()),
                    )?;
                    rerun.insert(step.id.clone());
                }
                self.drop_stale_cards(&rerun);
                detail = tr!(
                    lang,
                    "dec-choose",
                    who = who,
                    option = picked.name_in(lang),
                    steps = rerun.into_iter().collect::<Vec<_>>().join(", ")
                );
                resolution = Some(Resolution::Chose {
                    option: picked.name_in(lang),
                });
            }
            (CheckpointKind::FlaggedStep { step }, Decision::Reject { feedback }) => {
                if let Some(s) = self.steps.get_mut(&step.id) {
                    s.status = StepStatus::Skipped;
                    s.error = Some(format!("rejected by the user: {feedback}"));
                }
                detail = tr!(
                    lang,
                    "dec-skip",
                    who = who,
                    step = &step.id,
                    feedback = feedback
                );
            }
            (
                CheckpointKind::ConflictingSources { question }
                | CheckpointKind::MaterialAssumption { question },
                Decision::Approve | Decision::ApproveForSession,
            ) => {
                let used = question.used().map(|o| o.name_in(lang));
                detail = match &used {
                    Some(o) => tr!(lang, "dec-keep", who = who, option = o),
                    None => tr!(lang, "dec-keep-disagreement", who = who),
                };
                resolution = Some(Resolution::Kept { option: used });
            }
            (
                CheckpointKind::ConflictingSources { question }
                | CheckpointKind::MaterialAssumption { question },
                Decision::Reject { feedback },
            ) => {
                self.feedback.push(format!(
                    "About the result of step `{}` ({}), the user says: {feedback}",
                    question.step.id, question.summary
                ));
                detail = tr!(lang, "dec-send-back", who = who, feedback = feedback);
                resolution = Some(Resolution::Rejected {
                    feedback: feedback.clone(),
                });
            }
            (
                CheckpointKind::OffPlanCall { calls, .. },
                Decision::Approve | Decision::ApproveForSession,
            ) => {
                self.approved.extend(calls.iter().map(|c| c.id.clone()));
                detail = tr!(
                    lang,
                    "dec-offplan-run",
                    who = who,
                    calls = describe_calls(calls)
                );
            }
            (CheckpointKind::OffPlanCall { calls, .. }, Decision::Reject { feedback }) => {
                for c in calls {
                    if let Some(s) = self.steps.get_mut(&c.id) {
                        s.status = StepStatus::Skipped;
                        s.error = Some(format!(
                            "not run: the call is not in the approved plan and the user refused it: {feedback}"
                        ));
                    }
                }
                detail = tr!(
                    lang,
                    "dec-offplan-refuse",
                    who = who,
                    calls = describe_calls(calls),
                    feedback = feedback
                );
            }
            (CheckpointKind::ToolFailed { step, .. }, Decision::Approve) => {
                if let Some(s) = self.steps.get_mut(&step.id) {
                    s.status = StepStatus::Pending;
                    s.error = None;
                    s.reported = false;
                }
                self.approved.insert(step.id.clone());
                detail = tr!(lang, "dec-rerun", who = who, step = &step.id);
            }
            (CheckpointKind::ToolFailed { step, .. }, Decision::Reject { feedback }) => {
                self.feedback.push(format!(
                    "Step `{}` failed inside its tool; the user says to go on without it: {feedback}",
                    step.id
                ));
                detail = tr!(
                    lang,
                    "dec-without",
                    who = who,
                    step = &step.id,
                    feedback = feedback
                );
            }
            (CheckpointKind::OffPlanCall { .. }, _) => {
                return Err(not_applicable(
                    "approve, approve_for_session, reject (the calls do not run) or abort",
                ));
            }
            (CheckpointKind::ToolFailed { .. }, _) => {
                return Err(not_applicable(
                    "approve (run the step again), edit_arguments, reject (go on without it) or abort",
                ));
            }
            (CheckpointKind::Limit { limit, .. }, Decision::Approve) => {
                match limit {
                    LimitKind::Steps => self.limits.max_steps *= 2,
                    LimitKind::ModelCalls => self.limits.max_model_calls *= 2,
                    LimitKind::Tokens => {
                        self.limits.max_tokens = self.limits.max_tokens.map(|t| t * 2)
                    }
                    LimitKind::Retries => self.limits.max_retries *= 2,
                }
                detail = tr!(lang, "dec-limit", who = who, limit = limit.describe(lang));
            }
            (CheckpointKind::PlanReview { .. }, _) => {
                return Err(not_applicable(
                    "approve, approve_for_session, edit_plan, reject or abort",
                ));
            }
            (CheckpointKind::FlaggedStep { .. }, _) => {
                return Err(not_applicable(
                    "approve, approve_for_session, edit_arguments, reject or abort",
                ));
            }
            (
                CheckpointKind::ConflictingSources { .. }
                | CheckpointKind::MaterialAssumption { .. },
                _,
            ) => {
                return Err(not_applicable(
                    "approve, approve_for_session, choose, edit_arguments, reject or abort",
                ));
            }
            (CheckpointKind::Limit { .. }, _) => {
                return Err(not_applicable("approve (doubles the limit) or abort"));
            }
        }
        if let Some(resolution) = resolution
            && let Some(asked) = self
                .questions
                .iter_mut()
                .find(|a| a.answer.is_none() && a.checkpoint == Some(cp.number))
        {
            asked.answer = Some(Answer {
                checkpoint: cp.number,
                automatic,
                covered_by,
                resolution,
            });
        }
        if decision == Decision::ApproveForSession {
            self.session_approvals.insert(cp.class());
        }
        self.decisions.push(DecisionRecord {
            checkpoint: cp.number,
            kind: cp.kind_name().to_string(),
            about: about(lang, &cp),
            decision: decision.name().to_string(),
            detail: Some(detail),
            automatic,
        });
        self.pending.pop_front();
        // Approved for the session: checkpoints of that class already
        // queued behind this one are approved too, recorded as automatic.
        while self
            .pending
            .front()
            .is_some_and(|c| self.session_approvals.contains(&c.class()))
        {
            self.decide_as(Decision::Approve, true, Some(cp.number))?;
        }
        Ok(())
    }

    /// Runs `step` again with the user's `arguments`; the decision's
    /// sentence says which arguments changed.
    fn edit_arguments(
        &mut self,
        step: &Step,
        arguments: &str,
        who: &str,
    ) -> Result<String, DecisionError> {
        let before = self
            .steps
            .get(&step.id)
            .map_or_else(|| step.arguments.clone(), |s| s.step.arguments.clone());
        self.rerun_with(step, arguments, "The user changed the arguments")?;
        Ok(tr!(
            self.lang,
            "dec-arguments",
            who = who,
            step = &step.id,
            changes = changed_lines(self.lang, &before, arguments)
        ))
    }
}

/// What a checkpoint asked, for the decisions in the report.
fn about(lang: Lang, cp: &Checkpoint) -> String {
    match &cp.kind {
        CheckpointKind::PlanReview { version, .. } => tr!(lang, "about-plan", version = *version),
        CheckpointKind::FlaggedStep { step } => tr!(lang, "about-flagged", step = &step.id),
        CheckpointKind::ConflictingSources { question }
        | CheckpointKind::MaterialAssumption { question } => question.title(lang),
        CheckpointKind::ToolFailed { step, .. } => tr!(lang, "about-failed", step = &step.id),
        CheckpointKind::OffPlanCall { .. } => tr!(lang, "about-offplan"),
        CheckpointKind::Limit { limit, .. } => {
            tr!(lang, "about-limit", limit = limit.describe(lang))
        }
    }
}

/// The argument lines an edit added or changed, for a decision's sentence.
fn changed_lines(lang: Lang, before: &str, after: &str) -> String {
    let old = plan::argument_lines(before);
    let lines: Vec<String> = plan::argument_lines(after)
        .into_iter()
        .filter(|l| !old.contains(l))
        .collect();
    if lines.is_empty() {
        tr!(lang, "dec-no-change")
    } else {
        lines.join("; ")
    }
}

impl Run {
    /// Runs `step` again with `arguments` (checked against its tool's
    /// schema first), telling the model why.
    fn rerun_with(&mut self, step: &Step, arguments: &str, why: &str) -> Result<(), DecisionError> {
        let spec = self
            .specs
            .get(&step.tool)
            .ok_or_else(|| DecisionError::InvalidEdit(format!("unknown tool `{}`", step.tool)))?;
        plan::check_arguments(spec, arguments).map_err(DecisionError::InvalidEdit)?;
        if let Some(s) = self.steps.get_mut(&step.id) {
            s.step.arguments = arguments.to_string();
            s.status = StepStatus::Pending;
            s.result = None;
            s.reported = false;
        }
        self.confirmed.insert(step.id.clone());
        self.approved.insert(step.id.clone());
        self.feedback
            .push(format!("{why} of step `{}` to {arguments}.", step.id));
        Ok(())
    }
}

/// `deal_lookup (party: x), ...` for a decision's detail.
fn describe_calls(calls: &[Step]) -> String {
    calls
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                c.tool,
                plan::argument_lines(&c.arguments).join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn step_result_json(s: &StepState) -> Value {
    json!({
        "step": s.step.id,
        "tool": s.step.tool,
        "arguments": serde_json::from_str::<Value>(&s.step.arguments).unwrap_or(Value::Null),
        "ok": s.status == StepStatus::Done,
        "result": s.result,
        "error": s.error,
    })
}
