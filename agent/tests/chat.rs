//! The chat, driven through a pseudo-terminal as a person would: typed
//! requests, single keys at checkpoint cards, a scripted `$EDITOR`, slash
//! commands, Ctrl-C and Ctrl-D. Model replies come from recorded cassettes
//! (`--from-cassette`) or a loopback server, never from the network.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use expectrl::{ControlCode, Eof, Expect, Session};
use serde_json::json;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cassette(name: &str) -> String {
    root()
        .join("fixtures/cassettes")
        .join(name)
        .display()
        .to_string()
}

type Chat = expectrl::session::OsSession;

/// `steer ARGS` in a pseudo-terminal, in `dir`, with its config file
/// (`dir/config.toml`, absent unless a test writes it), sessions and
/// history kept inside `dir`.
fn chat(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Chat {
    let mut cmd = common::steer();
    cmd.args(args)
        .current_dir(dir)
        .env("STEER_CONFIG", dir.join("config.toml"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut session = Session::spawn(cmd).expect("spawn steer in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// The chat in `dir` at its prompt, with checkpoints off for what follows.
fn chat_without_checkpoints(dir: &Path) -> Chat {
    let mut p = chat(dir, &[], &[]);
    p.expect("steer> ").unwrap();
    command(
        &mut p,
        "/checkpoints none",
        "checkpoints for the next requests: none",
    );
    p
}

/// Waits for the choice line of a card, then presses `key`.
fn press(p: &mut Chat, key: &str) {
    p.expect("leave paused > ").expect("the choice prompt");
    p.send(key).expect("send a key");
}

/// Types a chat command, waits for `output`, then for the next prompt
/// (typing ahead of the prompt could race the line editor).
fn command(p: &mut Chat, line: &str, output: &str) {
    p.send_line(line).unwrap();
    p.expect(output).unwrap();
    p.expect("steer> ").unwrap();
}

/// Waits until the loopback server has received the model request, so a
/// Ctrl-C cancels a request that is really out.
fn wait_for_request(server: &common::server::Server) {
    for _ in 0..600 {
        if !server.received().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.received().len(), 1, "the request reached the server");
}

fn sessions_in(dir: &Path) -> Vec<PathBuf> {
    let dir = dir.join("data/steer/sessions");
    let mut logs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    logs.sort();
    logs
}

#[test]
fn edit_the_plan_in_the_editor_approve_save_and_exit() {
    let dir = tempfile::tempdir().unwrap();
    // The scripted editor: the first save breaks the plan (a text growth
    // rate), the second, shown the error, puts a valid rate in.
    let editor = dir.path().join("edit.sh");
    std::fs::write(
        &editor,
        r#"#!/bin/sh
if [ ! -f "$(dirname "$0")/edited-once" ]; then
  touch "$(dirname "$0")/edited-once"
  sed -i 's/rate = 0.25/rate = "fast"/' "$1"
else
  grep -q '^# ! ' "$1" || exit 3
  sed -i 's/rate = "fast"/rate = 0.3/' "$1"
fi
"#,
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let editor = editor.display().to_string();
    let cassette = cassette("edit-plan.json");
    let mut p = chat(
        dir.path(),
        &["--from-cassette", &cassette],
        &[("EDITOR", &editor)],
    );

    p.expect("steer> ").unwrap();
    p.send_line("Can OpenAI fund its compute commitments?")
        .unwrap();
    p.expect("── checkpoint 1 · plan review ──").unwrap();
    // Neither Enter nor an unknown key approves anything.
    press(&mut p, "\r");
    p.expect("Enter is not a choice").unwrap();
    press(&mut p, "x");
    p.expect("`x` is not a choice").unwrap();
    // The offline planner cannot re-plan from text: said before any
    // feedback is asked for, and the card stays open.
    press(&mut p, "r");
    p.expect("cannot act on written feedback; press e to edit instead")
        .unwrap();
    press(&mut p, "e");
    p.expect("the edit was refused").unwrap();
    p.expect("rate").unwrap();
    p.expect("edit accepted").unwrap();
    // Each finished step leaves a line on stderr (a terminal here).
    p.expect("✓ s2   revenue_projection").unwrap();
    p.expect("── checkpoint 2 · conflicting sources ──")
        .unwrap();
    // The revenue base, its consequences on the same card.
    p.expect("needs 61.0% a year").unwrap();
    press(&mut p, "s");
    // The commitments framing queued behind it is approved with the
    // session: nothing else asks.
    p.expect("── report ──").unwrap();
    p.expect("bear (constant 30%/yr)").unwrap();
    p.expect("OpenAI: cumulative revenue by scenario vs cumulative commitments")
        .unwrap();
    p.expect("steer> ").unwrap();

    command(&mut p, "/plan", "plan v2");
    command(&mut p, "/sav out/report.md", "did you mean /save?");
    // Two charts: the projection's, and the drawing of OpenAI's deals.
    command(&mut p, "/save out/report.md", "out/report-s3-2.svg");
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();

    let report = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(report.contains("bear (constant 30%/yr)"), "{report}");
    assert!(report.contains("you edited the plan"), "{report}");
    assert!(
        report.contains("cumulative commitments (step s2)](report-s2-1.svg)"),
        "{report}"
    );
    assert!(
        report.contains("Deals of OpenAI (step s3)](report-s3-2.svg)"),
        "{report}"
    );
    let svg = std::fs::read_to_string(dir.path().join("out/report-s2-1.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.contains("<svg"),
        "not an SVG"
    );
    // One session, finished; the history holds what was typed.
    let logs = sessions_in(dir.path());
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("\"event\":\"report\""), "{log}");
    assert!(log.contains("\"decision\":\"edit_plan\""), "{log}");
    let history = std::fs::read_to_string(dir.path().join("data/steer/history.txt")).unwrap();
    assert!(history.contains("/save out/report.md"), "{history}");
}

#[test]
fn reject_with_feedback_and_see_the_new_plan() {
    let dir = tempfile::tempdir().unwrap();
    let cassette = cassette("reject-replan.json");
    let mut p = chat(dir.path(), &["--from-cassette", &cassette], &[]);

    p.expect("steer> ").unwrap();
    p.send_line("How much does NVIDIA put into OpenAI?")
        .unwrap();
    p.expect("Plan v1").unwrap();
    p.expect("statement_comparison").unwrap();
    press(&mut p, "r");
    p.expect("feedback for the model > ").unwrap();
    p.send_line("Statements will not answer this; look up the deals between NVIDIA and OpenAI.")
        .unwrap();
    p.expect("── checkpoint 2 · plan review ──").unwrap();
    p.expect("Plan v2").unwrap();
    p.expect("deal_lookup").unwrap();
    press(&mut p, "a");
    p.expect("NVIDIA invests up to $100B in OpenAI").unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("/sources").unwrap();
    p.expect("001 l.75-77").unwrap();
    p.expect("steer> ").unwrap();
    // Ctrl-D leaves.
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();

    let logs = sessions_in(dir.path());
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("Statements will not answer this"), "{log}");
}

#[test]
fn ctrl_c_cancels_a_running_step_and_resume_continues() {
    use common::server::{Reply, Server, tool_call};
    let dir = tempfile::tempdir().unwrap();
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup",
        "arguments": "{\"party\":\"NVIDIA\"}", "depends_on": [], "rationale": "r", "checkpoint": false}]})
    .to_string();
    // The first model call never answers; the one after /resume does.
    let server = Server::start(vec![
        Reply::Held(Box::new(tool_call("call_1", "submit_plan", &plan))),
        tool_call("call_2", "submit_plan", &plan),
    ]);
    let mut p = chat(
        dir.path(),
        &["--base-url", &server.url, "-m", "test-model"],
        &[("OPENAI_API_KEY", "sk-test-key-for-the-pty")],
    );
    p.expect("steer> ").unwrap();
    p.send_line("Who pays NVIDIA?").unwrap();
    p.expect("the model is working").unwrap();
    wait_for_request(&server);
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("cancelled; session").unwrap();
    p.expect("steer> ").unwrap();
    // Ctrl-C at the prompt only clears the line.
    p.send("half a line").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("steer> ").unwrap();
    let logs = sessions_in(dir.path());
    assert_eq!(logs.len(), 1);
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    let events: Vec<&str> = log.lines().collect();
    assert_eq!(events.len(), 2, "the start and the cancellation: {log}");
    assert!(events[1].contains("\"event\":\"cancelled\""), "{log}");
    command(&mut p, "/sessions", "paused: cancelled");

    // Let the abandoned connection go; the resumed run makes a new one.
    server.release();
    p.send_line("/resume").unwrap();
    p.expect("── checkpoint 1 · plan review ──").unwrap();
    press(&mut p, "q");
    p.expect("abort the run? [y/N]").unwrap();
    p.send("y").unwrap();
    p.expect("aborted by the user").unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(
        server.received().len(),
        2,
        "the cancelled call and the resumed one"
    );
}

#[test]
fn without_a_terminal_steer_says_how_to_run_a_request() {
    let out = common::steer()
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("steer ask -"), "{err}");
}

