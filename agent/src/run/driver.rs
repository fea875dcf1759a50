//! Drives a [`Run`]: calls the model and the tools, logs every event, and
//! replays a log when resuming so that nothing finished runs again.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use steer_tools::Toolbox;

use super::checkpoint::{Checkpoint, Decision, LimitKind};
use super::event::{Event, EventLog, LogError};
use super::machine::{Action, CallResult, DecisionError, PendingCall, Phase, Run};
use super::report::Report;
use crate::model::{Model, ModelError};

/// What the log did with the run's next action.
// One lives on the stack for one turn of the loop: its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Replayed {
    /// A recorded input answered it.
    Fed,
    /// Live work is needed for it.
    Live(Action),
    /// Some calls were answered from the log, the others must run.
    Tools {
        results: Vec<CallResult>,
        live: Vec<PendingCall>,
    },
}

/// A chart a tool drew of one step's result.
#[derive(Debug, Clone)]
pub struct StepChart {
    pub step: String,
    pub chart: steer_tools::Chart,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pause(Checkpoint),
    Done(Report),
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("the session log does not match this run: {0}")]
    Diverged(String),
    #[error(transparent)]
    Decision(#[from] DecisionError),
}

pub type TextSink = Arc<dyn Fn(&str) + Send + Sync>;

/// What the driver is doing, for a progress display. Only live work is
/// reported: replayed replies and results are not.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A model request was sent.
    Model,
    /// The model's reply arrived.
    ModelDone,
    ToolStarted {
        step: String,
        tool: String,
    },
    ToolFinished {
        step: String,
        ok: bool,
    },
}

pub type ProgressSink = Arc<dyn Fn(&Progress) + Send + Sync>;

pub struct Driver {
    pub run: Run,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
    log: Option<Box<dyn EventLog>>,
    /// Recorded inputs still to be fed in (resume).
    replay: VecDeque<Event>,
    /// Checkpoints the log already holds a pause for (resume).
    logged_pauses: std::collections::BTreeSet<u32>,
    /// How many tools may run at once.
    pub concurrency: usize,
    on_text: TextSink,
    on_progress: ProgressSink,
    /// Time spent working on the run in this process (not waiting at a
    /// card), counted against the wall-time limit.
    busy: Duration,
}

impl Driver {
    pub fn new(
        run: Run,
        model: Arc<dyn Model>,
        toolbox: Toolbox,
        log: Option<Box<dyn EventLog>>,
    ) -> Driver {
        Driver {
            run,
            model,
            toolbox,
            log,
            replay: VecDeque::new(),
            logged_pauses: Default::default(),
            concurrency: 4,
            on_text: Arc::new(|_| {}),
            on_progress: Arc::new(|_| {}),
            busy: Duration::ZERO,
        }
    }

    /// Receives the model's text as it streams.
    pub fn on_text(mut self, sink: TextSink) -> Driver {
        self.on_text = sink;
        self
    }

    /// Receives progress events (model calls, tool calls starting and ending).
    pub fn on_progress(mut self, sink: ProgressSink) -> Driver {
        self.on_progress = sink;
        self
    }

