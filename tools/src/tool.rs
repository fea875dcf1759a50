//! The `Tool` trait (typed) and its type-erased form `DynTool`.

use std::future::Future;
use std::pin::Pin;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ToolError;

/// A research tool with typed arguments and output.
///
/// The tool's description is the doc comment of its `Args` type: the first
/// paragraph says what it does, the rest when to use it. Argument doc
/// comments become the schema's field descriptions. Optional arguments are
/// `Option<T>` so that OpenAI strict mode (which sends `null` for them) and
/// plain callers (which omit them) deserialise the same way.
pub trait Tool: Send + Sync + 'static {
    const NAME: &'static str;
    /// Short human title (MCP `title`, book headings).
    const TITLE: &'static str;
    type Args: DeserializeOwned + JsonSchema + Send;
    type Output: Serialize + JsonSchema + Send;

    fn call(
        &self,
        args: Self::Args,
    ) -> impl Future<Output = Result<Self::Output, ToolError>> + Send;
}

pub type ToolFuture<'a> =
    Pin<Box<dyn Future<Output = Result<serde_json::Value, ToolError>> + Send + 'a>>;

/// Object-safe view of a [`Tool`], for the registry.
pub trait DynTool: Send + Sync {
    fn name(&self) -> &'static str;
    fn title(&self) -> &'static str;
    /// Plain (2020-12) schema of the arguments, as generated.
    fn args_schema(&self) -> schemars::Schema;
    fn output_schema(&self) -> schemars::Schema;
    /// Calls the tool with arguments already validated against its schema.
    fn call_value(&self, args: serde_json::Value) -> ToolFuture<'_>;
}

impl<T: Tool> DynTool for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn title(&self) -> &'static str {
        T::TITLE
    }

    fn args_schema(&self) -> schemars::Schema {
        crate::schema::generate::<T::Args>()
    }

    fn output_schema(&self) -> schemars::Schema {
        crate::schema::generate::<T::Output>()
    }

    fn call_value(&self, args: serde_json::Value) -> ToolFuture<'_> {
        Box::pin(async move {
            // The schema check ran first; what remains are rules a schema
            // cannot carry (a date's calendar validity), reported with the
            // field's path.
            let args: T::Args = serde_path_to_error::deserialize(args).map_err(|e| {
                let field = e.path().to_string();
                let message = e.into_inner().to_string();
                let message = if field == "." {
                    message
                } else {
                    format!("`{field}`: {message}")
                };
                ToolError::argument(T::NAME, field, message)
            })?;
            let output = self.call(args).await?;
            serde_json::to_value(output).map_err(|e| ToolError::Failed {
                tool: T::NAME.to_string(),
                message: format!("could not serialise the output: {e}"),
            })
        })
    }
}
