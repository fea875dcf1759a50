//! Cassettes: recorded model exchanges in OpenAI wire format, replayed
//! below async-openai so its real serialisation and SSE parsing run in
//! every replay.
//!
//! A cassette is pretty-printed JSON: a comment saying how it was made and
//! the interactions in order, each a request (method, path, body) and a
//! response (status, kept headers, and a JSON body or the SSE data lines).

mod answer;
mod authored;
mod record;
mod replay;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::files::{FileError, failed};

pub use answer::{Answer, Answering, request_body, to_http};
pub use authored::Authored;
pub use record::Recorder;
pub use replay::Replayer;
pub use replay::diff;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cassette {
    /// How the cassette was made (recorded from where, or authored how).
    pub comment: String,
    pub interactions: Vec<Interaction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub request: RecordedRequest,
    pub response: RecordedResponse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The path after the endpoint's base (`/chat/completions`).
    pub path: String,
    pub body: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    pub status: u16,
    /// Only headers worth keeping (content type, retry-after); never
    /// credentials or cookies.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// A JSON body, or absent for a stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The `data:` payloads of an SSE stream, in order (`[DONE]` included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sse: Option<Vec<String>>,
}

/// Headers a cassette keeps.
pub const KEPT_HEADERS: &[&str] = &["content-type", "retry-after"];

