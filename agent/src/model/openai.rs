//! An OpenAI-compatible endpoint through async-openai.
//!
//! Requests are written as OpenAI wire JSON by steer itself (async-openai's
//! `byot` methods), so the exact bytes are ours to log and match in
//! cassettes; async-openai carries them over its HTTP stack and parses the
//! SSE stream. The HTTP stack is a tower service: production is reqwest
//! under a timeout and a retry policy that honours `Retry-After`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::{
    Message, Model, ModelError, ModelFuture, ModelReply, ModelRequest, ToolCall, ToolChoice, Usage,
};

/// Where and how to reach the model.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    pub model: String,
    pub timeout: Duration,
    pub max_retries: u32,
}

pub struct OpenAiModel {
    client: Client<OpenAIConfig>,
    model: String,
    /// The configured key: scrubbed from everything the model says, so an
    /// endpoint that echoes it cannot put it in a report, a log or an error.
    secrets: Vec<String>,
    /// Whether what answers can act on written feedback (a rejected plan,
    /// a result sent back); the offline planner cannot.
    reads_feedback: bool,
}

fn config(endpoint: &Endpoint) -> OpenAIConfig {
    let mut config = OpenAIConfig::new();
    // Local servers (Ollama, llama.cpp) need no key; send a placeholder so
    // no header is malformed.
    config = config.with_api_key(
        endpoint
            .api_key
            .clone()
            .unwrap_or_else(|| "none".to_string()),
    );
    if let Some(base) = &endpoint.base_url {
        config = config.with_api_base(base.trim_end_matches('/'));
    }
    config
}

impl OpenAiModel {
    /// The production stack: reqwest, per-request timeout, retries.
    pub fn new(endpoint: &Endpoint) -> OpenAiModel {
        Self::with_service(
            endpoint,
            production_service(endpoint.max_retries, endpoint.timeout),
        )
    }

    /// Any tower service below async-openai (replay, record, tests).
    pub fn with_service<S>(endpoint: &Endpoint, service: S) -> OpenAiModel
    where
        S: tower::Service<HttpRequestFactory, Response = reqwest::Response>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
        S::Error: Into<OpenAIError> + Send + Sync + 'static,
    {
        OpenAiModel {
            client: Client::with_config(config(endpoint))
                .with_http_service(super::stream_end::MarkStreamEnd::new(service)),
            model: endpoint.model.clone(),
            secrets: endpoint.api_key.iter().cloned().collect(),
            reads_feedback: true,
        }
    }

    /// Marks what answers as unable to act on written feedback (the offline
    /// planner, or a recording of it), so a reject it would ignore is
    /// refused before it is made.
    pub fn without_feedback(mut self) -> OpenAiModel {
        self.reads_feedback = false;
        self
    }
}

pub use super::retry::production_service;

