//! A loopback OpenAI-compatible server for tests: answers each request
//! with the next scripted response and records what it received.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub enum Reply {
    Json {
        status: u16,
        headers: Vec<(String, String)>,
        body: Value,
    },
    /// Server-sent events; `done` adds the final `[DONE]`.
    Sse { chunks: Vec<Value>, done: bool },
    /// Holds the connection until `release()` is called, then sends the reply.
    Held(Box<Reply>),
}

#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

#[derive(Default)]
struct State {
    replies: VecDeque<Reply>,
    /// Sent whenever `replies` is empty: a model that never stops.
    endless: Option<Reply>,
    received: Vec<Received>,
    released: bool,
}

#[derive(Clone)]
pub struct Server {
    pub url: String,
    state: Arc<(Mutex<State>, Condvar)>,
}

impl Server {
    pub fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        let state = Arc::new((
            Mutex::new(State {
                replies: replies.into(),
                ..State::default()
            }),
            Condvar::new(),
        ));
        let shared = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                thread::spawn(move || handle(stream, &shared));
            }
        });
        Server { url, state }
    }

    /// A server that answers every request with `reply`, for ever.
    pub fn endless(reply: Reply) -> Server {
        let server = Server::start(Vec::new());
        server.state.0.lock().unwrap().endless = Some(reply);
        server
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.0.lock().unwrap().received.clone()
    }

    pub fn push(&self, reply: Reply) {
        self.state.0.lock().unwrap().replies.push_back(reply);
    }

    pub fn release(&self) {
        self.state.0.lock().unwrap().released = true;
        self.state.1.notify_all();
    }

    pub fn remaining(&self) -> usize {
        self.state.0.lock().unwrap().replies.len()
    }
}

fn handle(stream: TcpStream, state: &Arc<(Mutex<State>, Condvar)>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k.to_lowercase(), v.trim().to_string()));
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let reply = {
        let mut s = state.0.lock().unwrap();
        s.received.push(Received {
            path,
            headers,
            body,
        });
        s.replies.pop_front().or_else(|| s.endless.clone())
    };
    let mut reply = reply.unwrap_or(Reply::Json {
        status: 500,
        headers: Vec::new(),
        body: json!({"error": {"message": "the test server has no reply left", "type": "test"}}),
    });
    if let Reply::Held(inner) = reply {
        let (lock, cvar) = &**state;
        let mut s = lock.lock().unwrap();
        while !s.released {
            s = cvar.wait(s).unwrap();
        }
        reply = *inner;
    }
    let mut out = stream;
    match reply {
        Reply::Json {
            status,
            headers,
            body,
        } => {
            let text = body.to_string();
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                text.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            let _ = out.write_all(format!("{head}\r\n{text}").as_bytes());
        }
        Reply::Sse { chunks, done } => {
            let mut text = String::new();
            for c in chunks {
                text.push_str(&format!("data: {c}\n\n"));
            }
            if done {
                text.push_str("data: [DONE]\n\n");
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                text.len()
            );
            let _ = out.write_all(format!("{head}{text}").as_bytes());
        }
        Reply::Held(_) => {}
    }
}

/// A non-streamed completion calling one function.
pub fn tool_call(id: &str, name: &str, arguments: &str) -> Reply {
    Reply::Json {
        status: 200,
        headers: Vec::new(),
        body: json!({
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                "tool_calls": [{"id": id, "type": "function", "function": {"name": name, "arguments": arguments}}]}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
        }),
    }
}

/// A non-streamed text completion (no function call), with usage.
pub fn text(content: &str) -> Reply {
    Reply::Json {
        status: 200,
        headers: Vec::new(),
        body: json!({
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
        }),
    }
}

/// A streamed text answer, split into chunks of a few words, with a usage chunk.
pub fn streamed_text(text: &str) -> Reply {
    let mut chunks = vec![
        json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]}),
    ];
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    for piece in words.chunks(4) {
        chunks.push(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [{"index": 0, "delta": {"content": piece.concat()}, "finish_reason": null}]}));
    }
    chunks.push(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}));
    chunks.push(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [], "usage": {"prompt_tokens": 300, "completion_tokens": 40, "total_tokens": 340}}));
    Reply::Sse { chunks, done: true }
}

pub fn status(code: u16, headers: &[(&str, &str)]) -> Reply {
    Reply::Json {
        status: code,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: json!({"error": {"message": format!("status {code} from the test server"), "type": "test"}}),
    }
}
