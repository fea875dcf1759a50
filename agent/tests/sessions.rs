#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every session script replays offline against its cassette; request
//! drift fails with a diff; recording redacts secrets and replays.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::server::{self, Reply, Server};
use serde_json::{Value, json};
use steer::cassette::Cassette;
use steer::script;
use steer_tools::{Dataset, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

fn scripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_session_script_replays_offline() {
    let all = scripts();
    assert!(all.len() >= 8, "{all:?}");
    let mut failures = Vec::new();
    for path in &all {
        let (s, cassette) = script::load(path).unwrap();
        let c = Cassette::load(&cassette).unwrap();
        assert!(
            !c.comment.trim().is_empty(),
            "{}: a cassette says how it was made",
            cassette.display()
        );
        if let Err(e) = script::replay(&s, c, &cassette.display().to_string(), toolbox()).await {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test]
async fn one_changed_byte_in_a_recorded_tool_schema_fails_with_a_diff_at_the_change() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions/circular.toml");
    let (s, cassette) = script::load(&path).unwrap();
    let mut c = Cassette::load(&cassette).unwrap();
    // The description of deal_lookup's `party` argument, in the first request.
    let tools = c.interactions[0].request.body["tools"]
        .as_array_mut()
        .unwrap();
    let plan = tools
        .iter_mut()
        .find(|t| t["function"]["name"] == "submit_plan")
        .unwrap();
    let d = plan["function"]["parameters"]["properties"]["goal"]["description"]
        .as_str()
        .unwrap()
        .to_string();
    plan["function"]["parameters"]["properties"]["goal"]["description"] =
        Value::String(d.replacen("What", "what", 1));
    let e = script::replay(&s, c, "circular (edited)", toolbox())
        .await
        .unwrap_err();
    assert!(e.contains("request 1 does not match the recording"), "{e}");
    let minus = e
        .lines()
        .find(|l| l.starts_with('-') && l.contains("what the analysis"))
        .unwrap_or_else(|| panic!("no `-` line at the change:\n{e}"));
    let plus = e
        .lines()
        .find(|l| l.starts_with('+') && l.contains("What the analysis"))
        .unwrap_or_else(|| panic!("no `+` line at the change:\n{e}"));
    assert!(minus.contains("description") && plus.contains("description"));
    assert!(
        e.lines().count() < 40,
        "the diff shows the change, not the whole request:\n{e}"
    );
}

#[tokio::test]
async fn interactions_left_unused_fail_the_replay() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions/abort.toml");
    let (s, cassette) = script::load(&path).unwrap();
    let mut c = Cassette::load(&cassette).unwrap();
    let extra = c.interactions[0].clone();
    c.interactions.push(extra);
    let e = script::replay(&s, c, "abort (padded)", toolbox())
        .await
        .unwrap_err();
    assert!(e.contains("1 interaction(s) left unused"), "{e}");
}

#[test]
fn steer_replay_reports_pass_and_divergence() {
    let out = common::steer()
        .arg("replay")
        .args(scripts())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("wrong.toml");
    let cassette =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/cassettes/circular.json");
    std::fs::write(&script, format!("request = \"Show the circular deals around Oracle\"\ncassette = {:?}\nmodel = \"offline\"\n[[decision]]\naction = \"approve\"\n[expect]\n", cassette.display().to_string())).unwrap();
    let out = common::steer().arg("replay").arg(&script).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("FAIL")
            && stdout.contains("-      \"content\": \"Show the circular deals around NVIDIA\"")
            && stdout.contains("+      \"content\": \"Show the circular deals around Oracle\""),
        "{stdout}"
    );
}

