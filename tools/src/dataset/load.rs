//! Reading and validating dataset files.
//!
//! Files are parsed into raw records that remember the line of every field,
//! then each record is typed and checked on its own, so one bad record does
//! not hide the problems of the others: loading reports them all.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::*;
use super::{Dataset, DatasetError, Problem};

use super::check::{Checker, Env};
use super::deals_csv::{fast_csv, parse_csv};
use super::raw::{Lines, RawRecord, parse_toml};

/// The files a dataset directory holds: (file name, table key, required).
const FILES: &[(&str, &str, bool)] = &[
    ("sources.toml", "source", true),
    ("entities.toml", "entity", true),
    ("deals.toml", "deal", false),
    ("figures.toml", "figure", true),
    ("statements.toml", "statement", true),
    ("topics.toml", "topic", true),
];

const DEALS_CSV: &str = "deals.csv";

/// (display path, file name, contents)
pub(super) type FileText = (String, String, String);

pub(super) fn from_dir(dir: &Path) -> Result<Dataset, DatasetError> {
    let location = dir.display().to_string();
    let fail = |message: String, message_ja: String| DatasetError {
        location: location.clone(),
        problems: vec![Problem::new(location.clone(), None, message, message_ja)],
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        fail(
            format!("cannot read the directory: {e}"),
            format!("ディレクトリを読めません: 「{e}」"),
        )
    })?;
    let known: HashSet<&str> = FILES
        .iter()
        .map(|(n, _, _)| *n)
        .chain([DEALS_CSV])
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        // Not only regular files: a dataset file that is a device or a
        // FIFO is named and refused below, not taken for a missing one.
        .filter(|e| !e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let display = path.display().to_string();
        if !known.contains(name.as_str()) {
            if name.ends_with(".toml") || name.ends_with(".csv") {
                // Sorted: the message is the same on every run.
                let mut expected = known.iter().copied().collect::<Vec<_>>();
                expected.sort_unstable();
                let expected = format!("`{}`", expected.join("`, `"));
                problems.push(Problem::new(
                    display,
                    None,
                    format!("unknown dataset file; expected {expected}"),
                    format!("データセットのファイルではありません。使えるファイル名: {expected}"),
                ));
            }
            continue;
        }
        match crate::input::read(&path, crate::input::InputKind::Dataset) {
            Ok(bytes) => {
                // Invalid UTF-8 is reported with its line, and the file is
                // still read (the bad bytes as U+FFFD), so one bad byte
                // does not turn into "required file is missing" and a
                // cascade of unknown references.
                if let Err(e) = std::str::from_utf8(&bytes) {
                    let before = &bytes[..e.valid_up_to()];
                    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                    let column = before.len()
                        - before
                            .iter()
                            .rposition(|b| *b == b'\n')
                            .map_or(0, |i| i + 1)
                        + 1;
                    problems.push(Problem::new(
                        display.clone(),
                        Some(line),
                        format!(
                            "not valid UTF-8 at byte {column} of the line; save the file as UTF-8"
                        ),
                        format!(
                            "行の {column} バイト目が UTF-8 ではありません。UTF-8 で保存してください"
                        ),
                    ));
                }
                // Valid text is taken as it is, not copied.
                let text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                files.push((display, name, text));
            }
            Err(e) => problems.push(Problem::new(
                display,
                None,
                e.to_string(),
                format!("読めません: 「{e}」"),
            )),
        }
    }
    match from_texts(location.clone(), files) {
        Ok(ds) if problems.is_empty() => Ok(ds),
        Ok(_) => Err(DatasetError { location, problems }),
        Err(mut e) => {
            problems.append(&mut e.problems);
            Err(DatasetError { location, problems })
        }
    }
}

