//! Ctrl-C while a run advances on a terminal: cancels the work in
//! progress (the session stays resumable) instead of killing steer.

use crate::run::{Driver, Outcome, RunError};
use crate::service::ServiceError;

/// How an advance ended.
#[derive(Debug)]
pub enum Advanced {
    Outcome(Outcome),
    /// Ctrl-C cancelled the work in progress; the cancellation is logged.
    /// The run in memory may be mid-step: continue from the log.
    Cancelled,
}

/// Ctrl-C while a run advances. The handler is installed when the chat
/// starts, so an interrupt is never the default "kill the process", even
/// in the instant before a run starts listening.
pub struct Interrupts {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupts {
    pub fn new(rt: &tokio::runtime::Runtime) -> Result<Interrupts, ServiceError> {
        let _guard = rt.enter();
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|e| ServiceError::failure(format!("cannot handle Ctrl-C: {e}")))?;
            Ok(Interrupts { signal })
        }
        #[cfg(not(unix))]
        Ok(Interrupts {})
    }

    /// Drops interrupts that arrived while no run was advancing (say, in
    /// an editor), so they do not cancel the next one.
    fn forget_earlier(&mut self) {
        #[cfg(unix)]
        while let Some(Some(())) = futures_util::FutureExt::now_or_never(self.signal.recv()) {}
    }

    /// Advances `driver` to its next pause or its end, unless Ctrl-C
    /// cancels the work in progress first.
    pub fn advance(
        &mut self,
        rt: &tokio::runtime::Runtime,
        driver: &mut Driver,
    ) -> Result<Advanced, RunError> {
        self.forget_earlier();
        let outcome = rt.block_on(async {
            tokio::select! {
                r = driver.advance() => Some(r),
                _ = self.next() => None,
            }
        });
        match outcome {
            Some(r) => r.map(Advanced::Outcome),
            None => {
                driver.cancelled("the running step was cancelled with Ctrl-C")?;
                Ok(Advanced::Cancelled)
            }
        }
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        {
            self.signal.recv().await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
