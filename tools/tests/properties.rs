#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Properties over any input: free text of any script and size, and any
//! JSON as tool arguments, never panic; evidence is always the input's own
//! text. `PROPTEST_CASES=5000 cargo test -p steer-tools --test properties`
//! searches harder.

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use serde_json::{Value, json};
use steer_tools::testing::{config, text};
use steer_tools::{Dataset, ToolError, Toolbox};

fn dataset() -> Arc<Dataset> {
    static DATA: OnceLock<Arc<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Dataset::builtin().unwrap()))
        .clone()
}

fn toolbox() -> Toolbox {
    Toolbox::research(dataset()).unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

/// A call's result is a value or an error the caller can act on, never a
/// panic turned into an internal error.
fn acceptable(result: &Result<Value, ToolError>) -> bool {
    !matches!(
        result,
        Err(ToolError::Internal { .. }) | Err(ToolError::Failed { .. })
    )
}

/// Keys and values steer's tools know, so arbitrary JSON reaches past the
/// first "unknown field".
const KEYS: &[&str] = &[
    "mode",
    "party",
    "counterparty",
    "direction",
    "kind",
    "min_value_usd",
    "max_value_usd",
    "include_unstated",
    "text",
    "date_from",
    "date_to",
    "sort",
    "limit",
    "max_cycle_length",
    "hops",
    "company",
    "base_usd",
    "base_figure",
    "base_year",
    "horizon_years",
    "scenarios",
    "name",
    "growth",
    "model",
    "rate",
    "start_rate",
    "decay",
    "floor",
    "ceiling_usd",
    "steepness",
    "commitments",
    "total_usd",
    "figure",
    "years",
    "schedule",
    "per_year_usd",
    "revenue_share",
    "organisation",
    "topic",
    "statements",
    "speaker",
    "date",
    "ids",
    "subject",
    "metric",
    "channel",
    "audience",
    "role",
];
const WORDS: &[&str] = &[
    "cycles",
    "totals",
    "neighbourhood",
    "deals",
    "pays",
    "receives",
    "investment",
    "cagr",
    "decaying",
    "logistic",
    "even",
    "explicit",
    "back_loaded",
    "figures",
    "statements",
    "government_support",
    "revenue",
    "OpenAI",
    "NVIDIA",
    "MSFT",
    "Oracle",
    "エヌビディア",
    "2025",
    "2025-11",
    "2025-13-40",
    "openai-revenue-12b",
    "public",
    "private",
    "interview",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop::sample::select(vec![
            0.0, -0.0, 1e308, -1e308, 1e-308, 1e15, 1e16, 1e18, 10.0, -0.9, 30.0, 31.0, 0.01
        ])
        .prop_map(|f| json!(f)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        prop::sample::select(WORDS).prop_map(|w| json!(w)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (prop_oneof![4 => prop::sample::select(KEYS).prop_map(str::to_string), 1 => text()], inner),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Arguments of the right shape at the top, anything inside.
fn arguments() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_json_arguments_give_a_value_or_a_validation_error(args in arguments(), other in json_value()) {
        let tb = toolbox();
        for name in tb.names() {
            let result = block_on(tb.call(&name, args.clone()));
            prop_assert!(acceptable(&result), "{name} {args}: {result:?}");
            let result = block_on(tb.call(&name, other.clone()));
            prop_assert!(acceptable(&result), "{name} {other}: {result:?}");
        }
    }

    #[test]
    fn any_text_as_json_text_is_refused_or_called(raw in text()) {
        let tb = toolbox();
        for name in tb.names() {
            let result = block_on(tb.call_json(&name, &raw));
            prop_assert!(acceptable(&result), "{name} {raw:?}: {result:?}");
            if let Err(e) = &result {
                let message = e.to_string();
                prop_assert!(!message.contains('\u{1b}') && !message.contains('\r'), "{message:?}");
            }
        }
        prop_assert!(block_on(tb.call(&raw, json!({}))).is_err(), "a tool named {:?}", raw);
    }

    #[test]
    fn a_statement_in_any_text_is_read_with_exact_evidence(said in text(), speaker in text()) {
        let args = json!({"statements": [
            {"speaker": speaker, "organisation": "Acme", "date": "2025-04", "text": said},
            {"speaker": "CFO", "organisation": "Acme", "date": "2025-05", "text": format!("We want a government backstop. {said}")},
        ]});
        let out = block_on(toolbox().call("statement_comparison", args));
        let out = match out {
            Ok(v) => v,
            Err(e) => {
                prop_assert!(matches!(e, ToolError::InvalidArguments { .. }), "{e}");
                return Ok(());
            }
        };
        for statement in out["statements"].as_array().unwrap() {
            let source = statement["text"].as_str().unwrap();
            for claim in statement["claims"].as_array().unwrap() {
                let (start, end) = (claim["start"].as_u64().unwrap() as usize, claim["end"].as_u64().unwrap() as usize);
                let quoted: String = source.chars().skip(start).take(end - start).collect();
                prop_assert_eq!(claim["text"].as_str().unwrap(), quoted.as_str());
                for topic in claim["topics"].as_array().unwrap() {
                    for term in topic["terms"].as_array().unwrap() {
                        prop_assert!(quoted.contains(term.as_str().unwrap()));
                    }
                }
            }
        }
    }

    #[test]
    fn any_name_resolves_or_gets_suggestions(name in text()) {
        let data = dataset();
        let _ = data.resolve(&name);
        let _ = steer_tools::dataset::closest(&name, data.entities.iter().map(|e| e.name.as_str()));
        if let Err(e) = data.resolve_argument("deal_lookup", "party", &name) {
            let message = e.to_string();
            prop_assert!(message.chars().count() < 600, "{message}");
            prop_assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
        }
    }

    #[test]
    fn echoed_values_are_short_and_inert(value in text()) {
        let shown = steer_tools::shown(&value);
        prop_assert!(shown.chars().count() <= 61 * 10);
        prop_assert!(!shown.chars().any(|c| c.is_control()));
        let quoted = steer_tools::quoted(&value);
        prop_assert!(quoted.starts_with('"') && quoted.ends_with('"'));
    }

    /// Every growth model at the edges of its bounds: an accepted call has
    /// a finite number for every year (a non-finite one would be `null`).
    #[test]
    fn projections_at_the_bounds_stay_finite(
        base in prop::sample::select(vec![1.0, 1e9, 1e15, 1e15 + 1.0, 1e308]),
        rate in prop::sample::select(vec![-0.9, 0.0, 1.0, 10.0, 10.5]),
        ceiling in prop::sample::select(vec![2.0, 1e18, 1e19, 1e308]),
        steep in prop::sample::select(vec![0.0, 10.0]),
        total in prop::sample::select(vec![1.0, 1e12, 1e16, 1e300]),
        years in 1u32..=31,
    ) {
        let args = json!({
            "base_usd": base,
            "horizon_years": years,
            "scenarios": [
                {"name": "c", "growth": {"model": "cagr", "rate": rate}},
                {"name": "d", "growth": {"model": "decaying", "start_rate": rate, "decay": 0.0, "floor": -0.9}},
                {"name": "l", "growth": {"model": "logistic", "ceiling_usd": ceiling, "steepness": steep}},
            ],
            "commitments": {"total_usd": total, "years": years.min(30)},
        });
        match block_on(toolbox().call("revenue_projection", args.clone())) {
            Ok(out) => {
                prop_assert!(no_null_numbers(&out), "a non-finite value in {args}");
            }
            Err(e) => prop_assert!(matches!(e, ToolError::InvalidArguments { .. }), "{e}"),
        }
    }
}

/// No year row holds a null where a number belongs.
fn no_null_numbers(out: &Value) -> bool {
    out["scenarios"].as_array().unwrap().iter().all(|s| {
        s["years"].as_array().unwrap().iter().all(|y| {
            [
                "revenue_usd",
                "cumulative_revenue_usd",
                "growth_rate",
                "cumulative_commitments_usd",
            ]
            .iter()
            .all(|k| y[*k].is_number())
        })
    })
}

/// Text made of the pieces documents are made of: digits, amounts'
/// units and bound words, names, quotation marks, Japanese and line breaks.
fn document() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "1",
        "4",
        "0",
        ".",
        ",",
        "$",
        "兆",
        "億",
        "万",
        "ドル",
        "円",
        "最大",
        "約",
        "以上",
        "年間",
        "billion",
        "B",
        " a year",
        "up to ",
        "about ",
        "%",
        "パーセント",
        "OpenAI",
        "NVIDIA",
        "オラクル",
        "サム・アルトマン",
        "社",
        "氏",
        "さん",
        "「",
        "」",
        "\"",
        "。",
        "？",
        "出資",
        "購入",
        "契約",
        "invests in ",
        "buys ",
        "said",
        "述べた",
        "来年",
        "2025年",
        "\n",
        " ",
        "Acme",
        "ｅ",
        "１",
        "ﾏｲｸﾛｿﾌﾄ",
        "é",
        "👍",
    ];
    (
        prop::collection::vec(prop::sample::select(PIECES), 0..60),
        text(),
    )
        .prop_map(|(pieces, noise)| format!("{}{noise}", pieces.concat()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_document_is_read_without_panic(doc in document()) {
        let data = dataset();
        let amounts = steer_tools::ingest::amounts(&doc);
        let n = doc.chars().count();
        for a in &amounts {
            prop_assert!(a.start <= a.end && a.end <= n, "{a:?} in {doc:?}");
        }
        for d in steer_tools::ingest::extract("900", Some("2025-11"), &doc, &data) {
            prop_assert!(d.record["sources"].as_array().is_some_and(|s| !s.is_empty()) || d.kind == steer_tools::ingest::RecordType::Entity, "{d:?}");
        }
        let mut docs = steer_tools::ingest::Documents::new();
        docs.add("000", &doc);
        let _ = steer_tools::ingest::check_dataset(&data, &docs);
    }
}
