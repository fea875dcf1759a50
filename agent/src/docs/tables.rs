//! JSON Schemas as Markdown tables, and JSON as a code block.

use std::fmt::Write as _;

use serde_json::{Value, json};

pub(super) fn deref<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => root.pointer(pointer).unwrap_or(schema),
        None => schema,
    }
}

/// A short type name for a schema, with nullability dropped.
pub(super) fn type_name(root: &Value, schema: &Value) -> String {
    let s = deref(root, schema);
    if let Some(variants) = s
        .get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(Value::as_array)
    {
        let consts: Vec<String> = variants
            .iter()
            .filter_map(|v| deref(root, v).get("const"))
            .map(|c| c.as_str().unwrap_or_default().to_string())
            .collect();
        if !consts.is_empty() && consts.len() == variants.len() {
            return "enum".to_string();
        }
        let tags: Vec<String> = variants
            .iter()
            .filter_map(|v| {
                deref(root, v)
                    .pointer("/properties/model/const")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        if !tags.is_empty() {
            return format!("object (`model`: {})", tags.join(" \\| "));
        }
        let parts: Vec<String> = variants
            .iter()
            .filter(|v| deref(root, v).get("type") != Some(&json!("null")))
            .map(|v| type_name(root, v))
            .collect();
        return parts.join(" or ");
    }
    match s.get("type") {
        Some(Value::String(t)) if t == "array" => format!(
            "array of {}",
            s.get("items")
                .map(|i| type_name(root, i))
                .unwrap_or_default()
        ),
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "object".to_string(),
    }
}

/// Allowed values or ranges, from the schema.
pub(super) fn allowed(root: &Value, schema: &Value) -> String {
    let s = deref(root, schema);
    let inner = s
        .get("anyOf")
        .and_then(Value::as_array)
        .and_then(|v| {
            v.iter()
                .find(|x| deref(root, x).get("type") != Some(&json!("null")))
        })
        .map(|x| deref(root, x))
        .unwrap_or(s);
    if let Some(variants) = inner.get("oneOf").and_then(Value::as_array) {
        let consts: Vec<String> = variants
            .iter()
            .filter_map(|v| v.get("const").and_then(Value::as_str))
            .map(|c| format!("`{c}`"))
            .collect();
        if !consts.is_empty() {
            return consts.join(", ");
        }
    }
    let mut parts = Vec::new();
    for (key, word) in [
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minItems", "items ≥"),
        ("maxItems", "items ≤"),
        ("minLength", "length ≥"),
    ] {
        if let Some(n) = s.get(key).or_else(|| inner.get(key)) {
            parts.push(format!("{word} {n}"));
        }
    }
    if let Some(p) = s
        .get("pattern")
        .or_else(|| inner.get("pattern"))
        .and_then(Value::as_str)
    {
        parts.push(format!("pattern `{p}`"));
    }
    parts.join(", ")
}

pub(super) fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

pub(super) fn property_table(schema: &Value, with_required: bool) -> String {
    let mut out = String::new();
    if with_required {
        out.push_str("| name | type | required | description | allowed |\n|---|---|---|---|---|\n");
    } else {
        out.push_str("| name | type | description |\n|---|---|---|\n");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
        let description = prop
            .get("description")
            .or_else(|| deref(schema, prop).get("description"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if with_required {
            let req = if required.contains(&name.as_str()) {
                "yes"
            } else {
                "no"
            };
            let _ = writeln!(
                out,
                "| `{name}` | {} | {req} | {} | {} |",
                cell(&type_name(schema, prop)),
                cell(description),
                cell(&allowed(schema, prop))
            );
        } else {
            let _ = writeln!(
                out,
                "| `{name}` | {} | {} |",
                cell(&type_name(schema, prop)),
                cell(description)
            );
        }
    }
    out
}

pub(super) fn json_block(v: &Value) -> String {
    format!(
        "```json\n{}\n```\n",
        serde_json::to_string_pretty(v).unwrap_or_default()
    )
}
