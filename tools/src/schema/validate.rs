//! Validates call arguments against a tool's plain schema.
//!
//! The check is driven by the same schema the model is shown, so the rules
//! and the messages cannot drift apart. It covers the keywords schemars
//! emits for our types: `type`, `enum`, `const`, `oneOf`/`anyOf`,
//! `properties`/`required`/`additionalProperties`, `items`, numeric bounds,
//! string and array lengths, `pattern`-free strings and local `$ref`s.

use serde_json::{Map, Value};

use super::resolve_ref;
use crate::error::{ArgProblem, Problem};

/// Returns every problem found, in document order; empty means valid.
pub fn validate(schema: &Value, args: &Value) -> Vec<ArgProblem> {
    let mut problems = Vec::new();
    check(schema, schema, args, "", &mut problems);
    problems
}

fn field_name(path: &str) -> String {
    if path.is_empty() {
        "the arguments".to_string()
    } else {
        format!("`{path}`")
    }
}

/// The path of `key` under `parent`; a key is the caller's text, so it is
/// shown escaped and shortened.
fn join_path(parent: &str, key: &str) -> String {
    let key = crate::shown(key);
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
    }
}

/// Short rendering of a received value for error messages.
pub(crate) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn matches_type(expected: &str, value: &Value) -> bool {
    match expected {
        "number" => value.is_number(),
        other => type_of(value) == other,
    }
}

fn check(node: &Value, root: &Value, value: &Value, path: &str, out: &mut Vec<ArgProblem>) {
    let Value::Object(schema) = node else { return };
    if let Some(Value::String(reference)) = schema.get("$ref") {
        match resolve_ref(root, reference) {
            Some(target) => check(target, root, value, path, out),
            None => out.push(ArgProblem::new(
                path,
                format!("schema error: unresolvable {reference}"),
            )),
        }
        return;
    }
    if let Some(variants) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        check_variants(variants, root, value, path, out);
        return;
    }
    if let Some(expected) = schema.get("const") {
        if expected != value {
            out.push(ArgProblem::of(
                path,
                format!(
                    "{} must be {}; got {}",
                    field_name(path),
                    expected,
                    show(value)
                ),
                Problem::NotOneOf {
                    allowed: vec![shown_const(expected)],
                    got: show(value),
                },
            ));
        }
        return;
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            let allowed: Vec<String> = allowed.iter().map(shown_const).collect();
            out.push(ArgProblem::of(
                path,
                format!(
                    "{} must be one of {}; got {}",
                    field_name(path),
                    allowed.join(", "),
                    show(value)
                ),
                Problem::NotOneOf {
                    allowed,
                    got: show(value),
                },
            ));
        }
        return;
    }
    if let Some(types) = schema.get("type") {
        let expected: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !expected.is_empty() && !expected.iter().any(|t| matches_type(t, value)) {
            let wanted = expected
                .iter()
                .map(|t| {
                    if *t == "null" {
                        "null".to_string()
                    } else {
                        article(t)
                    }
                })
                .collect::<Vec<_>>()
                .join(" or ");
            out.push(ArgProblem::of(
                path,
                format!("{} must be {wanted}; got {}", field_name(path), show(value)),
                Problem::WrongType {
                    expected: expected.iter().map(|t| t.to_string()).collect(),
                    got: show(value),
                },
            ));
            return;
        }
    }
    match value {
        Value::Object(obj) => check_object(schema, root, obj, path, out),
        Value::Array(items) => check_array(schema, root, items, path, out),
        Value::Number(n) => check_number(schema, n.as_f64().unwrap_or(f64::NAN), value, path, out),
        Value::String(s) => {
            let len = s.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                && len < min
            {
                let msg = if min == 1 {
                    format!("{} must not be empty", field_name(path))
                } else {
                    format!(
                        "{} must have at least {min} characters; got {len}",
                        field_name(path)
                    )
                };
                out.push(ArgProblem::of(
                    path,
                    msg,
                    Problem::Length {
                        min: Some(min),
                        max: None,
                        got: len,
                    },
                ));
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                && len > max
            {
                out.push(ArgProblem::of(
                    path,
                    format!(
                        "{} must have at most {max} characters; got {len}",
                        field_name(path)
                    ),
                    Problem::Length {
                        min: None,
                        max: Some(max),
                        got: len,
                    },
                ));
            }
        }
        _ => {}
    }
}

