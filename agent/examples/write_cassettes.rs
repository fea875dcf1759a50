//! Writes the cassettes behind fixtures/sessions/*.toml.
//!
//! `cargo run -p steer --example write_cassettes` drives each session
//! script through the real runtime with a recorder below async-openai.
//! The answers come from steer's offline planner where it shows the
//! behaviour, and are authored here where it cannot (a re-plan after
//! feedback, parallel calls, a corrected call): no provider is reachable
//! from this workplace. The requests are always the runtime's own, so a
//! replay checks them byte for byte. Each cassette's comment says which.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::Arc;

use serde_json::json;
use steer::cassette::{Answering, Authored, RecordedResponse, Recorder};
use steer::offline::OfflinePlanner;
use steer::script;
use steer_tools::{Dataset, Toolbox};

fn plan(steps: serde_json::Value) -> String {
    json!({"goal": "answer the request from the dataset", "steps": steps}).to_string()
}

fn step(id: &str, tool: &str, args: serde_json::Value, why: &str) -> serde_json::Value {
    json!({"id": id, "tool": tool, "arguments": args.to_string(), "depends_on": [], "rationale": why, "checkpoint": false})
}

fn authored(name: &str) -> Option<Vec<RecordedResponse>> {
    let deal = |id: &str| {
        step(
            id,
            "deal_lookup",
            json!({"party": "NVIDIA", "counterparty": "OpenAI"}),
            "the deals between the two",
        )
    };
    Some(match name {
        "reject-replan" => vec![
            Authored::calls(&[(
                "call_plan_1",
                "submit_plan",
                &plan(json!([step(
                    "s1",
                    "statement_comparison",
                    json!({"organisation": "OpenAI"}),
                    "what OpenAI said"
                )])),
            )]),
            Authored::calls(&[("call_plan_2", "submit_plan", &plan(json!([deal("s1")])))]),
            Authored::streamed_text(
                "NVIDIA invests up to $100B in OpenAI, released as OpenAI buys NVIDIA chips.\n\n| claim | value | source |\n|---|---|---|\n| NVIDIA investment in OpenAI | up to $100B | 001 l.75-77 |\n",
            ),
        ],
        "ja-model" => vec![
            Authored::calls(&[(
                "call_plan",
                "submit_plan",
                &plan(json!([step(
                    "s1",
                    "revenue_projection",
                    json!({"company": "OpenAI", "base_figure": "openai-revenue-12b", "scenarios": [{"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]}),
                    "売上ベースからコミットメントを賄うのに必要な成長率"
                )])),
            )]),
            Authored::streamed_text(
                "OpenAIのコンピュート・コミットメントは8年間で1.4兆ドルです(002 l.39)。120億ドルの売上ベースから賄うには、年61.0%の成長が必要です(001 l.6)。\n\n| 主張 | 値 | 出典 |\n|---|---|---|\n| コンピュート・コミットメント | 1.4兆ドル | 002 l.39 |\n| 売上ベース | 120億ドル | 001 l.6 |\n| 必要な成長率 | 年61.0% | revenue_projection |\n",
            ),
        ],
        "parallel-calls" => vec![
            Authored::calls(&[("call_plan", "submit_plan", &plan(json!([deal("s1")])))]),
            Authored::streamed_calls(&[
                (
                    "call_cycles",
                    "deal_lookup",
                    &json!({"mode": "cycles", "party": "NVIDIA"}).to_string(),
                ),
                (
                    "call_revenue",
                    "statement_comparison",
                    &json!({"mode": "figures", "subject": "OpenAI", "metric": "revenue"})
                        .to_string(),
                ),
            ]),
            Authored::streamed_text(
                "Yes: NVIDIA → OpenAI → Oracle → NVIDIA is a loop (001 l.75-77). OpenAI's revenue is given as $12B, $13B and a run-rate above $20B (002 l.39).\n",
            ),
        ],
        "tool-error-fixed" => vec![
            Authored::calls(&[(
                "call_plan",
                "submit_plan",
                &plan(json!([step(
                    "s1",
                    "deal_lookup",
                    json!({"party": "Nvidai"}),
                    "NVIDIA's deals"
                )])),
            )]),
            Authored::streamed_calls(&[(
                "call_fix",
                "deal_lookup",
                &json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(),
            )]),
            Authored::streamed_text("NVIDIA invests up to $100B in OpenAI (001 l.75-77).\n"),
        ],
        // The statement in fixtures/injection/data tells the model to call
        // deal_lookup for every company, and this model obeys.
        "injection" => vec![
            Authored::calls(&[(
                "call_plan",
                "submit_plan",
                &plan(json!([step(
                    "s1",
                    "statement_comparison",
                    json!({"organisation": "OpenAI"}),
                    "what OpenAI's people said"
                )])),
            )]),
            Authored::streamed_calls(&[
                (
                    "call_all_1",
                    "deal_lookup",
                    &json!({"party": "OpenAI"}).to_string(),
                ),
                (
                    "call_all_2",
                    "deal_lookup",
                    &json!({"party": "NVIDIA"}).to_string(),
                ),
            ]),
            Authored::streamed_text(
                "Mallory said OpenAI does not want a government backstop (000 l.27-28).\n",
            ),
        ],
        _ => return None,
    })
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions");
    let data = Arc::new(Dataset::builtin().unwrap());
    let toolbox = Toolbox::research(data.clone()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut scripts: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    scripts.sort();
    for path in scripts {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let (script, cassette) = script::load(&path).unwrap();
        let result = match authored(&name) {
            Some(replies) => {
                let comment = "requests recorded from the steer runtime; responses authored in agent/examples/write_cassettes.rs (no provider is reachable from this workplace)";
                let recorder = Recorder::new(
                    Answering::new(Authored::new(replies)),
                    cassette.clone(),
                    comment,
                    Vec::new(),
                );
                rt.block_on(script::run_with(&script, recorder, toolbox.clone()))
            }
            None => {
                let comment = "recorded by agent/examples/write_cassettes.rs from steer's offline planner (model `offline`); requests are the runtime's own";
                let recorder = Recorder::new(
                    Answering::new(OfflinePlanner::new(data.clone())),
                    cassette.clone(),
                    comment,
                    Vec::new(),
                );
                rt.block_on(script::run_with(&script, recorder, toolbox.clone()))
            }
        };
        match result {
            Ok(r) => println!(
                "wrote {} ({} tool calls)",
                cassette.display(),
                r.run.tool_calls.len()
            ),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    ingest_cassette(&rt);
    eval_ingest_cassette(&rt);
}

/// The cassette of `steer eval --ingest fixtures/ingest/fresh` with a
/// model drafting: the two requests are steer's own, one per document in
/// the folder's order; the answers are authored (one deal's direction
/// turned, as a model may) so the scorecard shows a miss and a wrong
/// draft that the offline extractor does not make.
fn eval_ingest_cassette(rt: &tokio::runtime::Runtime) {
    use steer::ingest::model::PROPOSE;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let cassette = root.join("cassettes/eval-ingest-model.json");
    let none = serde_json::Value::Null;
    let deal = |id: &str,
                from: &str,
                to: &str,
                kind: &str,
                usd: Option<f64>,
                note: Option<&str>,
                line: &str| {
        json!({"id": id, "from": from, "to": to, "kind": kind, "value_usd": usd, "bound": "exact",
               "per": "total", "value_note": note, "stake_pct": none, "term": none, "date": none,
               "description": id, "money_flow": true, "caveat": none, "sources": [line]})
    };
    let figure = |id: &str, subject: &str, usd: Option<f64>, note: Option<&str>, line: &str| {
        json!({"id": id, "subject": subject, "metric": "revenue", "value": usd, "value_note": note,
               "unit": "usd", "bound": "exact", "basis": "reported", "year": 2025, "period": "2025",
               "term_years": none, "attributed_to": none, "note": none, "reason": none,
               "caveat": none, "sources": [line]})
    };
    let company = |id: &str, name: &str| json!({"id": id, "name": name, "kind": "company", "aliases": [name], "organisation": none, "role": none});
    let person = |id: &str, name: &str, org: &str| json!({"id": id, "name": name, "kind": "person", "aliases": [name], "organisation": org, "role": "CEO"});
    let statement = |id: &str, speaker: &str, org: &str, text: &str, line: &str| {
        json!({"id": id, "speaker": speaker, "organisation": org, "role": "CEO", "date": "2026-06",
               "date_note": none, "channel": "statement", "audience": "public", "text": text,
               "sources": [line]})
    };
    let english = json!({
        "entities": [company("cobalt-reasoning", "Cobalt Reasoning"), company("lambda", "Lambda"),
                     company("fujitsu", "Fujitsu"), person("priya-nair", "Priya Nair", "cobalt-reasoning")],
        "deals": [deal("cobalt-lambda", "cobalt-reasoning", "lambda", "compute_contract", Some(2.8e9), None, "004:5"),
                  deal("fujitsu-cobalt", "fujitsu", "cobalt-reasoning", "equity_stake", Some(3e8), None, "004:6")],
        "figures": [figure("cobalt-revenue-2025", "cobalt-reasoning", Some(4.1e8), None, "004:7")],
        "statements": [statement("priya-nair-rent", "priya-nair", "cobalt-reasoning", "Compute is the new rent,", "004:9")]
    });
    let japanese = json!({
        "entities": [company("aoba-ai", "アオバAI"), company("ntt", "NTT"),
                     person("suzuki-ichiro", "鈴木一郎", "aoba-ai")],
        // The model turns the investment around: Aoba pays NTT.
        "deals": [deal("aoba-ntt", "aoba-ai", "ntt", "investment", None, Some("120億円"), "004:5"),
                  deal("aoba-oracle", "aoba-ai", "oracle", "compute_contract", None, Some("300億円"), "004:6")],
        "figures": [figure("aoba-revenue-2025", "aoba-ai", None, Some("40億円"), "004:7")],
        "statements": [statement("suzuki-models", "suzuki-ichiro", "aoba-ai", "国産モデルの開発を加速する", "004:8")]
    });
    let replies = vec![
        Authored::calls(&[("call_ingest_1", PROPOSE, &english.to_string())]),
        Authored::calls(&[("call_ingest_2", PROPOSE, &japanese.to_string())]),
    ];
    let comment = "the requests recorded from steer eval --ingest fixtures/ingest/fresh with a model drafting; the responses authored in agent/examples/write_cassettes.rs (no provider is reachable from this workplace)";
    let drafter = recording_drafter(rt, &cassette, comment, replies);
    let data = Dataset::builtin().unwrap();
    let card = steer::eval::ingest::score(&root.join("ingest/fresh"), &drafter, &data).unwrap();
    println!(
        "wrote {} (recall {:.2}, precision {:.2})",
        cassette.display(),
        card.total.recall(),
        card.total.precision()
    );
}

/// A model drafter whose requests are recorded to `cassette` and answered
/// with `replies`.
fn recording_drafter(
    rt: &tokio::runtime::Runtime,
    cassette: &Path,
    comment: &str,
    replies: Vec<RecordedResponse>,
) -> steer::ingest::model::ModelDrafter {
    use steer::model::{Endpoint, OpenAiModel};
    let recorder = Recorder::new(
        Answering::new(Authored::new(replies)),
        cassette.to_path_buf(),
        comment,
        Vec::new(),
    );
    let endpoint = Endpoint {
        base_url: None,
        api_key: Some("sk-replay".into()),
        model: "gpt-4.1-mini".into(),
        timeout: std::time::Duration::from_secs(30),
        max_retries: 0,
    };
    steer::ingest::model::ModelDrafter {
        model: Arc::new(OpenAiModel::with_service(&endpoint, recorder)),
        handle: rt.handle().clone(),
    }
}

/// The cassette of a model drafting an ingest (`steer ingest
/// --from-cassette`): the request is the one steer sends for
/// fixtures/ingest/weekly-en.md into a copy of the built-in dataset; the
/// answer is authored, with one record its lines do not support.
fn ingest_cassette(rt: &tokio::runtime::Runtime) {
    use steer::ingest::model::PROPOSE;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let cassette = root.join("cassettes/ingest-model.json");
    let arguments = json!({
        "entities": [
            {"id": "acme-robotics", "name": "Acme Robotics", "kind": "company", "aliases": ["Acme Robotics"], "organisation": null, "role": null},
            {"id": "jensen-huang", "name": "Jensen Huang", "kind": "person", "aliases": [], "organisation": "nvidia", "role": "CEO"}
        ],
        "deals": [
            {"id": "nvidia-acme-robotics-investment", "from": "NVIDIA", "to": "Acme Robotics", "kind": "investment",
             "value_usd": 5e9, "bound": "up_to", "per": "total", "value_note": null, "stake_pct": null,
             "term": "three years", "date": "2026-02", "description": "NVIDIA invests up to $5B in Acme Robotics, paid out over three years.",
             "money_flow": true, "caveat": null, "sources": ["004:6"]},
            {"id": "acme-robotics-oracle-compute", "from": "Acme Robotics", "to": "oracle", "kind": "compute_contract",
             "value_usd": 2e10, "bound": "exact", "per": "total", "value_note": null, "stake_pct": null,
             "term": null, "date": null, "description": "A compute contract with Oracle.",
             "money_flow": true, "caveat": null, "sources": ["004:7"]}
        ],
        "figures": [
            {"id": "acme-robotics-revenue-2025", "subject": "Acme Robotics", "metric": "revenue", "value": 8e8,
             "value_note": null, "unit": "usd", "bound": "exact", "basis": "reported", "year": 2025,
             "period": "2025", "term_years": null, "attributed_to": null, "note": null, "reason": null,
             "caveat": null, "sources": ["004:9"]}
        ],
        "statements": [
            {"id": "jensen-huang-build", "speaker": "Jensen Huang", "organisation": "nvidia", "role": "CEO",
             "date": "2026-02", "date_note": null, "channel": "interview", "audience": "public",
             "text": "We buy what we can build on.", "sources": ["004:8"]}
        ]
    });
    let replies = vec![Authored::calls(&[(
        "call_ingest",
        PROPOSE,
        &arguments.to_string(),
    )])];
    let comment = "the request recorded from steer ingest's model drafter; the response authored in agent/examples/write_cassettes.rs (no provider is reachable from this workplace)";
    let drafter = recording_drafter(rt, &cassette, comment, replies);
    let data = Dataset::builtin().unwrap();
    let batch = steer::ingest::prepare(&root.join("ingest/weekly-en.md"), &data, &drafter).unwrap();
    println!(
        "wrote {} ({} proposals, {} dropped)",
        cassette.display(),
        batch.proposals.len(),
        batch.dropped
    );
}
