//! The deal graph at scale (issue #30): loading 200,000 deals, cycles of
//! up to 6 deals through a hub on that graph, and cycles of 5 and 6 deals
//! on the densest graph (60 companies, each dealing with every other).
//!
//! Prints time and memory: the peak resident set while the step ran, and
//! what it still held after, both above what was resident before.
//! Targets: load under 0.5 s and 150 MB; hub cycles under 1 s; dense
//! cycles under 2 s and 300 MB, cut by the visit budget and saying so.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/synthetic.rs"]
mod synthetic;

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};
use steer_tools::{Dataset, Toolbox};

const MB: f64 = 1_048_576.0;

/// A field of /proc/self/status, in bytes (Linux; 0 elsewhere).
fn status_kb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb * 1024.0)
}

/// Runs `f`, printing its time and memory: the peak resident set while it
/// ran above the resident set before (Linux resets the high-water mark
/// when "5" is written to /proc/self/clear_refs), and what stayed.
fn measured<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kb("VmRSS:");
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f64();
    let peak = status_kb("VmHWM:") - before;
    let retained = status_kb("VmRSS:") - before;
    println!(
        "{what}: {secs:.3} s, peak +{:.0} MB resident, +{:.0} MB after",
        peak / MB,
        retained / MB
    );
    out
}

fn write_dir(files: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn cycles(tools: &Toolbox, what: &str, args: Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let out = measured(what, || {
        rt.block_on(tools.call("deal_lookup", args)).unwrap()
    });
    let search = &out["cycle_search"];
    println!(
        "    {} cycle(s) returned, {} seen, truncated: {}, complete to length {}, {} of {} edge visits; best min {}",
        out["cycles"].as_array().map_or(0, Vec::len),
        search["cycles_seen"],
        out["truncated"],
        search["complete_to_length"],
        search["edges_visited"],
        search["edge_budget"],
        out["cycles"][0]["min_stated_usd"],
    );
}

/// Cycle lengths to try, from `var` (`4,5`), or `default`: the code
/// before the graph engine could not finish the longer ones.
fn lengths(var: &str, default: &[u32]) -> Vec<u32> {
    std::env::var(var)
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Each scenario runs in a fresh process (this bench, called again with
/// the scenario and the dataset directory), so one scenario's freed
/// memory does not hide the next one's peak.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let (Some(scenario), Some(dir)) = (
        args.iter()
            .position(|a| a == "--scenario")
            .and_then(|i| args.get(i + 1)),
        args.iter()
            .position(|a| a == "--dir")
            .and_then(|i| args.get(i + 1)),
    ) {
        return run(scenario, std::path::Path::new(dir));
    }
    let me = std::env::current_exe().unwrap();
    let datasets = [
        (
            "load",
            write_dir(&synthetic::generate(10_000, 200_000, false, 11)),
        ),
        (
            "load",
            write_dir(&synthetic::generate(10_000, 200_000, true, 11)),
        ),
        (
            "hub",
            write_dir(&synthetic::with_hub(10_000, 200_000, 0.05, 13)),
        ),
        ("dense", write_dir(&synthetic::dense(60, 17))),
    ];
    for (scenario, dir) in &datasets {
        let status = std::process::Command::new(&me)
            .args(["--scenario", scenario, "--dir"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "{scenario} failed");
    }
}

fn run(scenario: &str, dir: &std::path::Path) {
    let format = if dir.join("deals.csv").exists() {
        "CSV"
    } else {
        "TOML"
    };
    let data = measured(&format!("load {scenario} dataset ({format})"), || {
        Dataset::load_dir(dir).unwrap()
    });
    println!(
        "    {} deals over {} entities",
        data.deals.len(),
        data.entities.len()
    );
    let tools = Toolbox::research(Arc::new(data)).unwrap();
    match scenario {
        "hub" => {
            for len in lengths("STEER_BENCH_HUB_LENGTHS", &[4, 6]) {
                cycles(
                    &tools,
                    &format!("cycles of up to {len} deals through a hub of 10,000 deals"),
                    json!({"mode": "cycles", "party": "e0", "max_cycle_length": len}),
                );
            }
        }
        "dense" => {
            for len in lengths("STEER_BENCH_DENSE_LENGTHS", &[4, 5, 6]) {
                cycles(
                    &tools,
                    &format!("cycles of up to {len} deals, 60 companies all dealing with all"),
                    json!({"mode": "cycles", "party": "e0", "max_cycle_length": len}),
                );
            }
            if std::env::var_os("STEER_BENCH_DENSE_LENGTHS").is_none() {
                cycles(
                    &tools,
                    "the same, length 6, limit 1000",
                    json!({"mode": "cycles", "party": "e0", "max_cycle_length": 6, "limit": 1000}),
                );
            }
        }
        _ => {}
    }
}
