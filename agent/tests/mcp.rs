#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer mcp` against raw JSON-RPC for every handshake protocol version
//! rmcp supports, and against the official MCP Python SDK.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rmcp::model::ProtocolVersion;
use serde_json::{Value, json};

const STEER: &str = env!("CARGO_BIN_EXE_steer");

#[test]
fn every_handshake_version_lists_and_calls_tools() {
    let versions: Vec<String> = ProtocolVersion::KNOWN_VERSIONS
        .iter()
        .filter(|v| v.has_initialize())
        .map(|v| v.to_string())
        .collect();
    assert!(versions.len() >= 4, "{versions:?}");
    for version in versions {
        let mut messages = common::initialize(&version);
        messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
        messages.push(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "deal_lookup", "arguments": {"party": "MSFT"}}}));
        messages.push(json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "revenue_projection", "arguments": {"horizon_years": 80}}}));
        messages.push(json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "deal_lokup", "arguments": {}}}));
        let r = common::mcp_exchange(STEER, &["mcp".to_string()], &messages);
        assert_eq!(r.len(), 5, "{version}: {r:?}");
        assert_eq!(r[0]["result"]["protocolVersion"], version.as_str());
        let tools = r[1]["result"]["tools"].as_array().unwrap();
        let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "deal_lookup",
                "revenue_projection",
                "statement_comparison",
                "research",
                "research_resume",
                "ingest",
                "ingest_resume"
            ]
        );
        // The planned run writes session logs: not read-only.
        for t in &tools[3..] {
            assert_eq!(t["annotations"]["readOnlyHint"], false);
            assert!(
                t["description"].as_str().unwrap().contains("never answer")
                    || t["description"].as_str().unwrap().contains("Never answer"),
                "{t}"
            );
        }
        for t in &tools[..3] {
            assert_eq!(
                t["inputSchema"]["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            assert_eq!(t["outputSchema"]["type"], "object");
            assert_eq!(t["annotations"]["readOnlyHint"], true);
            assert_eq!(t["annotations"]["destructiveHint"], false);
            assert_eq!(t["annotations"]["openWorldHint"], false);
        }
        assert_eq!(
            r[2]["result"]["structuredContent"]["party"]["name"], "Microsoft",
            "{version}"
        );
        assert_eq!(r[2]["result"]["isError"], false);
        assert_eq!(
            r[3]["result"]["isError"], true,
            "bad arguments are a tool result, not a protocol error"
        );
        let text = r[3]["result"]["content"][0]["text"].as_str().unwrap();
        assert!(
            text.contains("`horizon_years` must be 1..=30, got 80")
                && text.contains("missing required field `scenarios`"),
            "{text}"
        );
        assert_eq!(r[4]["result"]["isError"], true);
        assert!(
            r[4]["result"]["content"][0]["text"]
                .as_str()
                .unwrap()
                .contains("did you mean `deal_lookup`")
        );
    }
}

#[test]
fn data_flag_applies_to_the_server() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "deal_lookup", "arguments": {"party": "Oracle"}}}));
    let args = vec![
        "--data".to_string(),
        dir.display().to_string(),
        "mcp".to_string(),
    ];
    let r = common::mcp_exchange(STEER, &args, &messages);
    assert_eq!(r[1]["result"]["structuredContent"]["party"]["id"], "oracle");
}

/// A Python with the pinned `mcp` package: `STEER_MCP_PYTHON` if set (CI
/// sets it after installing), else a virtualenv under the target directory,
/// created and filled from PyPI on first use.
fn python_with_mcp() -> PathBuf {
    if let Ok(p) = std::env::var("STEER_MCP_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mcp-venv");
    let python = venv.join("bin/python");
    let requirements =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client/requirements.txt");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import mcp"])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 is needed for the MCP interoperability test");
        assert!(
            status.success(),
            "python3 -m venv {} failed",
            venv.display()
        );
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "-r"])
            .arg(&requirements)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "pip install -r {} failed (the test needs PyPI or STEER_MCP_PYTHON)",
            requirements.display()
        );
    }
    python
}