/// A cassette that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CassetteError {
    #[error(transparent)]
    File(#[from] FileError),
    /// Over the cap on cassettes, or not a regular file.
    #[error(transparent)]
    Input(#[from] steer_tools::input::InputError),
    #[error("{}: not a cassette: {source}", path.display())]
    NotACassette {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot encode the cassette: {0}")]
    Encode(#[source] serde_json::Error),
}

impl Cassette {
    pub fn load(path: &Path) -> Result<Cassette, CassetteError> {
        let text =
            steer_tools::input::read_to_string(path, steer_tools::input::InputKind::Cassette)?;
        serde_json::from_str(&text).map_err(|source| CassetteError::NotACassette {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Writes the cassette atomically (a temporary file, then a rename).
    pub fn save(&self, path: &Path) -> Result<(), CassetteError> {
        let text = serde_json::to_string_pretty(self).map_err(CassetteError::Encode)? + "\n";
        let tmp = path.with_extension("json.partial");
        std::fs::write(&tmp, text).map_err(failed("write", &tmp))?;
        std::fs::rename(&tmp, path).map_err(failed("write", path))?;
        Ok(())
    }
}

/// The request path relative to the endpoint: what follows `/v1` or the
/// last path segment group, so recordings do not depend on the host.
pub fn relative_path(url: &reqwest::Url) -> String {
    let path = url.path();
    match path.rfind("/chat/") {
        Some(i) => path[i..].to_string(),
        None => path.to_string(),
    }
}

/// Replaces secrets in a JSON value before it touches the disk: API keys
/// (`sk-...`), organisation and project ids, bearer tokens, and any
/// literal secret given.
pub fn redact(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) => *s = redact_text(s, secrets),
        Value::Array(a) => a.iter_mut().for_each(|v| redact(v, secrets)),
        Value::Object(m) => m.values_mut().for_each(|v| redact(v, secrets)),
        _ => {}
    }
}

/// The markers of what [`redact`] removes: `false` means there is
/// nothing to scrub in `text`.
pub fn may_hold_secret(text: &str, secrets: &[String]) -> bool {
    ["sk-", "org-", "proj_", "Bearer "]
        .iter()
        .any(|p| text.contains(p))
        || secrets
            .iter()
            .any(|s| s.len() >= 6 && text.contains(s.as_str()))
}

pub fn redact_text(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 6) {
        out = out.replace(s.as_str(), "REDACTED");
    }
    for prefix in ["sk-", "org-", "proj_", "Bearer "] {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(prefix) {
            let before_ok = rest[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            let token_len = rest[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .count();
            result.push_str(&rest[..i]);
            if before_ok && token_len >= 8 {
                result.push_str(prefix);
                result.push_str("REDACTED");
            } else {
                result.push_str(&rest[i..i + prefix.len() + token_len]);
            }
            rest = &rest[i + prefix.len() + token_len..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// Scrubs recorded SSE events (`data:` payloads) as the reader would see
/// them reassembled: the answer text and each tool call's arguments are
/// joined across chunks and scrubbed whole, so a key split over two chunks
/// is caught. When something is scrubbed, the whole scrubbed text goes in
/// the first chunk that carried a piece of it and the other pieces become
/// empty, so a replay reassembles exactly the scrubbed text.
pub fn redact_stream(lines: &[String], secrets: &[String]) -> Vec<String> {
    let mut chunks: Vec<Option<Value>> = lines
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .ok()
                .filter(Value::is_object)
        })
        .collect();
    // Each piece: the chunk it is in and the JSON pointer of its text.
    let mut pieces: std::collections::BTreeMap<String, Vec<(usize, String)>> = Default::default();
    for (i, chunk) in chunks.iter().enumerate() {
        let Some(chunk) = chunk else { continue };
        let Some(choices) = chunk.get("choices").and_then(Value::as_array) else {
            continue;
        };
        for (c, choice) in choices.iter().enumerate() {
            let base = format!("/choices/{c}/delta");
            let Some(delta) = choice.get("delta") else {
                continue;
            };
            if delta.get("content").is_some_and(Value::is_string) {
                pieces
                    .entry(format!("content {c}"))
                    .or_default()
                    .push((i, format!("{base}/content")));
            }
            for (k, call) in delta
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let index = call
                    .get("index")
                    .and_then(Value::as_u64)
                    .unwrap_or(k as u64);
                if call
                    .pointer("/function/arguments")
                    .is_some_and(Value::is_string)
                {
                    pieces
                        .entry(format!("call {c} {index}"))
                        .or_default()
                        .push((i, format!("{base}/tool_calls/{k}/function/arguments")));
                }
            }
        }
    }
    for parts in pieces.values() {
        let whole: String = parts
            .iter()
            .filter_map(|(i, ptr)| {
                chunks[*i]
                    .as_ref()?
                    .pointer(ptr)?
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        let scrubbed = redact_text(&whole, secrets);
        if scrubbed == whole {
            continue;
        }
        for (n, (i, ptr)) in parts.iter().enumerate() {
            if let Some(slot) = chunks[*i].as_mut().and_then(|c| c.pointer_mut(ptr)) {
                *slot = Value::String(if n == 0 {
                    scrubbed.clone()
                } else {
                    String::new()
                });
            }
        }
    }
    lines
        .iter()
        .zip(chunks)
        .map(|(line, chunk)| {
            let text = chunk.map_or_else(|| line.clone(), |c| c.to_string());
            redact_text(&text, secrets)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_split_across_chunks_is_scrubbed_whole() {
        let key = "sk-proj-FAKEKEYabcdefgh123456".to_string();
        let lines = vec![
            r#"{"choices":[{"index":0,"delta":{"content":"the key sk-pr"}}]}"#.to_string(),
            r#"{"choices":[{"index":0,"delta":{"content":"oj-FAKEKEYabcdefgh123456 ok"}}]}"#.to_string(),
            serde_json::json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":\"sk-pr"}}]}}]}).to_string(),
            serde_json::json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"oj-FAKEKEYabcdefgh123456\"}"}}]}}]}).to_string(),
            "[DONE]".to_string(),
        ];
        let out = redact_stream(&lines, std::slice::from_ref(&key));
        let joined = out.join("\n");
        assert!(
            !joined.contains("FAKEKEY") && !joined.contains("oj-"),
            "{joined}"
        );
        let content: String = out[..2]
            .iter()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["choices"][0]["delta"]["content"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(content, "the key REDACTED ok");
        assert_eq!(out[4], "[DONE]");
    }

    #[test]
    fn secrets_are_redacted() {
        let text =
            "key sk-abcdEFGH1234_xyz org-ABCDEFGH123 proj_12345678ab Bearer tokentoken12 task-list";
        let out = redact_text(text, &["mysecretvalue".to_string()]);
        assert_eq!(
            out,
            "key sk-REDACTED org-REDACTED proj_REDACTED Bearer REDACTED task-list"
        );
        assert_eq!(
            redact_text("a mysecretvalue b", &["mysecretvalue".to_string()]),
            "a REDACTED b"
        );
    }
}
