//! Editing a plan or a step's arguments in `$EDITOR`: the value is written
//! as a TOML document (JSON when it holds a null, which TOML cannot say),
//! read back after the editor closes, and turned into a decision. The
//! runtime re-validates it; on failure the editor reopens with the error
//! on top and the user's text kept.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

use crate::run::plan::same_arguments;
use crate::run::{Checkpoint, CheckpointKind, Decision, Plan, Step};

/// A document to edit and how to read it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub text: String,
    /// `toml` or `json`: the file's extension, so the editor highlights it.
    pub format: &'static str,
}

const COMMENT: &str =
    "# Lines starting with # are ignored. Save the file unchanged or empty to cancel.\n";

/// The document to edit at this checkpoint, or why there is none.
pub fn document(cp: &Checkpoint) -> Result<Document, String> {
    match &cp.kind {
        CheckpointKind::PlanReview { version, plan, .. } => Ok(plan_document(plan, *version)),
        CheckpointKind::FlaggedStep { step } | CheckpointKind::ToolFailed { step, .. } => {
            Ok(arguments_document(step))
        }
        CheckpointKind::ConflictingSources { question }
        | CheckpointKind::MaterialAssumption { question } => Ok(arguments_document(&question.step)),
        CheckpointKind::OffPlanCall { .. } => Err(
            "calls outside the plan cannot be edited; approve, reject with feedback, or abort"
                .to_string(),
        ),
        CheckpointKind::Limit { .. } => {
            Err("a limit is raised to a number, not edited as a document; approve to stop here, or abort".to_string())
        }
    }
}

/// Reads an edited document back into the decision it means at `cp`.
/// `Ok(None)`: nothing was changed (or the file was emptied): no edit.
pub fn decision(cp: &Checkpoint, doc: &Document, edited: &str) -> Result<Option<Decision>, String> {
    let meaningful = |t: &str| -> String {
        t.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    };
    if meaningful(edited).is_empty() || meaningful(edited) == meaningful(&doc.text) {
        return Ok(None);
    }
    match &cp.kind {
        CheckpointKind::PlanReview { plan, .. } => {
            let edited = read_plan(edited, doc.format, plan)?;
            Ok((edited != *plan).then_some(Decision::EditPlan { plan: edited }))
        }
        CheckpointKind::FlaggedStep { .. }
        | CheckpointKind::ConflictingSources { .. }
        | CheckpointKind::MaterialAssumption { .. }
        | CheckpointKind::ToolFailed { .. } => {
            let step = match &cp.kind {
                CheckpointKind::FlaggedStep { step } | CheckpointKind::ToolFailed { step, .. } => {
                    step
                }
                _ => match cp.question() {
                    Some(q) => &q.step,
                    None => return Err("this checkpoint has no step to edit".to_string()),
                },
            };
            let value = read_value(edited, doc.format)?;
            if !value.is_object() {
                return Err("the arguments must be a table of named values".to_string());
            }
            let text = value.to_string();
            Ok(
                (!same_arguments(&text, &step.arguments)).then(|| Decision::EditArguments {
                    step: step.id.clone(),
                    arguments: text,
                }),
            )
        }
        CheckpointKind::OffPlanCall { .. } => {
            Err("calls outside the plan cannot be edited".to_string())
        }
        CheckpointKind::Limit { .. } => Err("a limit cannot be edited".to_string()),
    }
}

fn plan_document(plan: &Plan, version: u32) -> Document {
    let header = format!(
        "# steer: plan v{version}. Edit the goal or the steps (tool, arguments, depends_on,\n\
         # checkpoint), save and close the editor; the runtime checks the plan again.\n{COMMENT}"
    );
    let steps: Option<Vec<String>> = plan
        .steps
        .iter()
        .map(|s| {
            // A step whose arguments are not a JSON object is not editable as TOML.
            let args = s.arguments.value().is_object().then(|| s.arguments.value())?;
            Some(format!(
                "\n[[steps]]\nid = {}\ntool = {}\nrationale = {}\nanswers = {}\ndepends_on = {}\ncheckpoint = {}\narguments = {}\n",
                string(&s.id),
                string(&s.tool),
                string(&s.rationale),
                string(&s.answers),
                inline(&serde_json::json!(s.depends_on))?,
                s.checkpoint,
                inline(args)?
            ))
        })
        .collect();
    match steps {
        Some(steps) => Document {
            text: format!(
                "{header}\ngoal = {}\n{}",
                string(&plan.goal),
                steps.concat()
            ),
            format: "toml",
        },
        None => Document {
            text: serde_json::to_string_pretty(&json_plan(plan)).unwrap_or_default(),
            format: "json",
        },
    }
}

