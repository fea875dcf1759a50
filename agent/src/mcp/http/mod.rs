//! `steer mcp --http ADDR`: the same server over MCP's streamable HTTP
//! transport (rmcp's), at `/mcp`, behind axum middleware and our own
//! accept loop: see [`HttpLimits`] for every bound it keeps.
//!
//! Protocol 2026-07-28 is served statelessly: each request stands alone,
//! and everything a research session needs lives in the session directory
//! (its log, its lock, the key that seals request states). So two
//! processes on one shared session directory, behind any HTTP load
//! balancer, serve the same users: a session paused on one resumes on the
//! other. Older protocols get an MCP session in the replica's memory, so
//! the server can elicit mid-call.

mod accept;
mod guard;
pub mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

use super::{McpError, SteerMcp};

/// Every bound the HTTP server keeps; each has a flag on `steer mcp`.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// The largest request body read (`--max-body`); 413 past it.
    pub max_body: usize,
    /// Time to send a request's headers (`--header-timeout`).
    pub header_timeout: Duration,
    /// Time to send a request's whole body (`--body-timeout`).
    pub body_timeout: Duration,
    /// Time to answer one request (`--request-timeout`): a `research`
    /// call runs a model, so this is long.
    pub request_timeout: Duration,
    /// Open connections at once (`--max-connections`); more wait.
    pub max_connections: usize,
    /// Requests served at once (`--max-in-flight`); more wait.
    pub max_in_flight: usize,
    /// An MCP session unused this long is closed (`--session-idle`).
    pub session_idle: Duration,
    /// MCP sessions open at once (`--max-sessions`); 503 past it.
    pub max_sessions: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            max_body: 4 * 1024 * 1024,
            header_timeout: Duration::from_secs(5),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(900),
            max_connections: 1024,
            max_in_flight: 256,
            session_idle: Duration::from_secs(30 * 60),
            max_sessions: 10_000,
        }
    }
}

/// Where and how to listen.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    pub addr: String,
    /// Allow a non-loopback address (with a token).
    pub allow_remote: bool,
    /// The bearer token every request must carry (`STEER_MCP_TOKEN`).
    pub token: Option<String>,
    /// Browser origins allowed besides the server's own (`--allow-origin`).
    pub allowed_origins: Vec<String>,
    pub limits: HttpLimits,
}

/// Checks the address and the token before anything listens: a server
/// reachable from other machines is never open to anyone.
pub fn check(options: &HttpOptions) -> Result<SocketAddr, McpError> {
    let addr: SocketAddr = options.addr.parse().map_err(|e| {
        McpError::Unsafe(format!(
            "--http {}: not an address like 127.0.0.1:8080 ({e})",
            steer_tools::quoted(&options.addr)
        ))
    })?;
    if !addr.ip().is_loopback() {
        if !options.allow_remote {
            return Err(McpError::Unsafe(format!(
                "--http {addr} is reachable from other machines; add --allow-remote (and set STEER_MCP_TOKEN) to serve it, or bind 127.0.0.1"
            )));
        }
        if options.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
            return Err(McpError::Unsafe(format!(
                "--http {addr} with --allow-remote needs a bearer token: set STEER_MCP_TOKEN"
            )));
        }
    }
    Ok(addr)
}

/// Serves `server` until SIGTERM or Ctrl-C, then lets calls in flight
/// finish.
pub async fn serve_http(server: SteerMcp, options: HttpOptions) -> Result<(), McpError> {
    let addr = check(&options)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| McpError::Listen { addr, source })?;
    serve_listener(server, listener, options, accept::stop_signal()).await
}

/// Serves `server` on a bound `listener` (the benchmark binds its own)
/// until `shutdown` resolves. A non-loopback listener checks no `Host`
/// (a load balancer's name is not known here): the token keeps others out.
pub async fn serve_listener(
    server: SteerMcp,
    listener: tokio::net::TcpListener,
    options: HttpOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), McpError> {
    let local = listener.local_addr().map_err(McpError::LocalAddr)?;
    let limits = options.limits.clone();
    // Protocol 2026-07-28 is served statelessly whatever this says; an
    // older client gets an MCP session (in this replica's memory) so the
    // server can ask it questions mid-call (elicitation).
    let mut config = StreamableHttpServerConfig::default();
    config.legacy_session_mode = true;
    config.json_response = true;
    if !local.ip().is_loopback() {
        config = config.disable_allowed_hosts();
    }
    let sessions = Arc::new(sessions::Sessions::new(
        limits.session_idle,
        limits.max_sessions,
    ));
    sessions.sweep_forever(
        (limits.session_idle / 4).clamp(Duration::from_secs(1), Duration::from_secs(60)),
    );
    let tools = server.tools.len();
    let mcp = StreamableHttpService::new(move || Ok(server.clone()), sessions.clone(), config);
    let guard = Arc::new(guard::Guard::new(
        local,
        options.token,
        options.allowed_origins,
        limits.clone(),
        sessions,
    ));
    let app = axum::Router::new()
        .route_service("/mcp", mcp)
        .fallback(|| async {
            (
                axum::http::StatusCode::NOT_FOUND,
                "steer serves MCP at /mcp",
            )
        })
        .layer(axum::middleware::from_fn_with_state(guard, guard::guard))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            limits.max_in_flight.max(1),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            limits.max_body,
        ));
    // The first line on stderr, in any log format: scripts read the URL
    // from it (with port 0, the port is only known here).
    eprintln!("steer mcp: serving {tools} tools on http://{local}/mcp");
    accept::serve(listener, app, &limits, shutdown).await;
    Ok(())
}
