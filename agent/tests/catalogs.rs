#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The message catalogs: English and Japanese hold the same messages with
//! the same variables, both parse, and every message the code asks for
//! exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use steer::i18n::{CATALOGS, Lang};

fn variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        if let InlineExpression::VariableReference { id } = e {
            out.insert(id.name.to_string());
        }
        if let InlineExpression::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
    fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// Message id → the variables it uses, for one catalog.
fn messages(lang: Lang, source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("{lang} catalog does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                variables(value, &mut vars);
            }
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{lang}: {} defined twice",
                m.id.name
            );
        }
    }
    out
}

#[test]
fn english_and_japanese_hold_the_same_messages_with_the_same_variables() {
    let [(en_lang, en), (ja_lang, ja)] = CATALOGS;
    let en = messages(en_lang, en);
    let ja = messages(ja_lang, ja);
    let mut problems = Vec::new();
    for (id, vars) in &en {
        match ja.get(id) {
            None => problems.push(format!("`{id}` is in en.ftl, not in ja.ftl")),
            Some(v) if v != vars => problems.push(format!(
                "`{id}` uses {vars:?} in en.ftl but {v:?} in ja.ftl"
            )),
            Some(_) => {}
        }
    }
    for id in ja.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("`{id}` is in ja.ftl, not in en.ftl"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The ids the code passes to `tr!` as literals.
fn ids_in_code() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for (at, _) in text.match_indices("tr!(") {
                    // The first string literal after the language argument.
                    let rest = &text[at..];
                    let Some(open) = rest.find('"') else { continue };
                    // `tr!(lang, "id"`: one comma and nothing closed between.
                    let between = &rest[4..open];
                    if between.matches(',').count() != 1 || between.contains(')') {
                        continue;
                    }
                    let Some(close) = rest[open + 1..].find('"') else {
                        continue;
                    };
                    let id = &rest[open + 1..open + 1 + close];
                    if !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
                    {
                        out.insert(id.to_string());
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.extend(chosen_ids());
    out
}

/// Ids chosen at run time and passed to `i18n::tr` (`"lead-funding-none"`
/// picked among three): every string literal with a message prefix.
fn chosen_ids() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/offline");
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let prefixed = ["lead-", "answer-", "intent-", "off-"]
                    .iter()
                    .any(|x| piece.starts_with(x));
                if prefixed
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
                {
                    out.insert(piece.to_string());
                }
            }
        }
    }
    assert!(out.contains("lead-funding-some"), "{out:?}");
    out
}

#[test]
fn every_message_the_code_asks_for_exists() {
    let [(en_lang, en), _] = CATALOGS;
    let en = messages(en_lang, en);
    let used = ids_in_code();
    assert!(used.len() > 100, "the scan found {} ids", used.len());
    let missing: Vec<&String> = used.iter().filter(|id| !en.contains_key(*id)).collect();
    assert!(missing.is_empty(), "not in the catalogs: {missing:?}");
    // Titles are looked up by checkpoint kind.
    for kind in [
        "plan_review",
        "flagged_step",
        "conflicting_sources",
        "material_assumption",
        "off_plan_call",
        "tool_failed",
        "limit",
    ] {
        assert!(en.contains_key(&format!("kind-{kind}")), "kind-{kind}");
    }
}

#[test]
fn messages_format_in_both_languages_without_placeholders_left() {
    let text = steer::i18n::tr(
        Lang::Ja,
        "off-chosen-base",
        &[
            ("amount", "200億ドル".into()),
            ("figure", " (openai-revenue-20b-run-rate)".into()),
            ("total", "1.4兆ドル".into()),
            ("years", 8u32.into()),
            ("rate", "48.7%".into()),
        ],
    );
    assert_eq!(
        text,
        "選ばれたベース 200億ドル (openai-revenue-20b-run-rate) から、8 年間で 1.4兆ドル を賄うには、売上が年 48.7% 伸びる必要があります。"
    );
    assert_eq!(
        steer::i18n::tr(Lang::En, "no-such-message", &[]),
        "[no-such-message]"
    );
}

/// Every value a schema allows (`enum` lists and `const`s), anywhere in it.
fn values(schema: &serde_json::Value, out: &mut BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(c)) = m.get("const") {
                out.insert(c.clone());
            }
            for v in m
                .get("enum")
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(s) = v.as_str() {
                    out.insert(s.to_string());
                }
            }
            m.values().for_each(|v| values(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| values(v, out)),
        _ => {}
    }
}

#[test]
fn every_dataset_word_reads_as_a_word_in_both_languages() {
    use steer_tools::dataset::{Audience, Basis, Channel, DealKind, Metric};
    let mut words = BTreeSet::new();
    for schema in [
        schemars::schema_for!(DealKind),
        schemars::schema_for!(Metric),
        schemars::schema_for!(Basis),
        schemars::schema_for!(Channel),
        schemars::schema_for!(Audience),
        schemars::schema_for!(steer_tools::statements::Stance),
    ] {
        values(&serde_json::to_value(&schema).unwrap(), &mut words);
    }
    for t in &steer_tools::Dataset::builtin().unwrap().topics {
        words.insert(t.id.clone());
    }
    assert!(words.len() > 30, "{words:?}");
    for (lang, source) in CATALOGS {
        let ids = messages(lang, source);
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !ids.contains_key(&format!("word-{w}")))
            .collect();
        assert!(missing.is_empty(), "{lang}: no word-… for {missing:?}");
    }
    assert_eq!(
        steer::i18n::word(Lang::En, "government_support"),
        "government support"
    );
    assert_eq!(
        steer::i18n::word(Lang::Ja, "compute_contract"),
        "コンピュート契約"
    );
    // A topic a user adds to the lexicon still reads as words.
    assert_eq!(
        steer::i18n::word(Lang::En, "chip_export_rules"),
        "chip export rules"
    );
}
