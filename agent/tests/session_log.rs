#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Session logs under failure: a torn last line after a kill, two
//! resumes at once, a log the run no longer matches.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::server::{self, Reply, Server};
use serde_json::{Value, json};
use steer::session::{self, Event};

const REQUEST: &str = "Can OpenAI fund its $1.4T of compute commitments?";

fn offline(sessions: &Path, args: &[&str]) -> std::process::Output {
    common::steer()
        .arg("--session-dir")
        .arg(sessions)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn only_log(sessions: &Path) -> PathBuf {
    let logs = session::list(sessions).unwrap();
    assert_eq!(logs.len(), 1, "{logs:?}");
    logs[0].clone()
}

fn id_of(log: &Path) -> String {
    log.file_stem().unwrap().to_string_lossy().to_string()
}

#[test]
fn a_torn_last_line_is_set_aside_and_the_session_finishes_as_if_never_killed() {
    // The run as it goes when nothing happens.
    let whole = tempfile::tempdir().unwrap();
    let expected = offline(whole.path(), &["ask", "--yes", REQUEST]);
    common::assert_success(&expected);

    // The same run killed while it wrote a tool result: the log ends in
    // half a line, and everything after it was never written.
    let killed = tempfile::tempdir().unwrap();
    assert!(
        offline(killed.path(), &["ask", "--yes", REQUEST])
            .status
            .success()
    );
    let log = only_log(killed.path());
    let text = std::fs::read_to_string(&log).unwrap();
    let at = text
        .rfind("\"event\":\"tool_result\"")
        .expect("a tool result");
    let line_start = text[..at].rfind('\n').unwrap() + 1;
    let torn = &text[..at + 10];
    std::fs::write(&log, torn).unwrap();

    let out = offline(killed.path(), &["resume", &id_of(&log), "--yes"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("was cut off") && stderr.contains(".jsonl.torn"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected.stdout),
        "the same report as the run never killed"
    );
    let mut kept = log.as_os_str().to_owned();
    kept.push(".torn");
    assert_eq!(
        std::fs::read_to_string(PathBuf::from(kept)).unwrap(),
        torn,
        "the original is kept"
    );
    // The log is whole again: every event once, in order, ending in the report.
    let events = session::read(&log).unwrap();
    assert!(matches!(events.last(), Some(Event::Report { .. })));
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .starts_with(&text[..line_start])
    );
}

#[test]
fn garbage_in_a_middle_line_or_a_whole_bad_last_line_is_refused_and_nothing_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = offline(dir.path(), &["ask", REQUEST]);
    assert_eq!(out.status.code(), Some(3), "paused at the plan");
    let log = only_log(dir.path());
    let text = std::fs::read_to_string(&log).unwrap();
    let schema = format!("\"schema\":{}", steer::session::SCHEMA);
    for bad in [
        format!("{text}not json\n"),
        text.replacen("\"seq\":2", "\"seq\":1", 1),
        format!(
            "{}{}",
            text,
            text.lines().last().unwrap().to_string() + "\n"
        ),
        text.replacen(&schema, "\"schema\":0", 1),
        text.replacen(&schema, "\"schema\":\"one\"", 1),
    ] {
        std::fs::write(&log, &bad).unwrap();
        let out = offline(dir.path(), &["resume", &id_of(&log), "--approve"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!("{}:", log.display())),
            "file:line named: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            bad,
            "nothing rewritten"
        );
    }
    // Invalid UTF-8 is reported with its line too.
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"{\"schema\":1,\xff}\n");
    std::fs::write(&log, &bytes).unwrap();
    let out = offline(dir.path(), &["resume", &id_of(&log), "--approve"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = text.lines().count();
    assert!(
        stderr.contains(&format!(":{}: not valid UTF-8", lines + 1)),
        "{stderr}"
    );
}

#[test]
fn a_resume_the_log_does_not_match_is_refused_before_anything_is_appended() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        offline(dir.path(), &["ask", "--yes", REQUEST])
            .status
            .success()
    );
    let log = only_log(dir.path());
    // Drop the report and duplicate the last tool result (renumbered, so
    // only the replay can tell).
    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines.pop();
    let at = lines
        .iter()
        .rposition(|l| l["event"] == "tool_result")
        .unwrap();
    lines.insert(at + 1, lines[at].clone());
    for (i, l) in lines.iter_mut().enumerate() {
        l["seq"] = json!(i + 1);
    }
    let mut bad: String = lines.iter().map(|l| format!("{l}\n")).collect();
    // A torn line at the end too: it is not repaired when the rest is refused.
    bad.push_str("{\"schema\":1,\"seq\":");
    std::fs::write(&log, &bad).unwrap();
    for _ in 0..2 {
        let out = offline(dir.path(), &["resume", &id_of(&log), "--yes"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("does not match this run"), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            bad,
            "the log did not grow"
        );
    }
    let mut torn = log.as_os_str().to_owned();
    torn.push(".torn");
    assert!(!PathBuf::from(torn).exists(), "nothing was set aside");
}

