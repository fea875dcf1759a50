//! Writing accepted records into a dataset directory: appended with
//! `toml_edit`, so the user's comments and layout stay as they were; the
//! whole dataset is validated with the change before anything is written,
//! and a change that would make it invalid is not made; each file is
//! replaced atomically (a temporary file, then a rename).

use std::path::{Path, PathBuf};
use steer_tools::input::{self, InputKind};

use serde_json::Value;
use steer_tools::Dataset;

use crate::files::{FileError, failed};

/// The order fields are written in, per table (the rest follow).
const ORDER: &[&str] = &[
    "id",
    "file",
    "title",
    "name",
    "kind",
    "from",
    "to",
    "subject",
    "speaker",
    "organisation",
    "metric",
    "value",
    "value_usd",
    "unit",
    "bound",
    "per",
    "basis",
    "year",
    "period",
    "term",
    "term_years",
    "date",
    "channel",
    "audience",
    "language",
    "line_count",
    "sha256",
    "aliases",
    "description",
    "text",
    "note",
    "caveat",
    "sources",
];

fn item(v: &Value) -> Option<toml_edit::Item> {
    let value: toml_edit::Value = match v {
        Value::Null => return None,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) if n.is_i64() => n.as_i64()?.into(),
        Value::Number(n) => n.as_f64()?.into(),
        Value::String(s) => s.as_str().into(),
        Value::Array(a) => {
            let mut array = toml_edit::Array::new();
            for x in a {
                if let Some(toml_edit::Item::Value(v)) = item(x) {
                    array.push(v);
                }
            }
            array.into()
        }
        Value::Object(_) => return None,
    };
    Some(toml_edit::Item::Value(value))
}

/// Why a record was not written; every file is then as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    File(#[from] FileError),
    /// A dataset file over its cap, or not a regular file.
    #[error(transparent)]
    Input(#[from] steer_tools::input::InputError),
    #[error("cannot read the file to append to: {0}")]
    Unreadable(#[source] toml_edit::TomlError),
    #[error("a record is a table of fields")]
    NotATable,
    #[error("`{0}` in the file is not a list of [[{0}]] tables")]
    NotTables(String),
    #[error("not written: the dataset would not be valid with it: {0}")]
    Invalid(#[source] steer_tools::DatasetError),
    #[error(
        "{} is not a dataset directory (it has no sources.toml); name a new directory, or one `--data` already uses",
        .0.display()
    )]
    NotADataset(PathBuf),
}

/// `text` (a dataset TOML file) with `record` appended as a `[[table]]`.
pub fn appended(text: &str, table: &str, record: &Value) -> Result<String, WriteError> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(WriteError::Unreadable)?;
    let mut t = toml_edit::Table::new();
    let Some(fields) = record.as_object() else {
        return Err(WriteError::NotATable);
    };
    let mut keys: Vec<&String> = fields.keys().collect();
    keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    for k in keys {
        if let Some(i) = item(&fields[k]) {
            t.insert(k, i);
        }
    }
    match doc.get_mut(table) {
        Some(toml_edit::Item::ArrayOfTables(a)) => a.push(t),
        Some(_) => return Err(WriteError::NotTables(table.to_string())),
        None => {
            let mut a = toml_edit::ArrayOfTables::new();
            a.push(t);
            doc.insert(table, toml_edit::Item::ArrayOfTables(a));
        }
    }
    Ok(doc.to_string())
}

/// The dataset files of `dir` as (name, text).
pub fn files(dir: &Path) -> Result<Vec<(String, String)>, WriteError> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(failed("read", dir))?;
    for e in entries.flatten() {
        let p = e.path();
        let dataset_file = p.extension().is_some_and(|x| x == "toml" || x == "csv");
        if !dataset_file {
            continue;
        }
        let name = e.file_name().to_string_lossy().to_string();
        let text = input::read_to_string(&p, InputKind::Dataset)?;
        out.push((name, text));
    }
    out.sort();
    Ok(out)
}

