//! `steer mcp`: the research tools as an MCP server on stdio.
//!
//! Every tool in the registry is served with its plain JSON Schema as
//! `inputSchema`, its output schema, `structuredContent` results and
//! read-only annotations. A tool that refuses a call answers with
//! `isError: true` and the same message as the CLI, never a protocol error,
//! because MCP clients show protocol errors opaquely and the model could
//! not correct its call. Nothing but the protocol goes to stdout.

mod framing;
pub mod http;
pub mod research;

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, ResourceContents,
    ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;
use steer_tools::{ToolSpec, Toolbox};

/// `steer mcp`: the research tools and the planned run served over stdio,
/// or over streamable HTTP at `http` (loopback unless `allow_remote`, and
/// then only with `STEER_MCP_TOKEN`).
pub fn run(
    data: Option<std::path::PathBuf>,
    options: crate::service::SessionOptions,
    serve: &crate::service::serve::ServeArgs,
) -> Result<(), crate::service::ServiceError> {
    use crate::service::ServiceError;
    let data = crate::service::Data::new(data.as_ref());
    let toolbox = data.toolbox()?;
    let codec = research::state_codec(&options).map_err(ServiceError::failure)?;
    let http = serve.http_options().map_err(ServiceError::usage)?;
    let server = SteerMcp::new(toolbox.clone()).with_research(research::Research {
        options,
        data,
        toolbox,
        codec: Arc::new(codec),
        ingest: http.is_none(),
    });
    crate::service::serve::init_logs(serve.log_format);
    let runtime = crate::service::runtime()?;
    match http {
        Some(options) => {
            http::check(&options).map_err(|e| ServiceError::usage(worded(&e)))?;
            runtime
                .block_on(http::serve_http(server, options))
                .map_err(|e| ServiceError::failure(worded(&e)))
        }
        None => runtime
            .block_on(self::serve(server))
            .map_err(|e| ServiceError::failure(worded(&e))),
    }
}

#[derive(Clone)]
pub struct SteerMcp {
    pub(crate) toolbox: Toolbox,
    tools: Arc<Vec<Tool>>,
    /// The whole planned run (`research`, `research_resume`), when served.
    research: Option<Arc<research::Research>>,
}

fn object(value: &Value) -> JsonObject {
    value.as_object().cloned().unwrap_or_default()
}

/// The MCP description of one tool, from its spec.
pub fn mcp_tool(spec: &ToolSpec) -> Tool {
    Tool::new(
        spec.name.clone(),
        spec.description.clone(),
        object(&spec.parameters),
    )
    .with_title(spec.title.clone())
    .with_raw_output_schema(Arc::new(object(&spec.output)))
    .with_annotations(
        ToolAnnotations::with_title(spec.title.clone())
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false),
    )
}

impl SteerMcp {
    pub fn new(toolbox: Toolbox) -> Self {
        let tools = toolbox.specs().map(mcp_tool).collect();
        Self {
            toolbox,
            tools: Arc::new(tools),
            research: None,
        }
    }

    /// Serves the planned run too: `research` and `research_resume`.
    pub fn with_research(mut self, research: research::Research) -> Self {
        let mut tools = self.tools.as_ref().clone();
        tools.extend(research.tools());
        self.tools = Arc::new(tools);
        self.research = Some(Arc::new(research));
        self
    }

    /// Runs one call of a research tool, off the async workers; every
    /// failure becomes an `isError` result.
    pub async fn call(&self, name: &str, arguments: Option<JsonObject>) -> CallToolResult {
        let args = Value::Object(arguments.unwrap_or_default());
        let toolbox = self.toolbox.clone();
        let name = name.to_string();
        match off_workers(async move { toolbox.call(&name, args).await }).await {
            Ok(Ok(value)) => CallToolResult::structured(value),
            // In the language the server speaks (`--lang`, STEER_LANG).
            Ok(Err(e)) => CallToolResult::error(vec![ContentBlock::text(
                crate::localised::tool_error(&e, crate::i18n::speaking()),
            )]),
            Err(e) => CallToolResult::error(vec![ContentBlock::text(format!(
                "the tool stopped without a result: {e}"
            ))]),
        }
    }
}

