//! How the run moves on what the driver feeds in: the model's replies
//! (a plan, direct calls) and the tools' results, and the questions
//! those results raise.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Value, json};
use steer_tools::Attention;

use super::{Run, SUBMIT_PLAN};
use crate::model::{Message, ModelReply, ToolCall};
use crate::run::checkpoint::{Checkpoint, CheckpointKind, PauseClass};
use crate::run::plan::{self, Plan, Step};
use crate::run::question::{self, Asked};
use crate::run::report;
use crate::run::state::{CallResult, Phase, StepState, StepStatus, ToolCallRecord};

impl Run {
    /// The estimated tokens of the messages sent, counting only those
    /// added since the last estimate.
    fn estimate_sent(&mut self) -> u64 {
        let (counted, sum) = self.estimated;
        // Had messages ever been removed, recount them all.
        let (new, sum) = match self.messages.get(counted..) {
            Some(new) => (new, sum),
            None => (&self.messages[..], 0),
        };
        let added: u64 = new.iter().map(crate::model::estimate_message).sum();
        self.estimated = (self.messages.len(), sum + added);
        sum + added
    }

    /// Feeds the model's reply in.
    pub fn on_model_reply(&mut self, reply: ModelReply) {
        self.model_calls += 1;
        self.tokens += match reply.usage {
            Some(u) => u.prompt_tokens + u.completion_tokens,
            // A provider that reports no usage still spends tokens: the
            // limit counts an estimate rather than nothing.
            None => self.estimate_sent() + crate::model::estimate_reply(&reply),
        };
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
    pub(super) fn adopt(&mut self, plan: Plan, changed: &[String]) {
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
                    arguments: plan::Arguments::new(c.arguments.as_str()).value().clone(),
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
                arguments: c.arguments.as_str().into(),
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
            let arguments = state.step.arguments.value().clone();
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
    pub(super) fn drop_stale_cards(&mut self, rerun: &BTreeSet<String>) {
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
}
