#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! revenue_projection against closed forms and hand computations, the
//! solver's edge cases, every validation error, and the research dataset.

use std::sync::Arc;

use serde_json::{Value, json};
use steer_tools::projection::{RequiredRate, RevenueProjectionOutput, chart, required_rate};
use steer_tools::{Dataset, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

async fn project(args: Value) -> Value {
    toolbox()
        .call("revenue_projection", args)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn error(args: Value) -> String {
    match toolbox().call("revenue_projection", args.clone()).await {
        Ok(v) => panic!("expected an error for {args}, got {v}"),
        Err(e) => e.to_string(),
    }
}

fn cagr(name: &str, rate: f64) -> Value {
    json!({"name": name, "growth": {"model": "cagr", "rate": rate}})
}

fn revenues(v: &Value, scenario: usize) -> Vec<f64> {
    v["scenarios"][scenario]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["revenue_usd"].as_f64().unwrap())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[tokio::test]
async fn cagr_matches_the_closed_form_to_the_cent() {
    let v =
        project(json!({"base_usd": 20e9, "horizon_years": 5, "scenarios": [cagr("base", 0.5)]}))
            .await;
    let years = v["scenarios"][0]["years"].as_array().unwrap();
    let y5 = years[4]["revenue_usd"].as_f64().unwrap();
    assert_eq!(
        (y5 * 100.0).round(),
        15_187_500_000_000.0,
        "year 5 must be $151.875B exactly"
    );
    for (t, y) in years.iter().enumerate() {
        let n = t as i32 + 1;
        let closed = 20e9 * 1.5f64.powi(n);
        assert!(close(y["revenue_usd"].as_f64().unwrap(), closed));
        // Σ_{k=1..n} R0 g^k = R0 ((1+g)^(n+1) − (1+g)) / g
        let cumulative = 20e9 * (1.5f64.powi(n + 1) - 1.5) / 0.5;
        assert!(
            close(y["cumulative_revenue_usd"].as_f64().unwrap(), cumulative),
            "year {n}"
        );
        assert!(close(y["growth_rate"].as_f64().unwrap(), 0.5));
    }
    assert_eq!(years[0]["year"], 2026, "base year defaults to 2025");
    assert!(v["commitments"].is_null() && v["required_growth"].is_null());
}

#[tokio::test]
async fn decaying_growth_by_hand() {
    let v = project(json!({"base_usd": 100.0, "horizon_years": 4, "scenarios": [
        {"name": "d", "growth": {"model": "decaying", "start_rate": 1.0, "decay": 0.5, "floor": 0.2}}
    ]}))
    .await;
    // rates 1.0, 0.5, 0.25, then 0.125 → floor 0.2
    let expected = [200.0, 300.0, 375.0, 450.0];
    for (got, want) in revenues(&v, 0).iter().zip(expected) {
        assert!(close(*got, want), "{got} vs {want}");
    }
}

#[tokio::test]
async fn logistic_matches_its_formula_and_stays_below_the_ceiling() {
    let v = project(json!({"base_usd": 10.0, "horizon_years": 30, "scenarios": [
        {"name": "s", "growth": {"model": "logistic", "ceiling_usd": 100.0, "steepness": 0.5}}
    ]}))
    .await;
    let r = revenues(&v, 0);
    for (t, got) in r.iter().enumerate() {
        let t = (t + 1) as f64;
        let want = 100.0 / (1.0 + 9.0 * (-0.5 * t).exp());
        assert!(close(*got, want));
        assert!(*got < 100.0);
    }
    assert!(r.windows(2).all(|w| w[1] > w[0]));
}

#[tokio::test]
async fn commitments_schedules_and_coverage() {
    let base = json!({"base_usd": 100.0, "horizon_years": 4, "scenarios": [cagr("flat", 0.0)],
        "commitments": {"total_usd": 1000.0, "years": 4, "schedule": "back_loaded"}});
    let v = project(base).await;
    let due: Vec<f64> = v["commitments"]["per_year_usd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(due, vec![100.0, 200.0, 300.0, 400.0]);
    let years = v["scenarios"][0]["years"].as_array().unwrap();
    assert_eq!(years[0]["coverage_ratio"], 1.0);
    assert!(close(years[3]["coverage_ratio"].as_f64().unwrap(), 0.4));
    assert!(v["scenarios"][0]["first_year_funded"].is_null());

    let v = project(
        json!({"base_usd": 100.0, "horizon_years": 4, "scenarios": [cagr("flat", 0.0)],
        "commitments": {"total_usd": 1000.0, "schedule": "front_loaded"}}),
    )
    .await;
    let due: Vec<f64> = v["commitments"]["per_year_usd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(due, vec![400.0, 300.0, 200.0, 100.0]);

    let v = project(json!({"base_usd": 100.0, "horizon_years": 3, "revenue_share": 0.5, "scenarios": [cagr("g", 1.0)],
        "commitments": {"total_usd": 500.0, "schedule": "explicit", "per_year_usd": [100.0, 100.0, 300.0]}}))
    .await;
    // revenue 200, 400, 800; available 100, 200, 400 → cumulative 100, 300, 700
    let years = v["scenarios"][0]["years"].as_array().unwrap();
    assert_eq!(years[1]["coverage_ratio"], 1.5);
    assert_eq!(v["scenarios"][0]["first_year_funded"], 2028);
}

#[test]
fn solver_finds_the_rate_and_reports_its_edges() {
    match required_rate(20e9, 8, 1.0, 1.4e12) {
        RequiredRate::Solved { rate } => {
            let mut r = 20e9;
            let mut sum = 0.0;
            for _ in 0..8 {
                r *= 1.0 + rate;
                sum += r;
            }
            assert!((sum - 1.4e12).abs() / 1.4e12 < 1e-6, "{sum}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        required_rate(1e12, 3, 1.0, 1e9),
        RequiredRate::AlreadyCovered
    );
    assert_eq!(
        required_rate(1.0, 1, 1.0, 1e15),
        RequiredRate::NotCoverableWithinBounds
    );
    // Exactly flat: 100 a year for 5 years covers 500 at 0%.
    match required_rate(100.0, 5, 1.0, 500.0) {
        RequiredRate::Solved { rate } => assert!(rate.abs() < 1e-8, "{rate}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn openai_lists_every_measured_base_with_sources_and_required_rates() {
    let v = project(json!({"company": "OpenAI", "scenarios": [cagr("base", 0.4)]})).await;
    assert_eq!(v["contested"], true);
    let candidates = v["candidates"].as_array().unwrap();
    let bases: Vec<f64> = candidates
        .iter()
        .map(|c| c["value_usd"].as_f64().unwrap())
        .collect();
    assert_eq!(
        bases,
        vec![12e9, 20e9],
        "the $13B is next year's (projected): not a base"
    );
    for c in candidates {
        assert!(!c["sources"].as_array().unwrap().is_empty());
    }
    assert_eq!(candidates[1]["basis"], "annualized");
    assert_eq!(v["commitments"]["total_usd"], 1.4e12);
    assert_eq!(v["commitments"]["years"], 8);
    assert_eq!(v["commitments"]["contested"], true, "8 years vs by 2030");
    let sens = v["sensitivity"].as_array().unwrap();
    assert_eq!(sens.len(), 2);
    let rates: Vec<f64> = sens
        .iter()
        .map(|s| s["required_growth"]["rate"].as_f64().unwrap())
        .collect();
    assert!(
        rates[0] > rates[1],
        "a smaller base needs faster growth: {rates:?}"
    );
    assert!(
        (0.60..0.62).contains(&rates[0]) && (0.48..0.49).contains(&rates[1]),
        "{rates:?}"
    );
    assert_eq!(v["base"]["figure_id"], "openai-revenue-12b");
    assert!(v["base"]["reason"].as_str().unwrap().contains("contested"));
    assert!(
        v["required_growth"]["method"]
            .as_str()
            .unwrap()
            .contains("1e-9")
    );
}

#[tokio::test]
async fn material_assumption_is_flagged_when_the_base_flips_the_conclusion() {
    let v = project(json!({"company": "OpenAI", "scenarios": [cagr("fast", 0.55)]})).await;
    // 55% is enough from $20B (needs 48.7%) but not from $12B (needs 61%).
    assert_eq!(v["assumption_material"], true);
    assert!(v["notes"].to_string().contains("changes the conclusion"));
    let v = project(json!({"company": "OpenAI", "scenarios": [cagr("slow", 0.1)]})).await;
    assert_eq!(v["assumption_material"], false);
}

#[tokio::test]
async fn a_chosen_base_is_not_contested() {
    let v = project(json!({"company": "OpenAI", "base_figure": "openai-revenue-20b-run-rate", "scenarios": [cagr("b", 0.5)]})).await;
    assert_eq!(v["contested"], false);
    assert_eq!(v["base"]["value_usd"], 20e9);
    assert_eq!(
        v["candidates"].as_array().unwrap().len(),
        2,
        "candidates are still listed"
    );
}

#[tokio::test]
async fn every_validation_error_is_clear() {
    let s = json!([cagr("a", 0.5)]);
    let cases = [
        (
            json!({"base_usd": 1e9, "horizon_years": 0, "scenarios": s}),
            "`horizon_years` must be 1..=30, got 0",
        ),
        (
            json!({"base_usd": 1e9, "horizon_years": 31, "scenarios": s}),
            "`horizon_years` must be 1..=30, got 31",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": [cagr("a", -0.95)]}),
            "`scenarios[0].growth.rate` must be -0.9..=10, got -0.95",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": [cagr("a", 11.0)]}),
            "`scenarios[0].growth.rate` must be -0.9..=10, got 11",
        ),
        (
            json!({"base_usd": 0, "scenarios": s}),
            "`base_usd` must be 1..=1e15, got 0",
        ),
        (
            json!({"base_usd": -5e9, "scenarios": s}),
            "`base_usd` must be 1..=1e15",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": []}),
            "`scenarios` must have at least 1 item(s); got 0",
        ),
        (json!({"scenarios": s}), "give `base_usd`, or `company`"),
        (
            json!({"base_usd": 1e9, "scenarios": [{"name": "s", "growth": {"model": "logistic", "ceiling_usd": 5e8, "steepness": 0.5}}]}),
            "`scenarios[0].growth.ceiling_usd` (500000000) must be above the base revenue",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": [{"name": "s", "growth": {"model": "decaying", "start_rate": 0.1, "decay": 0.1, "floor": 0.3}}]}),
            "is above `scenarios[0].growth.start_rate`",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": [cagr("a", 0.1), cagr("A", 0.2)]}),
            "`scenarios[1].name` \"A\" is used twice",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "commitments": {"total_usd": 100.0, "years": 2, "schedule": "explicit", "per_year_usd": [10.0, 20.0]}}),
            "sums to 30 but the total is 100",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "commitments": {"total_usd": 100.0, "schedule": "explicit"}}),
            "`commitments.per_year_usd` is required",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "commitments": {"total_usd": 100.0, "years": 3, "schedule": "explicit", "per_year_usd": [50.0, 50.0]}}),
            "has 2 amounts but the commitments span 3 years",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "commitments": {"total_usd": 100.0, "per_year_usd": [100.0]}}),
            "only used with `commitments.schedule: explicit`",
        ),
        (
            json!({"base_usd": 1e9, "horizon_years": 5, "scenarios": s, "commitments": {"total_usd": 100.0, "years": 8}}),
            "raise `horizon_years` to at least 8",
        ),
        (
            json!({"company": "OpenAI", "base_usd": 1e9, "base_figure": "openai-revenue-12b", "scenarios": s}),
            "give `base_usd` or `base_figure`, not both",
        ),
        (
            json!({"company": "OpenAI", "base_figure": "openai-revenue-99b", "scenarios": s}),
            "candidates: openai-revenue-12b, openai-revenue-20b-run-rate",
        ),
        (
            json!({"company": "Nvidai", "scenarios": s}),
            "did you mean \"NVIDIA\"",
        ),
        (
            json!({"company": "NVIDIA", "scenarios": s}),
            "no stated revenue figure for \"NVIDIA\"",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "revenue_share": 0}),
            "`revenue_share` must be 0.01..=1, got 0",
        ),
        (
            json!({"base_usd": 1e9, "scenarios": s, "commitments": {"figure": "x"}}),
            "`commitments.figure` \"x\" is not a compute_commitments figure",
        ),
    ];
    for (args, needle) in cases {
        let e = error(args.clone()).await;
        assert!(e.contains(needle), "{args}\n  -> {e}");
    }
}

