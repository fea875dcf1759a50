#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer mcp --http` against hostile and careless clients: slow headers,
//! huge bodies, foreign origins, malformed JSON-RPC, too many sessions,
//! idle sessions, a process out of file descriptors, SIGTERM; and its logs.

mod common;

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A `steer mcp --http 127.0.0.1:0` process; its stderr is collected.
struct Server {
    child: Child,
    authority: String,
    log: Arc<Mutex<String>>,
    _sessions: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_with(args, env, None)
    }

    /// Started through `sh -c 'ulimit -n N; exec steer ...'` when `nofile`.
    fn start_with(args: &[&str], env: &[(&str, &str)], nofile: Option<u32>) -> Server {
        let sessions = tempfile::tempdir().unwrap();
        let steer = env!("CARGO_BIN_EXE_steer");
        let mut cmd = match nofile {
            Some(n) => {
                let mut c = std::process::Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(steer);
                common::isolate(&mut c);
                c
            }
            None => common::steer(),
        };
        cmd.arg("--session-dir")
            .arg(sessions.path())
            .args(["mcp", "--http", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let authority = first
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .trim_end_matches("/mcp")
            .to_string();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while stderr.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Server {
            child,
            authority,
            log,
            _sessions: sessions,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// What the replica wrote in its own session directory.
    fn session_files(&self) -> Vec<String> {
        std::fs::read_dir(self._sessions.path())
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sends raw bytes and reads the reply until the server closes or
    /// `wait` passes.
    fn raw(&self, request: &[u8], wait: Duration) -> String {
        let mut stream = TcpStream::connect(&self.authority).unwrap();
        stream.set_read_timeout(Some(wait)).unwrap();
        stream.write_all(request).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).to_string()
    }

    /// A POST of `body` to /mcp with `extra` headers; the whole reply.
    fn post(&self, body: &str, extra: &str) -> String {
        let request = format!(
            "POST /mcp HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.authority,
            body.len()
        );
        self.raw(request.as_bytes(), Duration::from_secs(10))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status(reply: &str) -> u16 {
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The JSON-RPC message a reply carries: its body, or the `data:` of its
/// first event when it is an event stream (session-bound calls are).
fn json_body(reply: &str) -> Value {
    let body = reply.split("\r\n\r\n").nth(1).unwrap_or("");
    let message = body
        .lines()
        .find_map(|l| l.strip_prefix("data: ").filter(|d| d.starts_with('{')))
        .unwrap_or(body);
    serde_json::from_str(message).unwrap_or_else(|e| panic!("{e}: {reply}"))
}

/// The `Mcp-Session-Id` a reply carries, as sent (the header's name in
/// any case).
fn session_id(reply: &str) -> String {
    reply
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("mcp-session-id")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no session: {reply}"))
}

fn initialize(version: &str) -> String {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"}}})
    .to_string()
}

#[test]
fn a_slow_client_is_cut_off_and_a_huge_body_is_refused_unread() {
    let server = Server::start(&[], &[]);
    // Slowloris: a header line a byte at a time, never finished.
    let mut slow = TcpStream::connect(&server.authority).unwrap();
    slow.write_all(b"POST /mcp HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = Instant::now();
    let mut cut = false;
    while started.elapsed() < Duration::from_secs(12) {
        std::thread::sleep(Duration::from_millis(500));
        if slow.write_all(b"X").is_err() {
            cut = true;
            break;
        }
        let mut probe = [0u8; 1];
        slow.set_read_timeout(Some(Duration::from_millis(10)))
            .unwrap();
        if matches!(slow.read(&mut probe), Ok(0)) {
            cut = true;
            break;
        }
    }
    assert!(cut, "a client sending headers forever was not cut off");
    assert!(started.elapsed() < Duration::from_secs(10));

    // A body that trickles in is cut off too (10 s by default; 2 here).
    let server = Server::start(&["--body-timeout", "2"], &[]);
    let mut stream = TcpStream::connect(&server.authority).unwrap();
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        server.authority
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(8)))
        .unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert_eq!(status(&reply), 408, "{reply}");

    // 20 MiB announced: 413 at once, before the body is sent.
    let headers = format!(
        "POST /mcp HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.authority,
        20 * 1024 * 1024
    );
    let reply = server.raw(headers.as_bytes(), Duration::from_secs(5));
    assert_eq!(status(&reply), 413, "{reply}");
    // Chunked, so no length is announced: cut at the limit (here 1 MiB).
    let server = Server::start(&["--max-body", "1M"], &[]);
    let mut stream = TcpStream::connect(&server.authority).unwrap();
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.authority
    )
    .unwrap();
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0;
    for _ in 0..(20 * 16) {
        let head = format!("{:x}\r\n", chunk.len());
        let ok = stream.write_all(head.as_bytes()).is_ok()
            && stream.write_all(&chunk).is_ok()
            && stream.write_all(b"\r\n").is_ok();
        if !ok {
            break;
        }
        sent += chunk.len();
    }
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        status(&reply) == 413 || sent < 20 * 1024 * 1024,
        "the whole body was taken: {reply}"
    );
}

#[test]
fn foreign_origins_are_refused_and_listed_ones_served() {
    let server = Server::start(&["--allow-origin", "https://app.example"], &[]);
    let body = initialize("2025-06-18");
    let reply = server.post(&body, "Origin: http://evil.example\r\n");
    assert_eq!(status(&reply), 403, "{reply}");
    let own = format!("Origin: http://{}\r\n", server.authority);
    assert_eq!(status(&server.post(&body, &own)), 200);
    assert_eq!(
        status(&server.post(&body, "Origin: https://app.example\r\n")),
        200
    );
    // No Origin (not a browser): served.
    assert_eq!(status(&server.post(&body, "")), 200);
}

#[test]
fn malformed_json_rpc_gets_json_rpc_errors_and_notifications_no_reply() {
    let server = Server::start(&[], &[]);
    let version = "MCP-Protocol-Version: 2026-07-28\r\n";
    let reply = server.post("{not json", version);
    assert_eq!(status(&reply), 400, "{reply}");
    assert_eq!(json_body(&reply)["error"]["code"], -32700);
    let reply = server.post(r#"{"jsonrpc":"2.0","id":4,"method":"tools/call"}"#, version);
    assert_eq!(status(&reply), 400, "{reply}");
    let v = json_body(&reply);
    assert_eq!(
        (v["id"].clone(), v["error"]["code"].clone()),
        (json!(4), json!(-32602))
    );
    let reply = server.post(r#"{"jsonrpc":"1.0","id":5,"method":"ping"}"#, version);
    assert_eq!(json_body(&reply)["error"]["code"], -32600, "{reply}");
    // An unknown method, in a sound stateless request.
    let meta = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "1"}});
    let unknown =
        json!({"jsonrpc": "2.0", "id": 9, "method": "no/such", "params": {"_meta": meta}});
    let reply = server.post(
        &unknown.to_string(),
        &format!("{version}Mcp-Method: no/such\r\n"),
    );
    assert_eq!(json_body(&reply)["error"]["code"], -32601, "{reply}");
    // A malformed notification gets an HTTP error and no JSON-RPC reply.
    for note in [
        r#"{"jsonrpc":"2.0","method":7}"#,
        r#"{"jsonrpc":"1.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":5}"#,
    ] {
        let reply = server.post(note, version);
        assert_eq!(status(&reply), 400, "{note}: {reply}");
        assert!(!reply.contains("jsonrpc"), "{note}: {reply}");
    }
    // A sound one, in its session, is accepted with no body.
    let reply = server.post(&initialize("2025-06-18"), "");
    let session = session_id(&reply);
    let reply = server.post(
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        &format!("Mcp-Session-Id: {session}\r\nMCP-Protocol-Version: 2025-06-18\r\n"),
    );
    assert_eq!(status(&reply), 202, "{reply}");
    assert!(!reply.contains("jsonrpc"), "{reply}");
}

#[test]
fn sessions_past_the_cap_get_503_and_idle_ones_expire() {
    let server = Server::start(&["--max-sessions", "2", "--session-idle", "2"], &[]);
    let body = initialize("2025-06-18");
    let first = session_id(&server.post(&body, ""));
    let _second = session_id(&server.post(&body, ""));
    let third = server.post(&body, "");
    assert_eq!(status(&third), 503, "{third}");
    assert!(
        third.to_ascii_lowercase().contains("retry-after:"),
        "{third}"
    );
    // Idle for longer than --session-idle: closed, and room again.
    std::thread::sleep(Duration::from_secs(5));
    let ping = r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#;
    let reply = server.post(
        ping,
        &format!("Mcp-Session-Id: {first}\r\nMCP-Protocol-Version: 2025-06-18\r\n"),
    );
    assert_eq!(status(&reply), 404, "an expired session answered: {reply}");
    assert_eq!(status(&server.post(&body, "")), 200);
}

#[test]
fn an_unused_session_rests_and_its_next_call_restores_it() {
    let server = Server::start(&["--session-warm", "1", "--session-idle", "60"], &[]);
    let id = session_id(&server.post(&initialize("2025-06-18"), ""));
    let headers = format!("Mcp-Session-Id: {id}\r\nMCP-Protocol-Version: 2025-06-18\r\n");
    let ready = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    assert_eq!(status(&server.post(ready, &headers)), 202);
    let call = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"deal_lookup","arguments":{"party":"Oracle"}}}"#;
    let before = server.post(call, &headers);
    assert_eq!(status(&before), 200, "{before}");
    // Unused past --session-warm: its worker is closed, the session kept.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.log().contains("rested=1") {
        assert!(Instant::now() < deadline, "never rested: {}", server.log());
        std::thread::sleep(Duration::from_millis(200));
    }
    let after = server.post(call, &headers);
    assert_eq!(status(&after), 200, "a resting session was lost: {after}");
    assert_eq!(
        json_body(&after)["result"],
        json_body(&before)["result"],
        "the restored session answers as before"
    );
}