/// A constant of the schema as a caller writes it (strings unquoted).
fn shown_const(v: &Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

fn article(t: &str) -> String {
    match t {
        "integer" | "object" | "array" => format!("an {t}"),
        other => format!("a {other}"),
    }
}

/// For a union of objects told apart by one constant property (serde's
/// internally tagged enums), that property's name and each variant's value.
fn discriminator<'a>(variants: &'a [Value], root: &'a Value) -> Option<(&'a str, Vec<&'a Value>)> {
    let first = deref(variants.first()?, root)
        .get("properties")?
        .as_object()?;
    for (name, _) in first {
        let tags: Option<Vec<&Value>> = variants
            .iter()
            .map(|v| deref(v, root).get("properties")?.get(name)?.get("const"))
            .collect();
        if let Some(tags) = tags {
            return Some((name.as_str(), tags));
        }
    }
    None
}

fn check_variants(
    variants: &[Value],
    root: &Value,
    value: &Value,
    path: &str,
    out: &mut Vec<ArgProblem>,
) {
    if let (Some((tag, tags)), Value::Object(obj)) = (discriminator(variants, root), value) {
        let field = join_path(path, tag);
        let tag_names: Vec<String> = tags.iter().map(|t| shown_const(t)).collect();
        let names = tag_names.join(", ");
        match obj.get(tag) {
            None => out.push(ArgProblem::of(
                &field,
                format!("missing required field `{field}` (one of {names})"),
                Problem::MissingField,
            )),
            Some(given) => match tags.iter().position(|t| *t == given) {
                Some(i) => check(&variants[i], root, value, path, out),
                None => out.push(ArgProblem::of(
                    &field,
                    format!("`{field}` must be one of {names}; got {}", show(given)),
                    Problem::NotOneOf {
                        allowed: tag_names,
                        got: show(given),
                    },
                )),
            },
        }
        return;
    }
    let mut best: Option<Vec<ArgProblem>> = None;
    for variant in variants {
        let mut found = Vec::new();
        check(variant, root, value, path, &mut found);
        if found.is_empty() {
            return;
        }
        // Prefer the variant that got furthest: its problems are deeper in
        // the value, or fewer, which is the branch the caller meant.
        let better = match &best {
            None => true,
            Some(b) => rank(&found) > rank(b),
        };
        if better {
            best = Some(found);
        }
    }
    // A set of plain constants (a Rust enum) reads best as one list.
    let consts: Option<Vec<String>> = variants
        .iter()
        .map(|v| {
            let v = deref(v, root);
            v.get("const")
                .or_else(|| v.get("enum").and_then(|e| e.get(0)))
                .map(|c| {
                    c.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| c.to_string())
                })
        })
        .collect();
    if let Some(consts) = consts.filter(|c| !c.is_empty()) {
        out.push(ArgProblem::of(
            path,
            format!(
                "{} must be one of {}; got {}",
                field_name(path),
                consts.join(", "),
                show(value)
            ),
            Problem::NotOneOf {
                allowed: consts,
                got: show(value),
            },
        ));
        return;
    }
    // An externally tagged enum: name the tags when none matched.
    if let Value::Object(obj) = value {
        let tags: Vec<String> = variants
            .iter()
            .filter_map(|v| {
                deref(v, root)
                    .get("required")?
                    .as_array()?
                    .first()?
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        let is_tagged = variants.iter().all(|v| {
            let v = deref(v, root);
            v.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.len() == 1)
                && v.get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| p.len() == 1)
        });
        if is_tagged && !obj.keys().any(|k| tags.contains(k)) {
            out.push(ArgProblem::of(
                path,
                format!(
                    "{} must have exactly one of the keys {}; got {}",
                    field_name(path),
                    tags.join(", "),
                    show(value)
                ),
                Problem::OneKeyOf {
                    keys: tags.clone(),
                    got: show(value),
                },
            ));
            return;
        }
    }
    out.extend(best.unwrap_or_default());
}

fn deref<'a>(v: &'a Value, root: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve_ref(root, r).unwrap_or(v),
        None => v,
    }
}

fn rank(problems: &[ArgProblem]) -> (usize, std::cmp::Reverse<usize>) {
    let depth = problems
        .iter()
        .map(|p| p.field.matches(['.', '[']).count() + usize::from(!p.field.is_empty()))
        .max()
        .unwrap_or(0);
    (depth, std::cmp::Reverse(problems.len()))
}

