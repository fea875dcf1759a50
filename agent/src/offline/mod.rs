//! The offline planner: the embedded default model, for a machine with no
//! API key and no endpoint. It speaks the OpenAI chat-completions wire
//! format from below async-openai (a tower service), so the runtime,
//! checkpoints, session log and replay treat it exactly like a model.
//!
//! It plans from what it recognises in the request (entities and aliases
//! from the dataset, intents, in English or Japanese) and writes its report
//! only from the tool results it is shown. A request it cannot plan gets a
//! refusal that lists what it did recognise, never a made-up plan.

mod cues;
mod intent;
mod names;
mod planner;
mod report;
pub mod retrieve;
mod understand;

use std::sync::Arc;

use serde_json::{Value, json};
use steer_tools::Dataset;

pub use names::{NotFound, unknown_names};
pub use planner::{Planned, Unplanned, plan};

use crate::cassette::{Answer, RecordedResponse};
use crate::run::prompt::{self, SUBMIT_PLAN};
pub use understand::{Form, Intent, Understanding, parts, understand};

/// The model name the offline planner answers to.
pub const MODEL: &str = "offline";

/// The error type its refusals carry (defined at the model seam, which
/// reads it).
pub use crate::model::DECLINED;

#[derive(Clone)]
pub struct OfflinePlanner {
    data: Arc<Dataset>,
    /// The dataset's records indexed for retrieval, built on first use and
    /// shared by the clones (a planner answers every turn of a session).
    index: Arc<std::sync::OnceLock<Result<retrieve::Index, String>>>,
}