#[test]
fn two_resumes_at_once_one_runs_and_the_other_touches_nothing() {
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(), "depends_on": [], "rationale": "r", "checkpoint": false}]}).to_string();
    let server = Server::start(vec![
        server::tool_call("c1", "submit_plan", &plan),
        // The winner waits here, holding the session, until released.
        Reply::Held(Box::new(server::streamed_text(
            "NVIDIA invests up to $100B (001 l.75-77).\n",
        ))),
    ]);
    let sessions = tempfile::tempdir().unwrap();
    let steer = || {
        let mut cmd = common::steer();
        cmd.env("OPENAI_API_KEY", "sk-test-not-a-real-key")
            .args(["--base-url", &server.url, "--session-dir"])
            .arg(sessions.path())
            .stdin(Stdio::null());
        cmd
    };
    let out = steer()
        .args([
            "ask",
            "-m",
            "test-model",
            "How much does NVIDIA invest in OpenAI?",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let log = only_log(sessions.path());
    let id = id_of(&log);

    let first = steer()
        .args(["resume", &id, "--approve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first holds the session (it has asked the model).
    while server.received().len() < 2 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let before = std::fs::read_to_string(&log).unwrap();
    let second = steer().args(["resume", &id, "--approve"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("session {id} is in use by process {}", first.id())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        before,
        "the second touched nothing"
    );

    server.release();
    let first = first.wait_with_output().unwrap();
    common::assert_success(&first);
    let events = session::read(&log).unwrap();
    let count = |f: fn(&Event) -> bool| events.iter().filter(|e| f(e)).count();
    assert_eq!(count(|e| matches!(e, Event::Decision { .. })), 1);
    assert_eq!(
        count(|e| matches!(e, Event::Pause { .. })),
        1,
        "the resumed pause is not logged again"
    );
    assert_eq!(count(|e| matches!(e, Event::ToolResult { .. })), 1);
    assert_eq!(count(|e| matches!(e, Event::Report { .. })), 1);
    assert_eq!(server.received().len(), 2, "each model call once");
}

#[test]
fn sessions_lists_a_session_killed_after_a_decision_as_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        offline(dir.path(), &["ask", REQUEST]).status.code(),
        Some(3)
    );
    let log = only_log(dir.path());
    // What a kill right after the plan was approved leaves.
    let mut text = std::fs::read_to_string(&log).unwrap();
    let n = text.lines().count() + 1;
    text.push_str(&format!("{}\n", json!({"schema": steer::session::SCHEMA, "seq": n, "event": "decision", "decision": {"decision": "approve"}, "automatic": false, "checkpoint": 1})));
    std::fs::write(&log, text).unwrap();
    let out = offline(dir.path(), &["sessions"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("interrupted") && !stdout.contains("paused"),
        "{stdout}"
    );
}

#[test]
fn a_whole_last_event_without_its_newline_is_kept_and_the_next_starts_a_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        offline(dir.path(), &["ask", REQUEST]).status.code(),
        Some(3)
    );
    let log = only_log(dir.path());
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, text.trim_end_matches('\n')).unwrap();
    let out = offline(dir.path(), &["resume", &id_of(&log), "--yes"]);
    common::assert_success(&out);
    let events = session::read(&log).unwrap();
    assert!(matches!(events.last(), Some(Event::Report { .. })));
    let mut torn = log.as_os_str().to_owned();
    torn.push(".torn");
    assert!(!PathBuf::from(torn).exists(), "a whole event is not torn");
}

#[test]
fn under_sync_a_session_runs_resumes_and_reads_back_the_same_as_under_flush() {
    // The policy changes what a log survives, never what it holds: the
    // same request leaves the same events under both.
    let events = |durability: &str| {
        let dir = tempfile::tempdir().unwrap();
        let out = offline(dir.path(), &["--durability", durability, "ask", REQUEST]);
        assert_eq!(
            out.status.code(),
            Some(3),
            "paused at the plan: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let log = only_log(dir.path());
        let resumed = offline(
            dir.path(),
            &["resume", &id_of(&log), "--yes", "--durability", durability],
        );
        common::assert_success(&resumed);
        let kinds: Vec<String> = session::read(&log)
            .unwrap()
            .iter()
            .map(|e| serde_json::to_value(e).unwrap()["event"].to_string())
            .collect();
        kinds
    };
    let flushed = events("flush");
    assert!(flushed.len() > 4, "{flushed:?}");
    assert_eq!(events("sync"), flushed);
}

#[test]
fn an_unknown_durability_is_refused_with_the_levels_it_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = offline(
        dir.path(),
        &["--durability", "always", "ask", "--yes", REQUEST],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("durability must be `flush`") && stderr.contains("`sync`"),
        "{stderr}"
    );
    assert!(
        session::list(dir.path()).unwrap().is_empty(),
        "nothing started"
    );
}