#[tokio::test]
async fn charts_render_every_series() {
    let v =
        project(json!({"company": "OpenAI", "scenarios": [cagr("bear", 0.2), cagr("bull", 0.6)]}))
            .await;
    let out: RevenueProjectionOutput = serde_json::from_value(v).unwrap();
    let svg = chart::svg(&out, steer_tools::OutputLang::En).unwrap();
    assert!(
        svg.starts_with("<svg")
            && svg.contains("bear")
            && svg.contains("bull")
            && svg.contains("commitments (cumulative)")
    );
    let text = chart::text(&out, 10, steer_tools::OutputLang::En);
    assert!(
        text.contains("1 bear") && text.contains("2 bull") && text.contains("# commitments"),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.contains('│')).count(), 10);
}

#[tokio::test]
async fn contested_choices_offer_the_arguments_that_settle_them() {
    let args = json!({"company": "OpenAI", "scenarios": [cagr("base", 0.5)]});
    let outcome = toolbox()
        .invoke("revenue_projection", args.clone())
        .await
        .unwrap();
    let options: Vec<_> = outcome.attention.iter().flat_map(|a| &a.options).collect();
    let base = options
        .iter()
        .find(|o| o.record.as_deref() == Some("openai-revenue-20b-run-rate"))
        .unwrap();
    assert_eq!(
        base.choose,
        Some(json!({"base_figure": "openai-revenue-20b-run-rate", "base_usd": null}))
    );
    let framing = options
        .iter()
        .find(|o| o.record.as_deref() == Some("openai-compute-commitments-2030"))
        .unwrap();
    assert!(
        framing
            .consequence
            .as_deref()
            .unwrap()
            .contains("over 5 years"),
        "{framing:?}"
    );
    assert_eq!(
        framing.choose.as_ref().unwrap()["commitments"]["figure"],
        "openai-compute-commitments-2030"
    );
    // Once both are chosen, nothing is contested any more.
    let chosen = json!({"company": "OpenAI", "scenarios": [cagr("base", 0.5)],
        "base_figure": "openai-revenue-20b-run-rate",
        "commitments": {"figure": "openai-compute-commitments-2030"}});
    let outcome = toolbox()
        .invoke("revenue_projection", chosen)
        .await
        .unwrap();
    assert!(
        outcome
            .attention
            .iter()
            .all(|a| a.kind != steer_tools::AttentionKind::Conflict),
        "{:?}",
        outcome.attention
    );
    assert_eq!(outcome.value["commitments"]["contested"], false);
    assert_eq!(outcome.value["commitments"]["years"], 5);
}

