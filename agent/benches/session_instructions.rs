//! The instruction-count guard for the runtime's per-turn overhead (issue
//! #35): runs the six-turn session of `support/workload.rs` a given number
//! of times, with the session log written under the default durability
//! policy, and nothing else. `.ci/instructions` runs it under
//! `valgrind --tool=callgrind` twice (1 and 1 + N sessions) and divides
//! the difference by N, so process start-up and the first session's
//! one-off costs drop out; instruction counts are repeatable where
//! wall-clock time is not.
//!
//! `STEER_BENCH_SESSIONS` sets how many sessions (default 1);
//! `STEER_BENCH_KEEP=DIR` keeps the logs there; `STEER_BENCH_NO_LOG=1`
//! runs without a log.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/workload.rs"]
mod workload;

fn main() {
    // `cargo bench` passes `--bench`; this target only runs when asked for.
    let sessions: usize = std::env::var("STEER_BENCH_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let tb = workload::toolbox();
    let replies = workload::replies();
    let dir = tempfile::tempdir().unwrap();
    // Profiling aids: keep the logs to read them, or run without one to
    // see what the log costs.
    let kept = std::env::var_os("STEER_BENCH_KEEP").map(std::path::PathBuf::from);
    let logged = std::env::var_os("STEER_BENCH_NO_LOG").is_none();
    let at = kept.as_deref().unwrap_or(dir.path());
    for n in 0..sessions {
        let driver = workload::prepare(
            &tb,
            &replies,
            logged.then_some(at),
            n,
            steer::session::Durability::default(),
        );
        workload::drive(&rt, driver);
    }
    println!("{sessions} sessions of {} turns driven", workload::TURNS);
}
