//! Raw records: every field of a record with its line, so a problem is
//! reported where it is; and the TOML reader that makes them.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::Problem;

/// One record of a file, each field with its line.
pub(super) struct RawRecord {
    /// The record kind (`deal`), for messages.
    pub(super) kind: &'static str,
    /// Shared by every record of the file: a dataset of 200,000 deals
    /// does not hold 200,000 copies of its path.
    pub(super) file: std::sync::Arc<str>,
    pub(super) line: usize,
    pub(super) fields: BTreeMap<String, (usize, toml::Value)>,
}

impl RawRecord {
    pub(super) fn line_of(&self, field: &str) -> usize {
        self.fields.get(field).map_or(self.line, |(line, _)| *line)
    }

    /// A problem at `field`'s line, in English and Japanese.
    pub(super) fn problem(
        &self,
        field: &str,
        message: impl Into<String>,
        message_ja: impl Into<String>,
    ) -> Problem {
        Problem::new(
            self.file.to_string(),
            Some(self.line_of(field)),
            message,
            message_ja,
        )
    }

    /// `deal `nvidia-openai-investment``, naming the record in messages.
    pub(super) fn id(&self) -> String {
        match self.fields.get("id") {
            Some((_, toml::Value::String(s))) => format!("{} `{s}`", self.kind),
            _ => format!("{} (no id)", self.kind),
        }
    }

    /// The record named for a Japanese reader: `取引 `nvidia-openai-investment``.
    pub(super) fn id_ja(&self) -> String {
        let kind = match self.kind {
            "deal" => "取引",
            "figure" => "数値",
            "statement" => "発言",
            "entity" => "エンティティ",
            "source" => "出典",
            "topic" => "論点",
            other => other,
        };
        match self.fields.get("id") {
            Some((_, toml::Value::String(s))) => format!("{kind} `{s}`"),
            _ => format!("{kind}(id なし)"),
        }
    }

    /// Types the record. On failure, the line is that of the field the
    /// error names, when it names one.
    pub(super) fn typed<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        let table: toml::Table = self
            .fields
            .iter()
            .map(|(k, (_, v))| (k.clone(), v.clone()))
            .collect();
        toml::Value::Table(table).try_into::<T>().map_err(|e| {
            let message = e.message().trim().to_string();
            // serde names either the field (`missing field `x``) or the
            // offending value (`2025-11-31` is not a date); find its line.
            let field = backticked(&message)
                .find_map(|quoted| {
                    self.fields.iter().find_map(|(name, (_, value))| {
                        let value_matches = value.as_str() == Some(quoted);
                        (name == quoted || value_matches).then_some(name.as_str())
                    })
                })
                .unwrap_or("");
            let field_text = if field.is_empty() {
                String::new()
            } else {
                format!(" field `{field}`:")
            };
            // The parser's words stay as it wrote them, quoted, inside a
            // frame in the reader's language.
            let ja = if field.is_empty() {
                format!("{} を読めません: 「{message}」", self.id_ja())
            } else {
                format!(
                    "{} のフィールド `{field}` を読めません: 「{message}」",
                    self.id_ja()
                )
            };
            self.problem(field, format!("{}:{field_text} {message}", self.id()), ja)
        })
    }
}

pub(super) fn backticked(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

/// Line starts of `text`, to turn byte offsets into 1-based lines.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

pub(super) type RawFields = BTreeMap<String, Spanned<toml::Value>>;

pub(super) fn parse_toml(
    file: &str,
    text: &str,
    key: &'static str,
) -> Result<Vec<RawRecord>, Vec<Problem>> {
    let lines = Lines::new(text);
    let doc: BTreeMap<String, Spanned<Vec<Spanned<RawFields>>>> =
        toml::from_str(text).map_err(|e| {
            let detail = e.message().trim();
            vec![Problem::new(
                file,
                e.span().map(|s| lines.line(s.start)),
                format!("not valid TOML: {detail}"),
                format!("TOML として読めません: 「{detail}」"),
            )]
        })?;
    let mut problems = Vec::new();
    let mut records = Vec::new();
    let shared: std::sync::Arc<str> = file.into();
    for (name, tables) in doc {
        if name != key {
            problems.push(Problem::new(
                file,
                Some(lines.line(tables.span().start)),
                format!("unknown table `{name}`: this file holds `[[{key}]]` records"),
                format!("不明な表 `{name}`: このファイルには `[[{key}]]` のレコードだけを書きます"),
            ));
            continue;
        }
        for table in tables.into_inner() {
            let line = lines.line(table.span().start);
            let fields = table
                .into_inner()
                .into_iter()
                .map(|(k, v)| {
                    let l = lines.line(v.span().start);
                    (k, (l, v.into_inner()))
                })
                .collect();
            records.push(RawRecord {
                kind: key,
                file: shared.clone(),
                line,
                fields,
            });
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}
