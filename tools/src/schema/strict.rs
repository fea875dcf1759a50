//! OpenAI strict-mode rendering of a plain schema.
//!
//! Strict mode accepts a subset of JSON Schema: every object closed
//! (`additionalProperties: false`) with every property required, optional
//! values expressed as a union with `null`, no `oneOf`/`allOf`/`not`/`if`,
//! no `default`, a short list of string formats and no root `title`.

use serde_json::{Map, Value, json};

use super::resolve_ref;

/// String formats OpenAI's strict mode accepts.
const ALLOWED_FORMATS: &[&str] = &[
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
];

/// Keywords strict mode rejects outright; dropped when rendering.
const DROPPED_KEYWORDS: &[&str] = &[
    "$schema",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Rewrites a plain schema into OpenAI strict mode. References are inlined
/// (our argument types are not recursive; a recursive one is an error).
pub fn to_strict(plain: &Value) -> Result<Value, String> {
    let mut out = rewrite(plain, plain, 0)?;
    if let Value::Object(map) = &mut out {
        map.remove("title");
        map.remove("$defs");
    }
    Ok(out)
}

fn rewrite(node: &Value, root: &Value, depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("schema nests more than 32 levels (recursive type?)".into());
    }
    let Value::Object(map) = node else {
        return Ok(node.clone());
    };
    // Inline a reference, keeping sibling keywords such as `description`.
    if let Some(Value::String(reference)) = map.get("$ref") {
        let target = resolve_ref(root, reference)
            .ok_or_else(|| format!("unresolvable reference {reference}"))?;
        let mut merged = match rewrite(target, root, depth + 1)? {
            Value::Object(m) => m,
            other => return Ok(other),
        };
        merged.remove("title");
        for (k, v) in map {
            // A sibling `default` (a `#[serde(default)]` field of an enum
            // type) is dropped like any other place strict mode refuses it.
            if k != "$ref" && !DROPPED_KEYWORDS.contains(&k.as_str()) {
                merged.insert(k.clone(), rewrite(v, root, depth + 1)?);
            }
        }
        return Ok(Value::Object(merged));
    }

    let mut out = Map::new();
    for (key, value) in map {
        if DROPPED_KEYWORDS.contains(&key.as_str()) || key == "$defs" {
            continue;
        }
        if key == "format" && !value.as_str().is_some_and(|f| ALLOWED_FORMATS.contains(&f)) {
            continue;
        }
        let rewritten = match key.as_str() {
            "properties" => {
                let mut props = Map::new();
                if let Value::Object(p) = value {
                    for (name, schema) in p {
                        props.insert(name.clone(), rewrite(schema, root, depth + 1)?);
                    }
                }
                Value::Object(props)
            }
            "items" | "additionalProperties" | "contains" => rewrite(value, root, depth + 1)?,
            "anyOf" | "oneOf" | "prefixItems" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| rewrite(v, root, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), rewritten);
    }

    if let Some(Value::Array(variants)) = out.remove("oneOf") {
        one_of_to_strict(&mut out, variants);
    }
    if let Some(Value::Array(parts)) = out.remove("allOf") {
        for part in parts {
            if let Value::Object(p) = part {
                for (k, v) in p {
                    out.entry(k).or_insert(v);
                }
            }
        }
    }
    if out.contains_key("properties") || out.get("type") == Some(&json!("object")) {
        close_object(&mut out);
    }
    flatten_nullable(&mut out);
    Ok(Value::Object(out))
}

/// `oneOf` of constants (a documented Rust enum) becomes an `enum` whose
/// variant docs move into the description; any other `oneOf` becomes
/// `anyOf`, which strict mode accepts and which is equivalent for our
/// externally tagged enums (the tags are disjoint).
fn one_of_to_strict(out: &mut Map<String, Value>, variants: Vec<Value>) {
    let consts: Option<Vec<(Value, Option<String>)>> = variants
        .iter()
        .map(|v| {
            let c = v.get("const")?.clone();
            let d = v
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            Some((c, d))
        })
        .collect();
    match consts {
        Some(consts) if !consts.is_empty() => {
            let mut described: Vec<String> = Vec::new();
            for (c, d) in &consts {
                if let (Some(name), Some(d)) = (c.as_str(), d) {
                    described.push(format!("`{name}`: {}", d.trim_end_matches('.')));
                }
            }
            let all_strings = consts.iter().all(|(c, _)| c.is_string());
            let values: Vec<Value> = consts.into_iter().map(|(c, _)| c).collect();
            if all_strings {
                out.insert("type".into(), json!("string"));
            }
            out.insert("enum".into(), Value::Array(values));
            if !described.is_empty() {
                let extra = described.join("; ");
                let text = match out.get("description").and_then(Value::as_str) {
                    Some(d) => format!("{d} ({extra})"),
                    None => extra,
                };
                out.insert("description".into(), Value::String(text));
            }
        }
        _ => {
            out.insert("anyOf".into(), Value::Array(variants));
        }
    }
}

