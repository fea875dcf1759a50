//! The user's answers to checkpoints: what each decision does to the run,
//! and the sentences the report keeps of them.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{DecisionError, Run};
use crate::i18n::Lang;
use crate::model::Message;
use crate::run::checkpoint::{Checkpoint, CheckpointKind, Decision};
use crate::run::plan::{self, Step};
use crate::run::prompt;
use crate::run::question::{Answer, Resolution};
use crate::run::report;
use crate::run::state::{DecisionRecord, LimitStop, Phase, StepStatus};
use crate::tr;

impl Run {
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
                Arc::make_mut(&mut self.messages).push(Message::User {
                    content: prompt::plan_rejected(*version, feedback),
                });
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
                    let mut arguments = step.arguments.value().clone();
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
                    s.error = Some(tr!(lang, "step-rejected", feedback = feedback.as_str()));
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
            // Approving a limit accepts it: the run ends with what it did.
            // This is also what `--yes`, an eval and a host that approves
            // everything answer, so no automatic answer runs past a limit.
            (
                CheckpointKind::Limit {
                    limit,
                    used,
                    allowed,
                },
                Decision::Approve,
            ) => {
                let stop = LimitStop {
                    limit: *limit,
                    used: *used,
                    allowed: *allowed,
                };
                self.stop_at(stop);
                detail = tr!(
                    lang,
                    "dec-limit-stop",
                    who = who,
                    limit = limit.describe(lang)
                );
            }
            (CheckpointKind::Limit { limit, used, .. }, Decision::RaiseLimit { to }) => {
                if automatic {
                    return Err(DecisionError::InvalidChoice(
                        "only a person answering the card may raise a limit".to_string(),
                    ));
                }
                let allowed = self.limits.allowed(*limit);
                if *to <= allowed || limit.reached(*used, *to) {
                    return Err(DecisionError::InvalidChoice(format!(
                        "the {} limit is {allowed} and {used} is used: raise it above both",
                        limit.describe(Lang::En)
                    )));
                }
                self.limits.set(*limit, *to);
                detail = tr!(
                    lang,
                    "dec-limit-raise",
                    who = who,
                    limit = limit.describe(lang),
                    to = *to
                );
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
                return Err(not_applicable(
                    "approve (stop here with what was done), raise_limit (with the new limit) or abort",
                ));
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
    /// Ends the run at a limit: the report says so and holds what was done.
    fn stop_at(&mut self, stop: LimitStop) {
        self.pending.clear();
        let why = tr!(
            self.lang,
            "rep-stopped-limit",
            limit = stop.limit.describe(self.lang),
            used = stop.used,
            allowed = stop.allowed
        );
        let mut r = report::aborted(&self.evidence(), &why);
        r.limit = Some(stop);
        self.report = Some(r);
        self.phase = Phase::Done;
    }

    /// Runs `step` again with `arguments` (checked against its tool's
    /// schema first), telling the model why.
    fn rerun_with(&mut self, step: &Step, arguments: &str, why: &str) -> Result<(), DecisionError> {
        let spec = self
            .specs
            .get(&step.tool)
            .ok_or_else(|| DecisionError::InvalidEdit(format!("unknown tool `{}`", step.tool)))?;
        plan::check_arguments(spec, arguments).map_err(DecisionError::InvalidEdit)?;
        if let Some(s) = self.steps.get_mut(&step.id) {
            s.step.arguments = arguments.into();
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
