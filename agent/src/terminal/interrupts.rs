//! Ctrl-C while a run advances on a terminal: cancels the work in
//! progress (the session stays resumable) instead of killing steer.

use std::future::Future;

use crate::service::{Cancel, ServiceError};

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

impl Cancel for Interrupts {
    /// The next Ctrl-C from now: interrupts that arrived while no run was
    /// advancing are forgotten first.
    fn cancelled(&mut self) -> impl Future<Output = ()> + Send + '_ {
        self.forget_earlier();
        self.next()
    }
}