pub(super) fn from_texts(location: String, files: Vec<FileText>) -> Result<Dataset, DatasetError> {
    // A valid dataset loads through serde directly (fast). Only when that
    // meets any problem is everything re-read record by record with field
    // lines, so every problem is reported with its place.
    if let Ok(ds) = check(location.clone(), &files, Typing::Fast) {
        return Ok(ds);
    }
    check(location, &files, Typing::Precise)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Typing {
    /// Straight to typed records; record lines only; gives up at the first problem.
    Fast,
    /// Through raw records with every field's line; reports everything.
    Precise,
}

/// Typed records of every kind, each with its raw record (for lines).
#[derive(Default)]
struct Typed {
    sources: Vec<(RawRecord, Source)>,
    entities: Vec<(RawRecord, Entity)>,
    deals: Vec<(RawRecord, Deal)>,
    figures: Vec<(RawRecord, Figure)>,
    statements: Vec<(RawRecord, Statement)>,
    topics: Vec<(RawRecord, Topic)>,
}

/// Adds `records` to `into`: moved whole when `into` is empty (the usual
/// case: one file per kind), so a large file's records are not copied
/// into a second buffer of the same size.
fn moved_into<T>(into: &mut Vec<T>, mut records: Vec<T>) {
    if into.is_empty() {
        *into = records;
    } else {
        into.append(&mut records);
    }
}

/// Records per piece when a file is parsed in pieces (see [`pieces`]).
const PIECE: usize = 1024;

/// Parses a whole file straight into `T`s; `None` on any problem.
///
/// A TOML parser holds the whole document as a tree before typing it,
/// many times the text's size (860 MB for 200,000 deals), so the file is
/// parsed a thousand records at a time.
fn fast_toml<T: DeserializeOwned>(
    file: &str,
    text: &str,
    key: &'static str,
) -> Option<Vec<(RawRecord, T)>> {
    let lines = Lines::new(text);
    let shared: std::sync::Arc<str> = file.into();
    let mut out = Vec::new();
    for (offset, piece) in pieces(text, &format!("[[{key}]]"), PIECE) {
        let mut doc: HashMap<String, Vec<Spanned<T>>> = toml::from_str(piece).ok()?;
        if doc.keys().any(|k| k != key) {
            return None;
        }
        out.extend(doc.remove(key).unwrap_or_default().into_iter().map(|r| {
            let raw = RawRecord {
                kind: key,
                file: shared.clone(),
                line: lines.line(offset + r.span().start),
                fields: BTreeMap::new(),
            };
            (raw, r.into_inner())
        }));
    }
    Some(out)
}

/// `text` cut before every `every`th line that is exactly `header`, as
/// (byte offset, piece). Each piece is then a document of whole records
/// (a record's subtables, `[deal.ja]`, follow its header), parsed as the
/// whole text would be. A cut can only be wrong inside a multi-line
/// string holding a line that is exactly the header; the piece before it
/// then ends in an unclosed string, fails to parse, and the file is read
/// whole by the precise reader instead.
fn pieces<'a>(text: &'a str, header: &str, every: usize) -> Vec<(usize, &'a str)> {
    let mut cuts = vec![0];
    let mut headers = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == header {
            if headers > 0 && headers % every == 0 {
                cuts.push(at);
            }
            headers += 1;
        }
        at += line.len();
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| (w[0], &text[w[0]..w[1]])).collect()
}

fn precise<T: DeserializeOwned>(
    records: Vec<RawRecord>,
    problems: &mut Vec<Problem>,
) -> Vec<(RawRecord, T)> {
    let mut out = Vec::new();
    for rec in records {
        match rec.typed::<T>() {
            Ok(value) => out.push((rec, value)),
            Err(p) => problems.push(p),
        }
    }
    out
}

