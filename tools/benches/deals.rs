//! deal_lookup at scale: 100,000 deals over 5,000 entities.
//!
//! Targets (issue #3): a filtered lookup by party under 1 ms median, cycle
//! enumeration up to length 4 around one entity under 50 ms, loading and
//! validation under 1 s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use steer_tools::{Dataset, Toolbox};

const ENTITIES: usize = 5_000;
const DEALS: usize = 100_000;

fn bench(c: &mut Criterion) {
    let toml = synthetic::generate(ENTITIES, DEALS, false, 7);
    let csv = synthetic::generate(ENTITIES, DEALS, true, 7);
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("toml_100k_deals", |b| {
        b.iter(|| Dataset::from_files("synthetic", black_box(toml.clone())).unwrap())
    });
    group.bench_function("csv_100k_deals", |b| {
        b.iter(|| Dataset::from_files("synthetic", black_box(csv.clone())).unwrap())
    });
    group.finish();

    let data = Arc::new(Dataset::from_files("synthetic", toml).unwrap());
    let tools = Toolbox::research(data).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let party = synthetic::entity_name(42);
    let mut group = c.benchmark_group("deal_lookup");
    group.bench_function("by_party_filtered", |b| {
        let args = json!({"party": party, "min_value_usd": 1e9, "sort": "value_desc", "limit": 20});
        b.iter(|| {
            rt.block_on(tools.call("deal_lookup", black_box(args.clone())))
                .unwrap()
        })
    });
    group.bench_function("by_alias_all_deals", |b| {
        let args = json!({"party": "ticker42"});
        b.iter(|| {
            rt.block_on(tools.call("deal_lookup", black_box(args.clone())))
                .unwrap()
        })
    });
    group.bench_function("cycles_len4", |b| {
        let args = json!({"mode": "cycles", "party": party, "max_cycle_length": 4});
        b.iter(|| {
            rt.block_on(tools.call("deal_lookup", black_box(args.clone())))
                .unwrap()
        })
    });
    group.finish();
    let found = rt
        .block_on(tools.call("deal_lookup", json!({"mode": "cycles", "party": party})))
        .unwrap();
    println!(
        "cycles of up to 4 deals through {party}: {} found",
        found["matched"]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