/// Writes `text` to `path` atomically: a temporary file beside it, then a
/// rename, so a crash leaves the old file or the new, never half of one.
pub fn atomic(path: &Path, text: &str) -> Result<(), FileError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(failed("write beside", path))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(failed("write", path))?;
    tmp.persist(path)
        .map_err(|e| failed("replace", path)(e.error))?;
    Ok(())
}

/// Appends `record` to `file` (table `table`) in `dir`, if the dataset
/// stays valid with it; else leaves every file as it was and says why.
pub fn add(dir: &Path, file: &str, table: &str, record: &Value) -> Result<(), WriteError> {
    let mut all = files(dir)?;
    let before = all
        .iter()
        .find(|(n, _)| n == file)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let after = appended(&before, table, record)?;
    match all.iter_mut().find(|(n, _)| n == file) {
        Some(entry) => entry.1 = after.clone(),
        None => all.push((file.to_string(), after.clone())),
    }
    Dataset::from_files(&dir.display().to_string(), all).map_err(WriteError::Invalid)?;
    Ok(atomic(&dir.join(file), &after)?)
}

/// Whether `dir` already holds `record` (a table of its kind with the
/// same fields): a resumed ingest does not write a record twice.
pub fn holds(dir: &Path, kind: steer_tools::ingest::RecordType, record: &Value) -> bool {
    let (file, table) = kind.file();
    let Ok(text) = input::read_to_string(&dir.join(file), InputKind::Dataset) else {
        return false;
    };
    let Ok(parsed) = toml::from_str::<toml::Table>(&text) else {
        return false;
    };
    let Some(toml::Value::Array(rows)) = parsed.get(table) else {
        return false;
    };
    let want: serde_json::Map<String, Value> = record
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    rows.iter().any(|row| {
        serde_json::to_value(row)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .is_some_and(|have| {
                have.len() == want.len()
                    && want.iter().all(|(k, v)| {
                        have.get(k).is_some_and(|h| {
                            h == v || (h.as_f64().is_some() && h.as_f64() == v.as_f64())
                        })
                    })
            })
    })
}

/// Makes `dir` a dataset directory: a copy of the built-in dataset when it
/// does not exist (or is empty). Returns whether it was created.
pub fn ensure(dir: &Path) -> Result<bool, WriteError> {
    let empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if !empty {
        if !dir.join("sources.toml").exists() {
            return Err(WriteError::NotADataset(dir.to_path_buf()));
        }
        return Ok(false);
    }
    std::fs::create_dir_all(dir).map_err(failed("create", dir))?;
    for (name, text) in steer_tools::dataset::BUILTIN_FILES {
        atomic(&dir.join(name), text)?;
    }
    Ok(true)
}

/// Where a document is kept in `dir`: `documents/NAME`, renamed when a
/// different document already has that name.
pub fn document_path(dir: &Path, name: &str, text: &str) -> PathBuf {
    let docs = dir.join("documents");
    let mut path = docs.join(name);
    let mut n = 2;
    while let Ok(existing) = input::read_to_string(&path, InputKind::Document) {
        if existing == text {
            break;
        }
        let stem = Path::new(name)
            .file_stem()
            .map_or(name.to_string(), |s| s.to_string_lossy().to_string());
        let ext = Path::new(name)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        path = docs.join(format!("{stem}-{n}{ext}"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_comments_and_layout() {
        let text = "# my notes\n\n[[deal]]\nid = \"a\"  # kept\nfrom = \"x\"\n";
        let out = appended(
            text,
            "deal",
            &serde_json::json!({"sources": ["009:3"], "id": "b", "value_usd": 1e9, "kind": "investment"}),
        )
        .unwrap();
        assert!(
            out.starts_with("# my notes\n\n[[deal]]\nid = \"a\"  # kept\n"),
            "{out}"
        );
        let added = &out[out.rfind("[[deal]]").unwrap()..];
        assert!(
            added.contains(
                "id = \"b\"\nkind = \"investment\"\nvalue_usd = 1000000000.0\nsources = [\"009:3\"]"
            ),
            "{added}"
        );
    }
}
