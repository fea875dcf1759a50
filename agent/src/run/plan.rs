//! The plan the model proposes through `submit_plan`.

use std::collections::{BTreeMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use steer_tools::ToolSpec;

/// A multi-step analysis: the goal and the tool calls that reach it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// What the analysis should establish, in one sentence.
    pub goal: String,
    /// The steps, in a sensible order; steps whose dependencies are met may run at the same time.
    pub steps: Vec<Step>,
}

/// One tool call of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Short id, unique in the plan (s1, s2, ...). Keep ids stable when revising a plan.
    pub id: String,
    /// The tool to call.
    pub tool: String,
    /// The tool's arguments as a JSON object, written as text.
    #[schemars(with = "String")]
    pub arguments: Arguments,
    /// Ids of steps that must finish before this one runs.
    pub depends_on: Vec<String>,
    /// Why this step is needed.
    pub rationale: String,
    /// The part of the request this step answers, in the request's own
    /// words (empty when it serves the whole request).
    #[serde(default)]
    pub answers: String,
    /// True to ask the user before running this step (a material assumption).
    pub checkpoint: bool,
}

/// A step's arguments: the JSON text the model wrote (kept as written, for
/// the log and the model's own history) and the value it parses to, parsed
/// once when the step is read. Text that is not JSON is held as a string
/// value; [`validate`] refuses a plan with such a step, so only a refused
/// plan holds one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Arguments {
    text: String,
    value: serde_json::Value,
}

impl Arguments {
    pub fn new(text: impl Into<String>) -> Arguments {
        let text = text.into();
        let value =
            serde_json::from_str(&text).unwrap_or_else(|_| serde_json::Value::String(text.clone()));
        Arguments { text, value }
    }

    /// The arguments as the model wrote them.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The arguments parsed (a string value when the text is not JSON).
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}

impl std::ops::Deref for Arguments {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Arguments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Arguments {
    fn from(text: &str) -> Arguments {
        Arguments::new(text)
    }
}

impl From<String> for Arguments {
    fn from(text: String) -> Arguments {
        Arguments::new(text)
    }
}

// On the wire and in logs the arguments stay the text the model wrote.
impl Serialize for Arguments {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Arguments {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Arguments::new)
    }
}

/// Checks a plan against the tools: unique ids, known tools, arguments
/// valid for their tool, dependencies that exist and do not form a cycle.
/// Every problem is reported, each naming its step.
/// Plans longer than this are refused outright; shorter plans that exceed
/// the run's step limit reach the limit checkpoint instead, where the user
/// decides.
pub const MAX_PLAN_STEPS: usize = 64;

pub fn validate(plan: &Plan, specs: &BTreeMap<String, std::sync::Arc<ToolSpec>>) -> Vec<String> {
    let max_steps = MAX_PLAN_STEPS;
    let mut problems = Vec::new();
    if plan.steps.is_empty() {
        problems.push("the plan has no steps".to_string());
    }
    if plan.steps.len() > max_steps {
        problems.push(format!(
            "the plan has {} steps; at most {max_steps} are allowed",
            plan.steps.len()
        ));
    }
    let mut ids = HashSet::new();
    for s in &plan.steps {
        if s.id.trim().is_empty() {
            problems.push("a step has an empty id".to_string());
        } else if !ids.insert(s.id.as_str()) {
            problems.push(format!("step id `{}` is used twice", s.id));
        }
    }
    for s in &plan.steps {
        match specs.get(&s.tool) {
            None => problems.push(format!(
                "step `{}`: unknown tool `{}`; tools: {}",
                s.id,
                s.tool,
                specs.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
            Some(spec) => {
                if let Err(p) = check_arguments(spec, &s.arguments) {
                    problems.push(format!("step `{}`: {p}", s.id));
                }
            }
        }
        for d in &s.depends_on {
            if !ids.contains(d.as_str()) {
                problems.push(format!("step `{}` depends on unknown step `{d}`", s.id));
            } else if d == &s.id {
                problems.push(format!("step `{}` depends on itself", s.id));
            }
        }
    }
    if problems.is_empty() && has_cycle(plan) {
        problems.push("the steps' dependencies form a cycle".to_string());
    }
    problems
}

/// Validates arguments (JSON text) against a tool's schema.
pub fn check_arguments(spec: &ToolSpec, arguments: &str) -> Result<serde_json::Value, String> {
    let value: serde_json::Value = serde_json::from_str(arguments)
        .map_err(|e| format!("arguments for `{}` are not valid JSON: {e}", spec.name))?;
    let problems = steer_tools::schema::validate(&spec.parameters, &value);
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(format!(
            "invalid arguments for `{}`: {}",
            spec.name,
            problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ))
    }
}

fn has_cycle(plan: &Plan) -> bool {
    let deps: BTreeMap<&str, Vec<&str>> = plan
        .steps
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.depends_on.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let mut done: HashSet<&str> = HashSet::new();
    // Repeatedly retire steps whose dependencies are retired; a cycle is
    // what never retires.
    loop {
        let ready: Vec<&str> = deps
            .iter()
            .filter(|(id, d)| !done.contains(*id) && d.iter().all(|x| done.contains(x)))
            .map(|(id, _)| *id)
            .collect();
        if ready.is_empty() {
            return done.len() != deps.len();
        }
        done.extend(ready);
    }
}

/// The steps of `new` that differ from `old` (new ids, or another tool or
/// arguments): the only ones a revision asks the user to approve again.
pub fn changed_steps(old: &Plan, new: &Plan) -> Vec<String> {
    new.steps
        .iter()
        .filter(|s| {
            !old.steps.iter().any(|o| {
                o.id == s.id && o.tool == s.tool && same_arguments(&o.arguments, &s.arguments)
            })
        })
        .map(|s| s.id.clone())
        .collect()
}

/// Arguments compared as JSON values, so whitespace, key order and a
/// `null` for an omitted optional (what strict mode sends) do not count as
/// a change.
pub fn same_arguments(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => without_nulls(x) == without_nulls(y),
        _ => a == b,
    }
}

fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, without_nulls(v)))
            .collect(),
        serde_json::Value::Array(items) => items.into_iter().map(without_nulls).collect(),
        other => other,
    }
}

/// `prefix.key`, or `key` at the top: the path of a nested argument.
pub fn dotted(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Arguments as a person reads them: one `key: value` line per argument,
/// nested objects as dotted keys, a list of objects one line per item
/// (`scenarios[1]: name: bear, growth.model: cagr`). Text that is not a
/// JSON object is shown as it is.
pub fn argument_lines(arguments: &str) -> Vec<String> {
    use serde_json::Value;
    fn scalar(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
            Value::Object(_) => {
                let mut parts = Vec::new();
                pairs(v, "", &mut parts);
                parts.join(", ")
            }
            other => other.to_string(),
        }
    }
    fn pairs(v: &Value, prefix: &str, out: &mut Vec<String>) {
        let Value::Object(map) = v else {
            return;
        };
        for (k, v) in map {
            let key = dotted(prefix, k);
            match v {
                Value::Null => {}
                Value::Object(_) => pairs(v, &key, out),
                _ => out.push(format!("{key}: {}", scalar(v))),
            }
        }
    }
    match serde_json::from_str::<Value>(arguments) {
        Ok(Value::Object(map)) => {
            let mut lines = Vec::new();
            for (k, v) in &map {
                match v {
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        for (i, item) in items.iter().enumerate() {
                            lines.push(format!("{k}[{}]: {}", i + 1, scalar(item)));
                        }
                    }
                    Value::Object(_) => pairs(v, k, &mut lines),
                    Value::Null => {}
                    other => lines.push(format!("{k}: {}", scalar(other))),
                }
            }
            lines
        }
        _ => vec![arguments.to_string()],
    }
}

/// Applies a JSON merge patch (RFC 7396) to `target`: objects merge key by
/// key, `null` removes a key, anything else replaces.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = serde_json::Value::Object(serde_json::Map::new());
    }
    if let serde_json::Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(
                    map.entry(key.clone()).or_insert(serde_json::Value::Null),
                    value,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Arguments, Step, argument_lines, merge_patch};
    use serde_json::json;

    #[test]
    fn arguments_keep_the_model_text_and_parse_it_once() {
        // Written as the model wrote it (spacing, full-width, emoji), read
        // back from a log to the same text and value.
        let text = r#"{ "party": "ソフトバンク（ＳＢＧ）", "note": "🚀 \u00e9" }"#;
        let step: Step = serde_json::from_value(json!({
            "id": "s1", "tool": "deal_lookup", "arguments": text,
            "depends_on": [], "rationale": "r", "checkpoint": false
        }))
        .unwrap();
        assert_eq!(step.arguments.text(), text);
        assert_eq!(step.arguments.value()["party"], "ソフトバンク（ＳＢＧ）");
        assert_eq!(step.arguments.value()["note"], "🚀 é");
        let logged = serde_json::to_value(&step).unwrap();
        assert_eq!(logged["arguments"], text);
        // Not JSON (a truncated call): kept as text, never a panic or null.
        let cut = Arguments::new("{\"party\": \"孫".repeat(3_000));
        assert_eq!(cut.value().as_str(), Some(cut.text()));
    }

    #[test]
    fn arguments_read_as_lines() {
        let lines = argument_lines(
            r#"{"company":"openai","base_usd":null,"commitments":{"figure":"f"},"scenarios":[{"name":"bear","growth":{"model":"cagr","rate":0.25}}],"tags":["a","b"]}"#,
        );
        assert_eq!(
            lines,
            [
                "company: openai",
                "commitments.figure: f",
                "scenarios[1]: name: bear, growth.model: cagr, growth.rate: 0.25",
                "tags: a, b"
            ]
        );
        assert_eq!(argument_lines("not json"), ["not json"]);
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut target = json!({"a": "b", "c": {"d": "e", "f": "g"}, "n": 1});
        merge_patch(
            &mut target,
            &json!({"a": "z", "c": {"f": null}, "n": null, "x": {"y": 2}}),
        );
        assert_eq!(target, json!({"a": "z", "c": {"d": "e"}, "x": {"y": 2}}));
        let mut scalar = json!(["a"]);
        merge_patch(&mut scalar, &json!({"k": null, "m": 1}));
        assert_eq!(scalar, json!({"m": 1}));
    }
}
