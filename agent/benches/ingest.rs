//! `steer ingest` proposing from a 10,000-line document (issue #19): the
//! whole of what happens before the first card: reading, hashing,
//! drafting with the offline extractor, the evidence check of every draft
//! and the duplicate check against the dataset. The document is the four
//! seed transcripts repeated to that length, read from ../shared/seeds
//! beside the project. Target: under 200 ms.
//!
//! Then the same on synthetic news digests of 1, 4 and 16 MB (issue #30:
//! ingest in linear time), every item a different pair of companies;
//! `STEER_BENCH_DIGEST_MB=0.5,2` picks other sizes. The time per MB
//! should stay flat as the document grows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use steer_tools::Dataset;

fn main() {
    let data = Dataset::builtin().unwrap();
    let doc = steer_tools::testing::long_document(10_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &doc).unwrap();
    let mut times = Vec::new();
    let mut batch = None;
    for _ in 0..5 {
        let start = Instant::now();
        batch = Some(std::hint::black_box(
            steer::ingest::prepare(&path, &data, &steer::ingest::Offline).unwrap(),
        ));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let batch = batch.unwrap();
    println!(
        "steer ingest proposing, 10,000 lines ({} bytes): median {:.1} ms, slowest {:.1} ms of 5 runs; {} proposals, {} drafts dropped by the evidence check — target under 200 ms: {}",
        doc.len(),
        times[2],
        times[4],
        batch.proposals.len(),
        batch.dropped,
        if times[2] < 200.0 { "met" } else { "NOT met" }
    );
    digests(&data, dir.path());
}

/// Proposing from digests of growing size, once each (the largest takes
/// seconds): time, time per MB and proposals.
fn digests(data: &Dataset, dir: &std::path::Path) {
    let sizes: Vec<f64> = std::env::var("STEER_BENCH_DIGEST_MB")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1.0, 4.0, 16.0]);
    for mb in sizes {
        let doc = steer_tools::testing::digest((mb * 1_048_576.0) as usize);
        let path = dir.join(format!("digest-{mb}.txt"));
        std::fs::write(&path, &doc).unwrap();
        let start = Instant::now();
        let batch = std::hint::black_box(
            steer::ingest::prepare(&path, data, &steer::ingest::Offline).unwrap(),
        );
        let secs = start.elapsed().as_secs_f64();
        println!(
            "steer ingest proposing, {mb} MB digest ({} lines): {secs:.2} s, {:.2} s per MB; {} proposals, {} dropped",
            doc.lines().count(),
            secs / mb,
            batch.proposals.len(),
            batch.dropped,
        );
    }
}
