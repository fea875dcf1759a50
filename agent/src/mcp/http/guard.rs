//! What every HTTP request passes before rmcp sees it: the token, the
//! Origin, a body read whole within a size and a time limit, the same
//! JSON-RPC checks as stdio (so a malformed message gets the JSON-RPC
//! error the spec names, with a JSON body), and the cap on MCP sessions.
//! Each request is logged once, with its outcome.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Value, json};

use super::HttpLimits;
use super::sessions::Sessions;
use crate::mcp::framing::{self, Verdict};

/// The first protocol served without an MCP session.
const STATELESS_PROTOCOL: &str = super::direct::STATELESS;

pub struct Guard {
    /// The address the server listens on: its own origin.
    pub local: std::net::SocketAddr,
    /// Named bearer tokens; empty: none asked.
    pub tokens: Vec<(String, String)>,
    /// Origins allowed besides the server's own.
    pub origins: Vec<String>,
    pub limits: HttpLimits,
    pub sessions: Arc<Sessions>,
    /// Data tool calls answered without rmcp.
    direct: super::direct::Direct,
    next_id: AtomicU64,
}

impl Guard {
    pub fn new(
        local: std::net::SocketAddr,
        tokens: Vec<(String, String)>,
        origins: Vec<String>,
        limits: HttpLimits,
        sessions: Arc<Sessions>,
        direct: super::direct::Direct,
    ) -> Guard {
        Guard {
            local,
            tokens,
            origins,
            limits,
            sessions,
            direct,
            next_id: AtomicU64::new(1),
        }
    }
}

/// What the log says about a request besides its status.
#[derive(Default)]
struct Seen {
    rpc: Option<String>,
    session: Option<String>,
    /// Answered in the HTTP layer (a data tool call), not by rmcp.
    direct: bool,
}

fn text(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

/// A JSON-RPC error as an HTTP response.
fn rpc_error(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn rpc_error_of(status: StatusCode, code: i64, message: &str) -> Response {
    rpc_error(
        status,
        json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}}),
    )
}

/// The name of the token `req` carries (`Authorization: Bearer TOKEN`),
/// each compared without stopping at the first differing byte.
fn authorized<'a>(req: &Request, tokens: &'a [(String, String)]) -> Option<&'a str> {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))?;
    let same = |token: &str| {
        let (a, b) = (given.as_bytes(), token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    };
    tokens
        .iter()
        .find(|(_, token)| same(token))
        .map(|(name, _)| name.as_str())
}

/// Whether a browser page at `origin` may call this server: its own
/// origin (the address it listens on; on loopback, also `localhost`), or
/// one named with `--allow-origin`. The MCP transport requires the check
/// against DNS rebinding, where a page's own name resolves to 127.0.0.1.
fn origin_allowed(origin: &str, local: std::net::SocketAddr, allowed: &[String]) -> bool {
    let origin = origin.trim_end_matches('/');
    if allowed.iter().any(|a| a.trim_end_matches('/') == origin) {
        return true;
    }
    let port = local.port();
    let mut own = vec![format!("http://{local}")];
    if local.ip().is_loopback() {
        own.push(format!("http://localhost:{port}"));
        own.push(format!("http://127.0.0.1:{port}"));
        own.push(format!("http://[::1]:{port}"));
    }
    own.iter().any(|o| o.eq_ignore_ascii_case(origin))
}

/// A short, stable tag for a session id in logs: the id is a capability,
/// so it is never logged itself.
fn session_tag(id: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(id.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// The middleware: admits, answers or refuses, then logs.
pub async fn guard(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = guard.next_id.fetch_add(1, Ordering::Relaxed);
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut seen = Seen {
        session: req
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(session_tag),
        ..Seen::default()
    };
    let response = admit(&guard, req, next, &mut seen).await;
    let status = response.status().as_u16();
    let latency_us = start.elapsed().as_micros() as u64;
    let rpc = seen.rpc.as_deref().unwrap_or("");
    let session = seen.session.as_deref().unwrap_or("");
    let direct = seen.direct;
    if status >= 500 {
        tracing::warn!(request = id, %method, path, rpc, session, direct, status, latency_us, "request");
    } else {
        tracing::info!(request = id, %method, path, rpc, session, direct, status, latency_us, "request");
    }
    response
}

/// Reads and drops what a refused request sent, up to 64 KiB for at most
/// a second: closing a connection with unread bytes makes the kernel
/// reset it, and the client would lose the refusal with them.
async fn drained(req: Request, response: Response) -> Response {
    let body = Limited::new(req.into_body(), 64 * 1024).collect();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), body).await;
    response
}

