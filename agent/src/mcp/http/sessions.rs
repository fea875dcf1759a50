//! MCP sessions over HTTP (protocols before 2026-07-28 keep one in the
//! replica's memory): rmcp's local session manager, with sessions that
//! rest when unused, expire when idle too long, and a cap on how many are
//! open at once.
//!
//! A session's rmcp worker (its task and message channels) costs about
//! 60 KB; 3,000 sessions a client opened and then left cost 175 MB, and
//! 20,000 a gigabyte. So a session unused for `--session-warm` rests: its
//! worker is closed and only its `initialize` parameters (a few hundred
//! bytes) are kept, in a [`SessionStore`] rmcp reads to restore it when
//! the session's next request arrives (rmcp replays the handshake). A
//! session unused for `--session-idle` expires and is forgotten. A
//! session with a request in flight never rests or expires under it.
//!
//! After a sweep frees sessions the allocator is asked to give the freed
//! pages back: glibc keeps them in per-thread arenas otherwise, and the
//! process stayed a gigabyte large after every session had closed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::Stream;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::transport::common::server_side_http::ServerSseMessage;
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError, SessionConfig,
};
use rmcp::transport::streamable_http_server::session::store::{
    SessionState, SessionStore, SessionStoreError,
};
use rmcp::transport::streamable_http_server::{RestoreOutcome, SessionId, SessionManager};

/// Why a session could not be made or used.
#[derive(Debug, thiserror::Error)]
pub enum SessionsError {
    #[error(transparent)]
    Local(#[from] LocalSessionManagerError),
    #[error("{0} MCP sessions are open, the most this server keeps; try again later")]
    Full(usize),
}

/// What the server knows of one open session.
struct Entry {
    /// When its last request ended (or began, while none is in flight).
    last_used: Instant,
    /// Requests in flight: a busy session never rests or expires.
    busy: u32,
    /// Whether its rmcp worker is running (false: resting).
    awake: bool,
    /// Its handshake, to restore it from rest (set once initialized).
    /// Boxed: most entries' handshakes are small on the heap, and the map
    /// keeps its entries inline.
    handshake: Option<Box<SessionState>>,
}

/// Every open session, shared by the manager and the store rmcp reads.
#[derive(Default)]
struct Book(Mutex<HashMap<SessionId, Entry>>);

impl Book {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, Entry>> {
        // A panic while holding the map leaves it usable: each entry is
        // written whole.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The handshakes of open sessions, for rmcp to restore a resting one.
/// Only sessions this manager opened are known: an unknown or expired id
/// is not restored (rmcp answers 404 and the client starts over).
struct Handshakes(Arc<Book>);

#[async_trait::async_trait]
impl SessionStore for Handshakes {
    async fn load(&self, id: &str) -> Result<Option<SessionState>, SessionStoreError> {
        Ok(self
            .0
            .lock()
            .get(id)
            .and_then(|e| e.handshake.as_deref().cloned()))
    }

    async fn store(&self, id: &str, state: &SessionState) -> Result<(), SessionStoreError> {
        // A session that expired while initializing is not brought back.
        if let Some(entry) = self.0.lock().get_mut(id) {
            entry.handshake = Some(Box::new(state.clone()));
        }
        Ok(())
    }

    async fn delete(&self, id: &str) -> Result<(), SessionStoreError> {
        // The client ended the session (HTTP DELETE).
        self.0.lock().remove(id);
        Ok(())
    }
}

/// A request in flight on a session; dropping it marks the session used.
pub struct Busy {
    book: Arc<Book>,
    id: SessionId,
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(entry) = self.book.lock().get_mut(&self.id) {
            entry.busy = entry.busy.saturating_sub(1);
            entry.last_used = Instant::now();
        }
    }
}

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Sessions idle past `--session-idle`, forgotten.
    pub expired: usize,
    /// Sessions unused past `--session-warm`, their workers closed.
    pub rested: usize,
}

/// The session manager `steer mcp --http` runs.
pub struct Sessions {
    inner: LocalSessionManager,
    book: Arc<Book>,
    idle: Duration,
    warm: Duration,
    cap: usize,
}

impl Sessions {
    /// Sessions that rest after `warm` unused and expire after `idle`,
    /// at most `cap` open at once.
    pub fn new(idle: Duration, warm: Duration, cap: usize) -> Sessions {
        let mut inner = LocalSessionManager::default();
        let mut config = SessionConfig::default();
        // Resting and expiry are this manager's; rmcp's own keep-alive
        // would end a worker without telling it.
        config.keep_alive = None;
        inner.session_config = config;
        Sessions {
            inner,
            book: Arc::new(Book::default()),
            idle,
            warm: warm.min(idle),
            cap,
        }
    }

    /// The store rmcp restores resting sessions from.
    pub fn handshakes(&self) -> Arc<dyn SessionStore> {
        Arc::new(Handshakes(self.book.clone()))
    }