impl OfflinePlanner {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self {
            data,
            index: Arc::default(),
        }
    }

    /// Answers one chat-completions request body: (status, body or SSE text).
    pub fn respond(&self, body: &Value) -> (u16, Response) {
        let all = body["messages"].as_array().cloned().unwrap_or_default();
        // A chat's earlier turns come first; this run starts at its request.
        let at = request_index(&all);
        let earlier: Vec<&str> = all[..at]
            .iter()
            .filter(|m| m["role"] == "user")
            .filter_map(|m| m["content"].as_str())
            .collect();
        let messages = &all[at..];
        let request = messages
            .first()
            .and_then(|m| m["content"].as_str())
            .unwrap_or("")
            .to_string();
        // The language the runtime's system prompt asks for, as a model
        // would read it.
        let lang = all
            .first()
            .filter(|m| m["role"] == "system")
            .and_then(|m| m["content"].as_str())
            .and_then(crate::run::report_language)
            .unwrap_or_default();
        let planning = body["tool_choice"]["function"]["name"] == SUBMIT_PLAN;
        let stream = body["stream"] == true;
        let mut parts = follow_up(parts(&request, &self.data), &earlier, &self.data);
        let unknown: Vec<String> = unknown_names(&request, &self.data)
            .iter()
            .map(ToString::to_string)
            .collect();
        let index = match self.index.get_or_init(|| retrieve::Index::new(&self.data)) {
            Ok(index) => index,
            Err(why) => return declined(why),
        };
        retrieve::refine(&mut parts, !unknown.is_empty(), index, &self.data);
        if planning {
            let all_user: String = messages
                .iter()
                .filter(|m| m["role"] == "user")
                .filter_map(|m| m["content"].as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if prompt::is_plan_rejection(&all_user) {
                return declined(
                    "the offline planner cannot act on feedback; edit the plan at the checkpoint instead, or configure a model with OPENAI_API_KEY or --base-url",
                );
            }
            if messages.iter().any(|m| m["role"] == "tool") {
                return declined(
                    "the offline planner's plan was refused by the runtime; configure a model with OPENAI_API_KEY or --base-url",
                );
            }
            return match plan(&request, &parts, &self.data, lang) {
                Ok(p) => (
                    200,
                    Response::Json(completion(planner::submit(&p.plan), "tool_calls")),
                ),
                Err(why) => declined(&why),
            };
        }
        // Review: the results are in the user messages the runtime wrote.
        let mut results: Vec<prompt::StepResult> = messages
            .iter()
            .filter(|m| m["role"] == "user")
            .filter_map(|m| m["content"].as_str())
            .flat_map(prompt::results_in)
            .collect();
        report::localize(&mut results, lang);
        // The parts it could not plan are named in the report; planning is
        // deterministic, so planning again finds the same ones.
        let unplanned = plan(&request, &parts, &self.data, lang)
            .map(|p| p.unplanned)
            .unwrap_or_default();
        let text = report::write(
            &report::Asked {
                lang,
                parts: &parts,
                unplanned: &unplanned,
                unknown: &unknown,
                data: &self.data,
            },
            &results,
        );
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

/// The index of this run's request: after the system prompt and the
/// chat's earlier turns (a request answered by assistant text).
fn request_index(messages: &[Value]) -> usize {
    let is_answer = |m: &Value| {
        m["role"] == "assistant"
            && m["content"].as_str().is_some_and(|c| !c.is_empty())
            && m["tool_calls"].as_array().is_none_or(Vec::is_empty)
    };
    let mut i = messages
        .iter()
        .take_while(|m| m["role"] == "system")
        .count();
    while i + 1 < messages.len() && messages[i]["role"] == "user" && is_answer(&messages[i + 1]) {
        i += 2;
    }
    i.min(messages.len())
}

/// Earlier requests shape this one only when it refers back: it names no
/// company (the earlier one is meant: "and the circular deals?"), or it
/// starts "and…"/"what about…" (the earlier question is meant for the
/// company it names). A request that names its own company is planned
/// fresh, whatever was asked before.
fn follow_up(
    mut parts: Vec<Understanding>,
    earlier: &[&str],
    data: &Dataset,
) -> Vec<Understanding> {
    let Some(u) = parts.first_mut() else {
        return parts;
    };
    // A request that names no company takes the earlier one only when
    // it points back to it (a pronoun, "and…", "what about…") or asks
    // something the planner knows with its subject left out ("and the
    // circular deals?"); anything else ("What is the weather in Tokyo?")
    // is planned on its own, or declined.
    let lower = u.text.to_lowercase();
    let refers = u.refers_back || cues::pronoun_at(&lower).is_some();
    // "How much does it invest in OpenAI?": a pronoun before the name is
    // the earlier company ("Can OpenAI fund its…": after it, the same).
    let named_at = u
        .entities
        .first()
        .and_then(|e| data.entity(e))
        .and_then(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .filter_map(|n| cues::find_word(&lower, &n.to_lowercase()))
                .min()
        });
    let pronoun_first = match (cues::pronoun_at(&lower), named_at) {
        (Some(p), Some(n)) => p < n,
        _ => false,
    };
    if pronoun_first
        && let Some(before) = earlier
            .iter()
            .rev()
            .map(|t| understand(t, data))
            .find(|b| !b.entities.is_empty())
        && let Some(subject) = before.entities.first()
        && !u.entities.contains(subject)
    {
        u.entities.insert(0, subject.clone());
    }
    let needs_company = u.entities.is_empty() && (refers || u.asks());
    let needs_question = !u.asks() && (needs_company || u.refers_back);
    if !needs_company && !needs_question {
        return parts;
    }
    for text in earlier.iter().rev() {
        let before = understand(text, data);
        if u.entities.is_empty() && !before.entities.is_empty() {
            u.entities = before.entities.clone();
            u.speakers = before.speakers.clone();
            if u.topic.is_none() {
                u.topic = before.topic.clone();
            }
        }
        if needs_question && !u.asks() && before.asks() {
            u.intents = before.intents.clone();
            u.metric = u.metric.or(before.metric);
            if u.topic.is_none() {
                u.topic = before.topic.clone();
            }
        }
        if !u.entities.is_empty() && (u.asks() || !needs_question) {
            break;
        }
    }
    // Later parts that named no company spoke of the first part's.
    let (first, rest) = parts.split_at_mut(1);
    for p in rest {
        if p.entities.is_empty() && !cues::names_something(&p.text) {
            p.entities = first[0].entities.clone();
            p.speakers = first[0].speakers.clone();
        }
    }
    parts
}

pub enum Response {
    Json(Value),
    /// The `data:` payloads of a stream.
    Sse(Vec<String>),
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

/// The report as the `data:` payloads of a stream, a line at a time, as a
/// model would send it.
fn sse(text: &str) -> Vec<String> {
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-offline", "object": "chat.completion.chunk", "created": 0, "model": MODEL, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}).to_string()
    };
    let mut out = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    out.extend(
        text.split_inclusive('\n')
            .map(|line| chunk(json!({"content": line}), Value::Null)),
    );
    out.push(chunk(json!({}), json!("stop")));
    out.push("[DONE]".to_string());
    out
}

impl Answer for OfflinePlanner {
    fn answer(&self, _method: &str, _path: &str, body: &Value) -> Result<RecordedResponse, String> {
        let (status, response) = self.respond(body);
        Ok(match response {
            Response::Json(v) => RecordedResponse {
                status,
                headers: vec![("content-type".to_string(), "application/json".to_string())],
                body: Some(v),
                sse: None,
            },
            Response::Sse(lines) => RecordedResponse {
                status,
                headers: vec![("content-type".to_string(), "text/event-stream".to_string())],
                body: None,
                sse: Some(lines),
            },
        })
    }
}
