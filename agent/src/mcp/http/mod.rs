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
mod direct;
mod guard;
pub mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

use super::{McpError, SteerMcp};

pub use crate::service::serve::{HttpLimits, HttpOptions};

/// Checks the address and the token before anything listens: a server
/// reachable from other machines is never open to anyone.
pub fn check(options: &HttpOptions) -> Result<SocketAddr, McpError> {
    let addr: SocketAddr = options.addr.parse().map_err(|_| {
        McpError::Unsafe(crate::tr!(
            crate::i18n::speaking(),
            "http-bad-address",
            addr = steer_tools::quoted(&options.addr)
        ))
    })?;
    if !addr.ip().is_loopback() {
        if !options.allow_remote {
            return Err(McpError::Unsafe(crate::tr!(
                crate::i18n::speaking(),
                "http-remote-needs-flag",
                addr = addr.to_string()
            )));
        }
        if options.tokens.is_empty() {
            return Err(McpError::Unsafe(crate::tr!(
                crate::i18n::speaking(),
                "http-remote-needs-token",
                addr = addr.to_string()
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
        limits.session_warm,
        limits.max_sessions,
    ));
    // Resting sessions are restored from their handshakes, kept here.
    config.session_store = Some(sessions.handshakes());
    sessions.sweep_forever(
        (limits.session_warm.min(limits.session_idle) / 4)
            .clamp(Duration::from_secs(1), Duration::from_secs(60)),
    );
    let tools = server.tools.len();
    let direct = direct::Direct::new(server.toolbox.clone());
    let mcp = StreamableHttpService::new(move || Ok(server.clone()), sessions.clone(), config);
    let guard = Arc::new(guard::Guard::new(
        local,
        options.tokens,
        options.allowed_origins,
        limits.clone(),
        sessions,
        direct,
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
    eprintln!(
        "{}",
        crate::tr!(
            crate::i18n::speaking(),
            "mcp-serving-http",
            tools = tools,
            url = format!("http://{local}/mcp")
        )
    );
    accept::serve(listener, app, &limits, shutdown).await;
    Ok(())
}
