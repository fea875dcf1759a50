//! What the runtime tells the model.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::ToolSpec;

use super::plan::Plan;
use super::state::{StepState, StepStatus};
use crate::i18n::Lang;

/// The function the model submits (and revises) its plan through.
pub const SUBMIT_PLAN: &str = "submit_plan";

/// The sentence of the system prompt that sets the report's language.
fn language_line(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Write the final report in English.",
        Lang::Ja => {
            "Write the final report in Japanese (日本語で書くこと); keep tool names, record ids and source labels as they are."
        }
    }
}

/// The language a system prompt asks the report in (the offline planner
/// reads it like a model would); `None` for a prompt that does not say.
pub fn report_language(system: &str) -> Option<Lang> {
    [Lang::En, Lang::Ja]
        .into_iter()
        .find(|l| system.contains(language_line(*l)))
}

/// The system prompt: the method, the tools, the citation rule, and the
/// language to report in.
pub fn system(specs: &BTreeMap<String, Arc<ToolSpec>>, lang: Lang) -> String {
    let mut tools = String::new();
    for s in specs.values() {
        tools.push_str(&format!("- {}: {}\n", s.name, s.summary()));
    }
    format!(
        "You are steer, a research agent for AI-industry finance. You work only from the tools below, \
which answer from a dataset in which every record cites its source document and lines.\n\n\
Tools:\n{tools}\n\
Method:\n\
1. First call submit_plan with the whole analysis: each step names a tool and its arguments (a JSON object as text), \
the steps it depends on, why it is needed, and `checkpoint: true` where it rests on an assumption the user should confirm.\n\
2. The runtime runs the plan and shows you the results. Then either revise the plan with submit_plan (keep the ids of \
unchanged steps), call a tool directly for a missing fact, or write the final report.\n\
3. The final report is Markdown: a short answer first, then a claims table (| claim | value | source |) whose sources are \
the `label` fields of the results (like `001 l.75-77`), then contested figures and contradictions, then assumptions. \
State no number that no tool returned; the runtime flags any that it cannot find in the results. {}\n",
        language_line(lang)
    )
}

/// The strict-mode schema of `submit_plan`, computed once.
pub fn plan_schema() -> std::sync::Arc<Value> {
    static SCHEMA: std::sync::OnceLock<std::sync::Arc<Value>> = std::sync::OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let plain = steer_tools::schema::generate::<Plan>().to_value();
            // The Plan type is not recursive, so the rendering cannot fail;
            // keep the plain schema if it ever does rather than offer nothing.
            std::sync::Arc::new(steer_tools::schema::to_strict(&plain).unwrap_or(plain))
        })
        .clone()
}

/// One step's result as the runtime hands it to the model: a JSON line
/// of the review message, or a direct call's tool message. Whatever
/// answers as the model reads it back with [`results_in`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub step: String,
    pub tool: String,
    pub arguments: Value,
    pub ok: bool,
    #[serde(default)]
    pub result: Option<Value>,
    #[serde(default)]
    pub error: Option<String>,
}

impl StepResult {
    /// As one line of JSON.
    pub fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A step's result as one line of JSON, read back as a `StepResult`
    /// by [`results_in`]; written from borrowed fields, since this runs
    /// for every result of every turn.
    pub fn line_of(s: &StepState) -> String {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            step: &'a str,
            tool: &'a str,
            arguments: &'a Value,
            ok: bool,
            result: &'a Option<Value>,
            error: &'a Option<String>,
        }
        serde_json::to_string(&Borrowed {
            step: &s.step.id,
            tool: &s.step.tool,
            arguments: s.step.arguments.value(),
            ok: s.status == StepStatus::Done,
            result: &s.result,
            error: &s.error,
        })
        .unwrap_or_default()
    }
}

/// The message that hands results (each a line from
/// [`StepResult::line_of`]) and user feedback to the model.
pub fn review(lines: &[String], feedback: &[String]) -> String {
    let mut text = String::new();
    if !lines.is_empty() {
        text.push_str("Results of the plan's steps (JSON):\n");
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
    }
    for f in feedback {
        text.push_str(&format!("\nFrom the user: {f}\n"));
    }
    text.push_str("\nRevise the plan with submit_plan, call a tool, or write the final report.");
    text
}

/// The step results in a message [`review`] wrote.
pub fn results_in(text: &str) -> impl Iterator<Item = StepResult> + '_ {
    text.lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str(l).ok())
}

/// What the runtime tells the model when the user rejects a plan.
pub fn plan_rejected(version: u32, feedback: &str) -> String {
    format!(
        "{REJECTED_PLAN} {version}: {feedback}\nSubmit a new plan with {} that addresses this.",
        SUBMIT_PLAN
    )
}

/// Whether a message says the user rejected a plan (written by
/// [`plan_rejected`]).
pub fn is_plan_rejection(text: &str) -> bool {
    text.contains(REJECTED_PLAN)
}

const REJECTED_PLAN: &str = "The user rejected plan version";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn result(text: &str) -> StepResult {
        StepResult {
            step: "s1".into(),
            tool: "statement_comparison".into(),
            arguments: json!({"organisation": "ソフトバンク", "note": text}),
            ok: true,
            result: Some(json!({"evidence": text, "label": "001 l.75-77"})),
            error: None,
        }
    }

    #[test]
    fn step_results_come_back_as_written_whatever_the_text() {
        let texts = [
            "孫正義氏は「政府の支援は不要」と述べた。\n二行目 {\"not\": \"a result\"}",
            "ＯｐｅｎＡＩ（全角）と 🚀 emoji, \"quotes\" and \\ backslashes",
            &"長い文章。".repeat(2_000),
        ];
        let results: Vec<StepResult> = texts.iter().map(|t| result(t)).collect();
        let lines: Vec<String> = results.iter().map(StepResult::line).collect();
        let message = review(&lines, &["日本語のフィードバック".to_string()]);
        let back: Vec<StepResult> = results_in(&message).collect();
        assert_eq!(back, results);
    }

    #[test]
    fn a_rejection_is_recognised_from_its_message_only() {
        let message = plan_rejected(2, "売上の前提を変えて");
        assert!(is_plan_rejection(&message));
        assert!(message.contains(SUBMIT_PLAN));
        assert!(!is_plan_rejection("The user approved plan version 2"));
    }
}