#[test]
fn out_of_file_descriptors_the_server_backs_off_and_recovers() {
    // Few descriptors: a handful of held connections exhausts them.
    let server = Server::start_with(&[], &[], Some(24));
    let held: Vec<TcpStream> = (0..40)
        .filter_map(|_| TcpStream::connect(&server.authority).ok())
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    let log = server.log();
    // Before: "cannot accept a connection" thousands of times a second.
    let complaints = log.matches("cannot accept a connection").count();
    assert!(complaints <= 2, "{complaints} complaints:\n{log}");
    drop(held);
    std::thread::sleep(Duration::from_millis(1500));
    let reply = server.post(&initialize("2025-06-18"), "");
    assert_eq!(status(&reply), 200, "{reply}\n{}", server.log());
}

#[test]
fn logs_are_json_lines_without_secrets_and_sigterm_stops_cleanly() {
    let token = "tok-5ecret-do-not-log";
    let mut server = Server::start(&["--log-format", "json"], &[("STEER_MCP_TOKEN", token)]);
    let auth = format!("Authorization: Bearer {token}\r\n");
    let reply = server.post(&initialize("2025-06-18"), &auth);
    assert_eq!(status(&reply), 200, "{reply}");
    let session = session_id(&reply);
    let _ = server.post(
        r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
        &format!("{auth}Mcp-Session-Id: {session}\r\nMCP-Protocol-Version: 2025-06-18\r\n"),
    );
    let _ = server.post("{}", "Authorization: Bearer wrong\r\n");
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    assert!(!log.contains(token), "{log}");
    assert!(!log.contains(&session), "{log}");
    let requests: Vec<Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v: &Value| v["message"] == "request")
        .collect();
    assert!(requests.len() >= 3, "{log}");
    for r in &requests {
        for field in ["request", "method", "path", "status", "latency_us"] {
            assert!(!r[field].is_null(), "{field} missing: {r}");
        }
    }
    assert!(
        requests
            .iter()
            .any(|r| r["rpc"] == "initialize" && r["status"] == 200)
    );
    assert!(requests.iter().any(|r| r["status"] == 401));
    // SIGTERM: it stops accepting, finishes what runs, and exits 0.
    let pid = server.child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let started = Instant::now();
    let code = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0));
}