#[test]
fn steer_ask_on_a_terminal_uses_the_same_cards() {
    let dir = tempfile::tempdir().unwrap();
    let cassette = cassette("circular.json");
    let mut p = chat(
        dir.path(),
        &[
            "ask",
            "--from-cassette",
            &cassette,
            "Show the circular deals around NVIDIA",
        ],
        &[],
    );
    p.expect("── checkpoint 1 · plan review ──").unwrap();
    // Esc leaves the session paused: exit status 3, resumable.
    press(&mut p, "\x1b");
    p.expect("left paused; `steer resume").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 3)),
        "paused, exit status 3: {status:?}"
    );
    let logs = sessions_in(dir.path());
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("\"event\":\"pause\""), "{log}");
}

#[test]
fn slash_commands_policy_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat(dir.path(), &[], &[]);
    p.expect("steer> ").unwrap();
    command(&mut p, "/help", "/checkpoints [POLICY]");
    command(&mut p, "/plan", "no plan yet");
    command(&mut p, "/save", "no report yet; run a request first");
    command(&mut p, "/tools", "revenue_projection");
    command(&mut p, "/model", "model: offline");
    command(&mut p, "/checkpoints sometimes", "sometimes");
    command(
        &mut p,
        "/checkpoints none",
        "checkpoints for the next requests: none",
    );
    // No checkpoint: straight to the report, unstyled under NO_COLOR.
    p.send_line("Show the circular deals around NVIDIA")
        .unwrap();
    p.expect("the strongest is NVIDIA → OpenAI → NVIDIA")
        .unwrap();
    p.expect("## Claims").unwrap();
    p.expect("steer> ").unwrap();
    command(&mut p, "/new", "new conversation");
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();

    // Without NO_COLOR the same report's headings are styled.
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat(dir.path(), &[], &[("NO_COLOR", "")]);
    p.expect("steer> ").unwrap();
    command(
        &mut p,
        "/checkpoints none",
        "checkpoints for the next requests: none",
    );
    p.send_line("Show the circular deals around NVIDIA")
        .unwrap();
    p.expect("\u{1b}[1mClaims").unwrap();
    p.expect("steer> ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
}

