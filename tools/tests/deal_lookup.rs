#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! deal_lookup on hand-made datasets with known answers, and on the
//! research dataset.

use std::sync::Arc;

use serde_json::{Value, json};
use steer_tools::{Dataset, Toolbox};

/// A dataset of entities `a`..`h` and the given deals (TOML `[[deal]]`
/// bodies without sources, which are added).
fn dataset(deals: &[&str]) -> Toolbox {
    let entities: String = "abcdefgh"
        .chars()
        .map(|c| {
            format!(
                "[[entity]]\nid = \"{c}\"\nname = \"{}\"\nkind = \"company\"\n\n",
                c.to_ascii_uppercase()
            )
        })
        .collect();
    let deals: String = deals
        .iter()
        .map(|d| format!("[[deal]]\n{d}\nsources = [\"s:1\"]\n\n"))
        .collect();
    let files = vec![
        ("sources.toml".to_string(), "[[source]]\nid = \"s\"\nfile = \"s.txt\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2025\"\nlanguage = \"en\"\nline_count = 10\n".to_string()),
        ("entities.toml".to_string(), entities),
        ("deals.toml".to_string(), deals),
        ("figures.toml".to_string(), String::new()),
        ("statements.toml".to_string(), String::new()),
        ("topics.toml".to_string(), String::new()),
    ];
    let ds = Dataset::from_files("test", files).unwrap_or_else(|e| panic!("{e}"));
    Toolbox::research(Arc::new(ds)).unwrap()
}

fn deal(id: &str, from: &str, to: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nkind = \"investment\"\ndescription = \"{id} deal\"\n{extra}"
    )
}