/// A session-bound client of `server` carrying `token`: its headers.
fn client(server: &Server, token: &str) -> String {
    let auth = format!("Authorization: Bearer {token}\r\n");
    let id = session_id(&server.post(&initialize("2025-06-18"), &auth));
    let headers = format!("{auth}Mcp-Session-Id: {id}\r\nMCP-Protocol-Version: 2025-06-18\r\n");
    let ready = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    assert_eq!(status(&server.post(ready, &headers)), 202);
    headers
}

fn call(server: &Server, headers: &str, name: &str, arguments: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": {"name": name, "arguments": arguments}});
    json_body(&server.post(&body.to_string(), headers))
}

#[test]
fn each_token_sees_only_its_own_sessions() {
    let server = Server::start(&[], &[("STEER_MCP_TOKENS", "ana=tok-ana-1,ben=tok-ben-2")]);
    let ana = client(&server, "tok-ana-1");
    let ben = client(&server, "tok-ben-2");
    let started = call(
        &server,
        &ana,
        "research",
        json!({"request": "OpenAIの売上は足りるか"}),
    );
    let text = started.to_string();
    let session = started["result"]["structuredContent"]["session"]
        .as_str()
        .unwrap_or_else(|| panic!("no session in {text}"))
        .to_string();

    // Ben can neither resume nor read Ana's session, and is told what an
    // unknown id gets.
    let foreign = call(
        &server,
        &ben,
        "research_resume",
        json!({"session": session, "decision": "approve"}),
    );
    let unknown = call(
        &server,
        &ben,
        "research_resume",
        json!({"session": "0000dead", "decision": "approve"}),
    );
    let said = |v: &Value| {
        v["result"]["content"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(said(&foreign).contains("not found"), "{foreign}");
    assert_eq!(
        said(&foreign).replace(&session, "ID"),
        said(&unknown).replace("0000dead", "ID")
    );
    let list = |headers: &str| {
        let body = r#"{"jsonrpc":"2.0","id":8,"method":"resources/read","params":{"uri":"steer://sessions"}}"#;
        json_body(&server.post(body, headers)).to_string()
    };
    assert!(!list(&ben).contains(&session));
    assert!(list(&ana).contains(&session));

    // Ana resumes it.
    let resumed = call(
        &server,
        &ana,
        "research_resume",
        json!({"session": session, "decision": "approve"}),
    );
    assert!(!said(&resumed).contains("not found"), "{resumed}");
    // A request without a listed token is refused.
    let none = server.post(
        &initialize("2025-06-18"),
        "Authorization: Bearer tok-carl\r\n",
    );
    assert_eq!(status(&none), 401);
}

/// What a tool result says in words.
fn said(v: &Value) -> String {
    v["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn two_replicas_on_one_database_carry_a_session_across_a_kill() {
    use common::server::{self as model_server, Reply};
    let db = common::database::Database::create();
    let url = db.url();
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "r", "checkpoint": false}]}).to_string();
    let answer = "NVIDIA invests up to $100B in OpenAI (001 l.75-77).\n";
    let model = model_server::Server::start(vec![
        model_server::tool_call("c1", "submit_plan", &plan),
        // Replica A waits here, mid-run and holding the session, until killed.
        Reply::Held(Box::new(model_server::streamed_text(answer))),
    ]);
    let env = [
        ("OPENAI_API_KEY", "sk-test-not-a-real-key"),
        ("STEER_STORE", url.as_str()),
        ("STEER_MCP_TOKENS", "ana=tok-ana-1"),
    ];
    let args = ["--base-url", model.url.as_str(), "-m", "test-model"];
    let a = Server::start(&args, &env);
    let b = Server::start(&args, &env);
    let (on_a, on_b) = (client(&a, "tok-ana-1"), client(&b, "tok-ana-1"));
    let request = json!({"request": "How much does NVIDIA invest in OpenAI?"});

    // Paused at the plan on A.
    let started = call(&a, &on_a, "research", request.clone());
    let paused = &started["result"]["structuredContent"];
    assert_eq!(paused["kind"], "plan_review", "{started}");
    let session = paused["session"].as_str().unwrap().to_string();

    std::thread::scope(|scope| {
        // A takes the answer and runs on until the model holds it.
        let running = scope.spawn(|| {
            call(
                &a,
                &on_a,
                "research_resume",
                json!({"session": session, "decision": "approve"}),
            )
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        while model.received().len() < 2 {
            assert!(Instant::now() < deadline, "A never reached the model");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Meanwhile B is refused: the session is A's while A runs it.
        let busy = call(
            &b,
            &on_b,
            "research_resume",
            json!({"session": session, "decision": "approve"}),
        );
        assert!(said(&busy).contains("in use"), "{busy}");
        // A dies without a word: PostgreSQL drops its connection and lock.
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &a.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let _ = running.join();
    });

    // B carries the session on from the events A left.
    model.push(model_server::streamed_text(answer));
    let deadline = Instant::now() + Duration::from_secs(30);
    let done = loop {
        let reply = call(
            &b,
            &on_b,
            "research_resume",
            json!({"session": session, "decision": "approve"}),
        );
        if !said(&reply).contains("in use") || Instant::now() > deadline {
            break reply;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let done = &done["result"]["structuredContent"];
    assert_eq!(done["status"], "done", "{done}");

    // The same request run without a kill reports the same.
    model.push(model_server::tool_call("c1", "submit_plan", &plan));
    model.push(model_server::streamed_text(answer));
    let fresh = call(&b, &on_b, "research", request);
    let fresh_id = fresh["result"]["structuredContent"]["session"]
        .as_str()
        .unwrap()
        .to_string();
    let straight = call(
        &b,
        &on_b,
        "research_resume",
        json!({"session": fresh_id, "decision": "approve"}),
    );
    let straight = &straight["result"]["structuredContent"];
    assert_eq!(straight["status"], "done", "{straight}");
    assert_eq!(
        done["report"].as_str().unwrap().replace(&session, "ID"),
        straight["report"]
            .as_str()
            .unwrap()
            .replace(&fresh_id, "ID")
    );
    // Only the database holds sessions.
    assert_eq!(a.session_files(), Vec::<String>::new());
    assert_eq!(b.session_files(), Vec::<String>::new());
}

/// A stateless 2026-07-28 `tools/call`, with `extra` request metadata.
fn stateless_call(name: &str, arguments: Value, extra: Option<(&str, &str)>) -> String {
    let mut meta = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "1"}
    });
    if let Some((k, v)) = extra {
        meta[k] = json!(v);
    }
    json!({"jsonrpc": "2.0", "id": 41, "method": "tools/call",
        "params": {"name": name, "arguments": arguments, "_meta": meta}})
    .to_string()
}

fn stateless_headers(name: &str) -> String {
    format!("MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: {name}\r\n")
}

#[test]
fn data_tool_calls_answered_directly_match_rmcps_answers() {
    let server = Server::start(&["--log-format", "json"], &[]);
    // Extra request metadata sends the same call through rmcp.
    let traced = Some(("io.example/trace", "t-1"));
    let calls = [
        ("deal_lookup", json!({"party": "nvidia"})),
        ("deal_lookup", json!({"party": "nvidia", "mode": "cycles"})),
        (
            "statement_comparison",
            json!({"subject": "openai", "mode": "figures", "metric": "revenue"}),
        ),
        ("revenue_projection", json!({"company": "openai"})),
        // Refused arguments: an error result, the same both ways.
        ("deal_lookup", json!({"party": 7})),
        ("revenue_projection", json!({"horizon_years": 80})),
    ];
    for (name, arguments) in &calls {
        let headers = stateless_headers(name);
        let direct = server.post(&stateless_call(name, arguments.clone(), None), &headers);
        let through = server.post(&stateless_call(name, arguments.clone(), traced), &headers);
        assert_eq!(status(&direct), 200, "{direct}");
        let (direct, through) = (json_body(&direct), json_body(&through));
        assert!(through.get("result").is_some(), "{through}");
        assert!(
            direct == through,
            "{name} {arguments}: {direct} != {through}"
        );
    }
    // Within an MCP session (protocol 2025-06-18: no resultType).
    let headers = client(&server, "no-token-asked");
    for (name, arguments) in &calls {
        let body = |meta: Option<Value>| {
            let mut params = json!({"name": name, "arguments": arguments});
            if let Some(m) = meta {
                params["_meta"] = m;
            }
            json!({"jsonrpc": "2.0", "id": "s-1", "method": "tools/call", "params": params})
                .to_string()
        };
        let direct = json_body(&server.post(&body(None), &headers));
        let through =
            json_body(&server.post(&body(Some(json!({"io.example/trace": "t-2"}))), &headers));
        assert!(through.get("result").is_some(), "{through}");
        assert!(
            direct == through,
            "{name} {arguments}: {direct} != {through}"
        );
        assert!(direct["result"].get("resultType").is_none());
    }
    let log = server.log();
    let served = |direct: bool| {
        log.lines()
            .filter(|l| l.contains("\"rpc\":\"tools/call\""))
            .filter(|l| l.contains(&format!("\"direct\":{direct}")))
            .count()
    };
    assert_eq!(served(true), 2 * calls.len(), "{log}");
    assert_eq!(served(false), 2 * calls.len(), "{log}");
}