fn check_object(
    schema: &Map<String, Value>,
    root: &Value,
    obj: &Map<String, Value>,
    path: &str,
    out: &mut Vec<ArgProblem>,
) {
    let props = schema.get("properties").and_then(Value::as_object);
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !obj.contains_key(name) {
                let field = join_path(path, name);
                let hint = props
                    .and_then(|p| p.get(name))
                    .map(|s| describe_expected(deref(s, root)))
                    .unwrap_or_default();
                out.push(ArgProblem::of(
                    &field,
                    format!("missing required field `{field}`{hint}"),
                    Problem::MissingField,
                ));
            }
        }
    }
    let mut unknown: Vec<String> = Vec::new();
    for (key, value) in obj {
        let field = join_path(path, key);
        match props.and_then(|p| p.get(key)) {
            Some(sub) => check(sub, root, value, &field, out),
            None => {
                if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                    unknown.push(key.clone());
                } else if let Some(extra) =
                    schema.get("additionalProperties").filter(|v| v.is_object())
                {
                    check(extra, root, value, &field, out);
                }
            }
        }
    }
    if let Some(first) = unknown.first() {
        // One problem for all unknown fields of an object: the allowed list
        // is said once, however many fields were wrong.
        let allowed: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let field = join_path(path, first);
        let closest = match unknown.as_slice() {
            [only] => crate::dataset::closest(only, allowed.iter().copied()).map(str::to_string),
            _ => None,
        };
        let message = if let [_] = unknown.as_slice() {
            let suggestion = closest
                .as_ref()
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("unknown field `{field}`{suggestion}")
        } else {
            let named: Vec<String> = unknown
                .iter()
                .take(5)
                .map(|k| format!("`{}`", join_path(path, k)))
                .collect();
            let more = match unknown.len().saturating_sub(5) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!("unknown fields {}{more}", named.join(", "))
        };
        out.push(ArgProblem::of(
            &field,
            format!("{message}; allowed fields: {}", allowed.join(", ")),
            Problem::UnknownFields {
                fields: unknown.iter().map(|k| join_path(path, k)).collect(),
                suggestion: closest,
                allowed: allowed.iter().map(|a| a.to_string()).collect(),
            },
        ));
    }
}

fn describe_expected(schema: &Value) -> String {
    match schema.get("description").and_then(Value::as_str) {
        Some(d) => format!(" ({})", d.lines().next().unwrap_or(d).trim_end_matches('.')),
        None => String::new(),
    }
}

fn check_array(
    schema: &Map<String, Value>,
    root: &Value,
    items: &[Value],
    path: &str,
    out: &mut Vec<ArgProblem>,
) {
    let len = items.len() as u64;
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
        && len < min
    {
        out.push(ArgProblem::of(
            path,
            format!(
                "{} must have at least {min} item(s); got {len}",
                field_name(path)
            ),
            Problem::TooFewItems { min, got: len },
        ));
    }
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
        && len > max
    {
        out.push(ArgProblem::of(
            path,
            format!(
                "{} must have at most {max} item(s); got {len}",
                field_name(path)
            ),
            Problem::TooManyItems { max, got: len },
        ));
    }
    if let Some(item_schema) = schema.get("items") {
        for (i, item) in items.iter().enumerate() {
            check(item_schema, root, item, &format!("{path}[{i}]"), out);
        }
    }
}

fn check_number(
    schema: &Map<String, Value>,
    n: f64,
    value: &Value,
    path: &str,
    out: &mut Vec<ArgProblem>,
) {
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    let xmin = schema.get("exclusiveMinimum").and_then(Value::as_f64);
    let xmax = schema.get("exclusiveMaximum").and_then(Value::as_f64);
    let below = min.is_some_and(|m| n < m) || xmin.is_some_and(|m| n <= m);
    let above = max.is_some_and(|m| n > m) || xmax.is_some_and(|m| n >= m);
    if !(below || above) {
        return;
    }
    let lower = min
        .map(fmt_num)
        .or(xmin.map(|m| format!("{}(exclusive)", fmt_num(m))));
    let upper = max
        .map(fmt_num)
        .or(xmax.map(|m| format!("{}(exclusive)", fmt_num(m))));
    let range = match (lower, upper) {
        (Some(l), Some(u)) if min.is_some() && max.is_some() => format!("{l}..={u}"),
        (Some(l), Some(u)) => format!("between {l} and {u}"),
        (Some(l), None) => format!("at least {l}"),
        (None, Some(u)) => format!("at most {u}"),
        (None, None) => return,
    };
    out.push(ArgProblem::of(
        path,
        format!("{} must be {range}, got {}", field_name(path), show(value)),
        Problem::OutOfRange {
            min: min.or(xmin).map(fmt_num),
            min_exclusive: min.is_none() && xmin.is_some(),
            max: max.or(xmax).map(fmt_num),
            max_exclusive: max.is_none() && xmax.is_some(),
            got: show(value),
        },
    ));
}

fn fmt_num(n: f64) -> String {
    if n.abs() >= 1e9 {
        // 1e15 reads better than fifteen zeros.
        format!("{n:e}")
    } else if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