/// The plan with each step's arguments as a JSON object rather than text,
/// for editing as JSON.
fn json_plan(plan: &Plan) -> Value {
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .map(|s| {
            let args = s.arguments.value();
            serde_json::json!({"id": s.id, "tool": s.tool, "rationale": s.rationale, "answers": s.answers,
                "depends_on": s.depends_on, "checkpoint": s.checkpoint, "arguments": args})
        })
        .collect();
    serde_json::json!({"goal": plan.goal, "steps": steps})
}

fn arguments_document(step: &Step) -> Document {
    let args = step.arguments.value();
    let lines: Option<Vec<String>> = args.as_object().and_then(|m| {
        m.iter()
            .map(|(k, v)| Some(format!("{} = {}", key(k), inline(v)?)))
            .collect()
    });
    match lines {
        Some(lines) => Document {
            text: format!(
                "# steer: arguments of step {} ({}). Edit, save and close the editor;\n\
                 # the tool's schema checks them again.\n{COMMENT}\n{}\n",
                step.id,
                step.tool,
                lines.join("\n")
            ),
            format: "toml",
        },
        None => Document {
            text: serde_json::to_string_pretty(&args).unwrap_or_default(),
            format: "json",
        },
    }
}

/// A TOML string literal.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        string(k)
    }
}

/// A JSON value as an inline TOML value; `None` when it holds a null.
fn inline(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => toml::Value::Float(f).to_string(),
            (None, None) => n.to_string(),
        },
        Value::String(s) => string(s),
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(inline).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Object(m) => {
            if m.is_empty() {
                return Some("{}".to_string());
            }
            let fields: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| Some(format!("{} = {}", key(k), inline(v)?)))
                .collect();
            format!("{{ {} }}", fields?.join(", "))
        }
    })
}

