//! Writing accepted records into a dataset directory: appended with
//! `toml_edit`, so the user's comments and layout stay as they were; the
//! whole dataset is validated with the change before anything is written,
//! and a change that would make it invalid is not made; each file is
//! replaced atomically (a temporary file, then a rename). A run of
//! approvals (`--yes`, "approve the rest", a resume) is written together:
//! one read, one validation and one write per file for the run, not per
//! record, so accepting n records costs time linear in n.

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
    /// Valid, but its file could not be replaced (the write's error).
    #[error("not written: {0}")]
    Unwritten(String),
}

/// A record to append to a dataset file, as a `[[table]]`.
#[derive(Debug, Clone)]
pub struct Append {
    pub file: &'static str,
    pub table: &'static str,
    pub record: Value,
}

/// `text` (a dataset TOML file) with `record` appended as a `[[table]]`.
pub fn appended(text: &str, table: &str, record: &Value) -> Result<String, WriteError> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(WriteError::Unreadable)?;
    append_to(&mut doc, table, record)?;
    Ok(doc.to_string())
}

fn append_to(
    doc: &mut toml_edit::DocumentMut,
    table: &str,
    record: &Value,
) -> Result<(), WriteError> {
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
    Ok(())
}

/// `files` with every record of `records` appended in order; each file is
/// parsed and printed once, however many records it gets.
fn with_records(
    files: &[(String, String)],
    records: &[Append],
) -> Result<Vec<(String, String)>, WriteError> {
    let mut out = files.to_vec();
    let mut touched: Vec<&str> = records.iter().map(|r| r.file).collect();
    touched.sort_unstable();
    touched.dedup();
    for file in touched {
        let slot = match out.iter().position(|(n, _)| n == file) {
            Some(i) => i,
            None => {
                out.push((file.to_string(), String::new()));
                out.len() - 1
            }
        };
        let mut doc: toml_edit::DocumentMut =
            out[slot].1.parse().map_err(WriteError::Unreadable)?;
        for r in records.iter().filter(|r| r.file == file) {
            append_to(&mut doc, r.table, &r.record)?;
        }
        out[slot].1 = doc.to_string();
    }
    Ok(out)
}

/// Takes what it can of `records` into `files`: all of them when the
/// dataset stays valid with all, else each half in turn, down to single
/// records, which are refused with why (`refused[i]`). Records are taken
/// in order, so one that needs an earlier one (a deal and its new entity)
/// is checked with it; a run with k bad records costs about k·log n
/// validations instead of one per record.
fn settle(
    location: &str,
    files: &mut Vec<(String, String)>,
    records: &[Append],
    refused: &mut [Option<WriteError>],
) {
    if records.is_empty() {
        return;
    }
    let attempt = with_records(files, records).and_then(|candidate| {
        Dataset::from_files(location, candidate.clone())
            .map(|_| candidate)
            .map_err(WriteError::Invalid)
    });
    match attempt {
        Ok(candidate) => *files = candidate,
        Err(e) if records.len() == 1 => refused[0] = Some(e),
        Err(_) => {
            let mid = records.len() / 2;
            let (left, right) = refused.split_at_mut(mid);
            settle(location, files, &records[..mid], left);
            settle(location, files, &records[mid..], right);
        }
    }
}

/// Appends `records` to their files in `dir`, keeping the dataset valid:
/// the dataset is read once and validated with the whole run (records
/// that would make it invalid are found by halving and left out), then
/// each changed file is replaced once. Returns, per record, why it was not
/// written (`None`: written). An error reading the dataset is returned
/// whole.
///
/// Files others refer to are replaced first (sources, then entities), so
/// a write failing midway leaves a valid dataset: extra entities, never a
/// deal naming one that is missing. The records of files not replaced
/// are then refused with the write's error; the rest stay written.
pub fn add_all(dir: &Path, records: &[Append]) -> Result<Vec<Option<WriteError>>, WriteError> {
    let before = files(dir)?;
    let mut after = before.clone();
    let mut refused: Vec<Option<WriteError>> = records.iter().map(|_| None).collect();
    settle(
        &dir.display().to_string(),
        &mut after,
        records,
        &mut refused,
    );
    let rank = |name: &str| match name {
        "sources.toml" => 0,
        "entities.toml" => 1,
        _ => 2,
    };
    after.sort_by_key(|(name, _)| rank(name));
    let mut failed: Option<String> = None;
    for (name, text) in &after {
        let unchanged = before.iter().any(|(n, t)| n == name && t == text);
        if unchanged {
            continue;
        }
        let written = match &failed {
            Some(_) => false,
            None => match atomic(&dir.join(name), text) {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e.to_string());
                    false
                }
            },
        };
        if !written {
            let why = failed.clone().unwrap_or_default();
            for (r, slot) in records.iter().zip(refused.iter_mut()) {
                if r.file == name && slot.is_none() {
                    *slot = Some(WriteError::Unwritten(why.clone()));
                }
            }
        }
    }
    Ok(refused)
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
pub fn add(
    dir: &Path,
    file: &'static str,
    table: &'static str,
    record: &Value,
) -> Result<(), WriteError> {
    let one = Append {
        file,
        table,
        record: record.clone(),
    };
    match add_all(dir, &[one])?.pop().flatten() {
        Some(refused) => Err(refused),
        None => Ok(()),
    }
}