/// `anyOf: [{type: T, ...}, {type: null}]` reads better to a model as one
/// schema with `type: [T, "null"]`; merge when nothing would be lost.
fn flatten_nullable(out: &mut Map<String, Value>) {
    let Some(Value::Array(variants)) = out.get("anyOf") else {
        return;
    };
    let [first, second] = variants.as_slice() else {
        return;
    };
    let null = json!({"type": "null"});
    let inner = if *second == null {
        first
    } else if *first == null {
        second
    } else {
        return;
    };
    let Value::Object(inner) = inner else { return };
    let scalar =
        matches!(inner.get("type"), Some(Value::String(t)) if t != "object" && t != "array");
    if !scalar || inner.contains_key("anyOf") {
        return;
    }
    let mut merged = inner.clone();
    for (k, v) in out.iter() {
        if k == "anyOf" {
            continue;
        }
        if k == "description" {
            // The property's own description comes first; the type's
            // description (its variants) follows.
            let text = match merged.get("description").and_then(Value::as_str) {
                Some(d) => format!("{} {d}", v.as_str().unwrap_or_default()),
                None => v.as_str().unwrap_or_default().to_string(),
            };
            merged.insert(k.clone(), Value::String(text));
        } else {
            merged.insert(k.clone(), v.clone());
        }
    }
    if let Some(Value::String(t)) = merged.get("type").cloned() {
        merged.insert("type".into(), json!([t, "null"]));
    }
    if let Some(Value::Array(values)) = merged.get_mut("enum") {
        values.push(Value::Null);
    }
    *out = merged;
}

fn close_object(out: &mut Map<String, Value>) {
    let required: Vec<String> = out
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut names = Vec::new();
    if let Some(Value::Object(props)) = out.get_mut("properties") {
        for (name, schema) in props.iter_mut() {
            if !required.contains(name) {
                make_nullable(schema);
            }
            names.push(Value::String(name.clone()));
        }
    }
    out.insert("type".into(), json!("object"));
    out.insert("required".into(), Value::Array(names));
    out.insert("additionalProperties".into(), Value::Bool(false));
}

/// Lets an optional property be `null`, the way strict mode spells "absent".
fn make_nullable(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if accepts_null(map) {
        return;
    }
    let has_any_of = map.contains_key("anyOf");
    match map.get_mut("type") {
        Some(Value::String(t)) if !has_any_of => {
            let t = t.clone();
            map.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.push(Value::Null);
            }
        }
        Some(Value::Array(types)) => {
            types.push(json!("null"));
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.push(Value::Null);
            }
        }
        _ => {
            if let Some(Value::Array(variants)) = map.get_mut("anyOf") {
                variants.push(json!({"type": "null"}));
            } else {
                let description = map.remove("description");
                let inner = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                if let Some(d) = description {
                    map.insert("description".into(), d);
                }
            }
        }
    }
}

fn accepts_null(map: &Map<String, Value>) -> bool {
    match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => map
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(|v| v.get("type") == Some(&json!("null")))),
    }
}

/// Lists every way `schema` breaks OpenAI's strict-mode rules, with the
/// JSON pointer of the offending node. Empty means compliant.
pub fn check_strict(schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if schema.get("title").is_some() {
        problems.push("/: root has a `title`".to_string());
    }
    if schema.get("type") != Some(&json!("object")) {
        problems.push("/: root must be an object".to_string());
    }
    walk_strict(schema, "", &mut problems);
    problems
}

fn walk_strict(node: &Value, path: &str, problems: &mut Vec<String>) {
    let Value::Object(map) = node else { return };
    for banned in [
        "oneOf", "allOf", "not", "if", "then", "else", "default", "$ref", "$defs", "$schema",
    ] {
        if map.contains_key(banned) {
            problems.push(format!("{path}/: uses `{banned}`"));
        }
    }
    if let Some(Value::String(f)) = map.get("format")
        && !ALLOWED_FORMATS.contains(&f.as_str())
    {
        problems.push(format!(
            "{path}/: format `{f}` is not accepted by strict mode"
        ));
    }
    let is_object = map.get("type") == Some(&json!("object")) || map.contains_key("properties");
    if is_object {
        if map.get("additionalProperties") != Some(&Value::Bool(false)) {
            problems.push(format!(
                "{path}/: object without `additionalProperties: false`"
            ));
        }
        let props: Vec<&String> = map
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for p in &props {
            if !required.contains(&p.as_str()) {
                problems.push(format!("{path}/properties/{p}: not listed in `required`"));
            }
        }
    }
    if let Some(Value::Array(values)) = map.get("enum")
        && let Some(Value::Array(types)) = map.get("type")
    {
        let allows_null = types.iter().any(|t| t == "null");
        if allows_null && !values.contains(&Value::Null) {
            problems.push(format!(
                "{path}/: nullable enum without `null` among its values"
            ));
        }
    }
    for (key, value) in map {
        match key.as_str() {
            "properties" => {
                if let Value::Object(p) = value {
                    for (name, schema) in p {
                        walk_strict(schema, &format!("{path}/properties/{name}"), problems);
                    }
                }
            }
            "items" | "additionalProperties" => {
                walk_strict(value, &format!("{path}/{key}"), problems)
            }
            "anyOf" => {
                for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                    walk_strict(v, &format!("{path}/anyOf/{i}"), problems);
                }
            }
            _ => {}
        }
    }
}
