//! The accept loop: a cap on open connections, Nagle off, a header-read
//! timeout, a loop that backs off when the process runs out of file
//! descriptors instead of spinning, and a graceful shutdown that lets the
//! calls in flight finish.

use std::io::ErrorKind;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::HttpLimits;

/// How long a stopping server waits for calls in flight.
const DRAIN: Duration = Duration::from_secs(30);
/// At most one log line about failing accepts per this interval.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// Whether an accept error means the process or the system is out of a
/// resource (descriptors, buffers, memory): retrying at once only spins.
fn out_of_resources(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    ) {
        return true;
    }
    matches!(e.kind(), ErrorKind::OutOfMemory)
}

/// Logs accept failures at most once per [`LOG_EVERY`], counting the rest.
#[derive(Default)]
struct Throttle {
    last: Option<Instant>,
    suppressed: u64,
}

impl Throttle {
    fn failed(&mut self, e: &std::io::Error, backoff: Duration) {
        let now = Instant::now();
        if self.last.is_some_and(|t| now.duration_since(t) < LOG_EVERY) {
            self.suppressed += 1;
            return;
        }
        let message = if backoff.is_zero() {
            "cannot accept a connection; accepting the next"
        } else {
            "cannot accept a connection; backing off"
        };
        tracing::warn!(
            error = %e,
            suppressed = self.suppressed,
            backoff_ms = backoff.as_millis() as u64,
            "{message}"
        );
        self.last = Some(now);
        self.suppressed = 0;
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops
/// accepting and waits up to [`DRAIN`] for open connections to finish.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    limits: &HttpLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut throttle = Throttle::default();
    let mut backoff = Duration::from_millis(10);
    tokio::pin!(shutdown);
    loop {
        // At the cap, stop accepting: new clients wait in the kernel's
        // backlog rather than each holding a task and a descriptor.
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            r = listener.accept() => r,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff = Duration::from_millis(10);
                stream
            }
            Err(e) if out_of_resources(&e) => {
                throttle.failed(&e, backoff);
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
            Err(e) => {
                // A connection reset before it was accepted: the next one
                // is unaffected.
                throttle.failed(&e, Duration::ZERO);
                continue;
            }
        };
        // Small JSON replies must not wait for Nagle's algorithm and the
        // client's delayed ACK (40 ms a call within an MCP session).
        let _ = stream.set_nodelay(true);
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("stopping: waiting for calls in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("stopped"),
        () = tokio::time::sleep(DRAIN) => tracing::warn!("stopped with calls still running after {}s", DRAIN.as_secs()),
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
