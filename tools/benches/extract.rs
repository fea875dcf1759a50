//! The offline extractor on a 10,000-line document (issue #19): the four
//! seed transcripts repeated to that length, read from ../shared/seeds
//! beside the project. Target: proposals in under 200 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use steer_tools::Dataset;
use steer_tools::ingest::extract;

fn main() {
    let data = Dataset::builtin().unwrap();
    let doc = steer_tools::testing::long_document(10_000);
    let mut times = Vec::new();
    let mut proposals = 0;
    for _ in 0..5 {
        let start = Instant::now();
        proposals = std::hint::black_box(extract("900", Some("2025-11"), &doc, &data)).len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "offline extractor, 10,000 lines ({} bytes; the seed documents' lines repeated): median {:.1} ms, slowest {:.1} ms of 5 runs, {proposals} proposals — target under 200 ms: {}",
        doc.len(),
        times[2],
        times[4],
        if times[2] < 200.0 { "met" } else { "NOT met" }
    );
}