async fn admit(guard: &Guard, mut req: Request, next: Next, seen: &mut Seen) -> Response {
    // Whose sessions this request may see: its token's name, or the
    // local user's when the server asks no token.
    let owner = if guard.tokens.is_empty() {
        crate::store::files::local_user()
    } else {
        match authorized(&req, &guard.tokens) {
            Some(name) => name.to_string(),
            None => {
                let refusal = text(
                    StatusCode::UNAUTHORIZED,
                    "a bearer token is required (Authorization: Bearer ...)",
                );
                return drained(req, refusal).await;
            }
        }
    };
    req.extensions_mut().insert(crate::service::Owner(owner));
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !origin_allowed(origin, guard.local, &guard.origins) {
            let refusal = text(
                StatusCode::FORBIDDEN,
                "this Origin may not call the server; start it with --allow-origin ORIGIN to allow one",
            );
            return drained(req, refusal).await;
        }
    }
    if req.uri().path() != "/mcp" {
        let refusal = text(StatusCode::NOT_FOUND, "steer serves MCP at /mcp");
        return drained(req, refusal).await;
    }
    if req.method() != axum::http::Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let limits = &guard.limits;
    let read = Limited::new(body, limits.max_body).collect();
    let bytes: Bytes = match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return rpc_error_of(
                StatusCode::PAYLOAD_TOO_LARGE,
                framing::INVALID_REQUEST,
                &format!(
                    "Invalid Request: the body is over {} bytes, the most this server reads (--max-body)",
                    limits.max_body
                ),
            );
        }
        Ok(Err(_)) => {
            return rpc_error_of(
                StatusCode::BAD_REQUEST,
                framing::PARSE_ERROR,
                "Parse error: the body could not be read",
            );
        }
        Err(_) => {
            return rpc_error_of(
                StatusCode::REQUEST_TIMEOUT,
                framing::PARSE_ERROR,
                &format!(
                    "Parse error: the body did not arrive within {} s",
                    limits.body_timeout.as_secs()
                ),
            );
        }
    };
    let message = match framing::check(&bytes) {
        Verdict::Reply(error) => return rpc_error(StatusCode::BAD_REQUEST, error),
        // A malformed notification (or response) is never answered with
        // a JSON-RPC message; the MCP transport wants an HTTP error status.
        Verdict::Ignore => return StatusCode::BAD_REQUEST.into_response(),
        Verdict::Forward(_, message) => message,
    };
    seen.rpc = message["method"].as_str().map(str::to_string);
    let opens_session = message["method"] == "initialize"
        && !parts.headers.contains_key("mcp-session-id")
        && message["params"]["protocolVersion"]
            .as_str()
            .is_some_and(|v| v < STATELESS_PROTOCOL);
    if opens_session && !guard.sessions.has_room() {
        let mut response = rpc_error(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"jsonrpc": "2.0", "id": message["id"], "error": {
                "code": -32000,
                "message": format!("{} MCP sessions are open, the most this server keeps (--max-sessions); retry later or use protocol {STATELESS_PROTOCOL}, which needs none", limits.max_sessions),
            }}),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        return response;
    }
    // A session with a call in flight (a research run can take minutes)
    // must not rest or expire under it.
    let _busy = parts
        .headers
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|id| guard.sessions.busy(id));
    if let Some(call) = guard.direct.takes(&parts.headers, &message, |id| {
        guard.sessions.protocol_of(id)
    }) {
        seen.direct = true;
        return guard.direct.answer(call).await;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_origin_and_listed_ones_pass() {
        let local: std::net::SocketAddr =
            "127.0.0.1:8931".parse().unwrap_or_else(|_| unreachable!());
        let allowed = vec!["https://app.example".to_string()];
        for ok in [
            "http://127.0.0.1:8931",
            "http://localhost:8931",
            "http://LOCALHOST:8931/",
            "https://app.example",
        ] {
            assert!(origin_allowed(ok, local, &allowed), "{ok}");
        }
        for bad in [
            "http://evil.example",
            "http://localhost:9999",
            "http://127.0.0.1:8931.evil.example",
            "null",
            "",
        ] {
            assert!(!origin_allowed(bad, local, &allowed), "{bad}");
        }
    }

    #[test]
    fn session_ids_are_logged_as_tags_only() {
        let tag = session_tag("0b5e1f0c-secret-session-id");
        assert_eq!(tag.len(), 8);
        assert!(!"0b5e1f0c-secret-session-id".contains(&tag));
    }
}
