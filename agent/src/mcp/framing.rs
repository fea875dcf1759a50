//! The JSON-RPC framing in front of rmcp: every line the client sends is
//! checked here first, and every request with an id that the server could
//! not handle gets the error the JSON-RPC 2.0 spec names for it. rmcp's
//! transport drops a line it cannot decode without a reply, which leaves a
//! host agent waiting forever; here such lines never reach it.

use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// The longest message accepted, in bytes. rmcp drops longer lines (16 MiB)
/// silently; this limit is below it so a too-long line is always answered.
pub const MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const INVALID_PARAMS: i64 = -32602;

/// One line read from the client.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A complete line (without its newline).
    Line(Vec<u8>),
    /// A line longer than [`MAX_MESSAGE_BYTES`], dropped as it was read.
    TooLong(usize),
    Eof,
}

/// Reads one line without ever holding more than [`MAX_MESSAGE_BYTES`] of
/// it. A last line without a newline is still a line.
pub async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Frame> {
    let mut line = Vec::new();
    let mut seen = 0usize;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(match (seen, line.is_empty()) {
                (0, _) => Frame::Eof,
                (n, _) if n > MAX_MESSAGE_BYTES => Frame::TooLong(n),
                _ => Frame::Line(line),
            });
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let take = newline.map_or(available.len(), |i| i + 1);
        let body = newline.map_or(available.len(), |i| i);
        if seen + body <= MAX_MESSAGE_BYTES {
            line.extend_from_slice(&available[..body]);
        } else {
            line = Vec::new();
        }
        seen += body;
        reader.consume(take);
        if newline.is_some() {
            return Ok(if seen > MAX_MESSAGE_BYTES {
                Frame::TooLong(seen)
            } else {
                Frame::Line(line)
            });
        }
    }
}

/// What to do with one line.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Hand it to the MCP server: the text, and the message as parsed
    /// (so a caller reading a field does not parse it again).
    Forward(String, Value),
    /// Answer it with this error response; the server never sees it.
    Reply(Value),
    /// Nothing to do (a blank line, or a bad notification: notifications
    /// are never answered).
    Ignore,
}

fn error(id: Value, code: i64, message: impl Into<String>) -> Verdict {
    Verdict::Reply(json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message.into()},
    }))
}

/// Checks one line of the client's stream.
pub fn check(line: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(line) else {
        return error(
            Value::Null,
            PARSE_ERROR,
            "Parse error: the message is not valid UTF-8",
        );
    };
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Verdict::Ignore;
    }
    // serde_json refuses what the server could not represent faithfully:
    // a number beyond f64, a lone surrogate, nesting deeper than 128.
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return error(Value::Null, PARSE_ERROR, format!("Parse error: {e}")),
    };
    let Value::Object(message) = value else {
        let what = if value.is_array() {
            "a batch (array) of messages is not supported; send one message per line"
        } else {
            "a message must be a JSON object"
        };
        return error(
            Value::Null,
            INVALID_REQUEST,
            format!("Invalid Request: {what}"),
        );
    };
    // The id decides whom to answer: a string or an integer is usable.
    let id = message.get("id");
    let usable_id = match id {
        Some(Value::String(_)) => id.cloned(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => id.cloned(),
        _ => None,
    };
    let invalid = |why: &str| {
        error(
            usable_id.clone().unwrap_or(Value::Null),
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        )
    };
    let is_response = message.contains_key("result") || message.contains_key("error");
    let method = message.get("method");
    if id.is_none() && method.is_some() && !is_response {
        // A notification: never answered, even when malformed; only a
        // well-formed one reaches the server (one rmcp cannot decode it
        // would answer with an error that has no id).
        let ok = message.get("jsonrpc") == Some(&json!("2.0"))
            && method.is_some_and(Value::is_string)
            && decodes(text);
        return if ok {
            Verdict::Forward(text.to_string(), Value::Object(message))
        } else {
            Verdict::Ignore
        };
    }
    if message.get("jsonrpc") != Some(&json!("2.0")) {
        return invalid("`jsonrpc` must be \"2.0\"");
    }
    match id {
        None if !is_response => return invalid("a request needs an `id` (a string or an integer)"),
        Some(_) if usable_id.is_none() => {
            return invalid("`id` must be a string or an integer");
        }
        Some(Value::Number(n)) if !n.is_i64() => {
            return invalid("`id` must fit in a signed 64-bit integer");
        }
        _ => {}
    }
    if is_response {
        // A response to the server is never answered either.
        return if decodes(text) {
            Verdict::Forward(text.to_string(), Value::Object(message))
        } else {
            Verdict::Ignore
        };
    }
    let Some(Value::String(method)) = method else {
        return invalid("`method` must be a string");
    };
    let params = message.get("params");
    if let Some(p) = params
        && !(p.is_object() || p.is_array() || p.is_null())
    {
        return error(
            usable_id.unwrap_or(Value::Null),
            INVALID_PARAMS,
            "Invalid params: `params` must be an object",
        );
    }
    let id = usable_id.unwrap_or(Value::Null);
    if method == "tools/call"
        && let Some(why) = tools_call_problem(params)
    {
        return error(
            id,
            INVALID_PARAMS,
            format!("Invalid params for tools/call: {why}"),
        );
    }
    // What rmcp cannot decode into a typed request it answers without an
    // id; the envelope is sound by now, so the params are at fault.
    if let Err(e) = serde_json::from_str::<rmcp::model::ClientJsonRpcMessage>(text) {
        return error(
            id,
            INVALID_PARAMS,
            format!("Invalid params for {method}: {e}"),
        );
    }
    Verdict::Forward(text.to_string(), Value::Object(message))
}

