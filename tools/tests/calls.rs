#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Calling tools through the toolbox: bad calls get actionable errors,
//! simple calls get correct answers from the dataset.

use std::sync::Arc;

use serde_json::Value;
use steer_tools::{Dataset, ToolError, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

async fn call(name: &str, args: &str) -> Result<Value, ToolError> {
    toolbox().call_json(name, args).await
}

async fn error(name: &str, args: &str) -> String {
    match call(name, args).await {
        Ok(v) => panic!("expected an error for {name} {args}, got {v}"),
        Err(e) => {
            assert!(e.is_caller_error());
            e.to_string()
        }
    }
}

#[tokio::test]
async fn unknown_tool_suggests_the_closest() {
    let e = error("deal_lokup", "{}").await;
    assert!(e.contains("unknown tool `deal_lokup`"), "{e}");
    assert!(e.contains("did you mean `deal_lookup`"), "{e}");
    assert!(e.contains("statement_comparison"), "{e}");
}

#[tokio::test]
async fn non_json_reports_the_position() {
    let e = error("deal_lookup", "{\"party\":").await;
    assert!(
        e.contains("not valid JSON") && e.contains("line 1 column 9"),
        "{e}"
    );
}

#[tokio::test]
async fn enum_errors_list_allowed_values() {
    let e = error("deal_lookup", r#"{"kind":"loan"}"#).await;
    assert!(
        e.contains("`kind` must be one of investment, compute_contract,"),
        "{e}"
    );
    assert!(e.contains(r#"got "loan""#), "{e}");
}

#[tokio::test]
async fn wrong_type_names_field_and_type() {
    let e = error("deal_lookup", r#"{"limit":"ten"}"#).await;
    assert!(
        e.contains("`limit` must be an integer or null; got \"ten\""),
        "{e}"
    );
    let e = error("deal_lookup", r#"{"limit":2.5}"#).await;
    assert!(e.contains("`limit` must be an integer"), "{e}");
}

#[tokio::test]
async fn missing_field_is_named_with_its_meaning() {
    let e = error(
        "revenue_projection",
        r#"{"company":"OpenAI","horizon_years":5}"#,
    )
    .await;
    assert!(e.contains("missing required field `scenarios`"), "{e}");
    assert!(e.contains("Growth scenarios"), "{e}");
}

#[tokio::test]
async fn unknown_field_suggests_and_lists_allowed() {
    let e = error("deal_lookup", r#"{"partty":"NVIDIA"}"#).await;
    assert!(
        e.contains("unknown field `partty` (did you mean `party`?)"),
        "{e}"
    );
    assert!(
        e.contains("allowed fields: mode, party, counterparty"),
        "{e}"
    );
}

#[tokio::test]
async fn out_of_range_gives_the_range() {
    let e = error(
        "revenue_projection",
        r#"{"base_usd":1e9,"scenarios":[{"name":"b","growth":{"model":"cagr","rate":0.5}}],"horizon_years":80}"#,
    )
    .await;
    assert!(e.contains("`horizon_years` must be 1..=30, got 80"), "{e}");
}

#[tokio::test]
async fn several_problems_are_reported_together() {
    let e = error("deal_lookup", r#"{"kind":"loan","limit":0}"#).await;
    assert!(
        e.contains("`kind`") && e.contains("`limit` must be 1..=1000, got 0"),
        "{e}"
    );
}

#[tokio::test]
async fn bad_date_is_rejected_with_the_format() {
    let e = error("deal_lookup", r#"{"date_from":"Nov 2025"}"#).await;
    assert!(e.contains("date_from"), "{e}");
}

#[tokio::test]
async fn strict_mode_nulls_are_accepted_as_absent() {
    let v = call(
        "deal_lookup",
        r#"{"party":"nvidia","counterparty":null,"kind":null,"text":null,"date_from":null,"date_to":null,"limit":null}"#,
    )
    .await
    .unwrap();
    assert!(v["matched"].as_u64().unwrap() > 3);
}

#[tokio::test]
async fn nvidia_finds_the_up_to_100b_openai_investment_with_sources() {
    let v = call("deal_lookup", r#"{"party":"nvidia"}"#).await.unwrap();
    let deal = v["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "nvidia-openai-investment")
        .unwrap();
    assert_eq!(deal["value_usd"], 100e9);
    assert_eq!(deal["bound"], "up_to");
    assert_eq!(deal["to"]["name"], "OpenAI");
    assert_eq!(deal["sources"][0]["label"], "001 l.75-77");
    assert_eq!(deal["sources"][0]["document"], "001_09aef9e9a777c1c7.txt");
}

#[tokio::test]
async fn aliases_and_transcript_misspellings_resolve() {
    let v = call("deal_lookup", r#"{"party":"MSFT"}"#).await.unwrap();
    assert_eq!(v["party"]["id"], "microsoft");
    let v = call("deal_lookup", r#"{"party":"Cooreweave"}"#)
        .await
        .unwrap();
    assert_eq!(v["party"]["name"], "CoreWeave");
    let v = call("deal_lookup", r#"{"party":"microsoft corp"}"#)
        .await
        .unwrap();
    assert_eq!(v["party"]["id"], "microsoft");
}

#[tokio::test]
async fn misspelt_party_gets_a_suggestion_not_an_empty_success() {
    let e = error("deal_lookup", r#"{"party":"Nvidai"}"#).await;
    assert!(e.contains("did you mean \"NVIDIA\""), "{e}");
}

#[tokio::test]
async fn projection_lists_every_openai_base_as_contested() {
    let v = call(
        "revenue_projection",
        r#"{"company":"OpenAI","scenarios":[{"name":"b","growth":{"model":"cagr","rate":0.5}}]}"#,
    )
    .await
    .unwrap();
    assert_eq!(v["contested"], true);
    let bases: Vec<f64> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value_usd"].as_f64().unwrap())
        .collect();
    assert_eq!(
        bases,
        vec![12e9, 20e9],
        "the $13B is next year's (projected): not a base"
    );
}

#[tokio::test]
async fn statements_on_government_support_come_in_date_order() {
    let v = call(
        "statement_comparison",
        r#"{"organisation":"OpenAI","topic":"government_support"}"#,
    )
    .await
    .unwrap();
    let ids: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"openai-ostp-letter") && ids.contains(&"altman-no-guarantees"),
        "{ids:?}"
    );
    let dates: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[tokio::test]
async fn results_flag_what_needs_a_human_decision() {
    let tb = toolbox();
    let out = tb
        .invoke("revenue_projection", serde_json::json!({"company": "OpenAI", "scenarios": [{"name": "fast", "growth": {"model": "cagr", "rate": 0.55}}]}))
        .await
        .unwrap();
    // The base is one choice: contested and material, on one item whose
    // options say what each base would change.
    let base = &out.attention[0];
    assert_eq!(base.kind, steer_tools::AttentionKind::Conflict);
    assert!(base.material, "{base:?}");
    assert_eq!(
        base.summary,
        "which revenue base for OpenAI: the sources disagree, and the choice changes the conclusion"
    );
    assert_eq!(base.options.len(), 2);
    assert_eq!(base.options[1].sources, vec!["002 l.39".to_string()]);
    assert_eq!(
        base.options[1].record.as_deref(),
        Some("openai-revenue-20b-run-rate")
    );
    assert!(
        base.options[1]
            .consequence
            .as_deref()
            .unwrap()
            .starts_with("needs 48.7% a year"),
        "{:?}",
        base.options[1]
    );
    assert!(base.options[0].used, "the default rule's base is in use");
    assert!(base.default.as_deref().unwrap().contains("default rule"));
    assert!(
        !base.default.as_deref().unwrap().contains("`base_figure`"),
        "worded for a researcher, not a developer"
    );

    let out = tb
        .invoke(
            "statement_comparison",
            serde_json::json!({"organisation": "OpenAI", "topic": "government_support"}),
        )
        .await
        .unwrap();
    assert_eq!(out.attention.len(), 1);
    assert!(
        out.attention[0]
            .summary
            .starts_with("OpenAI contradicts itself on government_support")
    );

    let out = tb
        .invoke("deal_lookup", serde_json::json!({"party": "NVIDIA"}))
        .await
        .unwrap();
    assert!(out.attention.is_empty());
}

#[tokio::test]
async fn echoed_values_are_escaped_and_short_and_lists_said_once() {
    // A 1 MB name: the error names it, shortened.
    let party = "x".repeat(1_000_000);
    let e = error("deal_lookup", &format!("{{\"party\":\"{party}\"}}")).await;
    assert!(e.len() < 600, "{} bytes", e.len());
    // Control characters from the value are escaped, never passed through.
    let e = error("deal_lookup", r#"{"party":"a\u001b[31mb\r\nc"}"#).await;
    assert!(
        e.contains(r"a\u{1b}[31mb\r\nc") && !e.contains('\u{1b}') && !e.contains('\n'),
        "{e}"
    );
    // 1,000 unknown fields: one problem, the allowed fields listed once.
    let fields: Vec<String> = (0..1000).map(|i| format!("\"f{i}\":1")).collect();
    let e = error("deal_lookup", &format!("{{{}}}", fields.join(","))).await;
    assert_eq!(e.matches("allowed fields").count(), 1, "{e}");
    assert!(
        e.contains("`f0`") && e.contains("and 995 more") && e.len() < 800,
        "{e}"
    );
    // Many problems: the first few, then how many more.
    let bad: Vec<String> = (0..20)
        .map(|_| r#"{"name":"","growth":{"model":"cagr","rate":99}}"#.to_string())
        .collect();
    let e = error(
        "revenue_projection",
        &format!("{{\"base_usd\":1e9,\"scenarios\":[{}]}}", bad.join(",")),
    )
    .await;
    assert!(e.contains("more problem(s)") && e.len() < 2_000, "{e}");
}