    /// Continues a logged run: the recorded replies, results and decisions
    /// are fed in before anything live happens.
    pub fn with_replay(mut self, events: Vec<Event>) -> Driver {
        self.logged_pauses = events
            .iter()
            .filter_map(|e| match e {
                Event::Pause { checkpoint, .. } => Some(checkpoint.number),
                _ => None,
            })
            .collect();
        self.replay = events
            .into_iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::ModelReply { .. }
                        | Event::ToolResult { .. }
                        | Event::Decision { .. }
                        | Event::LimitReached { .. }
                )
            })
            .collect();
        self
    }

    /// The charts the run's tools drew from their results, in plan order,
    /// each with its step (each tool says what it draws:
    /// `Toolbox::charts`).
    pub fn charts(&self) -> Vec<StepChart> {
        self.run
            .order
            .iter()
            .filter_map(|id| self.run.steps.get(id))
            .filter_map(|s| Some((s, s.result.as_ref()?)))
            .flat_map(|(s, result)| {
                self.toolbox
                    .charts(&s.step.tool, result, self.run.lang.tools())
                    .into_iter()
                    .map(|chart| StepChart {
                        step: s.step.id.clone(),
                        chart,
                    })
            })
            .collect()
    }

    pub fn log_path(&self) -> Option<&std::path::Path> {
        self.log.as_ref().and_then(|l| l.path())
    }

    pub fn replaying(&self) -> bool {
        !self.replay.is_empty()
    }

    fn record(&mut self, event: &Event) -> Result<(), RunError> {
        if let Some(log) = &mut self.log {
            log.append(event)?;
        }
        Ok(())
    }

    /// Makes what was recorded durable: called before the run acts on it
    /// (a model call, a tool call) and before handing anything back.
    fn commit(&mut self) -> Result<(), RunError> {
        if let Some(log) = &mut self.log {
            log.commit()?;
        }
        Ok(())
    }

    fn describe(event: &Event) -> &'static str {
        match event {
            Event::ModelReply { .. } => "a model reply",
            Event::ToolResult { .. } => "a tool result",
            Event::Decision { .. } => "a decision",
            Event::LimitReached { .. } => "a limit reached",
            _ => "an event",
        }
    }

    /// Feeds the log's next recorded input into the run when it answers
    /// `action`; says what live work is needed otherwise. No I/O.
    fn replay_step(&mut self, action: Action) -> Result<Replayed, RunError> {
        match action {
            Action::CallModel(request) => match self.replay.pop_front() {
                Some(Event::ModelReply { reply }) => {
                    self.run.on_model_reply(reply);
                    Ok(Replayed::Fed)
                }
                Some(other) => Err(RunError::Diverged(format!(
                    "the run asks the model next, the log has {}",
                    Self::describe(&other)
                ))),
                None => Ok(Replayed::Live(Action::CallModel(request))),
            },
            Action::CallTools(calls) => {
                let mut results = Vec::new();
                let mut live = Vec::new();
                for call in calls {
                    let recorded = self.replay.iter().position(
                        |e| matches!(e, Event::ToolResult { step, .. } if *step == call.step),
                    );
                    match recorded.and_then(|i| self.replay.remove(i)) {
                        Some(Event::ToolResult {
                            step,
                            outcome,
                            internal,
                            ..
                        }) => results.push(CallResult {
                            step,
                            outcome,
                            internal,
                        }),
                        _ => live.push(call),
                    }
                }
                if live.is_empty() {
                    self.run.on_tool_results(results);
                    Ok(Replayed::Fed)
                } else {
                    Ok(Replayed::Tools { results, live })
                }
            }
            Action::Pause(checkpoint) => match self.replay.front() {
                Some(Event::Decision { .. }) => {
                    if let Some(Event::Decision {
                        decision,
                        automatic,
                        checkpoint: answered,
                        ..
                    }) = self.replay.pop_front()
                    {
                        if let Some(n) = answered.filter(|n| *n != checkpoint.number) {
                            return Err(RunError::Diverged(format!(
                                "the log answers checkpoint {n}, the run is at checkpoint {}",
                                checkpoint.number
                            )));
                        }
                        self.run.decide(decision, automatic).map_err(|e| {
                            RunError::Diverged(format!(
                                "a recorded decision no longer applies: {e}"
                            ))
                        })?;
                    }
                    Ok(Replayed::Fed)
                }
                _ => Ok(Replayed::Live(Action::Pause(checkpoint))),
            },
            done @ Action::Done(_) => Ok(Replayed::Live(done)),
        }
    }

    /// Checks that the whole log replays into this run, touching nothing:
    /// every recorded reply, result and decision is used, in order, before
    /// the run needs live work. A resume calls this before it appends, so a
    /// log it would refuse is never grown.
    pub fn verify_replay(mut self) -> Result<(), RunError> {
        loop {
            if self.replay_limit() {
                continue;
            }
            let action = self.run.next_action();
            match self.replay_step(action)? {
                Replayed::Fed => continue,
                Replayed::Live(_) | Replayed::Tools { .. } => {
                    return match self.replay.front() {
                        None => Ok(()),
                        Some(left) => Err(RunError::Diverged(format!(
                            "the run stops needing the log while it still holds {} ({} event(s) left over)",
                            Self::describe(left),
                            self.replay.len()
                        ))),
                    };
                }
            }
        }
    }

    /// Feeds a logged limit in when it is the log's next event (where the
    /// live run met it: before its next action).
    fn replay_limit(&mut self) -> bool {
        if !matches!(self.replay.front(), Some(Event::LimitReached { .. })) {
            return false;
        }
        if let Some(Event::LimitReached { limit, used }) = self.replay.pop_front() {
            self.run.on_limit(limit, used);
        }
        true
    }

    /// The work time left before the wall-time limit, counting from
    /// `entered` (when this advance began).
    fn wall_left(&self, entered: Instant) -> Duration {
        let allowed = Duration::from_secs(self.run.limits.max_wall_secs);
        allowed.saturating_sub(self.busy + entered.elapsed())
    }

    /// Pauses the run at the wall-time limit, logged so a replay pauses
    /// at the same point.
    fn wall_reached(&mut self, entered: Instant) -> Result<(), RunError> {
        let used = (self.busy + entered.elapsed()).as_secs();
        let event = Event::LimitReached {
            limit: LimitKind::Wall,
            used,
        };
        self.record(&event)?;
        self.run.on_limit(LimitKind::Wall, used);
        Ok(())
    }

    /// Runs until the next pause or the end. Time spent here counts
    /// against the run's wall-time limit; time between calls (a person at
    /// a card) does not.
    pub async fn advance(&mut self) -> Result<Outcome, RunError> {
        let entered = Instant::now();
        let outcome = self.advance_from(entered).await;
        self.busy += entered.elapsed();
        outcome
    }

    async fn advance_from(&mut self, entered: Instant) -> Result<Outcome, RunError> {
        loop {
            if self.replay_limit() {
                continue;
            }
            let live = self.replay.is_empty() && self.run.pending.is_empty();
            if live && self.run.phase != Phase::Done && self.wall_left(entered).is_zero() {
                self.wall_reached(entered)?;
            }
            let action = self.run.next_action();
            match self.replay_step(action)? {
                Replayed::Fed => {}
                Replayed::Live(Action::CallModel(request)) => {
                    let sink = self.on_text.clone();
                    self.commit()?;
                    (self.on_progress)(&Progress::Model);
                    // The call is cut at the wall-time limit: its reply was
                    // never logged, so going on asks the model again.
                    let left = self.wall_left(entered);
                    let reply =
                        tokio::time::timeout(left, self.model.complete(&request, sink.as_ref()))
                            .await;
                    (self.on_progress)(&Progress::ModelDone);
                    // The request shares the run's messages: dropped now,
                    // the run appends to them in place instead of copying
                    // the whole conversation every turn.
                    drop(request);
                    let Ok(reply) = reply else {
                        self.wall_reached(entered)?;
                        continue;
                    };
                    let event = Event::ModelReply { reply: reply? };
                    self.record(&event)?;
                    if let Event::ModelReply { reply } = event {
                        self.run.on_model_reply(reply);
                    }
                }
                Replayed::Live(Action::CallTools(live)) => {
                    let results = self.run_tools(Vec::new(), live).await?;
                    self.run.on_tool_results(results);
                }
                Replayed::Tools { results, live } => {
                    let results = self.run_tools(results, live).await?;
                    self.run.on_tool_results(results);
                }
                Replayed::Live(Action::Pause(checkpoint)) => {
                    // A resumed session is already paused here in its log.
                    if !self.logged_pauses.contains(&checkpoint.number) {
                        self.record(&Event::Pause {
                            checkpoint: checkpoint.clone(),
                            at: Some(super::event::now()),
                        })?;
                        self.logged_pauses.insert(checkpoint.number);
                    }
                    self.commit()?;
                    return Ok(Outcome::Pause(checkpoint));
                }
                Replayed::Live(Action::Done(report)) => {
                    let event = Event::Report { report };
                    self.record(&event)?;
                    self.commit()?;
                    if let Event::Report { report } = event {
                        return Ok(Outcome::Done(report));
                    }
                }
            }
        }
    }

    /// Runs `live` calls (a chunk at a time, concurrently), logging each
    /// result, after the results already replayed.
    async fn run_tools(
        &mut self,
        mut results: Vec<CallResult>,
        live: Vec<PendingCall>,
    ) -> Result<Vec<CallResult>, RunError> {
        for chunk in live.chunks(self.concurrency.max(1)) {
            self.commit()?;
            // The tools are async and light: run a chunk concurrently on
            // this task, without spawning.
            // The tools word their notes in the run's language: the
            // report quotes them.
            let lang = self.run.lang;
            let toolbox = &self.toolbox.speaking(lang.tools());
            let progress = &self.on_progress;
            let outcomes = futures_util::future::join_all(chunk.iter().map(|call| async move {
                progress(&Progress::ToolStarted {
                    step: call.step.clone(),
                    tool: call.tool.clone(),
                });
                let outcome = toolbox.invoke(&call.tool, call.arguments.clone()).await;
                progress(&Progress::ToolFinished {
                    step: call.step.clone(),
                    ok: outcome.is_ok(),
                });
                let internal = matches!(outcome, Err(steer_tools::ToolError::Internal { .. }));
                // A refusal too: the model and the report read it.
                (
                    outcome.map_err(|e| crate::localised::tool_error(&e, lang)),
                    internal,
                )
            }))
            .await;
            for (call, (outcome, internal)) in chunk.iter().zip(outcomes) {
                let event = Event::ToolResult {
                    step: call.step.clone(),
                    tool: call.tool.clone(),
                    outcome,
                    internal,
                };
                self.record(&event)?;
                // The result goes on to the run, moved out of the event
                // rather than copied.
                if let Event::ToolResult {
                    step,
                    outcome,
                    internal,
                    ..
                } = event
                {
                    results.push(CallResult {
                        step,
                        outcome,
                        internal,
                    });
                }
            }
        }
        Ok(results)
    }

    /// Records that the user cancelled the work in progress. The run in
    /// memory may be mid-step: continue from the log (resume), not from it.
    pub fn cancelled(&mut self, what: &str) -> Result<(), RunError> {
        self.record(&Event::Cancelled {
            what: what.to_string(),
        })?;
        self.commit()
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.run.id
    }

    /// The language the run reports and speaks in.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.run.lang
    }

    /// The request the run answers.
    pub fn request(&self) -> &str {
        &self.run.request
    }

    /// Whether the run waits at a checkpoint.
    pub fn paused(&self) -> bool {
        !self.run.pending.is_empty()
    }

    /// Whether the model can act on written feedback.
    pub fn reads_feedback(&self) -> bool {
        self.model.reads_feedback()
    }

    /// Answers the pending checkpoint; an invalid decision changes nothing.
    /// A reject whose only effect is feedback the model cannot read is
    /// refused: it would end the run instead of steering it.
    pub fn decide(&mut self, decision: Decision, automatic: bool) -> Result<(), RunError> {
        if let (Decision::Reject { .. }, Some(cp)) = (&decision, self.run.pending.front())
            && cp.reject_is_feedback()
            && !self.model.reads_feedback()
        {
            return Err(RunError::Decision(DecisionError::FeedbackUnread {
                checkpoint: cp.number,
            }));
        }
        let checkpoint = self.run.pending.front().map(|c| c.number);
        self.run.decide(decision.clone(), automatic)?;
        self.record(&Event::Decision {
            decision,
            automatic,
            checkpoint,
            at: Some(super::event::now()),
        })?;
        self.commit()
    }
}