#[test]
fn the_funding_request_asks_each_question_once() {
    // The request a new user tried: plan, the base (with what each base
    // needs), the framing; then the report, nothing asked twice.
    let dir = tempfile::tempdir().unwrap();
    let cassette = cassette("ask-once.json");
    let mut p = chat(dir.path(), &["--from-cassette", &cassette], &[]);
    p.expect("steer> ").unwrap();
    p.send_line("Can OpenAI fund its $1.4T of compute commitments?")
        .unwrap();
    p.expect("── checkpoint 1 · plan review ──").unwrap();
    press(&mut p, "a");
    p.expect("── checkpoint 2 · conflicting sources ──")
        .unwrap();
    p.expect("needs 48.7% a year").unwrap();
    press(&mut p, "2");
    p.expect("── checkpoint 3 · conflicting sources ──")
        .unwrap();
    p.expect("Sources frame OpenAI's commitments differently")
        .unwrap();
    press(&mut p, "a");
    p.expect("── report ──").unwrap();
    p.expect("From the chosen base of $20B").unwrap();
    p.expect("steer> ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
}

#[test]
fn a_digit_uses_the_option_a_conflict_offers() {
    let dir = tempfile::tempdir().unwrap();
    let cassette = cassette("choose-base.json");
    let mut p = chat(dir.path(), &["--from-cassette", &cassette], &[]);
    p.expect("steer> ").unwrap();
    command(
        &mut p,
        "/checkpoints conflicts",
        "checkpoints for the next requests: conflicts",
    );
    p.send_line("Can OpenAI fund its compute commitments?")
        .unwrap();
    // The revenue base: the statements' figures and the projection's
    // choice on one card, the bases numbered 1-2.
    p.expect("── checkpoint 1 · conflicting sources ──")
        .unwrap();
    p.expect("2 $20B annualized").unwrap();
    p.expect("[1-2] use that option").unwrap();
    press(&mut p, "3");
    p.expect("`3` is not a choice").unwrap();
    press(&mut p, "2");
    p.expect("use option 2").unwrap();
    p.expect("── checkpoint 2 · conflicting sources ──")
        .unwrap();
    p.expect("2 $1.4T by 2030").unwrap();
    press(&mut p, "2");
    p.expect("From the $20B base").unwrap();
    p.expect("steer> ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
}

#[test]
fn ctrl_c_in_steer_ask_leaves_the_session_paused() {
    use common::server::{Reply, Server, tool_call};
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(vec![Reply::Held(Box::new(tool_call(
        "call_1",
        "submit_plan",
        "{}",
    )))]);
    let mut p = chat(
        dir.path(),
        &[
            "ask",
            "--base-url",
            &server.url,
            "-m",
            "test-model",
            "Who pays NVIDIA?",
        ],
        &[("OPENAI_API_KEY", "sk-test-key-for-the-pty")],
    );
    wait_for_request(&server);
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("cancelled; `steer resume").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 3)),
        "paused, exit status 3: {status:?}"
    );
    server.release();
    let logs = sessions_in(dir.path());
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("\"event\":\"cancelled\""), "{log}");
}

