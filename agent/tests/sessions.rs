#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every session script replays offline against its cassette; request
//! drift fails with a diff; recording redacts secrets and replays.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::server::{self, Server};
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