/// The edited text as JSON, whichever format it was written in.
fn read_value(text: &str, format: &str) -> Result<Value, String> {
    if format == "json" {
        return serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"));
    }
    let table: toml::Table = toml::from_str(text).map_err(|e| format!("not valid TOML: {e}"))?;
    serde_json::to_value(table).map_err(|e| format!("cannot read the values: {e}"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanDoc {
    goal: String,
    #[serde(default)]
    steps: Vec<StepDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepDoc {
    id: String,
    tool: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    answers: String,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    checkpoint: bool,
    /// A table of arguments, or JSON text.
    arguments: Value,
}

/// Reads an edited plan. Arguments left as they were keep their exact text,
/// so an unchanged step stays unchanged for the runtime.
fn read_plan(text: &str, format: &str, before: &Plan) -> Result<Plan, String> {
    let doc: PlanDoc = serde_json::from_value(read_value(text, format)?)
        .map_err(|e| format!("not a plan: {e}"))?;
    let steps = doc
        .steps
        .into_iter()
        .map(|s| {
            let arguments = match &s.arguments {
                Value::String(t) => t.clone(),
                Value::Object(_) => s.arguments.to_string(),
                _ => {
                    return Err(format!(
                        "step {}: `arguments` must be a table (or JSON text)",
                        s.id
                    ));
                }
            };
            let kept = before
                .steps
                .iter()
                .find(|b| b.id == s.id && same_arguments(&b.arguments, &arguments))
                .map(|b| b.arguments.clone());
            Ok(Step {
                id: s.id,
                tool: s.tool,
                arguments: kept.unwrap_or_else(|| arguments.into()),
                depends_on: s.depends_on,
                rationale: s.rationale,
                answers: s.answers,
                checkpoint: s.checkpoint,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Plan {
        goal: doc.goal,
        steps,
    })
}

/// The editor to run: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens `path` in the editor and waits for it. The editor command is run
/// by the shell, as git does, so `EDITOR="code --wait"` works.
pub fn run_editor(path: &Path) -> Result<(), String> {
    let editor = editor_command();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("steer-edit")
        .arg(path)
        .status()
        .map_err(|e| format!("cannot start the editor `{editor}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the editor `{editor}` exited with {status}; the edit is discarded"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            goal: "Fund it?".into(),
            steps: vec![
                Step {
                    id: "s1".into(),
                    tool: "deal_lookup".into(),
                    arguments: r#"{"party": "openai", "kind": "compute_contract"}"#.into(),
                    depends_on: vec![],
                    rationale: "the contracts".into(),
                    answers: String::new(),
                    checkpoint: false,
                },
                Step {
                    id: "s2".into(),
                    tool: "revenue_projection".into(),
                    arguments: r#"{"company":"openai","scenarios":[{"name":"bear","growth":{"model":"cagr","rate":0.25}}],"horizon":2030}"#.into(),
                    depends_on: vec!["s1".into()],
                    rationale: "say \"why\"".into(),
                    answers: "why".into(),
                    checkpoint: true,
                },
            ],
        }
    }

    fn review(plan: Plan) -> Checkpoint {
        Checkpoint {
            number: 1,
            kind: CheckpointKind::PlanReview {
                version: 1,
                changed: vec!["s1".into(), "s2".into()],
                plan,
            },
        }
    }

    #[test]
    fn a_plan_round_trips_through_toml_unchanged() {
        let cp = review(plan());
        let doc = document(&cp).unwrap();
        assert_eq!(doc.format, "toml");
        assert!(doc.text.contains(
            r#"arguments = { company = "openai", scenarios = [{ name = "bear", growth = { model = "cagr", rate = 0.25 } }], horizon = 2030 }"#
        ), "{}", doc.text);
        assert_eq!(read_plan(&doc.text, "toml", &plan()).unwrap(), plan());
        // Saved unchanged: no edit.
        assert_eq!(decision(&cp, &doc, &doc.text).unwrap(), None);
        assert_eq!(decision(&cp, &doc, "# all gone\n").unwrap(), None);
    }

    #[test]
    fn an_edited_argument_changes_only_that_step() {
        let cp = review(plan());
        let doc = document(&cp).unwrap();
        let edited = doc.text.replace("rate = 0.25", "rate = 0.3");
        let Some(Decision::EditPlan { plan: edited }) = decision(&cp, &doc, &edited).unwrap()
        else {
            panic!("expected an edited plan");
        };
        // The untouched step keeps its exact text (spaces and all).
        assert_eq!(edited.steps[0].arguments, plan().steps[0].arguments);
        assert_eq!(
            edited.steps[1].arguments.text(),
            r#"{"company":"openai","scenarios":[{"name":"bear","growth":{"model":"cagr","rate":0.3}}],"horizon":2030}"#
        );
    }

    #[test]
    fn broken_edits_say_what_is_wrong() {
        let cp = review(plan());
        let doc = document(&cp).unwrap();
        let err = decision(&cp, &doc, &doc.text.replace("rate = 0.25", "rate = ")).unwrap_err();
        assert!(err.starts_with("not valid TOML"), "{err}");
        let err = decision(&cp, &doc, &doc.text.replace("tool =", "tol =")).unwrap_err();
        assert!(err.contains("unknown field `tol`"), "{err}");
    }

    #[test]
    fn step_arguments_are_edited_as_a_table() {
        let step = plan().steps[1].clone();
        let cp = Checkpoint {
            number: 2,
            kind: CheckpointKind::FlaggedStep { step },
        };
        let doc = document(&cp).unwrap();
        assert!(
            doc.text.contains("\ncompany = \"openai\"\n"),
            "{}",
            doc.text
        );
        let edited = doc.text.replace("horizon = 2030", "horizon = 2032");
        assert_eq!(
            decision(&cp, &doc, &edited).unwrap(),
            Some(Decision::EditArguments {
                step: "s2".into(),
                arguments: r#"{"company":"openai","scenarios":[{"name":"bear","growth":{"model":"cagr","rate":0.25}}],"horizon":2032}"#.into()
            })
        );
    }

    #[test]
    fn nulls_fall_back_to_json() {
        let mut step = plan().steps[0].clone();
        step.arguments = r#"{"party": null}"#.into();
        let cp = Checkpoint {
            number: 2,
            kind: CheckpointKind::FlaggedStep { step },
        };
        let doc = document(&cp).unwrap();
        assert_eq!(doc.format, "json");
        let edited = doc.text.replace("null", "\"nvidia\"");
        assert_eq!(
            decision(&cp, &doc, &edited).unwrap(),
            Some(Decision::EditArguments {
                step: "s1".into(),
                arguments: r#"{"party":"nvidia"}"#.into()
            })
        );
    }
}
