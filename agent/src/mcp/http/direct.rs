//! The call most clients make most, `tools/call` of a read-only data tool
//! (`deal_lookup`, `revenue_projection`, `statement_comparison`), answered
//! in the HTTP layer: the tool's output is written to JSON once and sent
//! as both the structured content and its text copy, with the JSON-RPC
//! response around it, byte for byte what rmcp sends.
//!
//! Through rmcp each such call built a request service, the output as a
//! JSON value, that value written as text, then the whole result written
//! again: a third of the time went to the allocator and another sixth to
//! writing JSON (issue #34). Only requests whose handling is plain take
//! this path: a stateless 2026-07-28 request carrying exactly the
//! metadata that protocol asks for, or a request on an initialized MCP
//! session of this server under the version it negotiated. Anything else
//! (other methods, the research tools, extra metadata, a header that
//! disagrees with the body) goes to rmcp unchanged. A test sends each
//! kind of call both ways and compares the responses.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use steer_tools::Toolbox;

/// The first protocol served without an MCP session.
pub const STATELESS: &str = "2026-07-28";

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const META_CLIENT: &str = "io.modelcontextprotocol/clientInfo";

/// Answers data tool calls without rmcp.
pub struct Direct {
    toolbox: Toolbox,
}

/// A call this path takes: its id, tool, arguments, and whether the
/// result carries `resultType` (protocol 2026-07-28 and later).
pub struct Call {
    id: String,
    name: String,
    arguments: Value,
    result_type: bool,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

impl Direct {
    pub fn new(toolbox: Toolbox) -> Direct {
        Direct { toolbox }
    }

    /// The call `message` makes, when this path answers it as rmcp would.
    /// `session_version` gives the protocol an open, initialized session
    /// of this server negotiated.
    pub fn takes(
        &self,
        headers: &HeaderMap,
        message: &Value,
        session_version: impl FnOnce(&str) -> Option<String>,
    ) -> Option<Call> {
        let request = message.as_object()?;
        if request.get("method")?.as_str()? != "tools/call" || request.len() != 4 {
            return None;
        }
        let id = request.get("id")?;
        if !(id.is_string() || id.is_i64() || id.is_u64()) {
            return None;
        }
        let params = request.get("params")?.as_object()?;
        let name = params.get("name")?.as_str()?;
        self.toolbox.spec(name).ok()?;
        let arguments = match params.get("arguments") {
            None => Value::Object(Default::default()),
            Some(a @ Value::Object(_)) => a.clone(),
            Some(_) => return None,
        };
        if params
            .keys()
            .any(|k| !matches!(k.as_str(), "name" | "arguments" | "_meta"))
        {
            return None;
        }
        if header(headers, "mcp-method").is_some_and(|m| m != "tools/call")
            || header(headers, "mcp-name").is_some_and(|n| n != name)
        {
            return None;
        }
        let version = header(headers, "mcp-protocol-version")?;
        let meta = params.get("_meta").map(Value::as_object);
        let result_type = match header(headers, "mcp-session-id") {
            None => {
                // Stateless: the routing headers the transport requires,
                // and exactly the metadata the protocol asks for.
                let meta = meta??;
                let plain = version == STATELESS
                    && header(headers, "mcp-method") == Some("tools/call")
                    && header(headers, "mcp-name") == Some(name)
                    && meta.len() == 3
                    && meta.get(META_VERSION)?.as_str()? == STATELESS
                    && meta.get(META_CAPABILITIES)?.is_object()
                    && meta.get(META_CLIENT)?.is_object();
                if !plain {
                    return None;
                }
                true
            }
            Some(session) => {
                // On a session: no request metadata, under the version the
                // session negotiated.
                if meta.is_some() || session_version(session)? != version {
                    return None;
                }
                version >= STATELESS
            }
        };
        Some(Call {
            id: id.to_string(),
            name: name.to_string(),
            arguments,
            result_type,
        })
    }

    /// Runs the call and answers it: in place when the tool says it does
    /// a small, bounded amount of work (a list, a projection), else on the
    /// blocking pool (a graph search), so that no call stalls the others.
    pub async fn answer(&self, call: Call) -> Response {
        let toolbox = self.toolbox.clone();
        let Call {
            id,
            name,
            arguments,
            result_type,
        } = call;
        let head = (id, result_type);
        let ran = if toolbox.runs_long(&name, &arguments) {
            crate::mcp::off_workers(async move { toolbox.call_text(&name, arguments).await }).await
        } else {
            Ok(toolbox.call_text(&name, arguments).await)
        };
        let body = match ran {
            Ok(Ok(text)) => result(&head, Ok(&text)),
            Ok(Err(e)) => result(
                &head,
                Err(&crate::localised::tool_error(&e, crate::i18n::speaking())),
            ),
            Err(e) => result(
                &head,
                Err(&crate::tr!(
                    crate::i18n::speaking(),
                    "mcp-tool-stopped",
                    error = e.to_string()
                )),
            ),
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = StatusCode::OK;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

/// The JSON-RPC response to `call`: the output (JSON text) as structured
/// content with its text copy, or an error result with the message.
/// `head` is the request's id (as JSON) and whether the result carries
/// `resultType`.
fn result(head: &(String, bool), output: Result<&str, &str>) -> String {
    let (id, result_type) = (&head.0, head.1);
    // A string's JSON form cannot fail to be written.
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let text = match output {
        Ok(json) | Err(json) => quoted(json),
    };
    let mut out = String::with_capacity(text.len() + output.map_or(0, str::len) + 160);
    out.push_str(r#"{"jsonrpc":"2.0","id":"#);
    out.push_str(id);
    out.push_str(r#","result":{"#);
    if result_type {
        out.push_str(r#""resultType":"complete","#);
    }
    out.push_str(r#""content":[{"type":"text","text":"#);
    out.push_str(&text);
    out.push_str("}]");
    match output {
        Ok(json) => {
            out.push_str(r#","structuredContent":"#);
            out.push_str(json);
            out.push_str(r#","isError":false}}"#);
        }
        Err(_) => out.push_str(r#","isError":true}}"#),
    }
    out
}