#[test]
fn recording_from_a_loopback_server_keeps_no_trace_of_the_key_and_replays() {
    const KEY: &str = "sk-proj-FAKEfake1234567890abcdef";
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "r", "checkpoint": false}]}).to_string();
    let srv = Server::start(vec![
        server::tool_call("call_1", "submit_plan", &plan),
        server::streamed_text(&format!(
            "NVIDIA invests up to $100B in OpenAI (001 l.75-77). Echoed key: {KEY}\n"
        )),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let cassette = tmp.path().join("recorded.json");
    let sessions = tmp.path().join("sessions");
    let out = common::steer()
        .env("OPENAI_API_KEY", KEY)
        .env("OPENAI_ORG_ID", "org-FAKEorganisation123")
        .args(["--base-url", &srv.url, "-m", "test-model", "--session-dir"])
        .arg(&sessions)
        .args(["record", "--cassette"])
        .arg(&cassette)
        .args(["--yes", "How much does NVIDIA invest in OpenAI?"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(
        srv.received()[0]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v.contains(KEY)),
        "the key was really sent"
    );
    let recorded = std::fs::read_to_string(&cassette).unwrap();
    assert!(
        !recorded.contains("FAKEfake") && !recorded.contains("sk-proj-")
            || recorded.contains("sk-REDACTED"),
        "{recorded}"
    );
    assert!(
        !recorded.contains(KEY) && !recorded.contains("FAKEfake"),
        "the key reached the cassette"
    );
    assert!(!recorded.to_lowercase().contains("authorization"));
    for log in std::fs::read_dir(&sessions).unwrap() {
        let text = std::fs::read_to_string(log.unwrap().path()).unwrap();
        assert!(
            !text.contains("FAKEfake"),
            "the key reached the session log"
        );
    }
    // The recording replays: same requests, offline.
    let script = tmp.path().join("recorded.toml");
    std::fs::write(
        &script,
        "request = \"How much does NVIDIA invest in OpenAI?\"\ncassette = \"recorded.json\"\nmodel = \"test-model\"\n[[decision]]\naction = \"approve\"\n[expect]\nreport_contains = [\"up to $100B\"]\n",
    )
    .unwrap();
    let out = common::steer().arg("replay").arg(&script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// An endpoint that echoes the key, split across stream chunks in the
/// answer text and in tool arguments, and in an error body: no output
/// stream, cassette, log or other file keeps it.
#[test]
fn an_echoed_key_reaches_no_stream_cassette_or_file() {
    const KEY: &str = "sk-proj-FAKEfake1234567890abcdef";
    let (head, tail) = KEY.split_at(5);
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "r", "checkpoint": false}]}).to_string();
    let chunk = |delta: Value, finish: Value| json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "test-model", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    let split_echo = Reply::Sse {
        chunks: vec![
            chunk(
                json!({"role": "assistant", "content": format!("Looking again with {head}")}),
                Value::Null,
            ),
            chunk(
                json!({"content": format!("{tail} as asked. ")}),
                Value::Null,
            ),
            chunk(
                json!({"tool_calls": [{"index": 0, "id": "call_x", "type": "function", "function": {"name": "deal_lookup", "arguments": format!("{{\"party\":\"NVIDIA\",\"text\":\"{head}")}}]}),
                Value::Null,
            ),
            chunk(
                json!({"tool_calls": [{"index": 0, "function": {"arguments": format!("{tail}\"}}")}}]}),
                Value::Null,
            ),
            chunk(json!({}), json!("tool_calls")),
        ],
        done: true,
    };
    let error = Reply::Json {
        status: 500,
        headers: Vec::new(),
        body: json!({"error": {"message": format!("internal error; your key {KEY} was logged"), "type": "server_error"}}),
    };
    let srv = Server::start(vec![
        server::tool_call("call_1", "submit_plan", &plan),
        split_echo,
        error.clone(),
        error.clone(),
        error.clone(),
        error,
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let cassette = tmp.path().join("recorded.json");
    let sessions = tmp.path().join("sessions");
    let steer = |url: &str| {
        let mut cmd = common::steer();
        cmd.env("OPENAI_API_KEY", KEY)
            .args(["--base-url", url, "-m", "test-model", "--session-dir"])
            .arg(&sessions);
        cmd
    };
    let out = steer(&srv.url)
        .args(["record", "--cassette"])
        .arg(&cassette)
        .args(["--yes", "--json", "How much does NVIDIA invest in OpenAI?"])
        .output()
        .unwrap();
    let mut outputs = vec![out.stdout.clone(), out.stderr.clone()];
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(3),
        "the 500s pause the session: {stderr}"
    );
    assert!(
        stderr.contains("internal error; your key"),
        "the error body is shown: {stderr}"
    );
    let id = stderr
        .split("steer resume ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .trim_matches('`')
        .to_string();

    let srv = Server::start(vec![server::streamed_text(&format!(
        "NVIDIA invests up to $100B in OpenAI (001 l.75-77); key {KEY}\n"
    ))]);
    let out = steer(&srv.url)
        .args(["resume", &id, "--yes"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to $100B"));
    outputs.push(out.stdout);
    outputs.push(out.stderr);

    for (n, output) in outputs.iter().enumerate() {
        let text = String::from_utf8_lossy(output);
        assert!(
            !text.contains("FAKEfake") && !text.contains(tail),
            "output {n} holds the key: {text}"
        );
    }
    let mut files = vec![cassette];
    files.extend(
        std::fs::read_dir(&sessions)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("FAKEfake"),
            "{} holds the key: {text}",
            file.display()
        );
    }
}

/// Replays one script of fixtures/sessions by name.
async fn replay_named(name: &str) -> script::Replayed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/sessions")
        .join(format!("{name}.toml"));
    let (s, cassette) = script::load(&path).unwrap();
    let c = Cassette::load(&cassette).unwrap();
    script::replay(&s, c, name, toolbox()).await.unwrap()
}

#[tokio::test]
async fn the_funding_request_asks_three_questions_and_never_the_base_twice() {
    let r = replay_named("ask-once").await;
    assert_eq!(r.checkpoints.len(), 3, "plan, base, framing");
    let base_cards = r
        .checkpoints
        .iter()
        .filter(|(cp, _)| {
            cp.question()
                .is_some_and(|q| q.key.arguments.contains("base_figure"))
        })
        .count();
    assert_eq!(base_cards, 1, "the base is asked once");
    // The base card says what each base would change.
    let base = r.checkpoints[1].0.question().unwrap();
    let needs: Vec<&str> = base
        .options
        .iter()
        .filter_map(|o| o.consequence.as_deref())
        .collect();
    assert!(
        needs[0].starts_with("needs 61.0% a year") && needs[1].starts_with("needs 48.7% a year"),
        "{needs:?}"
    );
    let md = &r.report.markdown;
    assert_eq!(
        md.matches("**which revenue base for OpenAI").count(),
        1,
        "{md}"
    );
    assert!(
        !md.contains("used: $12B"),
        "never the default beside the choice: {md}"
    );
}

#[tokio::test]
async fn after_choosing_the_2030_framing_nothing_shows_the_8_year_figures_as_used() {
    let r = replay_named("choose-base").await;
    let (last, _) = r.checkpoints.last().unwrap();
    assert!(
        last.question().unwrap().summary.contains("commitments"),
        "the framing was the last card: {last:?}"
    );
    let md = &r.report.markdown;
    // 48.7% and 61.0% are the rates over the 8-year framing.
    for eight_year in [
        "48.7%",
        "61.0%",
        "over 8 years",
        "used: $1.4T over the next 8 years",
    ] {
        assert!(!md.contains(eight_year), "{eight_year} in: {md}");
    }
    assert!(md.contains("$1.4T over 5 years"), "{md}");
    assert!(md.contains("chosen: $1.4T by 2030"), "{md}");
}
