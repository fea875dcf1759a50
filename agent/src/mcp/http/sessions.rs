//! MCP sessions over HTTP (protocols before 2026-07-28 keep one in the
//! replica's memory): rmcp's local session manager, with idle sessions
//! expired and their memory freed, and a cap on how many live at once.
//!
//! rmcp's own keep-alive ends an idle session's worker but leaves its
//! handle in the manager's map, so 20,000 abandoned sessions held a
//! gigabyte for as long as the process ran. Here every session's last use
//! is noted, and a sweep closes (and so removes) the ones idle too long.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::Stream;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::transport::common::server_side_http::ServerSseMessage;
use rmcp::transport::streamable_http_server::SessionId;
use rmcp::transport::streamable_http_server::SessionManager;
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError, SessionConfig,
};

/// Why a session could not be made or used.
#[derive(Debug, thiserror::Error)]
pub enum SessionsError {
    #[error(transparent)]
    Local(#[from] LocalSessionManagerError),
    #[error("{0} MCP sessions are open, the most this server keeps; try again later")]
    Full(usize),
}

/// The session manager `steer mcp --http` runs.
pub struct Sessions {
    inner: LocalSessionManager,
    last_used: Mutex<HashMap<SessionId, Instant>>,
    idle: Duration,
    cap: usize,
}

impl Sessions {
    pub fn new(idle: Duration, cap: usize) -> Sessions {
        let mut inner = LocalSessionManager::default();
        let mut config = SessionConfig::default();
        config.keep_alive = Some(idle);
        inner.session_config = config;
        Sessions {
            inner,
            last_used: Mutex::new(HashMap::new()),
            idle,
            cap,
        }
    }

    /// How many sessions are open.
    pub fn live(&self) -> usize {
        self.used().len()
    }

    /// Whether another session may open.
    pub fn has_room(&self) -> bool {
        self.live() < self.cap
    }

    fn used(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, Instant>> {
        // A panic while holding the map leaves it usable: it is only times.
        self.last_used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn touch(&self, id: &SessionId) {
        if let Some(t) = self.used().get_mut(id) {
            *t = Instant::now();
        }
    }

    /// Closes every session idle longer than the limit; returns how many.
    pub async fn sweep(&self) -> usize {
        let now = Instant::now();
        let stale: Vec<SessionId> = self
            .used()
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= self.idle)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &stale {
            self.used().remove(id);
            // Already gone (its worker ended) is as good as closed. A
            // close waits on the worker's queue; one that does not end
            // promptly is dropped, which drops the session's handle and
            // so ends its worker: one stuck session never stalls a sweep.
            let close = self.inner.close_session(id);
            let _ = tokio::time::timeout(Duration::from_millis(100), close).await;
        }
        stale.len()
    }

    /// Sweeps every `every` for as long as the server runs.
    pub fn sweep_forever(self: &Arc<Self>, every: Duration) {
        let sessions = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(sessions) = sessions.upgrade() else {
                    return;
                };
                let closed = sessions.sweep().await;
                if closed > 0 {
                    tracing::info!(closed, live = sessions.live(), "expired idle MCP sessions");
                }
            }
        });
    }
}

impl SessionManager for Sessions {
    type Error = SessionsError;
    type Transport = <LocalSessionManager as SessionManager>::Transport;

    async fn create_session(&self) -> Result<(SessionId, Self::Transport), Self::Error> {
        if !self.has_room() {
            return Err(SessionsError::Full(self.cap));
        }
        let (id, transport) = self.inner.create_session().await?;
        self.used().insert(id.clone(), Instant::now());
        Ok((id, transport))
    }

    async fn initialize_session(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        self.touch(id);
        Ok(self.inner.initialize_session(id, message).await?)
    }

    async fn has_session(&self, id: &SessionId) -> Result<bool, Self::Error> {
        // The map's lock is released before awaiting: a std mutex held
        // across an await blocks every worker that wants it.
        let known = self.used().contains_key(id);
        Ok(known && self.inner.has_session(id).await?)
    }

    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        self.used().remove(id);
        Ok(self.inner.close_session(id).await?)
    }

    async fn create_stream(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        Ok(self.inner.create_stream(id, message).await?)
    }

    async fn accept_message(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<(), Self::Error> {
        self.touch(id);
        Ok(self.inner.accept_message(id, message).await?)
    }

    async fn create_standalone_stream(
        &self,
        id: &SessionId,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        Ok(self.inner.create_standalone_stream(id).await?)
    }

    async fn resume(
        &self,
        id: &SessionId,
        last_event_id: String,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        Ok(self.inner.resume(id, last_event_id).await?)
    }
}
