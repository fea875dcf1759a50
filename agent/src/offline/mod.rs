//! The offline planner: the embedded default model, for a machine with no
//! API key and no endpoint. It speaks the OpenAI chat-completions wire
//! format from below async-openai (a tower service), so the runtime,
//! checkpoints, session log and replay treat it exactly like a model.
//!
//! It plans from what it recognises in the request (entities and aliases
//! from the dataset, intents, in English or Japanese) and writes its report
//! only from the tool results it is shown. A request it cannot plan gets a
//! refusal that lists what it did recognise, never a made-up plan.

mod planner;
mod report;
mod understand;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use serde_json::{Value, json};
use steer_tools::Dataset;

pub use planner::plan;
pub use understand::{Intent, Understanding, understand};

/// The model name the offline planner answers to.
pub const MODEL: &str = "offline";

/// The error type its refusals carry, so the runtime can show them plainly.
pub const DECLINED: &str = "offline_planner";

#[derive(Clone)]
pub struct OfflinePlanner {
    data: Arc<Dataset>,
}

impl OfflinePlanner {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    /// Answers one chat-completions request body: (status, body or SSE text).
    pub fn respond(&self, body: &Value) -> (u16, Response) {
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let request = messages
            .iter()
            .find(|m| m["role"] == "user")
            .and_then(|m| m["content"].as_str())
            .unwrap_or("")
            .to_string();
        let planning = body["tool_choice"]["function"]["name"] == "submit_plan";
        let stream = body["stream"] == true;
        if planning {
            let all_user: String = messages
                .iter()
                .filter(|m| m["role"] == "user")
                .filter_map(|m| m["content"].as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if all_user.contains("The user rejected plan") {
                return declined(
                    "the offline planner cannot act on feedback; edit the plan at the checkpoint instead, or configure a model with OPENAI_API_KEY or --base-url",
                );
            }
            if messages.iter().any(|m| m["role"] == "tool") {
                return declined(
                    "the offline planner's plan was refused by the runtime; configure a model with OPENAI_API_KEY or --base-url",
                );
            }
            let u = understand(&request, &self.data);
            return match plan(&request, &u, &self.data) {
                Ok(p) => {
                    let args = serde_json::to_string(&p).unwrap_or_default();
                    (
                        200,
                        Response::Json(completion(
                            json!({"role": "assistant", "content": null, "tool_calls": [{"id": "call_offline_plan", "type": "function", "function": {"name": "submit_plan", "arguments": args}}]}),
                            "tool_calls",
                        )),
                    )
                }
                Err(why) => declined(&why),
            };
        }
        // Review: the results are in the user messages the runtime wrote.
        let results: Vec<Value> = messages
            .iter()
            .filter(|m| m["role"] == "user")
            .filter_map(|m| m["content"].as_str())
            .flat_map(|t| t.lines())
            .filter(|l| l.starts_with('{'))
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v.get("step").is_some() && v.get("tool").is_some())
            .collect();
        let japanese = understand(&request, &self.data).japanese;
        let text = report::write(japanese, &results);
        if stream {
            (200, Response::Sse(sse(&text)))
        } else {
            (
                200,
                Response::Json(completion(
                    json!({"role": "assistant", "content": text}),
                    "stop",
                )),
            )
        }
    }
}

pub enum Response {
    Json(Value),
    Sse(String),
}

fn declined(message: &str) -> (u16, Response) {
    (
        422,
        Response::Json(
            json!({"error": {"message": message, "type": DECLINED, "param": null, "code": null}}),
        ),
    )
}

fn completion(message: Value, finish: &str) -> Value {
    json!({"id": "chatcmpl-offline", "object": "chat.completion", "created": 0, "model": MODEL,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}})
}

/// The report as a stream of chunks, a line at a time, as a model would send it.
fn sse(text: &str) -> String {
    let chunk = |delta: Value, finish: Value| json!({"id": "chatcmpl-offline", "object": "chat.completion.chunk", "created": 0, "model": MODEL, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    let mut out = format!(
        "data: {}\n\n",
        chunk(json!({"role": "assistant", "content": ""}), Value::Null)
    );
    for line in text.split_inclusive('\n') {
        out.push_str(&format!(
            "data: {}\n\n",
            chunk(json!({"content": line}), Value::Null)
        ));
    }
    out.push_str(&format!("data: {}\n\n", chunk(json!({}), json!("stop"))));
    out.push_str("data: [DONE]\n\n");
    out
}

impl tower::Service<HttpRequestFactory> for OfflinePlanner {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future =
        Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let planner = self.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let body: Value = request
                .body()
                .and_then(|b| b.as_bytes())
                .and_then(|bytes| serde_json::from_slice(bytes).ok())
                .unwrap_or(Value::Null);
            let (status, response) = planner.respond(&body);
            let (content_type, text) = match response {
                Response::Json(v) => ("application/json", v.to_string()),
                Response::Sse(s) => ("text/event-stream", s),
            };
            let http = http::Response::builder()
                .status(status)
                .header("content-type", content_type)
                .body(text)
                .map_err(|e| {
                    OpenAIError::InvalidArgument(format!("offline planner response: {e}"))
                })?;
            Ok(reqwest::Response::from(http))
        })
    }
}
