//! Messages that other layers write in English (the tools' errors, a
//! store's refusals) in the language steer speaks: worded here from their
//! data, through the message catalogs; a message of a shape not known here
//! keeps the layer's own words.

use steer_tools::{ArgProblem, Problem, ToolError};

use crate::i18n::Lang;
use crate::tr;

/// One argument problem in `lang`.
fn problem(p: &ArgProblem, lang: Lang) -> String {
    match (&p.problem, lang) {
        (_, Lang::En) | (None, _) => p.message.clone(),
        (Some(Problem::MissingField), _) => {
            tr!(lang, "tool-missing-field", field = p.field.as_str())
        }
        (Some(Problem::RequiredWhen { other, value }), _) => tr!(
            lang,
            "tool-required-when",
            field = p.field.as_str(),
            other = other.as_str(),
            value = value.as_str()
        ),
        (Some(Problem::TooFewItems { min, got }), _) => tr!(
            lang,
            "tool-too-few-items",
            field = p.field.as_str(),
            min = *min,
            got = *got
        ),
        (Some(Problem::UnknownName { name, suggestions }), _) => {
            let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
            if quoted.is_empty() {
                tr!(
                    lang,
                    "tool-unknown-name",
                    field = p.field.as_str(),
                    name = name.as_str()
                )
            } else {
                tr!(
                    lang,
                    "tool-unknown-name-suggest",
                    field = p.field.as_str(),
                    name = name.as_str(),
                    suggestions = quoted.join(" / ")
                )
            }
        }
    }
}

/// A tool's error in `lang`.
pub fn tool_error(e: &ToolError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ToolError::UnknownTool {
            name,
            suggestion,
            available,
        } => {
            let hint = suggestion
                .as_ref()
                .map(|s| tr!(lang, "tool-unknown-suggest", suggestion = s.as_str()))
                .unwrap_or_default();
            tr!(
                lang,
                "tool-unknown",
                name = steer_tools::shown(name),
                hint = hint,
                available = available.join(", ")
            )
        }
        ToolError::InvalidJson {
            tool, line, column, ..
        } => tr!(
            lang,
            "tool-invalid-json",
            tool = tool.as_str(),
            line = *line,
            column = *column
        ),
        ToolError::InvalidArguments { tool, problems } => {
            let shown: Vec<String> = problems.iter().take(8).map(|p| problem(p, lang)).collect();
            let mut text = shown.join("; ");
            if problems.len() > 8 {
                text.push_str(&tr!(lang, "tool-more-problems", n = problems.len() - 8));
            }
            tr!(
                lang,
                "tool-invalid-arguments",
                tool = tool.as_str(),
                problems = text
            )
        }
        ToolError::Failed { tool, message } => {
            tr!(
                lang,
                "tool-failed",
                tool = tool.as_str(),
                message = message.as_str()
            )
        }
        ToolError::Internal { tool, message } => {
            tr!(
                lang,
                "tool-internal",
                tool = tool.as_str(),
                message = message.as_str()
            )
        }
    }
}

/// A dataset that cannot be loaded, in `lang`: the frame in `lang`, each
/// problem with its file and line as the loader wrote it.
pub fn dataset_error(e: &steer_tools::dataset::DatasetError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let mut out = tr!(
        lang,
        "dataset-problems",
        location = e.location.as_str(),
        n = e.problems.len()
    );
    for p in &e.problems {
        out.push_str(&format!("\n  {p}"));
    }
    out
}

/// Why the system refused a file operation, in `lang`.
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission",
        K::AlreadyExists => "io-exists",
        K::IsADirectory => "io-is-directory",
        K::NotADirectory => "io-not-directory",
        K::StorageFull => "io-full",
        _ => return tr!(lang, "io-other", error = e.to_string()),
    };
    tr!(lang, id)
}

/// A file that could not be read, in `lang`.
pub fn input_error(e: &steer_tools::input::InputError, lang: Lang) -> String {
    use steer_tools::input::InputError;
    match (e, lang) {
        (InputError::Io { path, source }, Lang::Ja) => tr!(
            lang,
            "io-cannot-read",
            path = path.display().to_string(),
            why = io_reason(source, lang)
        ),
        (InputError::NotUtf8 { path, at }, Lang::Ja) => tr!(
            lang,
            "io-not-utf8",
            path = path.display().to_string(),
            at = *at
        ),
        _ => e.to_string(),
    }
}
