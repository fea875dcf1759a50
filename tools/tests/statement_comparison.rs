#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! statement_comparison on the research dataset and on inline statements
//! written for these tests.

use std::sync::Arc;

use serde_json::{Value, json};
use steer_tools::{Dataset, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

async fn compare(args: Value) -> Value {
    toolbox()
        .call("statement_comparison", args)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn error(args: Value) -> String {
    match toolbox().call("statement_comparison", args.clone()).await {
        Ok(v) => panic!("expected an error for {args}, got {v}"),
        Err(e) => e.to_string(),
    }
}

fn stance(v: &Value, id: &str, topic: &str) -> String {
    let s = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no statement {id}"));
    s["stances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == topic)
        .map_or("none".to_string(), |t| {
            t["stance"].as_str().unwrap().to_string()
        })
}

#[tokio::test]
async fn openai_on_government_support_in_date_order_with_polarities() {
    let v = compare(json!({"organisation": "OpenAI", "topic": "government_support"})).await;
    let ids: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let pos = |id: &str| ids.iter().position(|i| *i == id).unwrap();
    assert!(pos("openai-ostp-letter") < pos("friar-wsj-backstop"));
    assert!(pos("friar-wsj-backstop") < pos("friar-clarification"));
    assert!(pos("friar-clarification") < pos("altman-no-guarantees"));
    let g = "government_support";
    assert_eq!(stance(&v, "openai-ostp-letter", g), "for");
    assert_eq!(stance(&v, "friar-wsj-backstop", g), "for");
    assert_eq!(stance(&v, "friar-clarification", g), "against");
    assert_eq!(stance(&v, "altman-no-guarantees", g), "against");

    let c = v["contradictions"].as_array().unwrap();
    let letter_vs_post = c
        .iter()
        .find(|c| {
            c["first"]["statement_id"] == "openai-ostp-letter"
                && c["second"]["statement_id"] == "altman-no-guarantees"
        })
        .unwrap();
    assert_eq!(letter_vs_post["first"]["polarity"], "for");
    assert!(
        letter_vs_post["first"]["evidence"]
            .as_str()
            .unwrap()
            .contains("loan guarantees")
    );
    assert_eq!(
        letter_vs_post["first"]["sources"][0]["label"],
        "002 l.24-28"
    );
    assert_eq!(
        letter_vs_post["second"]["evidence"],
        "We do not have or want government guarantees for OpenAI datacenters."
    );
    assert_eq!(
        letter_vs_post["second"]["sources"][0]["label"],
        "002 l.20-21"
    );
    assert_eq!(letter_vs_post["public_vs_private"], true);
    assert!(
        letter_vs_post["first"]["rule"]
            .as_str()
            .unwrap()
            .contains("cue")
    );
    assert!(
        letter_vs_post["second"]["rule"]
            .as_str()
            .unwrap()
            .contains("negated by `not`")
    );
    // The evidence offsets point into the statement's own text.
    let letter = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "openai-ostp-letter")
        .unwrap();
    let text = letter["text"].as_str().unwrap();
    let (s, e) = (
        letter_vs_post["first"]["evidence_start"].as_u64().unwrap() as usize,
        letter_vs_post["first"]["evidence_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        letter_vs_post["first"]["evidence"].as_str().unwrap()
    );

    let timeline = &v["timelines"][0];
    assert_eq!(timeline["organisation"], "OpenAI");
    let stances: Vec<&str> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["stance"].as_str().unwrap())
        .collect();
    assert_eq!(
        stances[stances.len() - 4..],
        ["for", "for", "against", "against"]
    );
}

#[tokio::test]
async fn sacks_disagrees_with_openai_but_does_not_contradict_it() {
    let v = compare(json!({"topic": "government_support"})).await;
    assert_eq!(
        stance(&v, "sacks-no-bailout", "government_support"),
        "against"
    );
    let d = v["disagreements"].as_array().unwrap();
    assert!(
        d.iter()
            .any(|c| c["first"]["statement_id"] == "openai-ostp-letter"
                && c["second"]["statement_id"] == "sacks-no-bailout")
    );
    for c in v["contradictions"].as_array().unwrap() {
        assert_ne!(c["first"]["statement_id"], "sacks-no-bailout");
        assert_ne!(c["second"]["statement_id"], "sacks-no-bailout");
        assert_eq!(c["first"]["organisation"], c["second"]["organisation"]);
    }
}

#[tokio::test]
async fn openai_revenue_is_a_figure_conflict_with_bases_explained() {
    let v = compare(json!({"mode": "figures", "subject": "OpenAI", "metric": "revenue"})).await;
    let f = v["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["year"] == 2025)
        .unwrap();
    assert_eq!(f["conflict"], true);
    let values: Vec<f64> = f["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, vec![12e9, 20e9], "the $13B is next year's");
    let why = f["explanations"].to_string();
    assert!(
        why.contains("annualized run-rate") && why.contains("is reported"),
        "{why}"
    );
    assert!(why.contains("floor"), "{why}");
    let v = compare(
        json!({"mode": "figures", "subject": "OpenAI", "metric": "revenue", "tolerance": 1.0}),
    )
    .await;
    let f = v["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["year"] == 2025)
        .unwrap();
    assert_eq!(
        f["conflict"], false,
        "a 67% spread is within a 100% tolerance"
    );
}

/// Polarity and scope of a one-sentence inline statement on government support.
async fn read(text: &str) -> (String, String, Vec<String>, String) {
    let v = compare(json!({"topic": "government_support", "statements": [
        {"speaker": "A Person", "organisation": "Acme", "date": "2025-01-01", "text": text}
    ]}))
    .await;
    let claims = v["statements"][0]["claims"].as_array().unwrap();
    let t = claims
        .iter()
        .flat_map(|c| c["topics"].as_array().unwrap())
        .next()
        .unwrap_or_else(|| panic!("no topic read in {text:?}: {v}"));
    let r = &t["reading"];
    let hedges = r["hedges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect();
    (
        r["polarity"].as_str().unwrap().to_string(),
        r["scope"].as_str().unwrap().to_string(),
        hedges,
        r["rule"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn inline_polarity_table() {
    let cases: &[(&str, &str)] = &[
        ("Acme is seeking a federal loan guarantee.", "for"),
        ("Acme is not seeking a federal loan guarantee.", "against"),
        ("We don't want government guarantees.", "against"),
        (
            "It is not true that we do not want government loan guarantees.",
            "for",
        ),
        ("There will be no federal bailout for AI.", "against"),
        ("Taxpayers should not bail out companies.", "against"),
        ("We oppose any government bailout.", "against"),
        (
            "We never said we would not accept government grants.",
            "for",
        ),
        (
            "The government should provide grants to chip makers.",
            "for",
        ),
        (
            "That is different from loan guarantees to Acme, which the government should avoid.",
            "against",
        ),
        ("The government is the insurer of last resort.", "for"),
        (
            "I used the word 'backstop' in the interview with the federal reporter.",
            "neutral",
        ),
        ("The federal hearing mentioned subsidies.", "neutral"),
    ];
    for (text, want) in cases {
        let (got, _, _, rule) = read(text).await;
        assert_eq!(&got, want, "{text:?} read by: {rule}");
    }
}

#[tokio::test]
async fn hedges_are_kept_and_do_not_flip_polarity() {
    let (p, _, hedges, _) = read("We may need some government grants at some point.").await;
    assert_eq!(p, "for");
    assert_eq!(hedges, ["may"]);
    let (p, _, hedges, _) =
        read("The federal government is kind of the insurer of last resort.").await;
    assert_eq!(p, "for");
    assert_eq!(hedges, ["kind of"]);
}

#[tokio::test]
async fn scope_tells_support_for_oneself_from_support_in_general() {
    let (_, scope, _, _) = read("We do not want government guarantees for Acme datacenters.").await;
    assert_eq!(scope, "own_organisation");
    let (_, scope, _, _) =
        read("The government should deploy grants to expand industrial-base capacity.").await;
    assert_eq!(scope, "general");
    let (_, scope, _, _) = read("There should be a federal backstop.").await;
    assert_eq!(scope, "unspecified");
}

#[tokio::test]
async fn trigger_words_without_a_government_are_not_government_support() {
    let v = compare(json!({"statements": [
        {"speaker": "x", "organisation": "NVIDIA", "date": "2025", "text": "NVIDIA guarantees to buy any unused capacity. We will grant partners early access."}
    ]}))
    .await;
    let topics: Vec<&str> = v["statements"][0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["topics"].as_array().unwrap())
        .map(|t| t["topic"].as_str().unwrap())
        .collect();
    assert!(!topics.contains(&"government_support"), "{topics:?}");
}

#[tokio::test]
async fn inline_organisations_contradict_themselves_and_disagree_with_others() {
    let v = compare(json!({"topic": "government_support", "statements": [
        {"id": "acme-1", "speaker": "CEO", "organisation": "Acme", "date": "2025-01-01", "channel": "letter", "audience": "private", "text": "Acme asks the government for loan guarantees."},
        {"id": "acme-2", "speaker": "CEO", "organisation": "acme", "date": "2025-02-01", "channel": "post", "text": "Acme does not want any government guarantee."},
        {"id": "gov-1", "speaker": "Minister", "organisation": "Treasury", "date": "2025-03-01", "text": "There will be no bailout from the government."}
    ]}))
    .await;
    let c = v["contradictions"].as_array().unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["first"]["statement_id"], "acme-1");
    assert_eq!(c[0]["public_vs_private"], true);
    assert!(
        c[0]["first"]["sources"].as_array().unwrap().is_empty(),
        "inline statements have no sources"
    );
    let d = v["disagreements"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["second"]["statement_id"], "gov-1");
    assert_eq!(v["statements"][0]["from_dataset"], false);
}

#[tokio::test]
async fn selection_by_speaker_ids_and_dates() {
    let v = compare(json!({"speaker": "Sarah Friar"})).await;
    let ids: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["friar-wsj-backstop", "friar-clarification"]);
    let v = compare(json!({"speaker": "OpenAI"})).await;
    let ids: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["openai-ostp-letter"],
        "a speaker filter on an organisation selects what it said itself"
    );
    let v = compare(json!({"ids": ["sacks-no-bailout", "altman-no-guarantees"]})).await;
    assert_eq!(v["statements"].as_array().unwrap().len(), 2);
    let v = compare(json!({"date_from": "2025-11-06", "date_to": "2025-11-06"})).await;
    let dates: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates.iter().filter(|d| **d == "2025-11-06").count(), 2);
    assert!(
        dates
            .iter()
            .all(|d| ["2025", "2025-11", "2025-11-06"].contains(d)),
        "only dates overlapping the day: {dates:?}"
    );
    let v = compare(json!({"date_to": "2025-10-31"})).await;
    let ids: Vec<&str> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["altman-insurer-of-last-resort", "openai-ostp-letter"]);
}

#[tokio::test]
async fn bad_arguments_get_clear_errors() {
    let inline = json!([{"speaker": "a", "organisation": "b", "date": "2025", "text": "t"}]);
    let cases = [
        (
            json!({"mode": "figures", "topic": "government_support"}),
            "`topic` does not apply in `figures` mode",
        ),
        (
            json!({"subject": "OpenAI"}),
            "`subject` does not apply in `statements` mode",
        ),
        (
            json!({"ids": ["nope"]}),
            "`ids`: no statement \"nope\"; known ids: altman-insurer-of-last-resort",
        ),
        (
            json!({"ids": ["sacks-no-bailout"], "statements": inline}),
            "cannot be combined",
        ),
        (
            json!({"topic": "bailouts"}),
            "`topic` must be one of government_support",
        ),
        (
            json!({"date_from": "2025-12", "date_to": "2025-11"}),
            "is after `date_to`",
        ),
        (
            json!({"speaker": "Sam Altmann"}),
            "did you mean \"Sam Altman\"",
        ),
        (
            json!({"statements": [{"speaker": "a", "organisation": "b", "date": "2025", "text": ""}]}),
            "`statements[0].text` must not be empty",
        ),
        (
            json!({"statements": [{"speaker": "a", "organisation": "b", "text": "t"}]}),
            "missing required field `statements[0].date`",
        ),
    ];
    for (args, needle) in cases {
        let e = error(args.clone()).await;
        assert!(e.contains(needle), "{args}\n  -> {e}");
    }
}

/// In a Japanese toolbox each reading's rule trace is Japanese too: the
/// English statements read by the English rules, worded for the reader.
#[tokio::test]
async fn a_japanese_toolbox_words_every_rule_trace_in_japanese() {
    let ja = toolbox().speaking(steer_tools::OutputLang::Ja);
    let v = ja
        .call("statement_comparison", json!({"speaker": "sam-altman"}))
        .await
        .unwrap();
    let mut rules = Vec::new();
    for s in v["statements"].as_array().unwrap() {
        for c in s["claims"].as_array().unwrap() {
            for t in c["topics"].as_array().unwrap() {
                rules.push(t["reading"]["rule"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(rules.len() >= 3, "{rules:?}");
    for rule in &rules {
        // What stays English is quoted in backticks: the words of the
        // statement that triggered the rule.
        let outside: String = rule.split('`').step_by(2).collect();
        assert!(
            !outside.chars().any(|c| c.is_ascii_alphabetic()),
            "English outside the quoted words: {rule}"
        );
    }
}