async fn call(tb: &Toolbox, args: Value) -> Value {
    tb.call("deal_lookup", args)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn ids(v: &Value) -> Vec<String> {
    v["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

fn toolbox_for_queries() -> Toolbox {
    let d = [
        deal("ab", "a", "b", "value_usd = 10.0\ndate = \"2025-01\""),
        deal(
            "ac",
            "a",
            "c",
            "value_usd = 20.0\nbound = \"up_to\"\ndate = \"2025-06\"",
        ),
        deal(
            "ad",
            "a",
            "d",
            "value_usd = 5.0\nper = \"year\"\ndate = \"2024\"",
        ),
        deal("ae", "a", "e", "date = \"2025-11-05\""),
        deal("ba", "b", "a", "value_usd = 7.0\nkind = \"chip_purchase\"")
            .replace("kind = \"investment\"\n", ""),
        deal(
            "cd",
            "c",
            "d",
            "value_usd = 3.0\ndescription = \"Special chips for data centres\"",
        )
        .replace("description = \"cd deal\"\n", ""),
    ];
    let refs: Vec<&str> = d.iter().map(String::as_str).collect();
    dataset(&refs)
}

#[tokio::test]
async fn party_counterparty_and_direction() {
    let tb = toolbox_for_queries();
    let v = call(&tb, json!({"party": "A", "sort": "date_asc"})).await;
    assert_eq!(ids(&v), ["ad", "ab", "ac", "ae", "ba"]);
    let v = call(&tb, json!({"party": "a", "counterparty": "b"})).await;
    assert_eq!(ids(&v), ["ab", "ba"]);
    let v = call(&tb, json!({"party": "a", "direction": "receives"})).await;
    assert_eq!(ids(&v), ["ba"]);
    let v = call(
        &tb,
        json!({"party": "a", "direction": "pays", "counterparty": "b"}),
    )
    .await;
    assert_eq!(ids(&v), ["ab"]);
    let v = call(&tb, json!({"counterparty": "d"})).await;
    assert_eq!(ids(&v), ["ad", "cd"]);
}

#[tokio::test]
async fn kind_text_and_dates() {
    let tb = toolbox_for_queries();
    assert_eq!(
        ids(&call(&tb, json!({"kind": "chip_purchase"})).await),
        ["ba"]
    );
    assert_eq!(ids(&call(&tb, json!({"text": "CHIPS data"})).await), ["cd"]);
    let v = call(&tb, json!({"date_from": "2025-02", "date_to": "2025-11"})).await;
    assert_eq!(
        ids(&v),
        ["ac", "ae"],
        "undated deals drop out of a date filter; partial dates compare at their precision"
    );
    let v = call(&tb, json!({"date_to": "2024"})).await;
    assert_eq!(ids(&v), ["ad"]);
}

#[tokio::test]
async fn value_range_keeps_unstated_deals_marked_unless_told() {
    let tb = toolbox_for_queries();
    let v = call(
        &tb,
        json!({"party": "a", "min_value_usd": 6, "max_value_usd": 15}),
    )
    .await;
    assert_eq!(ids(&v), ["ab", "ba", "ae"]);
    let unstated = &v["deals"][2];
    assert_eq!(unstated["value_stated"], false);
    assert!(unstated["value_usd"].is_null());
    let v = call(
        &tb,
        json!({"party": "a", "min_value_usd": 6, "max_value_usd": 15, "include_unstated": false}),
    )
    .await;
    assert_eq!(ids(&v), ["ab", "ba"]);
}

#[tokio::test]
async fn sorting_puts_unknown_amounts_last_and_limit_cuts() {
    let tb = toolbox_for_queries();
    let v = call(&tb, json!({"party": "a"})).await;
    assert_eq!(ids(&v), ["ac", "ab", "ba", "ad", "ae"]);
    let v = call(&tb, json!({"party": "a", "sort": "value_asc"})).await;
    assert_eq!(ids(&v), ["ad", "ba", "ab", "ac", "ae"]);
    let v = call(&tb, json!({"party": "a", "limit": 2})).await;
    assert_eq!(ids(&v), ["ac", "ab"]);
    assert_eq!(v["matched"], 5);
    assert!(v["notes"].to_string().contains("showing 2 of 5"));
}

#[tokio::test]
async fn totals_keep_firm_ceiling_yearly_and_unstated_apart() {
    let tb = toolbox_for_queries();
    let v = call(
        &tb,
        json!({"mode": "totals", "party": "a", "direction": "pays"}),
    )
    .await;
    let overall = &v["totals"]["overall"];
    assert_eq!(overall["total_usd"], 10.0);
    assert_eq!(overall["up_to_usd"], 20.0);
    assert_eq!(overall["per_year_usd"], 5.0);
    assert_eq!(overall["stated"], 3);
    assert_eq!(overall["unstated"], 1);
    assert!(
        v["deals"].as_array().unwrap().is_empty(),
        "totals mode returns no deal list"
    );
    let a = v["totals"]["by_party"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"]["id"] == "a")
        .unwrap();
    assert_eq!(a["pays"]["total_usd"], 10.0);
    assert_eq!(a["pays"]["unstated"], 1);
    let e = v["totals"]["by_party"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"]["id"] == "e")
        .unwrap();
    assert_eq!(e["receives"]["unstated"], 1);
    assert_eq!(e["receives"]["total_usd"], 0.0);
    let kinds = v["totals"]["by_kind"].as_array().unwrap();
    assert_eq!(kinds.len(), 1);
    assert_eq!(kinds[0]["kind"], "investment");
}

fn cycle_paths(v: &Value) -> Vec<String> {
    v["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn cycles_on_a_graph_with_known_answers() {
    // a→b→a (2), a→c→d→a (3), a→c→d→e→a (4), a→f→g→h→e→a (5)
    let d = [
        deal("ab", "a", "b", "value_usd = 50.0"),
        deal("ba", "b", "a", "value_usd = 40.0"),
        deal("ac", "a", "c", "value_usd = 100.0"),
        deal("cd", "c", "d", "value_usd = 90.0"),
        deal("da", "d", "a", ""),
        deal("de", "d", "e", "value_usd = 80.0"),
        deal("ea", "e", "a", "value_usd = 70.0"),
        deal("af", "a", "f", "value_usd = 1.0"),
        deal("fg", "f", "g", "value_usd = 1.0"),
        deal("gh", "g", "h", "value_usd = 1.0"),
        deal("he", "h", "e", "value_usd = 1.0"),
        // Not on any cycle through a: b→c has no way back except via a,
        // which is fine, but c→b would create a→c→b→a.
        deal("stake", "c", "b", "money_flow = false"),
    ];
    let refs: Vec<&str> = d.iter().map(String::as_str).collect();
    let tb = dataset(&refs);
    let v = call(&tb, json!({"mode": "cycles", "party": "a"})).await;
    // Ranked by smallest stated amount: a→c→d→e→a (70), a→b→a (40),
    // a→c→d→a (90 but one hop unstated: min over stated = 90). So 90 first.
    assert_eq!(
        cycle_paths(&v),
        ["A → C → D → A", "A → C → D → E → A", "A → B → A"]
    );
    assert_eq!(v["cycles"][0]["min_stated_usd"], 90.0);
    assert_eq!(v["cycles"][0]["unstated_hops"], 1);
    assert_eq!(v["cycles"][1]["min_stated_usd"], 70.0);
    let hops = v["cycles"][1]["hops"].as_array().unwrap();
    let hop_deals: Vec<&str> = hops
        .iter()
        .map(|h| h["deals"][0]["id"].as_str().unwrap())
        .collect();
    assert_eq!(hop_deals, ["ac", "cd", "de", "ea"]);
    assert_eq!(hops[0]["deals"][0]["sources"][0]["label"], "s l.1");

    let v = call(
        &tb,
        json!({"mode": "cycles", "party": "a", "max_cycle_length": 5}),
    )
    .await;
    assert_eq!(v["cycles"].as_array().unwrap().len(), 4);
    assert!(cycle_paths(&v).contains(&"A → F → G → H → E → A".to_string()));

    let v = call(
        &tb,
        json!({"mode": "cycles", "party": "a", "max_cycle_length": 2}),
    )
    .await;
    assert_eq!(cycle_paths(&v), ["A → B → A"]);

    let v = call(
        &tb,
        json!({"mode": "cycles", "party": "a", "counterparty": "e"}),
    )
    .await;
    assert_eq!(cycle_paths(&v), ["A → C → D → E → A"]);

    // From e's point of view the same cycles rotate.
    let v = call(&tb, json!({"mode": "cycles", "party": "e"})).await;
    assert_eq!(cycle_paths(&v), ["E → A → C → D → E"]);
}

#[tokio::test]
async fn parallel_deals_on_one_hop_are_grouped() {
    let d = [
        deal("ab1", "a", "b", "value_usd = 5.0"),
        deal("ab2", "a", "b", "value_usd = 50.0"),
        deal("ba", "b", "a", "value_usd = 10.0"),
    ];
    let refs: Vec<&str> = d.iter().map(String::as_str).collect();
    let v = call(&dataset(&refs), json!({"mode": "cycles", "party": "a"})).await;
    assert_eq!(v["cycles"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["cycles"][0]["hops"][0]["deals"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        v["cycles"][0]["min_stated_usd"], 10.0,
        "each hop counts at its largest deal (50), the cycle at its smallest hop (10)"
    );
}

#[tokio::test]
async fn filters_apply_to_cycle_edges() {
    let d = [
        deal("ab", "a", "b", "value_usd = 50.0"),
        deal("ba", "b", "a", "value_usd = 40.0\ndate = \"2024\""),
    ];
    let refs: Vec<&str> = d.iter().map(String::as_str).collect();
    let tb = dataset(&refs);
    let v = call(
        &tb,
        json!({"mode": "cycles", "party": "a", "min_value_usd": 45}),
    )
    .await;
    assert!(v["cycles"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn neighbourhood_by_hops() {
    let d = [
        deal("ab", "a", "b", ""),
        deal("bc", "b", "c", ""),
        deal("dc", "d", "c", ""),
        deal("ef", "e", "f", ""),
    ];
    let refs: Vec<&str> = d.iter().map(String::as_str).collect();
    let tb = dataset(&refs);
    let v = call(&tb, json!({"mode": "neighbourhood", "party": "b"})).await;
    let hood = &v["neighbourhood"];
    let names: Vec<(&str, u64)> = hood["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["party"]["name"].as_str().unwrap(),
                e["distance"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [("B", 0), ("A", 1), ("C", 1)]);
    assert_eq!(hood["deal_count"], 2);
    let v = call(
        &tb,
        json!({"mode": "neighbourhood", "party": "a", "hops": 3}),
    )
    .await;
    assert_eq!(v["neighbourhood"]["entity_count"], 4);
    assert_eq!(v["neighbourhood"]["deal_count"], 3);
}

#[tokio::test]
async fn argument_rules_across_fields() {
    let tb = toolbox_for_queries();
    for (args, needle) in [
        (
            json!({"mode": "cycles"}),
            "`party` is required when `mode` is cycles",
        ),
        (
            json!({"mode": "neighbourhood"}),
            "`party` is required when `mode` is neighbourhood",
        ),
        (json!({"direction": "pays"}), "`direction` needs `party`"),
        (
            json!({"min_value_usd": 10, "max_value_usd": 5}),
            "`min_value_usd` (10) is above `max_value_usd` (5)",
        ),
        (
            json!({"date_from": "2025", "date_to": "2024"}),
            "`date_from` (2025) is after `date_to` (2024)",
        ),
        (
            json!({"mode": "cycles", "party": "a", "max_cycle_length": 9}),
            "`max_cycle_length` must be 2..=6, got 9",
        ),
        (
            json!({"party": "zzz"}),
            "no company or person called \"zzz\"",
        ),
    ] {
        let e = tb
            .call("deal_lookup", args.clone())
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{args}: {e}");
    }
}

fn research() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

#[tokio::test]
async fn nvidia_openai_oracle_nvidia_is_a_cycle_citing_each_deal() {
    let v = call(&research(), json!({"mode": "cycles", "party": "NVIDIA"})).await;
    let cycle = v["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "NVIDIA → OpenAI → Oracle → NVIDIA")
        .unwrap();
    let hops = cycle["hops"].as_array().unwrap();
    let deals: Vec<&str> = hops
        .iter()
        .map(|h| h["deals"][0]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        deals,
        [
            "nvidia-openai-investment",
            "openai-oracle-compute",
            "oracle-nvidia-chips"
        ]
    );
    for hop in hops {
        assert!(!hop["deals"][0]["sources"].as_array().unwrap().is_empty());
    }
    assert_eq!(
        cycle["unstated_hops"], 1,
        "Oracle's chip purchases are 'tens of billions', not a number"
    );
    let paths = cycle_paths(&v);
    for company in ["xAI", "Mistral", "Figure", "CoreWeave"] {
        assert!(
            paths.contains(&format!("NVIDIA → {company} → NVIDIA")),
            "{paths:?}"
        );
    }
}

#[tokio::test]
async fn openai_ventures_loop_back_as_service_revenue() {
    let v = call(&research(), json!({"mode": "cycles", "party": "Anphere"})).await;
    assert_eq!(cycle_paths(&v), ["Anysphere → OpenAI → Anysphere"]);
}

#[tokio::test]
async fn research_totals_do_not_count_unstated_as_zero() {
    let v = call(
        &research(),
        json!({"mode": "totals", "party": "OpenAI", "direction": "pays"}),
    )
    .await;
    let overall = &v["totals"]["overall"];
    assert_eq!(overall["total_usd"], 300e9);
    assert!(overall["unstated"].as_u64().unwrap() >= 3);
    assert!(v["notes"].to_string().contains("never as zero"));
}
