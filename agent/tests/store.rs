#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The session stores' conformance suite: the file store and the
//! PostgreSQL store pass the same checks (append, replay from a sequence
//! number, one writer, the lock released when its process dies, owners
//! kept apart), plus each one's own failure (a torn tail on files, a
//! second writer's append refused by the key in PostgreSQL).
//!
//! PostgreSQL runs on 127.0.0.1:5432 (user postgres, trust) on every
//! developer machine and in CI; each run creates its own database and
//! drops it.

mod common;

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use steer::store::{self, NewSession, StoreError};

use common::database::Database;

fn new(id: &str, owner: &str) -> NewSession {
    NewSession {
        id: id.to_string(),
        owner: owner.to_string(),
        kind: "research".to_string(),
        request: format!("request of {id}"),
        chat: None,
    }
}

fn line(n: u64) -> String {
    format!(r#"{{"seq":{n},"event":"note","text":"OpenAIの売上 {n}"}}"#)
}

/// A store URL held by a child process until it is killed: the child
/// prints `held` once it has the lock of `id`.
fn hold_in_child(url: &str, id: &str) -> std::process::Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_holds_a_lock",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("STEER_TEST_HOLD", format!("{url}|{id}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    while out.read_line(&mut text).unwrap() > 0 {
        if text.contains("held") {
            return child;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the child never took the lock: {text}");
}

/// Not a test of its own: the child process of `hold_in_child`.
#[test]
fn child_holds_a_lock() {
    let Ok(spec) = std::env::var("STEER_TEST_HOLD") else {
        return;
    };
    let (url, id) = spec.split_once('|').unwrap();
    let store = store::open(url).unwrap();
    let _writer = store.lock(id, "ana").unwrap();
    println!("held");
    std::thread::sleep(Duration::from_secs(120));
}

/// Every check both stores must pass.
fn conformance(url: &str) {
    let store = store::open(url).unwrap();
    // Create, append, replay from any sequence number.
    let mut writer = store.create(&new("s-1", "ana"), &line(1)).unwrap();
    assert_eq!(writer.next_seq(), 2);
    assert_eq!(writer.append(&line(2)).unwrap(), 2);
    assert_eq!(writer.append(&line(3)).unwrap(), 3);
    let all = store.read("s-1", "ana", 1).unwrap();
    assert_eq!(
        all.iter()
            .map(|s| (s.seq, s.line.clone()))
            .collect::<Vec<_>>(),
        (1..=3).map(|n| (n, line(n))).collect::<Vec<_>>()
    );
    let tail = store.read("s-1", "ana", 3).unwrap();
    assert_eq!(tail.len(), 1);
    assert_eq!(tail[0].seq, 3);
    assert!(matches!(
        store.create(&new("s-1", "ana"), &line(1)),
        Err(StoreError::Exists(_))
    ));

    // One writer: a second is refused while the first holds the lock,
    // and takes over where it left off once it is gone.
    assert!(matches!(
        store.lock("s-1", "ana"),
        Err(StoreError::InUse { .. })
    ));
    drop(writer);
    let mut again = store.lock("s-1", "ana").unwrap();
    assert_eq!(again.next_seq(), 4);
    again.append(&line(4)).unwrap();
    drop(again);

    // Owners: someone else's session reads as no session at all, with
    // the same words as an unknown id.
    let mine = store.create(&new("s-2", "ben"), &line(1)).unwrap();
    drop(mine);
    for (id, who) in [("s-1", "ben"), ("s-2", "ana"), ("nope", "ana")] {
        let read = store.read(id, who, 1).unwrap_err().to_string();
        assert_eq!(read, format!("no such session: {id}"), "{id} as {who}");
        let lock = store.lock(id, who).err().unwrap().to_string();
        assert_eq!(lock, format!("no such session: {id}"));
    }
    let listed = store.list("ana").unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|l| (l.id.as_str(), l.events))
            .collect::<Vec<_>>(),
        vec![("s-1", 4)]
    );
    assert_eq!(listed[0].request, "request of s-1");
    assert_eq!(listed[0].chat, None);
    // A chat's turn is listed with its chat.
    let turn = NewSession {
        chat: Some("chat-1".to_string()),
        ..new("s-3", "ben")
    };
    drop(store.create(&turn, &line(1)).unwrap());
    let bens = store.list("ben").unwrap();
    assert_eq!(bens.len(), 2);
    assert_eq!(bens[1].chat.as_deref(), Some("chat-1"));
    store.remove("s-3", "ben").unwrap();
    assert!(store.list("carl").unwrap().is_empty());

    // A writer's process killed: its lock goes with it.
    let mut child = hold_in_child(url, "s-1");
    assert!(matches!(
        store.lock("s-1", "ana"),
        Err(StoreError::InUse { .. })
    ));
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let writer = loop {
        match store.lock("s-1", "ana") {
            Ok(w) => break w,
            Err(StoreError::InUse { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("the dead process's lock was kept: {e}"),
        }
    };
    assert_eq!(writer.next_seq(), 5);

    // Removed: gone for its owner, refused to others and while written.
    let held = store.create(&new("s-4", "ana"), &line(1)).unwrap();
    assert!(matches!(
        store.remove("s-4", "ana"),
        Err(StoreError::InUse { .. })
    ));
    drop(held);
    assert!(matches!(
        store.remove("s-4", "ben"),
        Err(StoreError::NotFound(_))
    ));
    store.remove("s-4", "ana").unwrap();
    assert!(matches!(
        store.read("s-4", "ana", 1),
        Err(StoreError::NotFound(_))
    ));
    assert!(store.list("ana").unwrap().iter().all(|l| l.id != "s-4"));

    // Ids that cannot name a session are refused before anything is kept.
    assert!(matches!(
        store.create(&new("../escape", "ana"), &line(1)),
        Err(StoreError::BadId(_))
    ));
}

#[test]
fn the_file_store_conforms_and_sets_a_torn_tail_aside() {
    let dir = tempfile::tempdir().unwrap();
    conformance(&format!("file:{}", dir.path().display()));

    // A writer killed mid-line: reads stop at the last whole event, the
    // next writer keeps the log as it was aside and goes on after it.
    let store = store::open(&format!("file:{}", dir.path().display())).unwrap();
    let log = dir.path().join("s-2.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str(r#"{"seq":2,"event":"no"#);
    std::fs::write(&log, &text).unwrap();
    assert_eq!(store.read("s-2", "ben", 1).unwrap().len(), 1);
    let mut writer = store.lock("s-2", "ben").unwrap();
    assert_eq!(writer.next_seq(), 2);
    writer.append(&line(2)).unwrap();
    assert_eq!(
        store.read("s-2", "ben", 2).unwrap()[0].line,
        line(2),
        "the new event starts its own line"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s-2.jsonl.torn")).unwrap(),
        text
    );
}

#[test]
fn the_postgres_store_conforms_and_its_key_refuses_a_second_writer() {
    let db = Database::create();
    conformance(&db.url());

    // Were the lock ever lost, the (session, seq) key still refuses an
    // event already written: here a stray row takes the next number.
    let store = store::open(&db.url()).unwrap();
    let mut writer = store.create(&new("s-3", "ana"), &line(1)).unwrap();
    let mut raw = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    raw.execute(
        "INSERT INTO steer_events (session, seq, body) VALUES ('s-3', 2, 'stray')",
        &[],
    )
    .unwrap();
    let refused = writer.append(&line(2)).unwrap_err();
    assert!(
        matches!(refused, StoreError::Conflict { seq: 2, .. }),
        "{refused}"
    );
    // Nothing else in the database names the session's files.
    assert!(store.describe().starts_with("postgres://"));

    // A second process on the same database migrates nothing again.
    let again = store::open(&db.url()).unwrap();
    assert_eq!(again.list("ana").unwrap().len(), 2);
}

/// `steer` with a session directory, run as user `user`.
fn steer_as(user: &str, sessions: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::steer()
        .env("USER", user)
        .arg("--session-dir")
        .arg(sessions)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_session_moves_from_files_to_postgres_and_back_unchanged() {
    let db = Database::create();
    let url = db.url();
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let ask = steer_as("ana", &sessions, &["ask", "OpenAIの売上は？"]);
    assert_eq!(
        ask.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&ask.stderr)
    );
    let log = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    let id = log.file_stem().unwrap().to_string_lossy().to_string();
    let file = dir.path().join("moved.jsonl");
    std::fs::copy(&log, &file).unwrap();

    let imported = steer_as(
        "ana",
        &sessions,
        &[
            "sessions",
            "--store",
            &url,
            "import",
            file.to_str().unwrap(),
        ],
    );
    common::assert_success(&imported);
    assert!(String::from_utf8_lossy(&imported.stdout).contains(&id));
    // Listed from the database's index, for its owner only.
    let listed = steer_as("ana", &sessions, &["sessions", "--store", &url]);
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(
        table.contains(session_tail(&id)) && table.contains("OpenAIの売上"),
        "{table}"
    );
    let other = steer_as("ben", &sessions, &["sessions", "--store", &url]);
    assert!(String::from_utf8_lossy(&other.stdout).contains("no sessions"));
    // Exported back: the same bytes, by any unique part of the id.
    let exported = steer_as(
        "ana",
        &sessions,
        &["sessions", "--store", &url, "export", session_tail(&id)],
    );
    common::assert_success(&exported);
    assert_eq!(exported.stdout, std::fs::read(&log).unwrap());
    // Someone else's session and an unknown one: the same answer.
    let foreign = steer_as(
        "ben",
        &sessions,
        &["sessions", "--store", &url, "export", &id],
    );
    let unknown = steer_as(
        "ben",
        &sessions,
        &["sessions", "--store", &url, "export", "ffffffff"],
    );
    assert!(!foreign.status.success() && !unknown.status.success());
    assert_eq!(
        String::from_utf8_lossy(&foreign.stderr).replace(&id, "ID"),
        String::from_utf8_lossy(&unknown.stderr).replace("ffffffff", "ID")
    );
    // Imported twice: refused.
    let again = steer_as(
        "ana",
        &sessions,
        &[
            "sessions",
            "--store",
            &url,
            "import",
            file.to_str().unwrap(),
        ],
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // A store URL that is neither: a usage error naming both forms.
    let bad = steer_as("ana", &sessions, &["sessions", "--store", "mysql://x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("file:DIR or postgres://"));
}

fn session_tail(id: &str) -> &str {
    steer::session::short_id(id)
}

/// The id a paused `steer ask` names on stderr.
fn paused_id(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    stderr
        .split("steer resume ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no session named: {stderr}"))
        .to_string()
}

#[test]
fn a_session_paused_by_one_process_resumes_in_another_through_postgres_as_on_files() {
    let db = Database::create();
    let url = db.url();
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let request = "Can OpenAI fund its $1.4T of compute commitments?";
    let report = |store: &str| {
        let asked = steer_as("ana", &sessions, &["--store", store, "ask", request]);
        let id = paused_id(&asked);
        // Another process answers every checkpoint.
        let resumed = steer_as(
            "ana",
            &sessions,
            &["--store", store, "resume", &id, "--yes"],
        );
        common::assert_success(&resumed);
        String::from_utf8_lossy(&resumed.stdout).replace(&id, "ID")
    };
    let on_files = report(&format!("file:{}", dir.path().join("files").display()));
    let on_postgres = report(&url);
    assert!(on_postgres.contains("## Answer"), "{on_postgres}");
    assert_eq!(on_postgres, on_files);
    assert!(
        !sessions.exists() || std::fs::read_dir(&sessions).unwrap().next().is_none(),
        "nothing is written under the session directory with a database store"
    );
    // Someone else cannot resume, list or export it.
    let listed = steer_as("ana", &sessions, &["--store", &url, "sessions"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("done"));
    let other = steer_as("ben", &sessions, &["--store", &url, "sessions"]);
    assert!(String::from_utf8_lossy(&other.stdout).contains("no sessions"));
}