#[test]
fn the_config_file_sets_the_chats_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "checkpoints = \"none\"\n").unwrap();
    let mut p = chat(dir.path(), &[], &[]);
    p.expect("steer> ").unwrap();
    command(&mut p, "/checkpoints", "checkpoints: none");
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();

    // A policy the file gets wrong is named with the file, before any chat.
    std::fs::write(
        dir.path().join("config.toml"),
        "checkpoints = \"sometimes\"\n",
    )
    .unwrap();
    let mut p = chat(dir.path(), &[], &[]);
    p.expect("config.toml: checkpoints").unwrap();
    p.expect("sometimes").unwrap();
    p.expect(Eof).unwrap();
}

#[test]
fn a_new_question_about_another_company_is_planned_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat_without_checkpoints(dir.path());
    p.send_line("Can OpenAI fund its compute commitments?")
        .unwrap();
    p.expect("**No.** From OpenAI's $12B base").unwrap();
    p.expect("steer> ").unwrap();
    // It names its own company: the funding intent does not carry over
    // (it used to be declined: "no revenue figure for NVIDIA").
    p.send_line("Tell me about NVIDIA").unwrap();
    p.expect("NVIDIA's largest deals").unwrap();
    p.expect("steer> ").unwrap();
    // A request that refers back takes the earlier company.
    p.send_line("And the circular deals?").unwrap();
    p.expect("circular flows of money run through NVIDIA")
        .unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
    let logs = sessions_in(dir.path());
    assert_eq!(logs.len(), 3, "{logs:?}");
    for log in logs {
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(!text.contains("cannot plan this offline"), "{text}");
    }
}

