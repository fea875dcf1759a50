//! Readable terminal rendering of tool results (JSON) as tables.
//!
//! Generic over any tool output: scalars become `key: value` lines, arrays
//! of objects become tables of their scalar fields. Conventions shared by
//! all tools make it readable: fields ending in `_usd` are money, objects
//! with a `label` (citations) or `name` (parties) show that.

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

/// Width used when stdout is not a terminal, so piped output stays stable.
const PIPE_WIDTH: u16 = 120;

pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    if t.width().is_none() {
        t.set_width(PIPE_WIDTH);
    }
    for row in rows {
        t.add_row(row);
    }
    t.to_string()
}

/// The sessions table of `steer sessions` and the chat's `/sessions`.
/// A chat's turns are listed together under a line for the chat, where
/// its first turn falls.
///
/// `short_ids`: people get the ids' random tails (any unique part of an id
/// is accepted back); an agent reading the MCP resource gets whole ids.
pub fn sessions(
    place: &str,
    rows: &[crate::service::SessionRow],
    short_ids: bool,
    lang: crate::i18n::Lang,
) -> String {
    use crate::tr;
    if rows.is_empty() {
        return tr!(lang, "sessions-none", place = place);
    }
    let shown = |id: &str| {
        if short_ids {
            crate::session::short_id(id).to_string()
        } else {
            id.to_string()
        }
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut listed_chats: Vec<&str> = Vec::new();
    for r in rows {
        let Some(chat) = r.chat.as_deref() else {
            out.push(vec![
                shown(&r.id),
                r.started.clone(),
                r.status.clone(),
                r.request.clone(),
            ]);
            continue;
        };
        if listed_chats.contains(&chat) {
            continue;
        }
        listed_chats.push(chat);
        let turns: Vec<&crate::service::SessionRow> = rows
            .iter()
            .filter(|t| t.chat.as_deref() == Some(chat))
            .collect();
        out.push(vec![
            tr!(lang, "sessions-chat", id = shown(chat)),
            r.started.clone(),
            tr!(lang, "sessions-turns", n = turns.len()),
            String::new(),
        ]);
        for t in turns {
            out.push(vec![
                format!("  └ {}", shown(&t.id)),
                t.started.clone(),
                t.status.clone(),
                t.request.clone(),
            ]);
        }
    }
    let headers = [
        tr!(lang, "sessions-h-session"),
        tr!(lang, "sessions-h-started"),
        tr!(lang, "sessions-h-status"),
        tr!(lang, "sessions-h-request"),
    ];
    table(&headers.iter().map(String::as_str).collect::<Vec<_>>(), out)
}

/// Renders a tool result.
pub fn value(v: &Value) -> String {
    let mut out = Vec::new();
    match v {
        Value::Object(map) => render_object(map, "", &mut out),
        other => out.push(cell("", other)),
    }
    out.join("\n")
}

/// `v` as a reader of `lang` reads it: the dataset's Japanese wording
/// (an object's `ja` map: `ja.note`, `ja.period`) stands in place of the
/// English field it translates, and the map itself is dropped; English
/// keeps `v` as it is. Fields with no Japanese wording stay.
pub fn in_reader_language(v: &Value, lang: crate::i18n::Lang) -> Value {
    if lang == crate::i18n::Lang::En {
        return v.clone();
    }
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            let ja = map.get("ja").and_then(Value::as_object);
            for (key, inner) in map {
                if key == "ja" && ja.is_some() {
                    continue;
                }
                let worded = ja.and_then(|j| j.get(key)).filter(|j| j.is_string());
                out.insert(
                    key.clone(),
                    match worded {
                        Some(text) => text.clone(),
                        None => in_reader_language(inner, lang),
                    },
                );
            }
            // A Japanese wording of a field the object does not carry in
            // English (a caveat) is still shown.
            for (key, text) in ja.into_iter().flatten() {
                if !out.contains_key(key) {
                    out.insert(key.clone(), text.clone());
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| in_reader_language(i, lang)).collect())
        }
        other => other.clone(),
    }
}

