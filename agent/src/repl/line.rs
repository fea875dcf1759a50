//! The chat's line editor: history, multi-line input (a line ending in
//! `\` continues), and completion of slash commands, policies and tool
//! names.

use std::path::PathBuf;

use rustyline::completion::Completer;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper, Highlighter, Hinter};

use super::command;

#[derive(Helper, Highlighter, Hinter)]
pub struct LineHelper {
    tools: Vec<String>,
}

pub type LineEditor = Editor<LineHelper, FileHistory>;

/// Policies offered after `/checkpoints`.
const POLICIES: &[&str] = &[
    "plan,conflicts,assumptions,offplan",
    "all",
    "none",
    "plan",
    "conflicts",
    "assumptions",
];

impl Completer for LineHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = &line[..pos];
        let start = before
            .rfind(char::is_whitespace)
            .map(|i| i + 1)
            .unwrap_or(0);
        let word = &before[start..];
        if start == 0 && word.starts_with('/') {
            let found = command::completions(word)
                .into_iter()
                .map(str::to_string)
                .collect();
            return Ok((0, found));
        }
        if before.trim_start().starts_with("/checkpoints ") {
            let found = POLICIES
                .iter()
                .filter(|p| p.starts_with(word))
                .map(|p| p.to_string())
                .collect();
            return Ok((start, found));
        }
        if word.is_empty() {
            return Ok((start, Vec::new()));
        }
        let found = self
            .tools
            .iter()
            .filter(|t| t.starts_with(word))
            .cloned()
            .collect();
        Ok((start, found))
    }
}

impl Validator for LineHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if ctx.input().ends_with('\\') {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

/// Joins the lines of a multi-line entry: each `\` before a line break goes.
pub fn joined(input: &str) -> String {
    input.replace("\\\r\n", "\n").replace("\\\n", "\n")
}

/// Where the chat's history is kept: beside the session logs.
pub fn history_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("steer")
        .join("history.txt")
}

pub fn editor(tools: Vec<String>) -> rustyline::Result<LineEditor> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(1000)?
        .build();
    let mut editor = LineEditor::with_config(config)?;
    editor.set_helper(Some(LineHelper { tools }));
    Ok(editor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustyline::history::DefaultHistory;

    fn complete(line: &str) -> (usize, Vec<String>) {
        let helper = LineHelper {
            tools: vec!["deal_lookup".into(), "revenue_projection".into()],
        };
        let history = DefaultHistory::new();
        helper
            .complete(line, line.len(), &Context::new(&history))
            .unwrap()
    }

    #[test]
    fn completes_commands_policies_and_tools() {
        assert_eq!(complete("/he"), (0, vec!["/help".to_string()]));
        assert_eq!(complete("/checkpoints no"), (13, vec!["none".to_string()]));
        assert_eq!(complete("use deal"), (4, vec!["deal_lookup".to_string()]));
        assert_eq!(complete("plain words "), (12, vec![]));
    }

    #[test]
    fn continuation_backslashes_are_removed() {
        assert_eq!(joined("first \\\nsecond"), "first \nsecond");
    }
}
