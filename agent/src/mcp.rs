//! `steer mcp`: the research tools as an MCP server on stdio.
//!
//! Every tool in the registry is served with its plain JSON Schema as
//! `inputSchema`, its output schema, `structuredContent` results and
//! read-only annotations. A tool that refuses a call answers with
//! `isError: true` and the same message as the CLI, never a protocol error,
//! because MCP clients show protocol errors opaquely and the model could
//! not correct its call. Nothing but the protocol goes to stdout.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;
use steer_tools::{ToolSpec, Toolbox};

pub struct SteerMcp {
    toolbox: Toolbox,
    tools: Arc<Vec<Tool>>,
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
        }
    }

    /// Runs one call; every failure becomes an `isError` result.
    pub async fn call(&self, name: &str, arguments: Option<JsonObject>) -> CallToolResult {
        let args = Value::Object(arguments.unwrap_or_default());
        match self.toolbox.call(name, args).await {
            Ok(value) => CallToolResult::structured(value),
            Err(e) => CallToolResult::error(vec![ContentBlock::text(e.to_string())]),
        }
    }
}

impl ServerHandler for SteerMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("steer", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Research tools over a cited dataset of AI-industry finance (deals, revenue figures, \
                 statements from November 2025). Every result carries source ids and line ranges: cite \
                 them. deal_lookup answers who pays whom (mode cycles finds circular financing); \
                 revenue_projection tests whether revenue can cover commitments; statement_comparison \
                 finds contradictions and conflicting figures.",
            )
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
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(self.call(&request.name, request.arguments).await.into())
    }
}

/// Serves `toolbox` on stdin/stdout until the client disconnects.
pub async fn serve(toolbox: Toolbox) -> Result<(), String> {
    let count = toolbox.names().len();
    let server = SteerMcp::new(toolbox)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("MCP session failed to start: {e}"))?;
    eprintln!("steer mcp: serving {count} tools on stdio");
    server
        .waiting()
        .await
        .map_err(|e| format!("MCP session ended abnormally: {e}"))?;
    Ok(())
}