#[test]
fn a_lock_file_left_with_a_longer_id_names_only_the_current_holder() {
    // The holder's pid is written over what the file held, not after
    // emptying it (emptying then writing made every close a disk flush).
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("x.jsonl");
    std::fs::write(dir.path().join("x.lock"), "9".repeat(64)).unwrap();
    let held = session::lock(&log).unwrap();
    let text = std::fs::read_to_string(dir.path().join("x.lock")).unwrap();
    assert_eq!(text.trim(), std::process::id().to_string());
    let refused = session::lock(&log).unwrap_err().to_string();
    assert!(
        refused.contains(&format!("in use by process {}", std::process::id())),
        "{refused}"
    );
    drop(held);
    // Released: the next taker gets it. Other tests of this binary spawn
    // processes, and a fork holds a copy of every descriptor until its
    // exec closes them, so the lock can outlive `drop` by that instant.
    let retaken = (0..200).find_map(|_| {
        session::lock(&log)
            .inspect_err(|_| std::thread::sleep(std::time::Duration::from_millis(10)))
            .ok()
    });
    assert!(retaken.is_some(), "the lock was not released");
}

#[test]
fn a_lock_file_that_is_a_symlink_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("x.jsonl");
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("x.lock")).unwrap();
    let refused = session::lock(&log).unwrap_err().to_string();
    assert!(refused.contains("symbolic link"), "{refused}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    // A dangling link is not followed to create its target either.
    let dangling = dir.path().join("y.jsonl");
    std::os::unix::fs::symlink(dir.path().join("made.txt"), dir.path().join("y.lock")).unwrap();
    assert!(session::lock(&dangling).is_err());
    assert!(!dir.path().join("made.txt").exists());
    // A FIFO in its place is not a lock file either.
    let fifo = dir.path().join("z.lock");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let refused = session::lock(&dir.path().join("z.jsonl"))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not a regular file"), "{refused}");
}

#[test]
fn ids_are_unique_uuids_shown_short_and_any_unique_part_resumes() {
    // Eight threads making ids at once never collide.
    let ids: Vec<String> = std::thread::scope(|s| {
        let makers: Vec<_> = (0..8)
            .map(|_| s.spawn(|| (0..2_000).map(|_| session::new_id()).collect::<Vec<_>>()))
            .collect();
        makers.into_iter().flat_map(|m| m.join().unwrap()).collect()
    });
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    assert!(
        ids.iter()
            .all(|id| id.len() == 36 && id.as_bytes()[14] == b'7')
    );

    let dir = tempfile::tempdir().unwrap();
    // A session of the older id form, made before this one.
    let old = dir.path().join("20261122-070201-3f2a.jsonl");
    assert_eq!(
        offline(dir.path(), &["ask", REQUEST]).status.code(),
        Some(3)
    );
    let new = only_log(dir.path());
    std::fs::copy(&new, &old).unwrap();
    let id = id_of(&new);
    let short = session::short_id(&id);
    assert!(short.len() == 12 && id.ends_with(short), "{short}");
    let listed = String::from_utf8_lossy(&offline(dir.path(), &["sessions"]).stdout).to_string();
    assert!(listed.contains(short) && !listed.contains(&id), "{listed}");
    let logs = session::list(dir.path()).unwrap();
    assert_eq!(logs, vec![old, new], "older ids first");
    let out = offline(dir.path(), &["resume", short, "--approve"]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("no session"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_session_exported_and_imported_elsewhere_resumes_to_the_same_report() {
    let here = tempfile::tempdir().unwrap();
    let there = tempfile::tempdir().unwrap();
    assert_eq!(
        offline(here.path(), &["ask", REQUEST]).status.code(),
        Some(3)
    );
    let id = id_of(&only_log(here.path()));
    let exported = offline(here.path(), &["sessions", "export", session::short_id(&id)]);
    assert!(exported.status.success());
    let file = there.path().join("moved.jsonl");
    std::fs::write(&file, &exported.stdout).unwrap();
    let store = there.path().join("sessions");
    let imported = offline(&store, &["sessions", "import", file.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&imported.stdout).contains(&id),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    // The same log, byte for byte, under its own id.
    assert_eq!(
        std::fs::read(store.join(format!("{id}.jsonl"))).unwrap(),
        exported.stdout
    );
    // A second import of it is refused and changes nothing.
    let again = offline(&store, &["sessions", "import", file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // Resumed in each place: the same report.
    let a = offline(here.path(), &["resume", &id, "--approve"]);
    let b = offline(&store, &["resume", &id, "--approve"]);
    assert!(matches!(a.status.code(), Some(0 | 3)), "{a:?}");
    // Paused at the next checkpoint: its card, on stderr.
    assert!(String::from_utf8_lossy(&a.stderr).contains("revenue base"));
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );

    // Not a log: refused with the line at fault, nothing left behind.
    let bad = there.path().join("bad.jsonl");
    let mut text = String::from_utf8_lossy(&exported.stdout).to_string();
    text.push_str("{not json\n");
    std::fs::write(&bad, text).unwrap();
    let refused = offline(&store, &["sessions", "import", bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("bad.jsonl:"), "{stderr}");
    let names: Vec<String> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("import"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
