//! Retrieval's index (issue #29): building it for the built-in dataset
//! (target under 50 ms), for 200,000 records (target under 2 s), and
//! opening a large one from its cache; and ranking one question against
//! it. Prints figures; asserts nothing about time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tools/benches/support/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use steer::offline::retrieve::{Index, rank};
use steer_tools::Dataset;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> f64 {
    let times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(times)
}

fn main() {
    let builtin = Dataset::builtin().unwrap();
    let build = time(30, || Index::build(&builtin, None).unwrap());
    let index = Index::build(&builtin, None).unwrap();
    let q = "Is Google going to sell its TPUs to other companies?";
    let ids = vec!["google".to_string()];
    let query = time(200, || rank(&index, q, &ids, &builtin));
    println!("retrieval, built-in dataset ({} records):", index.records());
    println!(
        "  index build: {build:.2} ms (median of 30; target under 50 ms — {})",
        if build < 50.0 { "met" } else { "NOT met" }
    );
    println!("  rank one question: {:.3} ms (median of 200)", query);

    const RECORDS: usize = 200_000;
    let files = synthetic::generate(5_000, RECORDS, false, 7);
    let large = Dataset::from_files("synthetic", files).unwrap();
    let start = Instant::now();
    let index = Index::build(&large, None).unwrap();
    let build = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "retrieval, synthetic dataset ({} records):",
        index.records()
    );
    println!(
        "  index build in memory: {build:.0} ms (target under 2 s — {})",
        if build < 2000.0 { "met" } else { "NOT met" }
    );
    let cache = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let first = Index::build(&large, Some(cache.path())).unwrap();
    let cold = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let opened = Index::build(&large, Some(cache.path())).unwrap();
    let warm = start.elapsed().as_secs_f64() * 1000.0;
    assert!(!first.cached && opened.cached);
    println!("  index build into the cache: {cold:.0} ms; opened from the cache: {warm:.0} ms");
    let party = synthetic::entity_name(42);
    let q = format!("What did {party} pay for chips?");
    let query = time(50, || rank(&opened, &q, &[], &large));
    println!("  rank one question: {query:.3} ms (median of 50)");
}
