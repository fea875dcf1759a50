//! `steer mcp --http` under load (issue #16): `tools/call deal_lookup` on
//! loopback from 1, 16 and 64 concurrent clients — requests per second,
//! p50 and p99 latency — and one full `research` run with the offline
//! planner (checkpoints off). Then (issue #31) whole `research` runs from
//! 1 and 16 clients on each session store: a session directory, and
//! PostgreSQL (127.0.0.1:5432, a database of its own, dropped after).
//! Figures are printed, never asserted.
//! Target: p99 under 2 ms at 16 clients on a 2-core machine.
//!
//! `cargo bench -p steer --bench mcp_http`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use steer::mcp::SteerMcp;
use steer::mcp::research::{Research, state_codec};
use steer::service::SessionOptions;
use steer_tools::{Dataset, Toolbox};

const REQUESTS_PER_CLIENT: usize = 200;

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Value {
    let reply = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", "tools/call")
        .header("mcp-name", body["params"]["name"].as_str().unwrap_or(""))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap()
}

/// A stateless 2026-07-28 `tools/call`: the client's identity and
/// capabilities travel in each request's `_meta`.
fn tools_call(id: u64, name: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
    "name": name, "arguments": arguments,
    "_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "steer-bench", "version": "1"}
    }}})
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sessions = tempfile::tempdir().unwrap();
        let url = serve(sessions.path(), None).await;
        let call = tools_call(
            1,
            "deal_lookup",
            json!({"party": "NVIDIA", "counterparty": "OpenAI"}),
        );
        // Warm up (connections, caches).
        let warm = reqwest::Client::new();
        for _ in 0..50 {
            post(&warm, &url, &call).await;
        }
        println!("mcp_http: tools/call deal_lookup over streamable HTTP on loopback (protocol 2026-07-28, stateless), {REQUESTS_PER_CLIENT} requests per client");
        for clients in [1usize, 16, 64] {
            let (all, elapsed) = load(clients, REQUESTS_PER_CLIENT, &url, &call, |reply| {
                assert!(reply["result"]["structuredContent"]["matched"].is_number());
            })
            .await;
            println!(
                "  {clients:>2} clients: {:>8.0} req/s, p50 {:>7.3} ms, p99 {:>7.3} ms",
                all.len() as f64 / elapsed.as_secs_f64(),
                percentile(&all, 0.50).as_secs_f64() * 1e3,
                percentile(&all, 0.99).as_secs_f64() * 1e3
            );
        }
        let research = tools_call(
            2,
            "research",
            json!({"request": "Can OpenAI fund its $1.4T of compute commitments?", "checkpoints": "none"}),
        );
        let t = Instant::now();
        let reply = post(&warm, &url, &research).await;
        let took = t.elapsed();
        assert_eq!(reply["result"]["structuredContent"]["status"], "done");
        println!(
            "  one research run (offline planner, 3 steps, report, session log): {:.2} ms",
            took.as_secs_f64() * 1e3
        );
        research_runs("file", &url, &research).await;
        let name = format!("steer_bench_http_{}", std::process::id());
        match postgres_database(&name) {
            Some(db) => {
                let url = serve(sessions.path(), Some(db)).await;
                research_runs("postgres", &url, &research).await;
            }
            None => println!("  postgres: no server on 127.0.0.1:5432, not measured"),
        }
    });
    drop_database(&format!("steer_bench_http_{}", std::process::id()));
}

const ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh database's URL, or `None` when no server runs.
fn postgres_database(name: &str) -> Option<String> {
    // Off the async runtime: the postgres crate runs one of its own.
    let name = name.to_string();
    std::thread::spawn(move || {
        let mut admin = postgres::Client::connect(ADMIN, postgres::NoTls).ok()?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .ok()?;
        Some(format!("postgres://postgres@127.0.0.1:5432/{name}"))
    })
    .join()
    .unwrap()
}

fn drop_database(name: &str) {
    if let Ok(mut admin) = postgres::Client::connect(ADMIN, postgres::NoTls) {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

/// `per_client` posts of `body` from each of `clients` concurrent clients,
/// each reply checked by `check`: the sorted latencies and the wall time.
async fn load(
    clients: usize,
    per_client: usize,
    url: &str,
    body: &Value,
    check: fn(&Value),
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (url, body) = (url.to_string(), body.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut latencies = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let t = Instant::now();
                    let reply = post(&client, &url, &body).await;
                    latencies.push(t.elapsed());
                    check(&reply);
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    (all, elapsed)
}

/// A server on loopback keeping sessions in `sessions`, or in the store
/// `store` names; its URL.
async fn serve(sessions: &std::path::Path, store: Option<String>) -> String {
    let toolbox = Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap();
    let options = SessionOptions {
        session_dir: Some(sessions.to_path_buf()),
        model: Some("offline".into()),
        store,
        ..SessionOptions::default()
    };
    let codec = {
        let options = options.clone();
        tokio::task::spawn_blocking(move || state_codec(&options).unwrap())
            .await
            .unwrap()
    };
    let server = SteerMcp::new(toolbox.clone()).with_research(Research {
        options,
        data: Default::default(),
        toolbox,
        codec: Arc::new(codec),
        ingest: false,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    tokio::spawn(steer::mcp::http::serve_listener(
        server,
        listener,
        steer::mcp::http::HttpOptions::default(),
        std::future::pending(),
    ));
    url
}

/// Whole research runs (a session created, 13 events written, the
/// report) from 1 and 16 clients: runs per second, p50, p99.
async fn research_runs(store: &str, url: &str, research: &Value) {
    const RUNS_PER_CLIENT: usize = 12;
    for clients in [1usize, 16] {
        let (all, elapsed) = load(clients, RUNS_PER_CLIENT, url, research, |reply| {
            assert_eq!(reply["result"]["structuredContent"]["status"], "done");
        })
        .await;
        println!(
            "  research runs, store {store:<8} {clients:>2} clients: {:>6.1} runs/s, p50 {:>7.2} ms, p99 {:>7.2} ms",
            all.len() as f64 / elapsed.as_secs_f64(),
            percentile(&all, 0.50).as_secs_f64() * 1e3,
            percentile(&all, 0.99).as_secs_f64() * 1e3
        );
    }
}
