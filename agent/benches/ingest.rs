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
//! should stay flat as the document grows. Each digest is then ingested
//! end to end as `steer ingest --yes` does (drafting, registering the
//! document, writing every accepted record into a fresh dataset).

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
        end_to_end(&path, mb);
    }
}

/// `steer ingest --yes` on the document into a fresh copy of the built-in
/// dataset: every proposal approved and written.
fn end_to_end(path: &std::path::Path, mb: f64) {
    use steer::ingest::session::{self, Ingest, Logged, Past};
    let into = tempfile::tempdir().unwrap();
    steer::ingest::write::ensure(into.path()).unwrap();
    let files = [path.to_path_buf()];
    let ingest = Ingest {
        dir: into.path(),
        files: &files,
        drafter: &steer::ingest::Offline,
        lang: None,
    };
    let mut log: Vec<Logged> = Vec::new();
    let start = Instant::now();
    let finished =
        session::run(&ingest, Past::default(), &mut session::AcceptAll, &mut log).unwrap();
    let secs = start.elapsed().as_secs_f64();
    let accepted = finished
        .batches
        .iter()
        .flat_map(|b| &b.proposals)
        .filter(|p| p.status == steer::ingest::Status::Accepted)
        .count();
    println!(
        "steer ingest --yes, {mb} MB digest: {secs:.2} s end to end, {:.2} s per MB; {accepted} records written",
        secs / mb
    );
}
