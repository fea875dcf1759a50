//! The session stores' cost per event (issue #31): appending events to a
//! session and reading them back to resume, on the file store and on the
//! PostgreSQL store (127.0.0.1:5432, a database of its own, dropped after).
//!
//! Prints, per store: microseconds per appended event (one writer, each
//! event its own write: a line for files, a transaction for PostgreSQL),
//! microseconds per event read back, and taking the writer lock.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use steer::store::{self, NewSession};

const EVENTS: u64 = 2_000;
const ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn event(n: u64) -> String {
    // About the size of a tool result event in a real log.
    format!(
        r#"{{"schema":2,"seq":{n},"event":"tool_result","step":"s{n}","result":{{"mode":"list","party":"openai","matched":3,"notes":["{}"]}}}}"#,
        "OpenAIの売上と契約 ".repeat(20)
    )
}

fn measure(url: &str) {
    let store = store::open(url).unwrap();
    let new = NewSession {
        id: format!("bench-{}", std::process::id()),
        owner: "bench".to_string(),
        kind: "research".to_string(),
        request: "bench".to_string(),
        chat: None,
    };
    let started = Instant::now();
    let mut writer = store.create(&new, &event(1)).unwrap();
    for n in 2..=EVENTS {
        writer.append(&event(n)).unwrap();
    }
    let append = started.elapsed().as_secs_f64() * 1e6 / EVENTS as f64;
    drop(writer);
    let started = Instant::now();
    let read = store.read(&new.id, "bench", 1).unwrap();
    assert_eq!(read.len() as u64, EVENTS);
    let replay = started.elapsed().as_secs_f64() * 1e6 / EVENTS as f64;
    let started = Instant::now();
    let mut writer = store.lock(&new.id, "bench").unwrap();
    let lock = started.elapsed().as_secs_f64() * 1e3;
    assert_eq!(writer.next_seq(), EVENTS + 1);
    // As the session log commits: the events between two actions (a
    // chunk of tool results) in one append.
    const CHUNK: u64 = 8;
    let lines: Vec<String> = (0..CHUNK).map(|n| event(EVENTS + 1 + n)).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let started = Instant::now();
    for _ in 0..EVENTS / CHUNK {
        writer.append_all(&refs).unwrap();
    }
    let batched = started.elapsed().as_secs_f64() * 1e6 / EVENTS as f64;
    println!(
        "store {:<10} append {append:>7.1} µs/event ({batched:.1} in chunks of {CHUNK})   read to resume {replay:>5.2} µs/event   take the lock {lock:.2} ms",
        url.split(':').next().unwrap_or(url)
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    measure(&format!("file:{}", dir.path().display()));
    let name = format!("steer_bench_{}", std::process::id());
    let Ok(mut admin) = postgres::Client::connect(ADMIN, postgres::NoTls) else {
        println!("store postgres: no server on 127.0.0.1:5432, not measured");
        return;
    };
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    measure(&format!("postgres://postgres@127.0.0.1:5432/{name}"));
    let _ = admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"));
}