impl ServerHandler for SteerMcp {
    fn get_info(&self) -> ServerConfig {
        let capabilities = if self.research.is_some() {
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build()
        } else {
            ServerCapabilities::builder().enable_tools().build()
        };
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("steer", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Research tools over a cited dataset of AI-industry finance (deals, revenue figures, \
                 statements from November 2025). Every result carries source ids and line ranges: cite \
                 them. deal_lookup answers who pays whom (mode cycles finds circular financing); \
                 revenue_projection tests whether revenue can cover commitments; statement_comparison \
                 finds contradictions and conflicting figures.",
            )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let Some(r) = &self.research else {
            return Ok(ListResourcesResult::default());
        };
        r.resources(research::owner(&context).as_deref())
            .map(ListResourcesResult::with_all_items)
            .map_err(|e| ErrorData::internal_error(e, None))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let Some(r) = &self.research else {
            return Err(ErrorData::resource_not_found(
                crate::tr!(crate::i18n::speaking(), "mcp-no-resources"),
                None,
            ));
        };
        match r.read(&request.uri, research::owner(&context).as_deref()) {
            Ok(text) => Ok(
                ReadResourceResult::new(vec![ResourceContents::TextResourceContents {
                    uri: request.uri.clone(),
                    mime_type: Some("text/markdown".to_string()),
                    text,
                    meta: None,
                }])
                .into(),
            ),
            Err(e) => Err(ErrorData::resource_not_found(e, None)),
        }
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.as_ref().clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if let Some(r) = &self.research
            && matches!(request.name.as_ref(), research::RESEARCH | research::RESUME)
        {
            // A research run writes and fsyncs its session log and may
            // search the graph: off the async workers too.
            let r = r.clone();
            return Ok(off_workers(async move { r.call(request, &context).await })
                .await
                .unwrap_or_else(|e| {
                    CallToolResult::error(vec![ContentBlock::text(format!(
                        "the research run stopped without a result: {e}"
                    ))])
                    .into()
                }));
        }
        if let Some(r) = &self.research
            && matches!(
                request.name.as_ref(),
                research::INGEST | research::INGEST_RESUME
            )
        {
            let r = r.clone();
            return Ok(tokio::task::spawn_blocking(move || r.call_ingest(request))
                .await
                .unwrap_or_else(|e| {
                    CallToolResult::error(vec![ContentBlock::text(format!(
                        "the ingest stopped without a result: {e}"
                    ))])
                })
                .into());
        }
        Ok(self.call(&request.name, request.arguments).await.into())
    }
}

/// Runs `work` to completion on tokio's blocking pool. A tool's
/// computation (the cycle search), a session's file writes and fsyncs
/// would otherwise hold an async worker, and every other connection on it
/// would wait; the pool grows to what is in flight (bounded by the HTTP
/// server's --max-in-flight).
pub(crate) async fn off_workers<T: Send + 'static>(
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(work)).await
}