fn render_object(map: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    let mut tables = Vec::new();
    for (key, v) in map {
        let name = crate::run::plan::dotted(prefix, key);
        match v {
            Value::Array(items) if items.iter().any(is_nested) => tables.push((name, items)),
            Value::Object(inner) if !is_compact(inner) => render_object(inner, &name, out),
            Value::Null => {}
            Value::Array(items) if items.is_empty() => {}
            other => out.push(format!("{name}: {}", cell(key, other))),
        }
    }
    for (name, items) in tables {
        out.push(String::new());
        out.push(format!("{name} ({})", items.len()));
        out.push(array_view(items));
    }
}

/// Objects shown inline in one cell (a party, a citation).
fn is_compact(map: &Map<String, Value>) -> bool {
    map.contains_key("label")
        || (map.contains_key("name") && map.contains_key("id") && map.len() <= 3)
}

fn is_nested(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !is_compact(m))
}

/// An object's fields as (dotted key, value) pairs, nested objects
/// flattened, so a table can show them as columns.
fn flatten(map: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, Value)>) {
    for (k, v) in map {
        let key = crate::run::plan::dotted(prefix, k);
        match v {
            Value::Object(inner) if !is_compact(inner) => flatten(inner, &key, out),
            other => out.push((key, other.clone())),
        }
    }
}

/// Beyond this many columns a table stops being readable in a terminal;
/// such items are shown one block of `key: value` lines each.
const MAX_TABLE_COLUMNS: usize = 6;

fn array_view(items: &[Value]) -> String {
    let rows: Vec<Vec<(String, Value)>> = items
        .iter()
        .map(|item| {
            let mut fields = Vec::new();
            match item {
                Value::Object(map) => flatten(map, "", &mut fields),
                other => fields.push((String::new(), other.clone())),
            }
            fields
        })
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for row in &rows {
        for (k, v) in row {
            if !v.is_null() && !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let has_nested_lists = rows
        .iter()
        .flatten()
        .any(|(_, v)| matches!(v, Value::Array(a) if a.iter().any(is_nested)));
    if columns.len() > MAX_TABLE_COLUMNS || has_nested_lists {
        return blocks(&rows, "");
    }
    let table_rows = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| {
                    row.iter()
                        .find(|(k, _)| k == c)
                        .map_or(String::new(), |(k, v)| cell(k, v))
                })
                .collect()
        })
        .collect();
    let headers: Vec<&str> = columns.iter().map(String::as_str).collect();
    table(&headers, table_rows)
}

fn blocks(rows: &[Vec<(String, Value)>], indent: &str) -> String {
    let width = rows
        .iter()
        .flatten()
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        out.push(format!("{indent}[{}]", i + 1));
        for (k, v) in row {
            match v {
                Value::Null => {}
                Value::Array(items) if items.iter().any(is_nested) => {
                    out.push(format!("{indent}  {k}:"));
                    let nested: Vec<Vec<(String, Value)>> = items
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|m| {
                            let mut f = Vec::new();
                            flatten(m, "", &mut f);
                            f
                        })
                        .collect();
                    out.push(blocks(&nested, &format!("{indent}    ")));
                }
                other => out.push(format!("{indent}  {k:<width$}  {}", cell(k, other))),
            }
        }
    }
    out.join("\n")
}

fn cell(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) if key.ends_with("_usd") => n
            .as_f64()
            .map_or_else(|| n.to_string(), steer_tools::format::usd),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| cell(key, i))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => {
            if let Some(Value::String(label)) = map.get("label") {
                label.clone()
            } else if let Some(Value::String(name)) = map.get("name") {
                name.clone()
            } else {
                Value::Object(map.clone()).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::in_reader_language;
    use crate::i18n::Lang;

    #[test]
    fn a_japanese_reader_sees_the_datasets_japanese_wording_in_place_of_the_english() {
        let v = json!({"candidates": [{
            "figure_id": "openai-revenue-12b",
            "period": "current annual revenue",
            "note": "OpenAI makes no profit on it.",
            "ja": {"period": "現在の年間売上", "caveat": "利益ではなく売上である"}
        }]});
        let ja = in_reader_language(&v, Lang::Ja);
        let c = &ja["candidates"][0];
        assert_eq!(c["period"], "現在の年間売上");
        assert_eq!(c["caveat"], "利益ではなく売上である");
        // No Japanese wording: the field stays, said in English.
        assert_eq!(c["note"], "OpenAI makes no profit on it.");
        assert!(c.get("ja").is_none());
        assert_eq!(in_reader_language(&v, Lang::En), v);
    }
}
