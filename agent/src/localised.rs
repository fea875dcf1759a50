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
        (Some(Problem::TooManyItems { max, got }), _) => tr!(
            lang,
            "tool-too-many-items",
            field = subject(p, lang),
            max = *max,
            got = *got
        ),
        (Some(Problem::WrongType { expected, got }), _) => {
            let expected: Vec<String> = expected
                .iter()
                .map(|t| tr!(lang, "json-type", kind = t.as_str()))
                .collect();
            tr!(
                lang,
                "tool-wrong-type",
                field = subject(p, lang),
                expected = expected.join(&tr!(lang, "tool-or")),
                got = got.as_str()
            )
        }
        (Some(Problem::NotOneOf { allowed, got }), _) => tr!(
            lang,
            "tool-not-one-of",
            field = subject(p, lang),
            allowed = ticked(allowed),
            got = got.as_str()
        ),
        (Some(Problem::OneKeyOf { keys, got }), _) => tr!(
            lang,
            "tool-one-key-of",
            field = subject(p, lang),
            keys = ticked(keys),
            got = got.as_str()
        ),
        (Some(Problem::Length { min, max, got }), _) => match (min, max) {
            (Some(1), None) if *got == 0 => {
                tr!(lang, "tool-empty", field = subject(p, lang))
            }
            (Some(min), _) if got < min => tr!(
                lang,
                "tool-too-short",
                field = subject(p, lang),
                min = *min,
                got = *got
            ),
            (_, Some(max)) => tr!(
                lang,
                "tool-too-long",
                field = subject(p, lang),
                max = *max,
                got = *got
            ),
            _ => p.message.clone(),
        },
        (
            Some(Problem::OutOfRange {
                min,
                min_exclusive,
                max,
                max_exclusive,
                got,
            }),
            _,
        ) => {
            let bound = |v: &Option<String>, exclusive: bool, id: &str, id_x: &str| {
                v.as_ref()
                    .map(|v| tr!(lang, if exclusive { id_x } else { id }, value = v.as_str()))
            };
            let parts: Vec<String> = [
                bound(min, *min_exclusive, "range-min", "range-min-exclusive"),
                bound(max, *max_exclusive, "range-max", "range-max-exclusive"),
            ]
            .into_iter()
            .flatten()
            .collect();
            tr!(
                lang,
                "tool-out-of-range",
                field = subject(p, lang),
                range = parts.join(&tr!(lang, "range-and")),
                got = got.as_str()
            )
        }
        (
            Some(Problem::UnknownFields {
                fields,
                suggestion,
                allowed,
            }),
            _,
        ) => {
            let hint = suggestion
                .as_ref()
                .map(|s| tr!(lang, "tool-unknown-suggest", suggestion = s.as_str()))
                .unwrap_or_default();
            tr!(
                lang,
                "tool-unknown-fields",
                fields = ticked(fields),
                hint = hint,
                allowed = ticked(allowed)
            )
        }
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

/// The field a problem is about, as a reader names it: `scenarios[0].name`,
/// or the arguments as a whole.
fn subject(p: &ArgProblem, lang: Lang) -> String {
    if p.field.is_empty() {
        tr!(lang, "tool-the-arguments")
    } else {
        format!("`{}`", p.field)
    }
}

/// Names or values as a caller types them, each in backticks.
fn ticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// A dataset that cannot be loaded, in `lang`: each problem with its file
/// and line, worded in `lang` (the parser's own words quoted).
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
        out.push_str(&format!("\n  {}", p.worded(lang.tools())));
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

/// A file operation that failed, in `lang`.
pub fn file_error(e: &crate::files::FileError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    // The action as a Japanese noun: 「PATH の作成に失敗」.
    let action = match e.action {
        "create" => "作成",
        "inspect" => "確認",
        "lock" => "ロック",
        "open" => "オープン",
        "read" => "読み込み",
        "replace" => "置き換え",
        "write beside" => "隣への一時ファイルの書き込み",
        "write" => "書き込み",
        other => other,
    };
    tr!(
        lang,
        "io-cannot-do",
        action = action,
        path = e.path.display().to_string(),
        why = io_reason(&e.source, lang)
    )
}

