//! Who answers a checkpoint. A front-end passes a [`Decide`]: the terminal
//! card, `--yes`, an answer given on the command line, a session script and
//! an MCP elicitation are implementations. Behaviour is composed around the
//! small trait, as tower composes services: see [`FirstThen`]. Answering is
//! asynchronous because some answers travel (an elicitation waits for the
//! host's user); the terminal's blocks where it is awaited.

use std::future::Future;
use std::pin::Pin;

use crate::ingest::Batch;
use crate::ingest::session::{Answer, Reply};
use crate::run::{Checkpoint, Decision, Driver};

/// How asking ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// A decision was taken (and recorded); the run can go on.
    Decided,
    /// Nobody answered here: the session stays paused and resumable.
    LeftPaused,
    /// The answer was refused (it does not apply here); nothing changed
    /// and the session is still paused at the same checkpoint.
    Refused(String),
}

pub type AnswerFuture<'a> = Pin<Box<dyn Future<Output = Answered> + Send + 'a>>;

/// Answers the decisions of one session: a research run's checkpoints,
/// and an ingest's drafted records.
pub trait Decide: Send {
    /// Answers `checkpoint`, the run's pending one, through `driver`
    /// (which checks and records the decision).
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a>;

    /// Answers proposal `i` of an ingest's `batch`: accept, edit, skip or
    /// stop. Nobody answers by default: the ingest pauses there,
    /// resumable. Answered in place (an ingest drafts and writes
    /// synchronously).
    fn answer_proposal(&mut self, _batch: &Batch, _i: usize) -> Result<Reply, String> {
        Ok(Reply::Pause)
    }

    /// Why the last answer to a proposal was not carried out (the record
    /// would make the dataset invalid); the proposal is asked again.
    fn proposal_refused(&mut self, _note: &str) {}

    /// Whether a person answers proposals: approvals are written before
    /// each question so the person sees the dataset as it stands.
    fn asks(&self) -> bool {
        true
    }
}

impl<D: Decide + ?Sized> Decide for Box<D> {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        (**self).answer(driver, checkpoint)
    }

    fn answer_proposal(&mut self, batch: &Batch, i: usize) -> Result<Reply, String> {
        (**self).answer_proposal(batch, i)
    }

    fn proposal_refused(&mut self, note: &str) {
        (**self).proposal_refused(note);
    }

    fn asks(&self) -> bool {
        (**self).asks()
    }
}

/// Records `decision` through the driver: decided, or refused with why.
pub fn record(driver: &mut Driver, decision: Decision, automatic: bool) -> Answered {
    match driver.decide(decision, automatic) {
        Ok(()) => Answered::Decided,
        Err(e) => Answered::Refused(e.to_string()),
    }
}

/// `--yes`: the automatic answer at every checkpoint (approve, or go on
/// without a step whose tool failed) and every drafted record (accept),
/// recorded as automatic.
#[derive(Debug, Clone, Copy, Default)]
pub struct Automatic;

impl Decide for Automatic {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        let answered = record(driver, checkpoint.automatic_decision(), true);
        Box::pin(std::future::ready(answered))
    }

    fn answer_proposal(&mut self, _batch: &Batch, _i: usize) -> Result<Reply, String> {
        Ok(Reply::Automatic(Answer::Approve))
    }

    fn asks(&self) -> bool {
        false
    }
}

/// An answer given up front (`steer resume ID --approve`, MCP's
/// `research_resume` and `ingest_resume`) for the first checkpoint or
/// drafted record met, then `rest` for the others.
pub struct FirstThen<D> {
    first: Option<Decision>,
    /// The answer to the first drafted record met, for an ingest.
    first_proposal: Option<Answer>,
    /// The checkpoint the answer was given for, when the asker knows it:
    /// met at another, the answer is refused (it was for a question
    /// already answered).
    expected: Option<u32>,
    rest: D,
}

impl<D: Decide> FirstThen<D> {
    pub fn new(first: Option<Decision>, rest: D) -> Self {
        FirstThen {
            first,
            first_proposal: None,
            expected: None,
            rest,
        }
    }

    /// `answer` for the first drafted record of an ingest met, then `rest`.
    pub fn proposal(answer: Answer, rest: D) -> Self {
        FirstThen {
            first: None,
            first_proposal: Some(answer),
            expected: None,
            rest,
        }
    }

    /// The answer holds only at checkpoint `number` (when given).
    pub fn expecting(mut self, number: Option<u32>) -> Self {
        self.expected = number;
        self
    }
}

impl<D: Decide> Decide for FirstThen<D> {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        match self.first.take() {
            Some(_) if self.expected.is_some_and(|n| n != checkpoint.number) => {
                Box::pin(std::future::ready(Answered::Refused(format!(
                    "session {} is at checkpoint {}, not {}: the answer is for a question already answered",
                    driver.id(),
                    checkpoint.number,
                    self.expected.unwrap_or_default()
                ))))
            }
            Some(d) => Box::pin(std::future::ready(record(driver, d, false))),
            None => self.rest.answer(driver, checkpoint),
        }
    }

    fn answer_proposal(&mut self, batch: &Batch, i: usize) -> Result<Reply, String> {
        match self.first_proposal.take() {
            Some(answer) => Ok(Reply::Person(answer)),
            None => self.rest.answer_proposal(batch, i),
        }
    }

    fn proposal_refused(&mut self, note: &str) {
        self.rest.proposal_refused(note);
    }

    fn asks(&self) -> bool {
        self.first_proposal.is_some() || self.rest.asks()
    }
}

/// Nobody to ask (no terminal, no `--yes`): every checkpoint is left
/// paused.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nobody;

impl Decide for Nobody {
    fn answer<'a>(
        &'a mut self,
        _driver: &'a mut Driver,
        _checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        Box::pin(std::future::ready(Answered::LeftPaused))
    }
}

/// Runs `before` ahead of every answer (a front-end clearing its spinners
/// so the card is drawn on a clean screen), then asks `inner`.
pub struct Before<D, F> {
    inner: D,
    before: F,
}

impl<D: Decide, F: FnMut() + Send> Before<D, F> {
    pub fn new(inner: D, before: F) -> Self {
        Before { inner, before }
    }
}

impl<D: Decide, F: FnMut() + Send> Decide for Before<D, F> {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        (self.before)();
        self.inner.answer(driver, checkpoint)
    }

    fn answer_proposal(&mut self, batch: &Batch, i: usize) -> Result<Reply, String> {
        (self.before)();
        self.inner.answer_proposal(batch, i)
    }

    fn proposal_refused(&mut self, note: &str) {
        self.inner.proposal_refused(note);
    }

    fn asks(&self) -> bool {
        self.inner.asks()
    }
}