    /// How many sessions are open (awake or resting).
    pub fn live(&self) -> usize {
        self.book.lock().len()
    }

    /// How many sessions have a running worker.
    pub fn awake(&self) -> usize {
        self.book.lock().values().filter(|e| e.awake).count()
    }

    /// Whether another session may open.
    pub fn has_room(&self) -> bool {
        self.live() < self.cap
    }

    /// Marks a request in flight on session `id` until the token drops;
    /// `None` for an id not open here.
    pub fn busy(&self, id: &str) -> Option<Busy> {
        let mut book = self.book.lock();
        let key = book.get_key_value(id)?.0.clone();
        let entry = book.get_mut(id)?;
        entry.busy += 1;
        entry.last_used = Instant::now();
        Some(Busy {
            book: self.book.clone(),
            id: key,
        })
    }

    /// The protocol version open session `id` asked for when it was
    /// initialized; `None` for an id not open here or not initialized.
    pub fn protocol_of(&self, id: &str) -> Option<String> {
        self.book
            .lock()
            .get(id)?
            .handshake
            .as_ref()
            .map(|h| h.initialize_params.protocol_version.to_string())
    }

    fn touch(&self, id: &SessionId) {
        if let Some(entry) = self.book.lock().get_mut(id) {
            entry.last_used = Instant::now();
        }
    }

    /// Rests the sessions unused past the warm limit and forgets the ones
    /// idle past the idle limit, then gives freed memory back.
    pub async fn sweep(&self) -> Swept {
        let now = Instant::now();
        // Workers to close: of expired sessions still awake, and of
        // sessions coming to rest.
        let mut to_close = Vec::new();
        let mut swept = Swept::default();
        {
            let mut book = self.book.lock();
            book.retain(|id, entry| {
                if entry.busy > 0 {
                    return true;
                }
                let unused = now.duration_since(entry.last_used);
                if unused >= self.idle {
                    swept.expired += 1;
                    if entry.awake {
                        to_close.push(id.clone());
                    }
                    return false;
                }
                if unused >= self.warm && entry.awake && entry.handshake.is_some() {
                    entry.awake = false;
                    swept.rested += 1;
                    to_close.push(id.clone());
                }
                true
            });
            // A burst of sessions grew the map; give its room back once they
            // are gone (each entry holds a handshake inline).
            if book.capacity() > 2 * book.len() + 64 {
                book.shrink_to_fit();
            }
        }
        for id in &to_close {
            // Already gone (its worker ended) is as good as closed. A
            // close waits on the worker's queue; one that does not end
            // promptly is dropped, which drops the session's handle and
            // so ends its worker: one stuck session never stalls a sweep.
            let close = self.inner.close_session(id);
            let _ = tokio::time::timeout(Duration::from_millis(100), close).await;
        }
        if swept != Swept::default() {
            // Let the closed workers' tasks finish dropping first.
            tokio::task::yield_now().await;
            crate::memory::give_back();
        }
        swept
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
                let swept = sessions.sweep().await;
                if swept != Swept::default() {
                    tracing::info!(
                        expired = swept.expired,
                        rested = swept.rested,
                        open = sessions.live(),
                        "swept idle MCP sessions"
                    );
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
        let entry = Entry {
            last_used: Instant::now(),
            busy: 0,
            awake: true,
            handshake: None,
        };
        self.book.lock().insert(id.clone(), entry);
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
        // across an await blocks every worker that wants it. A known
        // session without a worker is resting: `false` makes rmcp restore
        // it from its handshake.
        let known = self.book.lock().contains_key(id);
        Ok(known && self.inner.has_session(id).await?)
    }

    /// Closes the session's worker. rmcp calls this when a worker ends
    /// (a resting session's too) and on HTTP DELETE, after which it
    /// deletes the handshake, which forgets the session.
    ///
    /// A request that arrives in the instant a session is closed for rest
    /// can reach the closing worker and fail once; the client's retry
    /// finds the session resting and restores it. Closing a worker cannot
    /// be made conditional on its identity through rmcp's manager, and
    /// the window is the close itself (a session rests only after
    /// `--session-warm` unused).
    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        if let Some(entry) = self.book.lock().get_mut(id) {
            entry.awake = false;
        }
        Ok(self.inner.close_session(id).await?)
    }

    async fn restore_session(
        &self,
        id: SessionId,
    ) -> Result<RestoreOutcome<Self::Transport>, Self::Error> {
        if !self.book.lock().contains_key(&id) {
            return Ok(RestoreOutcome::NotSupported);
        }
        let outcome = self.inner.restore_session(id.clone()).await?;
        if let Some(entry) = self.book.lock().get_mut(&id) {
            entry.awake = true;
            entry.last_used = Instant::now();
        }
        Ok(outcome)
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
