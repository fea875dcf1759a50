//! Errors a tool call can produce. Every message is written for the caller
//! (often a model) to act on: it names the field, the allowed values and
//! what was received.

use std::fmt;

/// One thing wrong with a tool call's arguments.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArgProblem {
    /// Path of the offending field (`kind`, `scenarios[1].growth.rate`);
    /// empty for the arguments object itself.
    pub field: String,
    /// What is wrong and what would be accepted.
    pub message: String,
    /// What is wrong as data, where the message has a known shape: a
    /// front-end writes it in its own language from this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// The shapes of argument problems a front-end may word itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A required field is absent.
    MissingField,
    /// A name the dataset does not know, with the closest it does.
    UnknownName {
        name: String,
        suggestions: Vec<String>,
    },
    /// A field needed because another has a value (`party` when `mode`
    /// is cycles).
    RequiredWhen { other: String, value: String },
    /// A list with fewer items than it needs.
    TooFewItems { min: u64, got: u64 },
    /// A list with more items than it may have.
    TooManyItems { max: u64, got: u64 },
    /// A value of the wrong JSON type (`expected`: `string`, `integer`,
    /// `number`, `boolean`, `array`, `object`, `null`).
    WrongType { expected: Vec<String>, got: String },
    /// A value outside a fixed set (an enum, a constant, a variant's tag).
    NotOneOf { allowed: Vec<String>, got: String },
    /// An object that must hold exactly one of some keys (a variant).
    OneKeyOf { keys: Vec<String>, got: String },
    /// A string shorter or longer than allowed, in characters.
    Length {
        min: Option<u64>,
        max: Option<u64>,
        got: u64,
    },
    /// A number outside its range; the bounds as written in the schema.
    OutOfRange {
        min: Option<String>,
        min_exclusive: bool,
        max: Option<String>,
        max_exclusive: bool,
        got: String,
    },
    /// Fields the object does not take, with the closest allowed name
    /// when there is one wrong field, and every allowed field.
    UnknownFields {
        fields: Vec<String>,
        suggestion: Option<String>,
        allowed: Vec<String>,
    },
}

impl ArgProblem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            problem: None,
        }
    }

    /// A problem of a known shape.
    pub fn of(field: impl Into<String>, message: impl Into<String>, problem: Problem) -> Self {
        Self {
            problem: Some(problem),
            ..Self::new(field, message)
        }
    }
}

impl fmt::Display for ArgProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("unknown tool `{}`{}; available tools: {}", shown(name), suggestion_text(suggestion), available.join(", "))]
    UnknownTool {
        name: String,
        suggestion: Option<String>,
        available: Vec<String>,
    },
    #[error("arguments for `{tool}` are not valid JSON: {message} at line {line} column {column}")]
    InvalidJson {
        tool: String,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("invalid arguments for `{tool}`: {}", join_problems(problems))]
    InvalidArguments {
        tool: String,
        problems: Vec<ArgProblem>,
    },
    /// The tool ran but could not produce a result (for example its output
    /// failed to serialise). Not the caller's fault.
    #[error("tool `{tool}` failed: {message}")]
    Failed { tool: String, message: String },
    /// The tool panicked: a bug in steer, never the caller's fault. The
    /// process and the session survive it.
    #[error("internal error in {tool}: {message}; please report it")]
    Internal { tool: String, message: String },
}

impl ToolError {
    /// Shorthand for a single argument problem found while the tool runs
    /// (for example an unknown company name).
    pub fn argument(tool: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        ToolError::InvalidArguments {
            tool: tool.to_string(),
            problems: vec![ArgProblem::new(field, message)],
        }
    }

    /// True when the caller can fix the error by changing its call.
    pub fn is_caller_error(&self) -> bool {
        !matches!(self, ToolError::Failed { .. } | ToolError::Internal { .. })
    }
}

fn suggestion_text(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

/// At most this many problems are spelled out in one message; a call with
/// thousands of bad fields gets a line, not a page.
const SHOWN_PROBLEMS: usize = 8;

fn join_problems(problems: &[ArgProblem]) -> String {
    let mut text = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN_PROBLEMS {
        text.push_str(&format!(
            "; and {} more problem(s)",
            problems.len() - SHOWN_PROBLEMS
        ));
    }
    text
}

/// The longest a value echoed in a message may be, in characters.
const SHOWN_CHARS: usize = 60;

/// A caller's text as a message shows it: control characters escaped (an
/// ESC, CR or LF from a value must not drive the terminal or break the
/// one-line error) and long text shortened, on character boundaries.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == SHOWN_CHARS {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`shown`] in double quotes, for a value inside a message.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", shown(text))
}
