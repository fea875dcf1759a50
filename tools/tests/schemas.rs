#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every tool's schemas: strict-mode rules checked by walking them, and the
//! exact JSON pinned by golden files (`INSTA_UPDATE=always cargo test` to
//! accept a deliberate change, then review the diff).

use std::sync::Arc;

use serde_json::json;
use steer_tools::schema::{check_strict, to_strict};
use steer_tools::{Dataset, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

#[test]
fn every_strict_schema_follows_openai_rules() {
    for spec in toolbox().specs() {
        let problems = check_strict(&spec.strict_parameters);
        assert!(problems.is_empty(), "{}: {problems:#?}", spec.name);
    }
}

#[test]
fn plain_schemas_are_2020_12_objects_with_descriptions() {
    for spec in toolbox().specs() {
        let p = &spec.parameters;
        assert_eq!(
            p["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{}",
            spec.name
        );
        assert_eq!(p["type"], "object", "{}", spec.name);
        assert_eq!(
            p["additionalProperties"], false,
            "{}: args must deny unknown fields",
            spec.name
        );
        for (name, prop) in p["properties"].as_object().unwrap() {
            let described = prop.get("description").is_some();
            assert!(
                described,
                "{}: argument `{name}` has no doc comment",
                spec.name
            );
        }
        assert_eq!(
            spec.output["type"], "object",
            "{}: output must be an object (MCP)",
            spec.name
        );
        assert!(!spec.summary().is_empty());
    }
}

#[test]
fn golden_schemas() {
    for spec in toolbox().specs() {
        insta::assert_json_snapshot!(format!("{}_plain", spec.name), spec.parameters);
        insta::assert_json_snapshot!(format!("{}_strict", spec.name), spec.strict_parameters);
        insta::assert_json_snapshot!(format!("{}_output", spec.name), spec.output);
    }
}

#[test]
fn checker_catches_each_violation() {
    let cases = [
        (
            json!({"type": "object", "title": "X", "properties": {}, "required": [], "additionalProperties": false}),
            "title",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": []}),
            "additionalProperties",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": [], "additionalProperties": false}),
            "required",
        ),
        (
            json!({"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}, "required": ["a"], "additionalProperties": false}),
            "oneOf",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "integer", "default": 3}}, "required": ["a"], "additionalProperties": false}),
            "default",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "integer", "format": "uint32"}}, "required": ["a"], "additionalProperties": false}),
            "uint32",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": ["string", "null"], "enum": ["x"]}}, "required": ["a"], "additionalProperties": false}),
            "null",
        ),
    ];
    for (schema, needle) in cases {
        let problems = check_strict(&schema);
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle}: {problems:?}"
        );
    }
}

#[test]
fn strict_rendering_makes_optionals_nullable_and_required() {
    let plain = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Args",
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "n": {"type": "integer", "format": "uint32", "default": 3},
            "pick": {"$ref": "#/$defs/Pick"},
            "nested": {"type": "object", "properties": {"x": {"type": "number"}}}
        },
        "required": ["name"],
        "$defs": {"Pick": {"oneOf": [{"const": "a", "type": "string"}, {"const": "b", "type": "string"}]}}
    });
    let strict = to_strict(&plain).unwrap();
    assert!(
        check_strict(&strict).is_empty(),
        "{:#?}",
        check_strict(&strict)
    );
    assert_eq!(strict["properties"]["name"]["type"], "string");
    assert_eq!(
        strict["properties"]["n"]["type"],
        json!(["integer", "null"])
    );
    assert_eq!(
        strict["properties"]["pick"]["enum"],
        json!(["a", "b", null])
    );
    assert_eq!(strict["properties"]["nested"]["required"], json!(["x"]));
    assert!(strict.get("title").is_none() && strict.get("$defs").is_none());
}
