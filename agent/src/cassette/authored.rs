//! A service answering with authored responses in order: how cassettes
//! for behaviour no offline model shows (a re-plan after feedback,
//! parallel calls, a corrected call) are made. The runtime's requests are
//! still real; only the answers are written by hand.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::RecordedResponse;
use super::answer::Answer;

#[derive(Clone)]
pub struct Authored {
    replies: Arc<Mutex<VecDeque<RecordedResponse>>>,
}

impl Authored {
    pub fn new(replies: Vec<RecordedResponse>) -> Authored {
        Authored {
            replies: Arc::new(Mutex::new(replies.into())),
        }
    }

    /// A non-streamed completion with one or more tool calls.
    pub fn calls(calls: &[(&str, &str, &str)]) -> RecordedResponse {
        let tool_calls: Vec<Value> = calls.iter().map(|(id, name, args)| json!({"id": id, "type": "function", "function": {"name": name, "arguments": args}})).collect();
        RecordedResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Some(
                json!({"id": "chatcmpl-authored", "object": "chat.completion", "created": 0, "model": "gpt-4.1-mini",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": tool_calls}, "finish_reason": "tool_calls"}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}),
            ),
            sse: None,
        }
    }

    /// A streamed turn with tool calls, each call's arguments split over two chunks.
    pub fn streamed_calls(calls: &[(&str, &str, &str)]) -> RecordedResponse {
        let chunk = |delta: Value, finish: Value| {
            json!({"id": "chatcmpl-authored", "object": "chat.completion.chunk", "created": 0, "model": "gpt-4.1-mini", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}).to_string()
        };
        let mut lines = vec![chunk(
            json!({"role": "assistant", "content": null}),
            Value::Null,
        )];
        for (i, (id, name, args)) in calls.iter().enumerate() {
            let mid = args.len() / 2;
            let cut = (0..=mid)
                .rev()
                .find(|&k| args.is_char_boundary(k))
                .unwrap_or(0);
            lines.push(chunk(json!({"tool_calls": [{"index": i, "id": id, "type": "function", "function": {"name": name, "arguments": &args[..cut]}}]}), Value::Null));
            lines.push(chunk(
                json!({"tool_calls": [{"index": i, "function": {"arguments": &args[cut..]}}]}),
                Value::Null,
            ));
        }
        lines.push(chunk(json!({}), json!("tool_calls")));
        lines.push("[DONE]".to_string());
        RecordedResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: None,
            sse: Some(lines),
        }
    }

    /// A streamed text answer.
    pub fn streamed_text(text: &str) -> RecordedResponse {
        let chunk = |delta: Value, finish: Value| {
            json!({"id": "chatcmpl-authored", "object": "chat.completion.chunk", "created": 0, "model": "gpt-4.1-mini", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}).to_string()
        };
        let mut lines = vec![chunk(
            json!({"role": "assistant", "content": ""}),
            Value::Null,
        )];
        for line in text.split_inclusive('\n') {
            lines.push(chunk(json!({"content": line}), Value::Null));
        }
        lines.push(chunk(json!({}), json!("stop")));
        lines.push(json!({"id": "chatcmpl-authored", "object": "chat.completion.chunk", "created": 0, "model": "gpt-4.1-mini", "choices": [], "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}}).to_string());
        lines.push("[DONE]".to_string());
        RecordedResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: None,
            sse: Some(lines),
        }
    }
}

impl Answer for Authored {
    fn answer(
        &self,
        _method: &str,
        _path: &str,
        _body: &Value,
    ) -> Result<RecordedResponse, String> {
        self.replies
            .lock()
            .ok()
            .and_then(|mut r| r.pop_front())
            .ok_or_else(|| "the authored responses ran out".to_string())
    }
}