/// The OpenAI wire form of a request.
pub fn wire_request(model: &str, req: &ModelRequest) -> Value {
    let messages: Vec<Value> = req
        .messages
        .iter()
        .map(|m| match m {
            Message::System { content } => json!({"role": "system", "content": content}),
            Message::User { content } => json!({"role": "user", "content": content}),
            Message::Assistant { content, tool_calls } => {
                let mut v = json!({"role": "assistant", "content": content});
                if !tool_calls.is_empty() {
                    v["tool_calls"] = Value::Array(
                        tool_calls
                            .iter()
                            .map(|c| json!({"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}))
                            .collect(),
                    );
                }
                v
            }
            Message::Tool { tool_call_id, content } => json!({"role": "tool", "tool_call_id": tool_call_id, "content": content}),
        })
        .collect();
    let tools: Vec<Value> = req
        .tools
        .iter()
        .map(|t| json!({"type": "function", "function": {"name": t.name, "description": t.description, "parameters": t.parameters, "strict": true}}))
        .collect();
    let tool_choice = match &req.tool_choice {
        ToolChoice::Auto => json!("auto"),
        ToolChoice::Function(name) => json!({"type": "function", "function": {"name": name}}),
    };
    let mut body = json!({"model": model, "messages": messages, "tools": tools, "tool_choice": tool_choice, "stream": req.stream});
    if req.stream {
        body["stream_options"] = json!({"include_usage": true});
    }
    body
}

fn usage(v: &Value) -> Option<Usage> {
    let u = v.get("usage")?;
    Some(Usage {
        prompt_tokens: u.get("prompt_tokens")?.as_u64()?,
        completion_tokens: u
            .get("completion_tokens")
            .and_then(Value::as_u64)
            .unwrap_or(0),
    })
}

/// A tool call's id as sent; an empty or missing id (some providers) gets a
/// stand-in unique in the run: `turn` (the number of messages the request
/// held) differs for every model call, `index` for every call in a reply.
/// It is deterministic, so a replayed request matches its recording.
fn call_id(raw: Option<&str>, turn: usize, index: usize) -> String {
    match raw {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("call_{turn}_{index}"),
    }
}

/// Reads a non-streamed completion; `turn` numbers the request (see
/// `call_id`).
pub fn parse_reply(v: &Value, turn: usize) -> Result<ModelReply, ModelError> {
    if let Some(err) = v.get("error") {
        return Err(ModelError::Transport(format!(
            "the endpoint returned an error: {err}"
        )));
    }
    let choices = v
        .get("choices")
        .and_then(Value::as_array)
        .ok_or_else(|| ModelError::Malformed("no `choices` in the response".to_string()))?;
    let message = choices
        .first()
        .and_then(|c| c.get("message"))
        .ok_or_else(|| ModelError::Malformed("the response has no choices".to_string()))?;
    if let Some(refusal) = message
        .get("refusal")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
    {
        return Err(ModelError::Malformed(format!(
            "the model refused: {refusal}"
        )));
    }
    let tool_calls = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(|calls| {
            calls
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let f = c.get("function").cloned().unwrap_or(Value::Null);
                    let name = f
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    if name.is_empty() {
                        return Err(ModelError::Malformed(format!(
                            "tool call {i} has no function name"
                        )));
                    }
                    Ok(ToolCall {
                        id: call_id(c.get("id").and_then(Value::as_str), turn, i),
                        name,
                        arguments: f
                            .get("arguments")
                            .and_then(Value::as_str)
                            .unwrap_or("{}")
                            .to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?
        .unwrap_or_default();
    Ok(ModelReply {
        content: message
            .get("content")
            .and_then(Value::as_str)
            .map(str::to_string),
        tool_calls,
        usage: usage(v),
    })
}

/// Accumulates streamed chunks into a reply.
#[derive(Default)]
pub struct StreamAccumulator {
    content: String,
    calls: Vec<(Option<String>, String, String)>,
    usage: Option<Usage>,
    finished: bool,
    /// The body ended without `[DONE]` (see `stream_end`).
    cut: bool,
    refusal: String,
    turn: usize,
}

impl StreamAccumulator {
    /// For the reply to a request of `turn` messages (see `call_id`).
    pub fn new(turn: usize) -> Self {
        StreamAccumulator {
            turn,
            ..Self::default()
        }
    }

    /// Adds one chunk; returns the text it carried.
    pub fn push(&mut self, chunk: &Value) -> Result<String, ModelError> {
        if let Some(err) = chunk.get("error") {
            return Err(ModelError::Transport(format!(
                "the stream carried an error: {err}"
            )));
        }
        if chunk.get(super::stream_end::CUT_MARKER).is_some() {
            self.cut = true;
            return Ok(String::new());
        }
        if let Some(u) = usage(chunk) {
            self.usage = Some(u);
        }
        let Some(choice) = chunk
            .get("choices")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
        else {
            return Ok(String::new());
        };
        if choice.get("finish_reason").is_some_and(|f| !f.is_null()) {
            self.finished = true;
        }
        let delta = choice.get("delta").cloned().unwrap_or(Value::Null);
        if let Some(r) = delta.get("refusal").and_then(Value::as_str) {
            self.refusal.push_str(r);
        }
        for (pos, c) in delta
            .get("tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let index = c
                .get("index")
                .and_then(Value::as_u64)
                .map_or(pos, |i| i as usize);
            while self.calls.len() <= index {
                self.calls.push((None, String::new(), String::new()));
            }
            let slot = &mut self.calls[index];
            if let Some(id) = c
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
            {
                slot.0 = Some(id.to_string());
            }
            if let Some(f) = c.get("function") {
                if let Some(n) = f.get("name").and_then(Value::as_str) {
                    // Some providers repeat the name in every chunk.
                    if !slot.1.ends_with(n) || slot.1.is_empty() {
                        slot.1.push_str(n);
                    }
                }
                if let Some(a) = f.get("arguments").and_then(Value::as_str) {
                    slot.2.push_str(a);
                }
            }
        }
        let text = delta
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.content.push_str(&text);
        Ok(text)
    }

    pub fn finish(self) -> Result<ModelReply, ModelError> {
        if !self.refusal.is_empty() {
            return Err(ModelError::Malformed(format!(
                "the model refused: {}",
                self.refusal
            )));
        }
        // A stream is whole when the model said it finished (finish_reason)
        // or the endpoint closed it with `[DONE]` (some providers, like
        // Kimi via OpenRouter, omit finish_reason). Without either the
        // connection was cut, however whole the calls so far may look:
        // running them could run half of what the model meant.
        if !self.finished && self.cut {
            return Err(ModelError::Transport(
                "the stream ended before the model finished (the connection closed with no finish_reason and no [DONE])".to_string(),
            ));
        }
        let mut tool_calls = Vec::new();
        for (i, (id, name, args)) in self.calls.into_iter().enumerate() {
            if name.is_empty() {
                return Err(ModelError::Malformed(format!(
                    "streamed tool call {i} has no function name"
                )));
            }
            tool_calls.push(ToolCall {
                id: call_id(id.as_deref(), self.turn, i),
                name,
                arguments: if args.is_empty() {
                    "{}".to_string()
                } else {
                    args
                },
            });
        }
        Ok(ModelReply {
            content: (!self.content.is_empty()).then_some(self.content),
            tool_calls,
            usage: self.usage,
        })
    }
}

fn transport(e: OpenAIError) -> ModelError {
    match e {
        OpenAIError::ApiError(api) if api.api_error.r#type.as_deref() == Some(super::DECLINED) => {
            ModelError::Declined(api.api_error.message)
        }
        other => ModelError::Transport(other.to_string()),
    }
}

impl OpenAiModel {
    async fn stream(
        &self,
        body: Value,
        turn: usize,
        on_text: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<ModelReply, ModelError> {
        let mut stream = self
            .client
            .chat()
            .create_stream_byot::<Value, Value>(body)
            .await
            .map_err(transport)?;
        let mut acc = StreamAccumulator::new(turn);
        let mut shown = ScrubbedText::new(&self.secrets, on_text);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(transport)?;
            let text = acc.push(&chunk)?;
            shown.push(&text);
        }
        shown.finish();
        acc.finish()
    }
}

/// Streamed text as it reaches the screen, scrubbed. Only what could be
/// the start of a secret is held back: a trailing run of key characters
/// (`sk-pr…`, with a `Bearer ` before it) or the start of a literal
/// secret. Everything else, Japanese text without spaces included, is
/// shown as it arrives.
struct ScrubbedText<'a> {
    secrets: &'a [String],
    sink: &'a (dyn Fn(&str) + Send + Sync),
    pending: String,
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

impl<'a> ScrubbedText<'a> {
    fn new(secrets: &'a [String], sink: &'a (dyn Fn(&str) + Send + Sync)) -> Self {
        ScrubbedText {
            secrets,
            sink,
            pending: String::new(),
        }
    }

    /// Where the part of `pending` that may still grow into a secret
    /// begins (a char boundary).
    fn held_from(&self) -> usize {
        let text = self.pending.as_str();
        let mut at = text
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_key_char(*c))
            .last()
            .map_or(text.len(), |(i, _)| i);
        if text[..at].ends_with("Bearer ") {
            at -= "Bearer ".len();
        }
        // The longest tail that begins a literal secret.
        for (i, _) in text.char_indices() {
            if i >= at {
                break;
            }
            let tail = &text[i..];
            if self
                .secrets
                .iter()
                .any(|s| s.len() > tail.len() && s.starts_with(tail))
            {
                at = i;
                break;
            }
        }
        at
    }

    fn push(&mut self, text: &str) {
        self.pending.push_str(text);
        let at = self.held_from();
        if at > 0 {
            let rest = self.pending.split_off(at);
            let ready = std::mem::replace(&mut self.pending, rest);
            (self.sink)(&crate::cassette::redact_text(&ready, self.secrets));
        }
    }

    fn finish(mut self) {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            (self.sink)(&crate::cassette::redact_text(&last, self.secrets));
        }
    }
}

fn scrub_reply(mut reply: ModelReply, secrets: &[String]) -> ModelReply {
    let scrub = |t: &str| crate::cassette::redact_text(t, secrets);
    reply.content = reply.content.as_deref().map(scrub);
    for c in &mut reply.tool_calls {
        c.arguments = scrub(&c.arguments);
        c.name = scrub(&c.name);
    }
    reply
}

fn scrub_error(e: ModelError, secrets: &[String]) -> ModelError {
    let scrub = |t: String| crate::cassette::redact_text(&t, secrets);
    match e {
        ModelError::Transport(m) => ModelError::Transport(scrub(m)),
        ModelError::Malformed(m) => ModelError::Malformed(scrub(m)),
        ModelError::Declined(m) => ModelError::Declined(scrub(m)),
    }
}

impl Model for OpenAiModel {
    fn name(&self) -> String {
        self.model.clone()
    }

    fn reads_feedback(&self) -> bool {
        self.reads_feedback
    }

    fn complete<'a>(
        &'a self,
        request: &'a ModelRequest,
        on_text: &'a (dyn Fn(&str) + Send + Sync),
    ) -> ModelFuture<'a> {
        let body = wire_request(&self.model, request);
        let turn = request.messages.len();
        let fut: Pin<Box<dyn Future<Output = Result<ModelReply, ModelError>> + Send + 'a>> =
            Box::pin(async move {
                let reply = if request.stream {
                    self.stream(body, turn, on_text).await
                } else {
                    match self.client.chat().create_byot(body).await {
                        Ok(v) => parse_reply(&v, turn),
                        Err(e) => Err(transport(e)),
                    }
                };
                // What the endpoint sent is scrubbed whole, never chunk by
                // chunk: a key split across two chunks is whole here.
                match reply {
                    Ok(reply) => Ok(scrub_reply(reply, &self.secrets)),
                    Err(e) => Err(scrub_error(e, &self.secrets)),
                }
            });
        fut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_text_shows_at_once_and_holds_only_what_may_be_a_key() {
        let key = "sk-proj-FAKEfake1234567890".to_string();
        let shown = std::sync::Mutex::new(Vec::<String>::new());
        let sink = |t: &str| shown.lock().unwrap().push(t.to_string());
        let secrets = [key.clone(), "local key!".to_string()];
        let mut text = ScrubbedText::new(&secrets, &sink);
        text.push("日本語の回答です。");
        assert_eq!(
            shown.lock().unwrap().last().unwrap(),
            "日本語の回答です。",
            "no space needed"
        );
        text.push("鍵は sk-pr");
        text.push("oj-FAKEfake1234567890。Bearer abcdefgh");
        text.push("ijkl の local ");
        text.push("key! 終わり");
        text.finish();
        let all = shown.lock().unwrap().concat();
        assert!(
            !all.contains("FAKEfake")
                && !all.contains("abcdefghijkl")
                && !all.contains("local key!"),
            "{all}"
        );
        assert!(
            all.starts_with("日本語の回答です。鍵は ") && all.ends_with(" 終わり"),
            "{all}"
        );
    }

    #[test]
    fn stand_in_ids_differ_between_turns_and_calls() {
        let empty = json!({"choices": [{"message": {"content": null, "tool_calls": [
            {"id": "", "type": "function", "function": {"name": "a", "arguments": "{}"}},
            {"type": "function", "function": {"name": "b", "arguments": "{}"}}]}}]});
        let plan = parse_reply(&empty, 2).unwrap();
        let later = parse_reply(&empty, 5).unwrap();
        let ids: Vec<String> = plan
            .tool_calls
            .iter()
            .chain(&later.tool_calls)
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(ids, ["call_2_0", "call_2_1", "call_5_0", "call_5_1"]);
    }
}