#[test]
fn official_python_sdk_client() {
    let python = python_with_mcp();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client/client.py");
    let sessions = tempfile::tempdir().unwrap();
    let http = Replica::start(sessions.path(), &[]);
    let out = Command::new(&python)
        .arg(&script)
        .env("STEER_BIN", STEER)
        .env("STEER_MCP_URL", &http.url)
        .env(
            "STEER_REJECT_CASSETTE",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/cassettes/reject-replan.json"),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Python MCP client failed:\n{stdout}\n{stderr}"
    );
    for mode in ["legacy", "2026-07-28", "auto"] {
        assert!(
            stdout.contains(&format!("ok {mode} over stdio:")),
            "{stdout}"
        );
    }
    // Checkpoints through the host: form elicitation during the call, and
    // input-required results answered by retrying (with a tampered
    // requestState refused).
    for mode in ["legacy", "2026-07-28"] {
        assert!(
            stdout.contains(&format!("ok {mode} elicitation over stdio:")),
            "{stdout}"
        );
    }
    // Over HTTP: elicitation on a legacy MCP session, input-required for
    // 2026-07-28.
    for line in [
        "ok legacy over http:",
        "ok 2026-07-28 over http:",
        "ok 2026-07-28 elicitation over http:",
        "ok legacy elicitation over http:",
        "ok reject over stdio:",
    ] {
        assert!(stdout.contains(line), "{stdout}");
    }
}

/// Every malformed request with an id gets the JSON-RPC error the spec
/// names (with that id when it is usable), and the server keeps serving.
#[test]
fn every_malformed_request_is_answered_and_the_server_goes_on() {
    let mut lines: Vec<String> = common::initialize("2025-06-18")
        .iter()
        .map(|m| m.to_string())
        .collect();
    let huge = format!(
        r#"{{"jsonrpc":"2.0","id":12,"method":"tools/list","params":{{"x":"{}"}}}}"#,
        "a".repeat(20 * 1024 * 1024)
    );
    // (line, id of the reply, code, part of the message)
    let cases: Vec<(String, Value, i64, &str)> = vec![
        (r#"{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"deal_lookup","arguments":{"limit":1e309}}}"#.into(), Value::Null, -32700, "number out of range"),
        (r#"{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"\ud800","arguments":{}}}"#.into(), Value::Null, -32700, "hex escape"),
        (format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), Value::Null, -32700, "recursion limit"),
        (huge, Value::Null, -32600, "at most"),
        (r#"{"jsonrpc":"1.0","id":13,"method":"tools/list"}"#.into(), json!(13), -32600, "jsonrpc"),
        (r#"{"id":14,"method":"tools/list"}"#.into(), json!(14), -32600, "jsonrpc"),
        (r#"{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}"#.into(), Value::Null, -32600, "`id`"),
        (r#"{"jsonrpc":"2.0","id":15,"method":"tools/li"#.into(), Value::Null, -32700, "EOF"),
        (r#"{"jsonrpc":"2.0","id":16,"method":"tools/call"}"#.into(), json!(16), -32602, "`params`"),
        (r#"{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"deal_lookup","arguments":"x"}}"#.into(), json!(17), -32602, "`arguments`"),
        (r#"{"jsonrpc":"2.0","id":18,"method":"tools/call","params":{"name":3}}"#.into(), json!(18), -32602, "`name`"),
        (r#"{"jsonrpc":"2.0","id":19,"method":"ping","params":[]}"#.into(), json!(19), -32602, "ping"),
        (r#"[{"jsonrpc":"2.0","id":20,"method":"ping"}]"#.into(), Value::Null, -32600, "batch"),
    ];
    lines.extend(cases.iter().map(|c| c.0.clone()));
    lines.push(json!({"jsonrpc": "2.0", "id": 99, "method": "tools/list"}).to_string());
    let replies = common::mcp_exchange_lines(STEER, &["mcp".to_string()], &lines);
    for (line, id, code, part) in &cases {
        let found = replies.iter().any(|r| {
            r["id"] == *id
                && r["error"]["code"] == *code
                && r["error"]["message"].as_str().unwrap_or("").contains(part)
        });
        let shown: String = line.chars().take(80).collect();
        assert!(
            found,
            "no {code} reply with id {id} for {shown}: {replies:?}"
        );
    }
    let listed = replies
        .iter()
        .find(|r| r["id"] == 99)
        .expect("tools/list after them");
    assert_eq!(listed["result"]["tools"].as_array().unwrap().len(), 7);
    assert_eq!(
        replies.len(),
        cases.len() + 2,
        "one reply per request: {replies:?}"
    );
}

#[test]
fn a_japanese_statement_is_compared_over_mcp() {
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "statement_comparison", "arguments": {"statements": [{"speaker": "CFO", "organisation": "Acme", "date": "2025-04", "text": "政府の融資保証は求めていない"}]}}}));
    let r = common::mcp_exchange(STEER, &["mcp".to_string()], &messages);
    assert_eq!(r[1]["result"]["isError"], false, "{:?}", r[1]);
    let claim = &r[1]["result"]["structuredContent"]["statements"][0]["claims"][0];
    assert_eq!(claim["text"], "政府の融資保証は求めていない");
    assert_eq!(
        (claim["start"].as_u64(), claim["end"].as_u64()),
        (Some(0), Some(14)),
        "offsets count characters"
    );
}

/// A tool that panics: the call is an `isError` result naming the tool,
/// and the same connection goes on answering.
#[tokio::test]
async fn a_panicking_tool_is_an_error_result_and_the_server_goes_on() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    let toolbox = common::panicking_toolbox();
    let (client, server) = tokio::io::duplex(1 << 16);
    let (server_read, server_write) = tokio::io::split(server);
    let serving = tokio::spawn(steer::mcp::serve_on(toolbox, server_read, server_write));
    let (client_read, mut client_write) = tokio::io::split(client);
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "boom", "arguments": {}}}));
    messages.push(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}));
    for m in &messages {
        client_write
            .write_all(format!("{m}\n").as_bytes())
            .await
            .unwrap();
    }
    let mut replies = BufReader::new(client_read).lines();
    let mut by_id = std::collections::BTreeMap::new();
    while by_id.len() < 3 {
        let line = replies.next_line().await.unwrap().expect("a reply");
        let v: Value = serde_json::from_str(&line).unwrap();
        by_id.insert(v["id"].as_u64().unwrap(), v);
    }
    let failed = &by_id[&2]["result"];
    assert_eq!(failed["isError"], true);
    let text = failed["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("internal error in boom: a bug in a tool"),
        "{text}"
    );
    assert_eq!(by_id[&3]["result"]["tools"][0]["name"], "boom");
    client_write.shutdown().await.unwrap();
    serving.await.unwrap().unwrap();
}