/// Why a drafted record was not written to the dataset, in `lang`.
pub fn write_error(e: &crate::ingest::write::WriteError, lang: Lang) -> String {
    use crate::ingest::write::WriteError as W;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        W::File(f) => file_error(f, lang),
        W::Input(i) => input_error(i, lang),
        W::Unreadable(t) => tr!(lang, "write-unreadable", detail = t.to_string()),
        W::NotATable => tr!(lang, "write-not-a-table"),
        W::NotTables(t) => tr!(lang, "write-not-tables", table = t.as_str()),
        W::Invalid(d) => tr!(lang, "write-invalid", problems = dataset_error(d, lang)),
        W::NotADataset(p) => tr!(lang, "write-not-a-dataset", path = p.display().to_string()),
        W::Unwritten(why) => tr!(lang, "write-unwritten", why = why.as_str()),
    }
}

/// A session store's refusal or failure, in `lang` (a database's own
/// words stay as it wrote them).
pub fn store_error(e: &crate::store::StoreError, lang: Lang) -> String {
    use crate::store::StoreError as S;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        S::NotFound(id) => tr!(lang, "store-not-found", id = id.as_str()),
        S::InUse { id, holder } => tr!(
            lang,
            "store-in-use",
            id = id.as_str(),
            holder = holder.as_str()
        ),
        S::Exists(id) => tr!(lang, "store-exists", id = id.as_str()),
        S::Conflict { id, seq } => tr!(lang, "store-conflict", id = id.as_str(), seq = *seq),
        S::BadId(id) => tr!(lang, "store-bad-id", id = id.as_str()),
        S::Ambiguous { part, matches } => tr!(
            lang,
            "store-ambiguous",
            part = part.as_str(),
            n = matches.len(),
            matches = matches.join(", ")
        ),
        S::Io(f) => file_error(f, lang),
        S::Backend(message) => message.clone(),
    }
}

/// The 1-based line of `text` a TOML parse error points at, for a
/// message that names the place in the reader's language.
pub fn toml_line(text: &str, e: &toml::de::Error) -> Option<usize> {
    e.span()
        .map(|s| text.get(..s.start).unwrap_or(text).matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The validator's problem for `args` against `schema`, worded in `lang`.
    fn said(schema: serde_json::Value, args: serde_json::Value, lang: Lang) -> String {
        let problems = steer_tools::schema::validate(&schema, &args);
        assert_eq!(problems.len(), 1, "{problems:?}");
        problem(&problems[0], lang)
    }

    #[test]
    fn every_shape_of_argument_problem_is_worded_in_japanese() {
        let object = |props: serde_json::Value| json!({"type": "object", "properties": props, "additionalProperties": false});
        let cases = [
            (
                object(json!({"n": {"type": "integer"}})),
                json!({"n": "x"}),
                "`n` は 整数 でなければなりません(指定された値: \"x\")",
            ),
            (
                object(json!({"m": {"enum": ["a", "b"]}})),
                json!({"m": "c"}),
                "`m` は `a`, `b` のいずれかでなければなりません(指定された値: \"c\")",
            ),
            (
                object(json!({"r": {"type": "number", "minimum": 0, "maximum": 1}})),
                json!({"r": 2}),
                "`r` は 0 以上、かつ 1 以下 でなければなりません(指定された値: 2)",
            ),
            (
                object(json!({"s": {"type": "string", "minLength": 1}})),
                json!({"s": ""}),
                "`s` は空にできません",
            ),
            (
                object(json!({"l": {"type": "array", "maxItems": 1}})),
                json!({"l": [1, 2]}),
                "`l` は 1 件までです(指定は 2 件)",
            ),
            (
                object(json!({"mode": {"type": "string"}})),
                json!({"mdoe": "x"}),
                "不明なフィールド `mdoe`(`mode` のことですか?)。使えるフィールド: `mode`",
            ),
        ];
        for (schema, args, want) in cases {
            let en = said(schema.clone(), args.clone(), Lang::En);
            let ja = said(schema, args, Lang::Ja);
            assert_eq!(ja, want, "English: {en}");
            // English keeps the validator's own words.
            assert!(en.is_ascii(), "{en}");
        }
    }
}