/// Why serving stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    /// `--http` names something that is not an address, or that would be
    /// open to others without a token: the user's to change.
    #[error("{0}")]
    Unsafe(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the listening address: {0}")]
    LocalAddr(#[source] std::io::Error),
    #[error("MCP session failed to start: {0}")]
    Start(#[source] Box<rmcp::service::ServerInitializeError>),
    #[error("MCP session ended abnormally: {0}")]
    Ended(#[source] tokio::task::JoinError),
}

/// `e` in the language steer speaks.
fn worded(e: &McpError) -> String {
    let lang = crate::i18n::speaking();
    match e {
        McpError::Unsafe(message) => message.clone(),
        McpError::Listen { addr, source } => crate::tr!(
            lang,
            "mcp-cannot-listen",
            addr = addr.to_string(),
            why = crate::localised::io_reason(source, lang)
        ),
        McpError::LocalAddr(source) => crate::tr!(
            lang,
            "mcp-no-local-addr",
            why = crate::localised::io_reason(source, lang)
        ),
        McpError::Start(source) => {
            crate::tr!(lang, "mcp-start-failed", error = source.to_string())
        }
        McpError::Ended(source) => {
            crate::tr!(lang, "mcp-ended", error = source.to_string())
        }
    }
}

/// Serves `server` on stdin/stdout until the client disconnects.
pub async fn serve(server: SteerMcp) -> Result<(), McpError> {
    eprintln!(
        "{}",
        crate::tr!(
            crate::i18n::speaking(),
            "mcp-serving-stdio",
            tools = server.tools.len()
        )
    );
    serve_with(server, tokio::io::stdin(), tokio::io::stdout()).await
}

/// Serves the research tools of `toolbox` (no planned run) over any byte
/// stream; see [`serve_with`].
pub async fn serve_on<R, W>(toolbox: Toolbox, input: R, output: W) -> Result<(), McpError>
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    serve_with(SteerMcp::new(toolbox), input, output).await
}

/// Serves `toolbox` over any byte stream (stdio, or an in-memory pipe in
/// tests) until the input ends. Every line passes the JSON-RPC framing
/// check first (`framing`): what rmcp would drop unanswered is answered
/// here with the spec's error, and the connection goes on.
pub async fn serve_with<R, W>(server: SteerMcp, input: R, output: W) -> Result<(), McpError>
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    // rmcp talks to two in-memory pipes; this function owns the real
    // stream on both sides.
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (lines, mut outgoing) = tokio::sync::mpsc::unbounded_channel::<String>();

    // Everything written to the client goes through one writer, so the
    // server's replies and the framing's errors never interleave mid-line.
    let writer = tokio::spawn(async move {
        let mut output = output;
        while let Some(mut line) = outgoing.recv().await {
            line.push('\n');
            if output.write_all(line.as_bytes()).await.is_err() || output.flush().await.is_err() {
                break;
            }
        }
    });
    let relay = {
        let lines = lines.clone();
        tokio::spawn(async move {
            let mut replies = BufReader::new(from_server).lines();
            while let Ok(Some(line)) = replies.next_line().await {
                if lines.send(line).is_err() {
                    break;
                }
            }
        })
    };
    let reader = tokio::spawn(async move {
        let mut input = BufReader::new(input);
        let mut to_server = to_server;
        loop {
            let frame = match framing::read_frame(&mut input).await {
                Ok(frame) => frame,
                Err(e) => {
                    eprintln!(
                        "{}",
                        crate::tr!(
                            crate::i18n::speaking(),
                            "mcp-bad-input",
                            error = e.to_string()
                        )
                    );
                    break;
                }
            };
            let verdict = match frame {
                framing::Frame::Eof => break,
                framing::Frame::TooLong(n) => framing::Verdict::Reply(framing::too_long(n)),
                framing::Frame::Line(line) => framing::check(&line),
            };
            match verdict {
                framing::Verdict::Forward(mut text, _) => {
                    text.push('\n');
                    if to_server.write_all(text.as_bytes()).await.is_err() {
                        break;
                    }
                }
                framing::Verdict::Reply(error) => {
                    if lines.send(error.to_string()).is_err() {
                        break;
                    }
                }
                framing::Verdict::Ignore => {}
            }
        }
        // Closing the server's input ends the session.
        let _ = to_server.shutdown().await;
    });
    // The handshake reads through the pipes, so it starts only once the
    // tasks above feed them.
    let server = server
        .serve((server_in, server_out))
        .await
        .map_err(|e| McpError::Start(Box::new(e)))?;
    let ended = server.waiting().await;
    let _ = reader.await;
    let _ = relay.await;
    let _ = writer.await;
    ended.map_err(McpError::Ended)?;
    Ok(())
}