/// A `steer mcp --http 127.0.0.1:0` process and the URL it serves.
struct Replica {
    child: std::process::Child,
    url: String,
}

impl Replica {
    fn start(sessions: &Path, env: &[(&str, &str)]) -> Replica {
        use std::io::BufRead;
        let mut cmd = common::steer();
        cmd.arg("--session-dir")
            .arg(sessions)
            .args(["mcp", "--http", "127.0.0.1:0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Replica { child, url }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn two_http_replicas_on_one_session_directory_serve_one_session() {
    let python = python_with_mcp();
    let sessions = tempfile::tempdir().unwrap();
    let (a, b) = (
        Replica::start(sessions.path(), &[]),
        Replica::start(sessions.path(), &[]),
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client/replicas.py");
    let out = Command::new(&python)
        .arg(&script)
        .env("STEER_MCP_A", &a.url)
        .env("STEER_MCP_B", &b.url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("ok replicas:"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn http_requires_the_token_and_refuses_open_remote_addresses() {
    use std::io::{Read, Write};
    let sessions = tempfile::tempdir().unwrap();
    let server = Replica::start(sessions.path(), &[("STEER_MCP_TOKEN", "s3cret-token")]);
    let authority = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp");
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).to_string();
    let post = |auth: &str| {
        let mut stream = std::net::TcpStream::connect(authority).unwrap();
        write!(
            stream,
            "POST /mcp HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-06-18\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    };
    assert!(post("").starts_with("HTTP/1.1 401"), "{}", post(""));
    assert!(post("Authorization: Bearer wrong-token-\r\n").starts_with("HTTP/1.1 401"));
    let ok = post("Authorization: Bearer s3cret-token\r\n");
    assert!(!ok.starts_with("HTTP/1.1 401"), "{ok}");
    // Reachable from other machines: only with --allow-remote and a token.
    let out = common::steer()
        .args(["mcp", "--http", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
    let out = common::steer()
        .args(["mcp", "--http", "0.0.0.0:0", "--allow-remote"])
        .env_remove("STEER_MCP_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("STEER_MCP_TOKEN"));
}

/// Bad arguments to the planned-run tools are a tool result that says
/// what was wrong, in the caller's words, before any session is started.
#[test]
fn bad_research_arguments_say_what_was_wrong() {
    let mut messages = common::initialize("2025-06-18");
    let calls = [
        json!({"name": "research", "arguments": {"request": "OpenAIの資金は足りるか", "budget": 3}}),
        json!({"name": "research", "arguments": {"request": "\u{3000}\u{3000}"}}),
        json!({"name": "research", "arguments": {"request": "エヌビディア😀", "checkpoints": "計画"}}),
        json!({"name": "research_resume", "arguments": {"decision": "approve"}}),
        json!({"name": "research_resume", "arguments": {"session": "不明", "decision": "choose"}}),
    ];
    for (i, params) in calls.iter().enumerate() {
        messages
            .push(json!({"jsonrpc": "2.0", "id": i + 2, "method": "tools/call", "params": params}));
    }
    let r = common::mcp_exchange(STEER, &["mcp".to_string()], &messages);
    let expected = [
        "invalid arguments for `research`: unknown field `budget`",
        "`request` is empty",
        "`checkpoints`: unknown checkpoint class `計画`",
        "invalid arguments for `research_resume`: missing required field `session`",
        "`choose` needs `option`",
    ];
    for (i, wanted) in expected.iter().enumerate() {
        let result = &r[i + 1]["result"];
        assert_eq!(result["isError"], true, "{result}");
        let text = result["content"][0]["text"].as_str().unwrap();
        assert!(text.contains(wanted), "call {}: {text}", i + 2);
    }
}

/// One `tools/call` of `name` on a fresh `steer mcp` over stdio.
fn call_once(sessions: &Path, name: &str, arguments: Value) -> Value {
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": name, "arguments": arguments}}));
    let args = vec![
        "--session-dir".to_string(),
        sessions.display().to_string(),
        "mcp".to_string(),
    ];
    let r = common::mcp_exchange(STEER, &args, &messages);
    r.iter()
        .find(|m| m["id"] == 2)
        .unwrap_or_else(|| panic!("no reply: {r:?}"))["result"]
        .clone()
}

#[test]
fn an_ingest_pauses_at_each_record_and_resumes_in_another_process() {
    let tmp = tempfile::tempdir().unwrap();
    let (sessions, data) = (tmp.path().join("sessions"), tmp.path().join("data"));
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ingest/weekly-en.md");
    let first = call_once(
        &sessions,
        "ingest",
        json!({"files": [doc.display().to_string()], "into": data.display().to_string()}),
    );
    let paused = &first["structuredContent"];
    assert_eq!(paused["status"], "paused", "{first}");
    assert_eq!(paused["record_number"], 1);
    let total = paused["of"].as_u64().unwrap();
    assert!(total >= 2, "{first}");
    let session = paused["session"].as_str().unwrap().to_string();
    let approved = paused["record"]["id"].as_str().unwrap().to_string();
    let written = || {
        std::fs::read_dir(&data)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .collect::<String>()
    };
    assert!(
        !written().contains(&approved),
        "nothing written before the answer"
    );

    // Another process takes the answer and stops at the next record.
    let second = call_once(
        &sessions,
        "ingest_resume",
        json!({"session": session, "answer": "approve"}),
    );
    let next = &second["structuredContent"];
    assert_eq!(next["status"], "paused", "{second}");
    assert_eq!(next["record_number"], 2);
    assert!(
        written().contains(&approved),
        "the approved record is written"
    );
    let skipped = next["record"]["id"].as_str().unwrap().to_string();

    // A malformed answer changes nothing.
    let bad = call_once(
        &sessions,
        "ingest_resume",
        json!({"session": session, "answer": "edit"}),
    );
    assert_eq!(bad["isError"], true, "{bad}");

    let third = call_once(
        &sessions,
        "ingest_resume",
        json!({"session": session, "answer": "reject"}),
    );
    assert_eq!(third["structuredContent"]["record_number"], 3, "{third}");
    let last = call_once(
        &sessions,
        "ingest_resume",
        json!({"session": session, "answer": "abort"}),
    );
    assert_eq!(last["structuredContent"]["status"], "aborted", "{last}");
    let dataset = written();
    assert!(dataset.contains(&approved) && !dataset.contains(&skipped));
    // The session is finished: no more answers.
    let after = call_once(
        &sessions,
        "ingest_resume",
        json!({"session": session, "answer": "approve"}),
    );
    assert_eq!(after["isError"], true, "{after}");
}
