//! The offline planner's own time per question (issue #18): planning (the
//! `submit_plan` reply) and writing the report from the tool results,
//! for every question of fixtures/eval/questions.toml and understanding.toml, as the runtime
//! sends them (the requests are built once; tools run once, outside the
//! timing). Target: plan + report under 5 ms for any question.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};
use steer::i18n::LangSetting;
use steer::model::Message;
use steer::offline::{OfflinePlanner, Response};
use steer::run::{Limits, Policy, Run};
use steer_tools::{Dataset, Toolbox};

const ROUNDS: usize = 50;

fn system_prompt(toolbox: &Toolbox, request: &str) -> String {
    let lang = LangSetting::Auto.resolve(Some(request));
    let run = Run::new(
        "bench",
        request,
        toolbox.shared_specs().collect(),
        Policy::default(),
        Limits::default(),
    )
    .with_lang(lang);
    match run.messages.first() {
        Some(Message::System { content }) => content.clone(),
        _ => panic!("no system prompt"),
    }
}

/// The planning request and, when it plans, the review request with the
/// results of its steps.
fn bodies(
    planner: &OfflinePlanner,
    toolbox: &Toolbox,
    rt: &tokio::runtime::Runtime,
    request: &str,
) -> (Value, Option<Value>) {
    let system = system_prompt(toolbox, request);
    let planning = json!({
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": request}],
        "tool_choice": {"type": "function", "function": {"name": "submit_plan"}},
    });
    let (status, Response::Json(reply)) = planner.respond(&planning) else {
        panic!("planning answers with JSON");
    };
    if status != 200 {
        return (planning, None);
    }
    let call = &reply["choices"][0]["message"]["tool_calls"][0];
    let plan: Value =
        serde_json::from_str(call["function"]["arguments"].as_str().unwrap()).unwrap();
    let mut lines = Vec::new();
    for s in plan["steps"].as_array().unwrap() {
        let args: Value = serde_json::from_str(s["arguments"].as_str().unwrap()).unwrap();
        let tool = s["tool"].as_str().unwrap();
        let result = rt.block_on(toolbox.call(tool, args.clone())).unwrap();
        lines.push(json!({"step": s["id"], "tool": tool, "arguments": args, "ok": true, "result": result, "error": null}).to_string());
    }
    let review = json!({
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": request},
            {"role": "assistant", "content": null, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": call["id"], "content": "plan approved"},
            {"role": "user", "content": format!("Results of the plan's steps (JSON):\n{}", lines.join("\n"))},
        ],
    });
    (planning, Some(review))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Both eval sets: the questions the planner was built around and the
    // fresh ones of issue #29.
    let mut questions = steer::eval::set::read(&root.join("fixtures/eval/questions.toml")).unwrap();
    questions
        .extend(steer::eval::set::read(&root.join("fixtures/eval/understanding.toml")).unwrap());
    let data = Arc::new(Dataset::builtin().unwrap());
    let toolbox = Toolbox::research(data.clone()).unwrap();
    let planner = OfflinePlanner::new(data);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut worst = (0.0, String::new());
    let mut totals = Vec::new();
    for q in &questions {
        let (planning, review) = bodies(&planner, &toolbox, &rt, &q.request);
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            std::hint::black_box(planner.respond(&planning));
            if let Some(r) = &review {
                std::hint::black_box(planner.respond(r));
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        let m = median(times);
        totals.push(m);
        if m > worst.0 {
            worst = (m, q.id.clone());
        }
    }
    println!(
        "offline planner, plan + report per question ({} questions, median of {ROUNDS} rounds each):",
        questions.len()
    );
    println!("  median over questions: {:.3} ms", median(totals.clone()));
    println!("  slowest question:      {:.3} ms ({})", worst.0, worst.1);
    println!(
        "  target: under 5 ms for any question — {}",
        if worst.0 < 5.0 { "met" } else { "NOT met" }
    );
}
