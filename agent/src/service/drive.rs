//! The one loop every front-end runs a session with: advance the driver,
//! let a [`Decide`] answer each checkpoint, stop when the run ends, when
//! nobody here answers, or when the user cancels. What a front-end shows
//! of the ending is its own; how a run is carried to it is not.

use std::future::Future;

use super::decide::{Answered, Decide};
use crate::run::{Checkpoint, Driver, Outcome, Report, RunError};

/// How driving a run ended.
#[derive(Debug)]
pub enum Ended {
    /// The run finished with its report.
    Done(Report),
    /// The run waits at `checkpoint`: nobody answered it here, or the
    /// answer was refused (`refused` says why; nothing changed). The
    /// session is resumable.
    Paused {
        checkpoint: Checkpoint,
        refused: Option<String>,
    },
    /// The user cancelled the work in progress; the cancellation is
    /// logged. The run in memory may be mid-step: continue from the log.
    Cancelled,
    /// The run stopped on an error; the session log keeps what finished.
    Failed(RunError),
}

/// A way for the user to cancel the work in progress (Ctrl-C on a
/// terminal). Asked afresh for each advance of the run.
pub trait Cancel {
    /// Resolves when the user cancels.
    fn cancelled(&mut self) -> impl Future<Output = ()> + Send + '_;
}

/// Nothing cancels: the run goes on until it ends or pauses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Uncancellable;

impl Cancel for Uncancellable {
    fn cancelled(&mut self) -> impl Future<Output = ()> + Send + '_ {
        std::future::pending()
    }
}

/// Runs `driver` until the run ends, a checkpoint is left paused, or
/// `cancel` fires, answering checkpoints with `decide`.
pub async fn drive(
    driver: &mut Driver,
    decide: &mut (impl Decide + ?Sized),
    cancel: &mut impl Cancel,
) -> Ended {
    loop {
        let advanced = tokio::select! {
            r = driver.advance() => Some(r),
            () = cancel.cancelled() => None,
        };
        let checkpoint = match advanced {
            None => {
                return match driver.cancelled("the running step was cancelled with Ctrl-C") {
                    Ok(()) => Ended::Cancelled,
                    Err(e) => Ended::Failed(e),
                };
            }
            Some(Err(e)) => return Ended::Failed(e),
            Some(Ok(Outcome::Done(report))) => return Ended::Done(report),
            Some(Ok(Outcome::Pause(cp))) => cp,
        };
        match decide.answer(driver, &checkpoint).await {
            Answered::Decided => {}
            Answered::LeftPaused => {
                return Ended::Paused {
                    checkpoint,
                    refused: None,
                };
            }
            Answered::Refused(why) => {
                return Ended::Paused {
                    checkpoint,
                    refused: Some(why),
                };
            }
        }
    }
}