/// Whether rmcp can decode `text` as a client message.
fn decodes(text: &str) -> bool {
    serde_json::from_str::<rmcp::model::ClientJsonRpcMessage>(text).is_ok()
}

/// What is wrong with the params of a `tools/call`, if anything.
fn tools_call_problem(params: Option<&Value>) -> Option<&'static str> {
    let Some(Value::Object(params)) = params else {
        return Some("`params` must be an object with `name` and `arguments`");
    };
    match params.get("name") {
        Some(Value::String(_)) => {}
        None => return Some("`name` (the tool to call) is missing"),
        Some(_) => return Some("`name` must be a string"),
    }
    match params.get("arguments") {
        None | Some(Value::Null) | Some(Value::Object(_)) => None,
        Some(_) => Some("`arguments` must be an object"),
    }
}

/// The reply to a line too long to read.
pub fn too_long(bytes: usize) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": INVALID_REQUEST,
            "message": format!("Invalid Request: the message is {bytes} bytes; at most {MAX_MESSAGE_BYTES} are accepted"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(line: &str) -> (Value, i64) {
        match check(line.as_bytes()) {
            Verdict::Reply(v) => (v["id"].clone(), v["error"]["code"].as_i64().unwrap_or(0)),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn each_bad_message_gets_the_error_the_spec_names() {
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":1e999}}"#),
            (Value::Null, PARSE_ERROR)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"method":"\ud800"}"#),
            (Value::Null, PARSE_ERROR)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"#),
            (Value::Null, PARSE_ERROR)
        );
        assert!(
            matches!(check(b"{\"id\":1,\xff}"), Verdict::Reply(v) if v["error"]["code"] == PARSE_ERROR)
        );
        assert_eq!(
            code(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))),
            (Value::Null, PARSE_ERROR)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"1.0","id":7,"method":"ping"}"#),
            (json!(7), INVALID_REQUEST)
        );
        assert_eq!(
            code(r#"{"id":"a","method":"ping"}"#),
            (json!("a"), INVALID_REQUEST)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#),
            (Value::Null, INVALID_REQUEST)
        );
        assert_eq!(
            code(r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#),
            (Value::Null, INVALID_REQUEST)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":3,"method":"tools/call"}"#),
            (json!(3), INVALID_PARAMS)
        );
        assert_eq!(
            code(
                r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"deal_lookup","arguments":[1]}}"#
            ),
            (json!(3), INVALID_PARAMS)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":5}}"#),
            (json!(3), INVALID_PARAMS)
        );
    }

    #[test]
    fn good_messages_and_notifications_pass() {
        assert!(matches!(
            check(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#),
            Verdict::Forward(..)
        ));
        assert!(matches!(
            check(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            Verdict::Forward(..)
        ));
        assert_eq!(
            check(br#"{"jsonrpc":"1.0","method":"notifications/x"}"#),
            Verdict::Ignore
        );
        assert_eq!(check(b"   "), Verdict::Ignore);
        // Malformed notifications and responses are dropped unanswered.
        for quiet in [
            r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":5}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":5,"error":{"code":1}}"#,
        ] {
            assert_eq!(check(quiet.as_bytes()), Verdict::Ignore, "{quiet}");
        }
    }

    proptest::proptest! {
        #![proptest_config(steer_tools::testing::config())]

        /// Any line, JSON or not, is forwarded, ignored or answered with
        /// an error whose id is null or one the client could have sent.
        #[test]
        fn any_line_gets_a_verdict(text in steer_tools::testing::text(), id in proptest::prelude::any::<i64>()) {
            let lines = [
                text.clone(),
                json!({"jsonrpc": "2.0", "id": id, "method": text, "params": {}}).to_string(),
                json!({"jsonrpc": "2.0", "id": text, "method": "tools/call", "params": {"name": text, "arguments": text}}).to_string(),
            ];
            for line in lines {
                if let Verdict::Reply(v) = check(line.as_bytes()) {
                    proptest::prop_assert!(v["id"].is_null() || v["id"].is_i64() || v["id"].is_string());
                    proptest::prop_assert!(v["error"]["code"].is_i64());
                }
            }
        }
    }

    #[tokio::test]
    async fn a_long_line_is_dropped_as_it_is_read_and_the_next_one_read() {
        let mut input = vec![b'x'; MAX_MESSAGE_BYTES + 10];
        input.extend_from_slice(b"\n{}\n");
        let mut reader = tokio::io::BufReader::new(input.as_slice());
        assert_eq!(
            read_frame(&mut reader).await.unwrap(),
            Frame::TooLong(MAX_MESSAGE_BYTES + 10)
        );
        assert_eq!(
            read_frame(&mut reader).await.unwrap(),
            Frame::Line(b"{}".to_vec())
        );
        assert_eq!(read_frame(&mut reader).await.unwrap(), Frame::Eof);
    }
}