fn check(location: String, files: &[FileText], typing: Typing) -> Result<Dataset, DatasetError> {
    let gave_up = || DatasetError {
        location: location.clone(),
        problems: Vec::new(),
    };
    let mut problems = Vec::new();
    let present: HashSet<&str> = files.iter().map(|(_, name, _)| name.as_str()).collect();
    for (file, _, required) in FILES {
        if *required && !present.contains(file) {
            problems.push(Problem::new(
                format!("{location}/{file}"),
                None,
                "required file is missing",
                "必須のファイルがありません",
            ));
        }
    }
    if !present.contains("deals.toml") && !present.contains(DEALS_CSV) {
        problems.push(Problem::new(
            format!("{location}/deals.toml"),
            None,
            "no deals: expected deals.toml or deals.csv",
            "取引がありません: deals.toml か deals.csv が必要です",
        ));
    }
    let mut typed = Typed::default();
    for (display, name, text) in files {
        let key = if name == DEALS_CSV {
            "deal"
        } else {
            match FILES.iter().find(|(n, _, _)| n == name) {
                Some((_, key, _)) => *key,
                None => continue,
            }
        };
        if typing == Typing::Fast && name == DEALS_CSV {
            moved_into(
                &mut typed.deals,
                fast_csv(display, text).ok_or_else(gave_up)?,
            );
            continue;
        }
        if typing == Typing::Fast {
            match key {
                "source" => moved_into(
                    &mut typed.sources,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
                "entity" => moved_into(
                    &mut typed.entities,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
                "deal" => moved_into(
                    &mut typed.deals,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
                "figure" => moved_into(
                    &mut typed.figures,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
                "statement" => moved_into(
                    &mut typed.statements,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
                _ => moved_into(
                    &mut typed.topics,
                    fast_toml(display, text, key).ok_or_else(gave_up)?,
                ),
            }
            continue;
        }
        let records = if name == DEALS_CSV {
            let (records, mut found) = parse_csv(display, text);
            problems.append(&mut found);
            Ok(records)
        } else {
            parse_toml(display, text, key)
        };
        let records = match records {
            Ok(r) => r,
            Err(mut p) => {
                problems.append(&mut p);
                continue;
            }
        };
        let p = &mut problems;
        match key {
            "source" => typed.sources.extend(precise(records, p)),
            "entity" => typed.entities.extend(precise(records, p)),
            "deal" => typed.deals.extend(precise(records, p)),
            "figure" => typed.figures.extend(precise(records, p)),
            "statement" => typed.statements.extend(precise(records, p)),
            _ => typed.topics.extend(precise(records, p)),
        }
    }
    if typing == Typing::Fast && !problems.is_empty() {
        return Err(gave_up());
    }
    let mut checker = Checker { problems };
    let sources = checker.sources(typed.sources);
    let (entities, names) = checker.entities(typed.entities);
    let env = Env {
        sources: sources
            .iter()
            .map(|s| (s.id.clone(), s.line_count))
            .collect(),
        names,
    };
    let mut deals = checker.cited(typed.deals, &env);
    // Typed in the raw records' memory, which was larger.
    deals.shrink_to_fit();
    let figures = checker.cited(typed.figures, &env);
    let statements = checker.cited(typed.statements, &env);
    let topics = checker.topics(typed.topics);
    if !checker.problems.is_empty() {
        checker
            .problems
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(DatasetError {
            location,
            problems: checker.problems,
        });
    }
    let source_index = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let entity_index: super::FastMap<String, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let deal_index = super::DealIndex::build(&deals, &entity_index, entities.len());
    Ok(Dataset {
        origin: location,
        sources,
        entities,
        deals,
        figures,
        statements,
        topics,
        names: env.names,
        source_index,
        entity_index,
        deal_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cut_before_every_nth_header_and_keep_every_byte() {
        let text = "# head\n[[deal]]\nid = \"a\"\n[[deal]]\nid = \"b\"\n[deal.ja]\nx = \"y\"\n[[deal]]\nid = \"c\"\n  [[deal]]\n[[deal]]\nid = \"d\"\n";
        let got = pieces(text, "[[deal]]", 2);
        let starts: Vec<&str> = got.iter().map(|(_, p)| p.lines().next().unwrap()).collect();
        // The indented header is not a cut point (nor counted).
        assert_eq!(starts, ["# head", "[[deal]]"]);
        assert_eq!(
            got[1].1,
            "[[deal]]\nid = \"c\"\n  [[deal]]\n[[deal]]\nid = \"d\"\n"
        );
        assert_eq!(got.iter().map(|(_, p)| *p).collect::<String>(), text);
        assert!(got.iter().all(|(at, p)| &text[*at..*at + p.len()] == *p));
    }
}