#[test]
fn an_unrelated_question_after_one_about_nvidia_is_not_planned_for_nvidia() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat_without_checkpoints(dir.path());
    p.send_line("Tell me about NVIDIA").unwrap();
    p.expect("NVIDIA's largest deals").unwrap();
    p.expect("steer> ").unwrap();
    // Nothing in it points back: declined on its own, not an NVIDIA plan.
    p.send_line("What is the weather in Tokyo?").unwrap();
    p.expect("cannot plan this offline").unwrap();
    p.expect("steer> ").unwrap();
    // A pronoun does point back.
    p.send_line("How much does it invest in OpenAI?").unwrap();
    p.expect("up to $100B").unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
    // The weather question's session holds no plan: nothing was planned
    // for NVIDIA or anyone.
    let weather: Vec<String> = sessions_in(dir.path())
        .iter()
        .map(|l| std::fs::read_to_string(l).unwrap())
        .filter(|t| {
            let start: serde_json::Value = serde_json::from_str(t.lines().next().unwrap()).unwrap();
            start["request"] == "What is the weather in Tokyo?"
        })
        .collect();
    assert_eq!(weather.len(), 1, "one session for the weather question");
    assert!(
        !weather[0].contains("\"event\":\"model_reply\""),
        "{}",
        weather[0]
    );
}

#[test]
fn ingest_in_the_chat_approve_edit_reject_and_abort() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("deals.md");
    std::fs::write(
        &doc,
        "# Four deals\nNVIDIA invested $1 billion in Oracle.\nMicrosoft invested $2 billion in AMD.\nAmazon invested $3 billion in CoreWeave.\nGoogle invested $4 billion in Apple.\n",
    )
    .unwrap();
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/\"investment\"/\"venture\"/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().join("research");
    // The chat starts on an existing dataset directory (a copy of the
    // built-in one, as `steer ingest --into` makes).
    steer::ingest::write::ensure(&data).unwrap();
    let mut p = chat(
        dir.path(),
        &["--data", data.to_str().unwrap()],
        &[("EDITOR", editor.to_str().unwrap())],
    );
    p.expect("steer> ").unwrap();
    p.send_line(format!("/ingest {}", doc.display())).unwrap();
    let card = |p: &mut Chat, n: u32, key: &str| {
        p.expect(format!("── proposal {n} of 4 · deal ──").as_str())
            .unwrap();
        p.expect("q abort").unwrap();
        p.send(key).unwrap();
    };
    card(&mut p, 1, "a");
    card(&mut p, 2, "e");
    card(&mut p, 3, "r");
    card(&mut p, 4, "q");
    p.expect("accepted: 2").unwrap();
    p.expect("aborted").unwrap();
    p.expect("steer> ").unwrap();
    command(
        &mut p,
        "/source 004:2",
        "NVIDIA invested $1 billion in Oracle.",
    );
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
    let deals = std::fs::read_to_string(data.join("deals.toml")).unwrap();
    assert!(
        deals.contains("id = \"nvidia-oracle-investment\""),
        "{deals}"
    );
    assert!(
        deals.contains("id = \"microsoft-amd-investment\"\nkind = \"venture\""),
        "the edit is what was written: {deals}"
    );
    assert!(!deals.contains("amazon-coreweave"), "rejected");
    assert!(!deals.contains("google-apple"), "not reached: aborted");
}

#[test]
fn a_chats_turns_are_listed_under_the_chat() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat_without_checkpoints(dir.path());
    p.send_line("Show the circular deals around NVIDIA")
        .unwrap();
    p.expect("## Claims").unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("How much did SoftBank invest in OpenAI?")
        .unwrap();
    p.expect("## Claims").unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
    let list = |json: bool| {
        let mut cmd = common::steer();
        cmd.arg("sessions")
            .env("STEER_CONFIG", dir.path().join("config.toml"))
            .env("XDG_DATA_HOME", dir.path().join("data"));
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        common::assert_success(&out);
        String::from_utf8(out.stdout).unwrap()
    };
    let rows: serde_json::Value = serde_json::from_str(&list(true)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["chat"].is_string(), "{rows:?}");
    assert_eq!(rows[0]["chat"], rows[1]["chat"], "one chat, two turns");
    let table = list(false);
    assert!(table.contains("2 turns"), "{table}");
    assert!(table.contains("└"), "{table}");
}

