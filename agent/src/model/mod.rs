//! The model seam: the runtime's own view of a chat-completion exchange,
//! and the models that answer it (an OpenAI-compatible endpoint through
//! async-openai, or a scripted model for tests and benchmarks).

pub mod openai;
mod retry;
mod scripted;
mod stream_end;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use openai::{Endpoint, OpenAiModel};
pub use scripted::ScriptedModel;

/// The error `type` of an API error that is a refusal, not a failure
/// (the offline planner answers with it when it cannot plan a request):
/// shown to the user plainly as [`ModelError::Declined`].
pub const DECLINED: &str = "offline_planner";

/// A function offered to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionSpec {
    pub name: String,
    pub description: String,
    /// OpenAI strict-mode JSON Schema of the arguments, shared with the
    /// tool's spec: offering a tool each turn copies no schema.
    pub parameters: Arc<Value>,
}

/// A tool call as the model made it. Ids are kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    /// JSON text, exactly as the model sent it.
    pub arguments: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Message {
    System {
        content: String,
    },
    User {
        content: String,
    },
    Assistant {
        content: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<ToolCall>,
    },
    Tool {
        tool_call_id: String,
        content: String,
    },
}

/// Whether the model must call a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolChoice {
    Auto,
    /// This function, and no text.
    Function(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRequest {
    /// Shared with the run: a request costs no copy of the conversation.
    pub messages: Arc<Vec<Message>>,
    pub tools: Arc<Vec<FunctionSpec>>,
    pub tool_choice: ToolChoice,
    /// Stream the answer (used for the final report).
    pub stream: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

/// Tokens of a request and its reply, estimated from their text for a
/// provider that reports no usage: about four characters a token for
/// Latin text, one a character for Japanese and other wide scripts (what
/// common tokenizers do on average). Over the messages sent and the reply.
pub fn estimate_tokens(messages: &[Message], reply: &ModelReply) -> u64 {
    fn of(text: &str) -> u64 {
        let (ascii, wide) = text.chars().fold((0u64, 0u64), |(a, w), c| {
            if c.is_ascii() { (a + 1, w) } else { (a, w + 1) }
        });
        ascii.div_ceil(4) + wide
    }
    let calls =
        |calls: &[ToolCall]| -> u64 { calls.iter().map(|c| of(&c.name) + of(&c.arguments)).sum() };
    let sent: u64 = messages
        .iter()
        .map(|m| match m {
            Message::System { content } | Message::User { content } => of(content),
            Message::Tool { content, .. } => of(content),
            Message::Assistant {
                content,
                tool_calls,
            } => of(content.as_deref().unwrap_or("")) + calls(tool_calls),
        })
        .sum();
    sent + of(reply.content.as_deref().unwrap_or("")) + calls(&reply.tool_calls)
}

/// What the model answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReply {
    pub content: Option<String>,
    #[serde(default)]
    pub tool_calls: Vec<ToolCall>,
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelError {
    /// The endpoint could not be reached or answered with an error status
    /// after retries.
    #[error("the model endpoint failed: {0}")]
    Transport(String),
    /// The endpoint answered, but not with a usable completion.
    #[error("the model's answer could not be used: {0}")]
    Malformed(String),
    /// The model said it cannot do this (the offline planner's refusal).
    #[error("{0}")]
    Declined(String),
}

pub type ModelFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ModelReply, ModelError>> + Send + 'a>>;

/// Something that answers chat-completion requests. `on_text` receives the
/// answer's text as it streams (for the final report).
pub trait Model: Send + Sync {
    fn name(&self) -> String;
    /// Whether the model can act on written feedback (re-plan from a
    /// rejected plan, reconsider a result sent back). A front-end asks for
    /// feedback only where it can.
    fn reads_feedback(&self) -> bool {
        true
    }
    fn complete<'a>(
        &'a self,
        request: &'a ModelRequest,
        on_text: &'a (dyn Fn(&str) + Send + Sync),
    ) -> ModelFuture<'a>;
}
