#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Limits are ceilings: a model that never finishes, answered by `--yes`
//! or by `steer eval`, stops at the limit with a partial report instead of
//! running (and spending) for ever.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::server::{self, Reply, Server};
use serde_json::Value;

/// A model that keeps answering without a plan or a report.
fn endless() -> Server {
    Server::endless(server::text("Let me think about that a little longer."))
}

fn steer(server: &Server, sessions: &Path) -> Command {
    let mut cmd = common::steer();
    cmd.env("OPENAI_API_KEY", "sk-test-not-a-real-key")
        .args([
            "--base-url",
            &server.url,
            "-m",
            "test-model",
            "--session-dir",
        ])
        .arg(sessions)
        .stdin(Stdio::null());
    cmd
}

fn ask(server: &Server, sessions: &Path, extra: &[&str]) -> std::process::Output {
    steer(server, sessions)
        .args(["ask", "How much does NVIDIA invest in OpenAI?", "--yes"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn yes_stops_at_the_model_call_limit_with_a_partial_report() {
    let server = endless();
    let dir = tempfile::tempdir().unwrap();
    let out = ask(&server, dir.path(), &["--max-model-calls", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert_eq!(server.received().len(), 3, "exactly the allowed calls");
    assert!(stdout.contains("# Run stopped"), "{stdout}");
    assert!(
        stdout.contains("stopped at the limit: model calls, 3 of 3"),
        "{stdout}"
    );
    assert!(stderr.contains("stopped at the limit"), "{stderr}");

    // --json says so as its status, with the limit.
    let server = endless();
    let out = ask(&server, dir.path(), &["--max-model-calls", "2", "--json"]);
    assert_eq!(out.status.code(), Some(4));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "stopped_at_limit");
    assert_eq!(json["limit"]["limit"], "model_calls");
    assert_eq!(json["limit"]["used"], 2);
    assert_eq!(json["checkpoints"][0]["automatic"], true);
    assert_eq!(server.received().len(), 2);
}

#[test]
fn the_token_limit_holds_under_yes() {
    // Each reply reports 120 tokens: the third call would pass 300.
    let server = endless();
    let dir = tempfile::tempdir().unwrap();
    let out = ask(
        &server,
        dir.path(),
        &["--max-tokens", "300", "--max-model-calls", "50"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert_eq!(server.received().len(), 3);
    assert!(
        stdout.contains("stopped at the limit: tokens, 360 of 300"),
        "{stdout}"
    );
}

#[test]
fn the_wall_limit_cuts_a_model_call_that_never_ends() {
    // The endpoint holds the connection and never answers.
    let server = Server::endless(Reply::Held(Box::new(server::text("never sent"))));
    let dir = tempfile::tempdir().unwrap();
    let out = ask(
        &server,
        dir.path(),
        &["--max-wall", "1", "--timeout", "600"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert!(
        stdout.contains("stopped at the limit: seconds of work"),
        "{stdout}"
    );
    assert_eq!(server.received().len(), 1);
    server.release();
}

#[test]
fn a_limit_is_raised_only_by_a_person_and_by_the_amount_they_choose() {
    let server = endless();
    let dir = tempfile::tempdir().unwrap();
    // Without --yes and without a terminal the run waits at the card.
    let out = steer(&server, dir.path())
        .args([
            "ask",
            "How much does NVIDIA invest in OpenAI?",
            "--max-model-calls",
            "2",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("Limit reached: model calls (2 of 2)"),
        "{stderr}"
    );
    let id = stderr
        .split("steer resume ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();
    // A raise below what is allowed is refused; the card stays open.
    let low = steer(&server, dir.path())
        .args(["resume", &id, "--raise-limit", "2"])
        .output()
        .unwrap();
    assert_eq!(low.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&low.stderr).contains("raise it above"));
    assert_eq!(server.received().len(), 2);
    // Raised to 3 by the person: one more call, then the card again.
    let raised = steer(&server, dir.path())
        .args(["resume", &id, "--raise-limit", "3"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&raised.stderr);
    assert_eq!(raised.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("(3 of 3)"), "{stderr}");
    assert_eq!(server.received().len(), 3);
    // --yes at that card stops the run; it does not raise it.
    let stopped = steer(&server, dir.path())
        .args(["resume", &id, "--yes"])
        .output()
        .unwrap();
    assert_eq!(stopped.status.code(), Some(4));
    assert_eq!(server.received().len(), 3);
}

#[test]
fn eval_has_a_ceiling_per_question_and_names_the_questions_that_hit_it() {
    let server = endless();
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.toml");
    std::fs::write(
        &set,
        "[[question]]\nid = \"a\"\nkind = \"deals\"\nrequest = \"How much does NVIDIA invest in OpenAI?\"\ntools = [\"deal_lookup\"]\n\n\
         [[question]]\nid = \"b\"\nkind = \"deals\"\nrequest = \"Who pays CoreWeave?\"\ntools = [\"deal_lookup\"]\n",
    )
    .unwrap();
    let out = steer(&server, dir.path())
        .args(["eval", "--json", "--max-model-calls", "2"])
        .arg(&set)
        .output()
        .unwrap();
    common::assert_success(&out);
    let card: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["totals"]["stopped_at_limit"], 2);
    for q in card["questions"].as_array().unwrap() {
        assert_eq!(q["limit"]["limit"], "model_calls", "{q}");
        assert!(
            q["error"]
                .as_str()
                .unwrap()
                .starts_with("stopped at the limit"),
            "{q}"
        );
    }
    assert_eq!(server.received().len(), 4, "two calls for each question");
}