#[test]
fn steer_ask_renders_its_report_on_a_terminal_like_the_chat() {
    // Styled on a terminal (no NO_COLOR): bold headings, as the chat.
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat(
        dir.path(),
        &[
            "--model",
            "offline",
            "ask",
            "--yes",
            "Show the circular deals around NVIDIA",
        ],
        &[("NO_COLOR", "")],
    );
    p.expect("\u{1b}[1mClaims").unwrap();
    p.expect(Eof).unwrap();
    // Piped, the Markdown is written as it is.
    let out = common::steer()
        .args([
            "--model",
            "offline",
            "ask",
            "--yes",
            "Show the circular deals around NVIDIA",
        ])
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("## Claims") && !text.contains('\u{1b}'),
        "{text}"
    );
}

#[test]
fn cards_fit_a_narrow_terminal_and_explain_the_keys_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat(dir.path(), &[], &[]);
    p.get_process_mut().set_window_size(60, 50).unwrap();
    p.expect("steer> ").unwrap();
    p.send_line("Can OpenAI fund its compute commitments?")
        .unwrap();
    let first = p.expect("leave paused > ").unwrap();
    let first = String::from_utf8_lossy(first.before()).to_string();
    assert!(first.contains("What each answer does here:"), "{first}");
    p.send("a").unwrap();
    let second = p.expect("leave paused > ").unwrap();
    let second = String::from_utf8_lossy(second.before()).to_string();
    assert!(second.contains("conflicting sources"), "{second}");
    assert!(!second.contains("What each answer does here:"), "{second}");
    assert!(
        second.contains("Keys: "),
        "one line names the keys: {second}"
    );
    // ? shows them in full again.
    p.send("?").unwrap();
    p.expect("What each answer does here:").unwrap();
    for card in [&first, &second] {
        // The card from its title on (progress lines before it are the
        // spinner's, padded by indicatif to clear the line).
        let card = &card[card.find("── checkpoint").unwrap()..];
        for line in card.lines() {
            // What stays on screen: the text after the last carriage
            // return (a spinner overwrites itself), without clear-line codes.
            let line = line
                .trim_end_matches('\r')
                .rsplit('\r')
                .next()
                .unwrap_or_default()
                .replace("\u{1b}[2K", "");
            assert!(
                textwrap::core::display_width(&line) <= 60,
                "wider than the 60-column terminal: {line:?}"
            );
        }
    }
    p.send(ControlCode::Escape).unwrap();
    p.expect("steer> ").unwrap();
    p.send(ControlCode::EndOfTransmission).unwrap();
    p.expect(Eof).unwrap();
}

/// Under `--lang ja` the chat's own lines are Japanese: command errors,
/// the policy and model lines, the plan heading and /save.
#[test]
fn the_chat_speaks_japanese_under_lang_ja() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = chat(dir.path(), &["--lang", "ja"], &[]);
    p.expect("steer> ").unwrap();
    command(
        &mut p,
        "/plna",
        "コマンド /plna はありません。/plan のことですか?",
    );
    command(&mut p, "/plan now", "/plan は引数を取りません");
    command(&mut p, "/ingest", "/ingest には文書を指定します");
    command(&mut p, "/model", "モデル: offline");
    command(
        &mut p,
        "/checkpoints sometimes",
        "チェックポイントの種類 `sometimes` はありません",
    );
    command(
        &mut p,
        "/checkpoints none",
        "次の依頼からのチェックポイント: none",
    );
    p.send_line("エヌビディアをめぐる循環取引はあるか？")
        .unwrap();
    p.expect("## 主張と出典").unwrap();
    p.expect("steer> ").unwrap();
    command(&mut p, "/plan", "計画 v1 — ");
    command(&mut p, "/save out/", "に書き出しました");
    p.send_line("/exit").unwrap();
    p.expect(Eof).unwrap();
}