#[tokio::test]
async fn the_tool_draws_its_own_outputs_for_the_runtime() {
    let tb = toolbox();
    let out = project(json!({"company": "OpenAI", "scenarios": [cagr("base", 0.5)]})).await;
    let charts = tb.charts("revenue_projection", &out, steer_tools::OutputLang::En);
    assert_eq!(charts.len(), 1);
    assert!(charts[0].svg.contains("<svg"));
    assert!(
        charts[0].text.starts_with(&charts[0].title),
        "{}",
        charts[0].text
    );
    // Not its output, another tool's, or an unknown tool: nothing drawn.
    assert!(
        tb.charts(
            "revenue_projection",
            &json!({"x": 1}),
            steer_tools::OutputLang::En
        )
        .is_empty()
    );
    assert!(
        tb.charts("deal_lookup", &out, steer_tools::OutputLang::En)
            .is_empty()
    );
    assert!(
        tb.charts("no_such_tool", &out, steer_tools::OutputLang::En)
            .is_empty()
    );
}

#[tokio::test]
async fn a_projection_is_the_base_only_when_nothing_measured_exists() {
    // Anthropic's only revenue figure is its 2028 projection: it becomes
    // the base, marked, and the assumption is put to the user.
    let args = json!({"company": "Anthropic", "scenarios": [cagr("base", 0.3)]});
    let outcome = toolbox().invoke("revenue_projection", args).await.unwrap();
    let v = &outcome.value;
    assert_eq!(v["base"]["figure_id"], "anthropic-revenue-2028");
    assert_eq!(v["candidates"][0]["basis"], "projected");
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("is a projection")),
        "{v}"
    );
    let item = outcome
        .attention
        .iter()
        .find(|a| a.kind == steer_tools::AttentionKind::Assumption)
        .unwrap_or_else(|| panic!("{:?}", outcome.attention));
    assert!(item.material);
    assert_eq!(
        item.topic,
        Some(steer_tools::AttentionTopic::ProjectedBase {
            company: "Anthropic".into()
        })
    );
    // OpenAI has measured figures: its 2030 projection is never a base.
    let v = project(json!({"company": "OpenAI", "scenarios": [cagr("base", 0.3)]})).await;
    assert!(
        v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["basis"] != "projected"),
        "{v}"
    );
}
