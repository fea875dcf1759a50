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
    messages.iter().map(estimate_message).sum::<u64>() + estimate_reply(reply)
}

/// [`estimate_tokens`] of one message sent: a run keeps a running sum of
/// these so each turn counts only what it added.
pub fn estimate_message(message: &Message) -> u64 {
    match message {
        Message::System { content } | Message::User { content } => estimate_text(content),
        Message::Tool { content, .. } => estimate_text(content),
        Message::Assistant {
            content,
            tool_calls,
        } => estimate_text(content.as_deref().unwrap_or("")) + estimate_calls(tool_calls),
    }
}

/// [`estimate_tokens`] of a reply alone.
pub fn estimate_reply(reply: &ModelReply) -> u64 {
    estimate_text(reply.content.as_deref().unwrap_or("")) + estimate_calls(&reply.tool_calls)
}

fn estimate_calls(calls: &[ToolCall]) -> u64 {
    calls
        .iter()
        .map(|c| estimate_text(&c.name) + estimate_text(&c.arguments))
        .sum()
}

/// Counts bytes, not decoded characters (each turn adds long tool results
/// and the first adds the system prompt): every non-ASCII character has
/// exactly one lead byte at or above 0xC0 (top two bits set), counted
/// eight bytes at a time.
fn estimate_text(text: &str) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let (mut non_ascii, mut wide) = (0u64, 0u64);
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        non_ascii += u64::from((w & HIGH).count_ones());
        wide += u64::from((w & (w << 1) & HIGH).count_ones());
    }
    for &b in words.remainder() {
        non_ascii += u64::from(b >= 0x80);
        wide += u64::from(b >= 0xC0);
    }
    (bytes.len() as u64 - non_ascii).div_ceil(4) + wide
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
