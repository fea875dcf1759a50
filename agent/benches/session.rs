//! The runtime's own overhead per model turn (issue #6).
//!
//! A model stub in the process (no network) drives six turns — a plan with
//! deal_lookup, then direct calls to revenue_projection,
//! statement_comparison, deal_lookup and revenue_projection, then a
//! ~500-character answer — over tools that answer instantly, with the
//! session log written as in production. Target: at most 20 µs per turn.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use steer::model::{ModelReply, ScriptedModel, ToolCall};
use steer::run::{Driver, Limits, Outcome, Policy, Run};
use steer::session::SessionLog;
use steer_tools::{DynTool, ToolFuture, ToolOutcome, Toolbox};

const TURNS: usize = 6;

/// A tool that answers at once with a small cited result.
struct Instant_ {
    name: &'static str,
}

impl DynTool for Instant_ {
    fn name(&self) -> &'static str {
        self.name
    }
    fn title(&self) -> &'static str {
        self.name
    }
    fn args_schema(&self) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "description": "stub tool for the benchmark", "properties": {"party": {"type": "string", "description": "a name"}}})
    }
    fn output_schema(&self) -> schemars::Schema {
        schemars::json_schema!({"type": "object"})
    }
    fn call_value(&self, _args: Value) -> ToolFuture<'_> {
        Box::pin(std::future::ready(Ok(ToolOutcome {
            value: json!({"value_usd": 100e9, "sources": [{"source": "001", "label": "001 l.75-77"}]}),
            attention: Vec::new(),
        })))
    }
}

fn replies() -> Vec<ModelReply> {
    let call = |id: &str, name: &str, args: String| ModelReply {
        content: None,
        tool_calls: vec![ToolCall {
            id: id.into(),
            name: name.into(),
            arguments: args,
        }],
        usage: None,
    };
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": "{\"party\":\"NVIDIA\"}", "depends_on": [], "rationale": "r", "checkpoint": false}]});
    let args = json!({"party": "OpenAI"}).to_string();
    let answer = "NVIDIA's investment in OpenAI is up to $100B (001 l.75-77). ".repeat(8);
    vec![
        call("t1", "submit_plan", plan.to_string()),
        call("t2", "revenue_projection", args.clone()),
        call("t3", "statement_comparison", args.clone()),
        call("t4", "deal_lookup", args.clone()),
        call("t5", "revenue_projection", args),
        ModelReply {
            content: Some(answer[..answer.len().min(500)].to_string()),
            tool_calls: Vec::new(),
            usage: None,
        },
    ]
}

fn toolbox() -> Toolbox {
    let mut tb = Toolbox::default();
    for name in ["deal_lookup", "revenue_projection", "statement_comparison"] {
        tb.register(Instant_ { name }).unwrap();
    }
    tb
}

/// A run ready to go: its log file created (a once-per-session cost that
/// does not depend on the number of turns).
fn prepare(
    tb: &Toolbox,
    replies: &[ModelReply],
    dir: Option<&std::path::Path>,
    n: usize,
) -> Driver {
    // Replies handed out as they are, requests not kept: what is measured
    // is the runtime.
    let model = Arc::new(
        replies
            .iter()
            .fold(ScriptedModel::new().forgetful(), |m, r| m.reply(r.clone())),
    );
    let id = format!("bench-{n}");
    let start = steer::session::Event::Start {
        id: id.clone(),
        request: "bench".into(),
        policy: "none".into(),
        limits: Limits::default(),
        model: "stub".into(),
        data: "built-in".into(),
        created: steer::session::now(),
        context: Vec::new(),
        lang: steer::i18n::Lang::En,
    };
    let log = dir.map(|d| SessionLog::create(d, &id, start, Vec::new()).unwrap());
    let run = Run::new(
        &id,
        "bench",
        tb.specs().cloned().collect(),
        "none".parse::<Policy>().unwrap(),
        Limits::default(),
    );
    Driver::new(
        run,
        model,
        tb.clone(),
        log.map(|l| Box::new(l) as Box<dyn steer::run::EventLog>),
    )
}

fn drive(rt: &tokio::runtime::Runtime, mut driver: Driver) {
    match rt.block_on(driver.advance()).unwrap() {
        Outcome::Done(_) => {}
        Outcome::Pause(cp) => panic!("unexpected pause {cp:?}"),
    }
}

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
                prepare(&tb, &replies, Some(dir.path()), n)
            },
            |driver| drive(&rt, driver),
            criterion::BatchSize::SmallInput,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut run_times = Vec::new();
    let mut create_times = Vec::new();
    let mut unlogged = Vec::new();
    for i in 0..2000 {
        let start = Instant::now();
        let driver = prepare(&tb, &replies, Some(dir.path()), i);
        create_times.push(start.elapsed());
        let start = Instant::now();
        drive(&rt, driver);
        run_times.push(start.elapsed());
        let driver = prepare(&tb, &replies, None, i);
        let start = Instant::now();
        drive(&rt, driver);
        unlogged.push(start.elapsed());
    }
    unlogged.sort();
    run_times.sort();
    create_times.sort();
    let median = run_times[run_times.len() / 2];
    let setup: Duration = create_times[create_times.len() / 2];
    println!(
        "session median: {median:?} per session ({:?} per model turn, {TURNS} turns, log written and flushed per event); creating the session and its log file: {setup:?} more",
        median / TURNS as u32
    );
    let bare = unlogged[unlogged.len() / 2];
    println!(
        "without the session log: {bare:?} per session, {:?} per model turn",
        bare / TURNS as u32
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
