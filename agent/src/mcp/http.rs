//! `steer mcp --http ADDR`: the same server over MCP's streamable HTTP
//! transport (rmcp's, hosted by hyper), at `/mcp`.
//!
//! Protocol 2026-07-28 is served statelessly: each request stands alone,
//! and everything a research session needs lives in the session directory
//! (its log, its lock, the key that seals request states). So two
//! processes on one shared session directory, behind any HTTP load
//! balancer, serve the same users: a session paused on one resumes on the
//! other. Older protocols get an MCP session in the replica's memory, so
//! the server can elicit mid-call.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

use super::{McpError, SteerMcp};

/// Where and how to listen.
pub struct HttpOptions {
    pub addr: String,
    /// Allow a non-loopback address (with a token).
    pub allow_remote: bool,
    /// The bearer token every request must carry (`STEER_MCP_TOKEN`).
    pub token: Option<String>,
}

type Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

fn plain(status: hyper::StatusCode, text: &str) -> hyper::Response<Body> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(text.to_string())).boxed());
    *response.status_mut() = status;
    response
}

/// Whether `req` carries `Authorization: Bearer TOKEN`, compared without
/// stopping at the first differing byte.
fn authorized<B>(req: &hyper::Request<B>, token: &str) -> bool {
    let Some(given) = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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

/// Serves `server` until the process stops.
pub async fn serve_http(server: SteerMcp, options: HttpOptions) -> Result<(), McpError> {
    let addr = check(&options)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| McpError::Listen { addr, source })?;
    serve_listener(server, listener, options.token).await
}

/// Serves `server` on a bound `listener` (the benchmark binds its own).
/// A non-loopback listener checks no `Host` (a load balancer's name is not
/// known here): `token` is what keeps others out.
pub async fn serve_listener(
    server: SteerMcp,
    listener: tokio::net::TcpListener,
    token: Option<String>,
) -> Result<(), McpError> {
    let local = listener.local_addr().map_err(McpError::LocalAddr)?;
    // Protocol 2026-07-28 is served statelessly whatever this says; an
    // older client gets an MCP session (in this replica's memory) so the
    // server can ask it questions mid-call (elicitation).
    let mut config = StreamableHttpServerConfig::default();
    config.legacy_session_mode = true;
    config.json_response = true;
    if !local.ip().is_loopback() {
        // Behind a load balancer the Host is the balancer's name; the token
        // is what keeps others out.
        config = config.disable_allowed_hosts();
    }
    let tools = server.tools.len();
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    eprintln!("steer mcp: serving {tools} tools on http://{local}/mcp");
    let token = token.filter(|t| !t.trim().is_empty()).map(Arc::new);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("steer mcp: cannot accept a connection: {e}");
                continue;
            }
        };
        let service = service.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let handler = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let mut service = service.clone();
                let token = token.clone();
                async move {
                    if let Some(t) = &token
                        && !authorized(&req, t)
                    {
                        return Ok::<_, Infallible>(plain(
                            hyper::StatusCode::UNAUTHORIZED,
                            "a bearer token is required (Authorization: Bearer ...)",
                        ));
                    }
                    if req.uri().path() != "/mcp" {
                        return Ok(plain(
                            hyper::StatusCode::NOT_FOUND,
                            "steer serves MCP at /mcp",
                        ));
                    }
                    tower::Service::call(&mut service, req).await
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), handler)
                .await;
        });
    }
}
