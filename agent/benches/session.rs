//! The runtime's own overhead per model turn (issues #6 and #35).
//!
//! A model stub in the process (no network) drives six turns — a plan with
//! deal_lookup, then direct calls to revenue_projection,
//! statement_comparison, deal_lookup and revenue_projection, then a
//! ~500-character answer — over tools that answer instantly, with the
//! session log written as in production (see `support/workload.rs`).
//! Target: at most 15 µs per turn with the default durability policy
//! (`flush`); the figures for `sync` and for no log at all are printed
//! beside it. Run pinned to one core: `taskset -c 0 cargo bench -p steer
//! --bench session`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use steer::session::Durability;

#[path = "support/workload.rs"]
mod workload;
use workload::{TURNS, drive, prepare, replies, toolbox};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let tb = toolbox();
    let replies = replies();
    let mut n = 0;
    let mut dir = tempfile::tempdir().unwrap();
    c.bench_function("session/6_turns", |b| {
        b.iter_batched(
            || {
                n += 1;
                // A fresh directory now and then, so file creation does not
                // slow down as a directory fills with tens of thousands of logs.
                if n % 1000 == 0 {
                    dir = tempfile::tempdir().unwrap();
                }
                prepare(&tb, &replies, Some(dir.path()), n, Durability::Flush)
            },
            |driver| drive(&rt, driver),
            criterion::BatchSize::SmallInput,
        )
    });
    // Each policy, and no log, measured in the same process the same way:
    // the median of many whole sessions, creation timed apart.
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    for (label, durability, sessions) in [
        ("flush (default)", Some(Durability::Flush), 2000),
        ("sync", Some(Durability::Sync), 300),
        ("no session log", None, 2000),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut runs = Vec::new();
        let mut creates = Vec::new();
        for i in 0..sessions {
            let start = Instant::now();
            let driver = prepare(
                &tb,
                &replies,
                durability.map(|_| dir.path()),
                i,
                durability.unwrap_or_default(),
            );
            creates.push(start.elapsed());
            let start = Instant::now();
            drive(&rt, driver);
            runs.push(start.elapsed());
        }
        let run = median(runs);
        println!(
            "{label}: {run:?} per session, {:?} per model turn ({TURNS} turns); creating the session: {:?} more",
            run / TURNS as u32,
            median(creates)
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
