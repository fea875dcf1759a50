#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer ask` end to end against a loopback OpenAI-compatible server.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{self, Reply, Server};
use serde_json::{Value, json};

fn plan(steps: Value) -> String {
    json!({"goal": "size NVIDIA's investment in OpenAI", "steps": steps}).to_string()
}

fn deal_plan() -> String {
    plan(
        json!([{"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "find the deal", "checkpoint": false}]),
    )
}

const ANSWER: &str = "NVIDIA invests up to $100B in OpenAI.\n\n| claim | value | source |\n|---|---|---|\n| NVIDIA investment in OpenAI | up to $100B | 001 l.75-77 |\n";

fn steer(server: &Server, sessions: &Path) -> Command {
    let mut cmd = common::steer();
    cmd.env("OPENAI_API_KEY", "sk-test-not-a-real-key")
        .args(["--base-url", &server.url, "--session-dir"])
        .arg(sessions)
        .stdin(Stdio::null());
    cmd
}

fn ask(server: &Server, sessions: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = steer(server, sessions);
    cmd.args([
        "ask",
        "How much does NVIDIA invest in OpenAI?",
        "-m",
        "test-model",
    ])
    .args(extra);
    cmd.output().unwrap()
}

/// `steer ARGS` with the offline planner (no key, no endpoint) and
/// sessions in `sessions`, without a terminal.
fn offline(sessions: &Path, args: &[&str]) -> std::process::Output {
    common::steer()
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .arg("--session-dir")
        .arg(sessions)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn session_id(stderr: &str) -> String {
    let start = stderr
        .find("steer resume ")
        .expect("the pause names the session")
        + "steer resume ".len();
    stderr[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_matches(|c: char| c == '`' || c == ';')
        .to_string()
}

#[test]
fn a_whole_session_with_a_pause_answered_by_resume() {
    let server = Server::start(vec![
        // The first request meets a 500 and a 429 before it succeeds.
        server::status(500, &[]),
        server::status(429, &[("retry-after", "1")]),
        server::tool_call("call_plan_1", "submit_plan", &deal_plan()),
        server::streamed_text(ANSWER),
    ]);
    let sessions = tempfile::tempdir().unwrap();
    let out = ask(&server, sessions.path(), &["--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(3),
        "no terminal and no --yes: pause with status 3\n{stderr}"
    );
    assert!(stderr.contains("Plan v1"), "{stderr}");
    let id = session_id(&stderr);
    assert_eq!(server.received().len(), 3, "500 and 429 were retried");

    let mut resume = steer(&server, sessions.path());
    let out = resume
        .args(["resume", &id, "--approve", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["report"].as_str().unwrap().contains("up to $100B"));
    assert_eq!(v["plan"]["steps"][0]["tool"], "deal_lookup");
    assert_eq!(v["tool_calls"][0]["ok"], true);
    assert_eq!(v["checkpoints"][0]["kind"], "plan_review");
    assert_eq!(v["checkpoints"][0]["decision"], "approve");
    assert_eq!(v["sources"][0], "001 l.75-77");
    assert!(v["unverified_numbers"].as_array().unwrap().is_empty());

    let received = server.received();
    assert_eq!(received.len(), 4, "resume did not ask for the plan again");
    let planning = &received[2].body;
    assert_eq!(planning["model"], "test-model");
    assert_eq!(planning["tool_choice"]["function"]["name"], "submit_plan");
    assert_eq!(planning["tools"][0]["function"]["strict"], true);
    let review = &received[3].body;
    assert_eq!(review["stream"], true);
    assert!(
        review["messages"]
            .to_string()
            .contains("nvidia-openai-investment")
    );
    assert!(
        received[2]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bearer sk-test-not-a-real-key")
    );

    let list = steer(&server, sessions.path())
        .arg("sessions")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("done"));
}

#[test]
fn yes_runs_through_and_says_so_in_the_report() {
    let server = Server::start(vec![
        server::tool_call("c1", "submit_plan", &deal_plan()),
        server::streamed_text(ANSWER),
    ]);
    let sessions = tempfile::tempdir().unwrap();
    let out = ask(&server, sessions.path(), &["--yes"]);
    common::assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("up to $100B") && report.contains("--yes automatically approved plan v1"),
        "{report}"
    );
}

#[test]
fn malformed_answers_stop_clearly() {
    let empty = Reply::Json {
        status: 200,
        headers: Vec::new(),
        body: json!({"id": "x", "object": "chat.completion", "choices": []}),
    };
    let server = Server::start(vec![empty]);
    let sessions = tempfile::tempdir().unwrap();
    let out = ask(&server, sessions.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the response has no choices"));

    // A stream cut before the model finished.
    let mut cut = server::streamed_text(ANSWER);
    if let Reply::Sse { chunks, done } = &mut cut {
        chunks.truncate(2);
        *done = false;
    }
    let server = Server::start(vec![
        server::tool_call("c1", "submit_plan", &deal_plan()),
        cut,
    ]);
    // A cut stream is never used, however whole it looks: the session
    // pauses before that model call (exit 3) and a resume asks again.
    let out = ask(&server, sessions.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stream ended before the model finished")
            && stderr.contains("steer resume "),
        "{stderr}"
    );
    let id = session_id(&stderr);
    server.push(server::streamed_text(ANSWER));
    let out = steer(&server, sessions.path())
        .args(["resume", &id, "--yes"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to $100B"));

    // 5xx after every retry: paused, resumable.
    let server = Server::start(vec![
        server::status(500, &[]),
        server::status(502, &[]),
        server::status(503, &[]),
        server::status(500, &[]),
    ]);
    let out = ask(&server, sessions.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tries it again"));
    assert_eq!(server.received().len(), 4, "three retries");

    // A rate limit asking for longer than steer waits pauses at once,
    // naming the wait.
    let server = Server::start(vec![server::status(429, &[("retry-after", "3600")])]);
    let out = ask(&server, sessions.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("wait 3600 s") && stderr.contains("steer resume "),
        "{stderr}"
    );
    assert_eq!(server.received().len(), 1, "not retried");
}

#[test]
fn a_named_model_without_an_endpoint_is_a_clear_error() {
    let sessions = tempfile::tempdir().unwrap();
    let out = common::steer()
        .args(["ask", "anything", "-m", "gpt-4.1", "--session-dir"])
        .arg(sessions.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("model `gpt-4.1` needs an endpoint") && stderr.contains("-m offline"),
        "{stderr}"
    );
}

#[test]
fn a_killed_process_resumes_without_running_a_step_twice() {
    let two_steps = plan(json!([
        {"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "deal", "checkpoint": false},
        {"id": "s2", "tool": "deal_lookup", "arguments": json!({"mode": "cycles", "party": "NVIDIA"}).to_string(), "depends_on": ["s1"], "rationale": "cycles", "checkpoint": false}
    ]));
    // The review request hangs, so the process is killed mid-session.
    let server = Server::start(vec![
        server::tool_call("c1", "submit_plan", &two_steps),
        Reply::Held(Box::new(server::streamed_text(ANSWER))),
    ]);
    let sessions = tempfile::tempdir().unwrap();
    let mut child = steer(&server, sessions.path())
        .args(["ask", "NVIDIA and OpenAI?", "-m", "test-model", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.received().len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the run never reached the review"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let log = std::fs::read_dir(sessions.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    let id = log.file_stem().unwrap().to_string_lossy().to_string();
    let count = |step: &str| {
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter(|l| {
                l.contains("\"event\":\"tool_result\"")
                    && l.contains(&format!("\"step\":\"{step}\""))
            })
            .count()
    };
    assert_eq!((count("s1"), count("s2")), (1, 1));

    server.push(server::streamed_text(ANSWER));
    let out = steer(&server, sessions.path())
        .args(["resume", &id, "--yes", "--json"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert_eq!((count("s1"), count("s2")), (1, 1), "no step ran twice");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tool_calls"].as_array().unwrap().len(), 2);
    server.release();
}

#[test]
fn a_replayed_session_resumes_where_its_log_ends() {
    // `--from-cassette` through ask and each resume: a resumed run takes the
    // replies its log holds from the log, and the rest from the cassette.
    let sessions = tempfile::tempdir().unwrap();
    let cassette = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/cassettes/funding.json");
    let steer = |args: &[&str]| {
        common::steer()
            .arg("--from-cassette")
            .arg(&cassette)
            .arg("--session-dir")
            .arg(sessions.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = steer(&["ask", "Can OpenAI fund its compute commitments?"]);
    assert_eq!(out.status.code(), Some(3));
    let id = session_id(&String::from_utf8_lossy(&out.stderr));
    // Three checkpoints in the recording: answer them one resume at a time.
    let mut out = steer(&["resume", &id, "--approve"]);
    let mut resumes = 1;
    while out.status.code() == Some(3) {
        assert!(resumes < 3, "{}", String::from_utf8_lossy(&out.stderr));
        out = steer(&["resume", &id, "--approve"]);
        resumes += 1;
    }
    common::assert_success(&out);
    assert_eq!(resumes, 3);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("61.0%"), "{report}");
}

#[test]
fn a_reject_the_offline_planner_cannot_act_on_leaves_the_session_paused() {
    let sessions = tempfile::tempdir().unwrap();
    let steer = |args: &[&str]| offline(sessions.path(), args);
    let out = steer(&["ask", "Can OpenAI fund its compute commitments?"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The card and the resume line do not offer what cannot work.
    assert!(
        stderr.contains("r reject     not available") && !stderr.contains("--reject"),
        "{stderr}"
    );
    let id = session_id(&stderr);
    let log = sessions.path().join(format!("{id}.jsonl"));
    let before = std::fs::read_to_string(&log).unwrap();
    let out = steer(&["resume", &id, "--reject", "use the run-rate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot act on written feedback")
            && stderr.contains("still paused at checkpoint 1"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        before,
        "nothing recorded"
    );
    // Still paused at the same card, and resumable.
    let out = steer(&["resume", &id, "--approve"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("paused at checkpoint 2 (conflicting_sources)"),
        "{stderr}"
    );
}

#[test]
fn a_japanese_request_is_answered_in_japanese_unless_lang_says_otherwise() {
    let sessions = tempfile::tempdir().unwrap();
    let ask = |extra: &[&str]| {
        let mut args = vec!["ask", "--yes"];
        args.extend_from_slice(extra);
        args.push("マイクロソフトとOpenAIの契約条件を教えて");
        offline(sessions.path(), &args)
    };
    let out = ask(&[]);
    common::assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    // The stake, the IP rights and the exclusivity, with their citation.
    for want in [
        "## 回答",
        "持分 27%",
        // The dataset's Japanese renderings, not its English text.
        "ロイヤルティなしで利用できる",
        "Azure独占",
        "003 l.1",
        "## 前提と判断",
        "--yes が自動で",
    ] {
        assert!(report.contains(want), "{want} not in: {report}");
    }
    assert!(!report.contains("royalty-free access"), "{report}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("セッション"));
    let out = ask(&["--lang", "en"]);
    common::assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    for want in [
        "## Answer",
        "27% stake",
        "003 l.1",
        "## Assumptions and decisions",
    ] {
        assert!(report.contains(want), "{want} not in: {report}");
    }
    assert!(!report.contains("## 回答"), "{report}");
    let out = ask(&["--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use en, ja or auto"));
}

#[test]
fn a_declined_request_under_json_still_prints_one_object() {
    let sessions = tempfile::tempdir().unwrap();
    for (request, not_found) in [
        (
            "Is Acme Corp able to fund its data centres?",
            Some("Acme Corp"),
        ),
        ("東京の天気は？", None),
    ] {
        let out = offline(sessions.path(), &["ask", "--json", request]);
        assert_eq!(out.status.code(), Some(1), "declined is still a failure");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let v: Value =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{request}: {e}: {stdout:?}"));
        assert_eq!(v["status"], "declined", "{v}");
        assert_eq!(v["request"], request);
        assert!(
            v["reason"]
                .as_str()
                .unwrap()
                .contains("cannot plan this offline"),
            "{v}"
        );
        let names: Vec<&str> = v["not_found"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["name"].as_str())
            .collect();
        assert_eq!(names.first().copied(), not_found, "{v}");
        // What the dataset does cover, for the script to offer instead.
        assert!(
            v["covers"]["organisations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o == "OpenAI"),
            "{v}"
        );
        assert!(v["covers"]["deals"].as_u64().unwrap() > 0, "{v}");
    }
}

#[test]
fn the_json_report_lists_each_number_with_its_record_and_citations() {
    let sessions = tempfile::tempdir().unwrap();
    for (request, want) in [
        (
            "How big is OpenAI's contract with Oracle?",
            vec![
                ("300B", "openai-oracle-compute", "001 l.79-83"),
                ("1B", "openai-oracle-contract-1b", "002 l.34"),
            ],
        ),
        (
            "OpenAIは売上で1.4兆ドルの契約を賄えるか？",
            vec![
                ("120億ドル", "openai-revenue-12b", "001 l.23"),
                ("1.4兆ドル", "openai-compute-commitments-8y", "002 l.39"),
            ],
        ),
    ] {
        let out = offline(sessions.path(), &["ask", "--yes", "--json", request]);
        common::assert_success(&out);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let claims = v["claims"].as_array().unwrap();
        for (text, record, source) in want {
            let claim = claims
                .iter()
                .find(|c| c["text"] == text)
                .unwrap_or_else(|| panic!("{request}: no claim {text} in {claims:#?}"));
            let r = claim["records"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == record)
                .unwrap_or_else(|| panic!("{request}: {text} not held by {record}: {claim}"));
            assert!(
                r["sources"].as_array().unwrap().iter().any(|s| s == source),
                "{claim}"
            );
        }
        // A record id is a name, a year a date: neither is a claim.
        assert!(
            claims.iter().all(|c| {
                let t = c["text"].as_str().unwrap();
                !t.ends_with('b') && t != "2025"
            }),
            "{claims:#?}"
        );
    }
}