/// The records a dataset directory holds, read once per file asked
/// about: a resumed ingest asks about every approved record, and must not
/// re-read the file for each.
pub struct Held<'a> {
    dir: &'a Path,
    tables: std::collections::HashMap<&'static str, Vec<serde_json::Map<String, Value>>>,
}

impl<'a> Held<'a> {
    pub fn new(dir: &'a Path) -> Held<'a> {
        Held {
            dir,
            tables: std::collections::HashMap::new(),
        }
    }

    /// Whether the dataset holds `record` (a table of its kind with the
    /// same fields): a resumed ingest does not write a record twice.
    pub fn holds(&mut self, kind: steer_tools::ingest::RecordType, record: &Value) -> bool {
        let (file, table) = kind.file();
        let dir = self.dir;
        let rows = self
            .tables
            .entry(file)
            .or_insert_with(|| rows_of(dir, file, table));
        let want: serde_json::Map<String, Value> = record
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        rows.iter().any(|have| {
            have.len() == want.len()
                && want.iter().all(|(k, v)| {
                    have.get(k).is_some_and(|h| {
                        h == v || (h.as_f64().is_some() && h.as_f64() == v.as_f64())
                    })
                })
        })
    }
}

/// The `[[table]]` rows of `dir/file` as JSON objects (none when the file
/// cannot be read or parsed: then it holds nothing to match).
fn rows_of(dir: &Path, file: &str, table: &str) -> Vec<serde_json::Map<String, Value>> {
    let Ok(text) = input::read_to_string(&dir.join(file), InputKind::Dataset) else {
        return Vec::new();
    };
    let Ok(parsed) = toml::from_str::<toml::Table>(&text) else {
        return Vec::new();
    };
    let Some(toml::Value::Array(rows)) = parsed.get(table) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| serde_json::to_value(row).ok())
        .filter_map(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .collect()
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

    fn dataset() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        ensure(dir.path()).unwrap();
        dir
    }

    fn entity(id: &str) -> Append {
        Append {
            file: "entities.toml",
            table: "entity",
            record: serde_json::json!({"id": id, "name": id.to_uppercase(), "kind": "company"}),
        }
    }

    fn deal(id: &str, from: &str, to: &str) -> Append {
        Append {
            file: "deals.toml",
            table: "deal",
            record: serde_json::json!({
                "id": id, "from": from, "to": to, "kind": "investment",
                "description": "a test deal", "sources": ["001:75"],
            }),
        }
    }

    #[test]
    fn a_run_keeps_what_is_valid_and_refuses_the_rest_in_order() {
        let dir = dataset();
        let run = [
            entity("acme"),
            // A second entity with an id the dataset already has.
            entity("openai"),
            // Needs the new entity from earlier in the same run.
            deal("acme-openai", "acme", "openai"),
            // Names a party nobody has.
            deal("ghost-deal", "ghost", "openai"),
            entity("globex"),
        ];
        let refused = add_all(dir.path(), &run).unwrap();
        let outcome: Vec<bool> = refused.iter().map(Option::is_none).collect();
        assert_eq!(outcome, [true, false, true, false, true]);
        assert!(matches!(refused[1], Some(WriteError::Invalid(_))));
        let data = Dataset::load_dir(dir.path()).unwrap();
        assert!(data.entity("acme").is_some() && data.entity("globex").is_some());
        assert!(data.deals.iter().any(|d| d.id == "acme-openai"));
        assert!(!data.deals.iter().any(|d| d.id == "ghost-deal"));
        let mut held = Held::new(dir.path());
        assert!(held.holds(steer_tools::ingest::RecordType::Entity, &run[0].record));
        assert!(!held.holds(steer_tools::ingest::RecordType::Deal, &run[3].record));
    }

    #[test]
    fn a_refused_run_leaves_every_file_as_it_was() {
        let dir = dataset();
        let before = files(dir.path()).unwrap();
        let refused = add_all(
            dir.path(),
            &[entity("openai"), deal("x", "nobody", "openai")],
        )
        .unwrap();
        assert!(refused.iter().all(Option::is_some));
        assert_eq!(files(dir.path()).unwrap(), before);
    }
}
