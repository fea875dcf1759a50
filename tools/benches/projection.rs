//! revenue_projection's arithmetic at scale. Target (issue #4): 10,000
//! scenario projections of 30 years each under 20 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use steer_tools::projection::{Growth, Scenario, required_rate, run_scenario};
use steer_tools::{Dataset, Toolbox};

fn scenarios(n: usize) -> Vec<Scenario> {
    (0..n)
        .map(|i| {
            let f = (i % 100) as f64 / 100.0;
            let growth = match i % 3 {
                0 => Growth::Cagr { rate: 0.1 + f },
                1 => Growth::Decaying {
                    start_rate: 0.5 + f,
                    decay: 0.1,
                    floor: 0.05,
                },
                _ => Growth::Logistic {
                    ceiling_usd: 500e9 + f * 1e11,
                    steepness: 0.3 + f,
                },
            };
            Scenario {
                name: format!("s{i}"),
                growth,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let all = scenarios(10_000);
    let due: Vec<f64> = vec![1.4e12 / 30.0; 30];
    c.bench_function("projection/10k_scenarios_30y", |b| {
        b.iter(|| {
            all.iter()
                .map(|s| {
                    run_scenario(
                        black_box(s),
                        20e9,
                        2025,
                        30,
                        &due,
                        1.0,
                        steer_tools::OutputLang::En,
                    )
                })
                .filter(|r| r.first_year_funded.is_some())
                .count()
        })
    });
    c.bench_function("projection/required_rate_solve", |b| {
        b.iter(|| required_rate(black_box(20e9), 8, 1.0, 1.4e12))
    });

    let tools = Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let args = json!({"company": "OpenAI", "scenarios": [
        {"name": "bear", "growth": {"model": "cagr", "rate": 0.25}},
        {"name": "base", "growth": {"model": "decaying", "start_rate": 0.8, "decay": 0.15, "floor": 0.2}},
        {"name": "bull", "growth": {"model": "logistic", "ceiling_usd": 4e11, "steepness": 0.6}}
    ]});
    c.bench_function("projection/tool_call_openai_3_scenarios", |b| {
        b.iter(|| {
            rt.block_on(tools.call("revenue_projection", black_box(args.clone())))
                .unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
