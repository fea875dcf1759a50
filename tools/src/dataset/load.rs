//! Reading and validating dataset files.
//!
//! Files are parsed into raw records that remember the line of every field,
//! then each record is typed and checked on its own, so one bad record does
//! not hide the problems of the others: loading reports them all.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::citation::Citation;
use super::model::*;
use super::names::{NameIndex, Resolution};
use super::{Dataset, DatasetError, Problem};

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

/// One record of a file, each field with its line.
struct RawRecord {
    /// The record kind (`deal`), for messages.
    kind: &'static str,
    file: String,
    line: usize,
    fields: BTreeMap<String, (usize, toml::Value)>,
}

impl RawRecord {
    fn line_of(&self, field: &str) -> usize {
        self.fields.get(field).map_or(self.line, |(line, _)| *line)
    }

    fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: self.file.clone(),
            line: Some(self.line_of(field)),
            message: message.into(),
        }
    }

    /// `deal `nvidia-openai-investment``, naming the record in messages.
    fn id(&self) -> String {
        match self.fields.get("id") {
            Some((_, toml::Value::String(s))) => format!("{} `{s}`", self.kind),
            _ => format!("{} (no id)", self.kind),
        }
    }

    /// Types the record. On failure, the line is that of the field the
    /// error names, when it names one.
    fn typed<T: DeserializeOwned>(&self) -> Result<T, Problem> {
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
            self.problem(field, format!("{}:{field_text} {message}", self.id()))
        })
    }
}

fn backticked(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

/// Line starts of `text`, to turn byte offsets into 1-based lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

type RawFields = BTreeMap<String, Spanned<toml::Value>>;

fn parse_toml(file: &str, text: &str, key: &'static str) -> Result<Vec<RawRecord>, Vec<Problem>> {
    let lines = Lines::new(text);
    let doc: BTreeMap<String, Spanned<Vec<Spanned<RawFields>>>> =
        toml::from_str(text).map_err(|e| {
            vec![Problem {
                file: file.to_string(),
                line: e.span().map(|s| lines.line(s.start)),
                message: format!("not valid TOML: {}", e.message().trim()),
            }]
        })?;
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for (name, tables) in doc {
        if name != key {
            problems.push(Problem {
                file: file.to_string(),
                line: Some(lines.line(tables.span().start)),
                message: format!("unknown table `{name}`: this file holds `[[{key}]]` records"),
            });
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
                file: file.to_string(),
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

/// CSV columns that hold numbers, and the one that holds a list.
const CSV_NUMBERS: &[&str] = &["value_usd", "stake_pct"];
const CSV_BOOLS: &[&str] = &["money_flow"];
const CSV_LIST: &str = "sources";

/// Reads `deals.csv` into the same raw records as `[[deal]]` tables.
/// Empty cells are absent fields; `sources` is `;`-separated. A row with a
/// problem is reported and left out; the other rows go on to every check,
/// so one bad row never hides the problems of the rest.
fn parse_csv(file: &str, text: &str) -> (Vec<RawRecord>, Vec<Problem>) {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect::<Vec<_>>(),
        Err(e) => return (Vec::new(), vec![csv_problem(file, &e)]),
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                problems.push(csv_problem(file, &e));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let mut fields = BTreeMap::new();
        let found = problems.len();
        for (header, cell) in headers.iter().zip(row.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if CSV_NUMBERS.contains(&header.as_str()) {
                match cell.replace('_', "").parse::<f64>() {
                    Ok(n) => toml::Value::Float(n),
                    Err(_) => {
                        problems.push(Problem {
                            file: file.to_string(),
                            line: Some(line),
                            message: format!(
                                "column `{header}`: {} is not a number",
                                crate::quoted(cell)
                            ),
                        });
                        continue;
                    }
                }
            } else if CSV_BOOLS.contains(&header.as_str()) {
                match cell {
                    "true" => toml::Value::Boolean(true),
                    "false" => toml::Value::Boolean(false),
                    _ => {
                        problems.push(Problem {
                            file: file.to_string(),
                            line: Some(line),
                            message: format!(
                                "column `{header}`: {} must be true or false",
                                crate::quoted(cell)
                            ),
                        });
                        continue;
                    }
                }
            } else if header == CSV_LIST {
                toml::Value::Array(
                    cell.split(';')
                        .map(|s| toml::Value::String(s.trim().to_string()))
                        .collect(),
                )
            } else {
                toml::Value::String(cell.to_string())
            };
            fields.insert(header.clone(), (line, value));
        }
        if problems.len() == found {
            records.push(RawRecord {
                kind: "deal",
                file: file.to_string(),
                line,
                fields,
            });
        }
    }
    (records, problems)
}

fn csv_problem(file: &str, e: &csv::Error) -> Problem {
    Problem {
        file: file.to_string(),
        line: e.position().map(|p| p.line() as usize),
        message: format!("not valid CSV: {e}"),
    }
}

/// (display path, file name, contents)
pub(super) type FileText = (String, String, String);

pub(super) fn from_dir(dir: &Path) -> Result<Dataset, DatasetError> {
    let location = dir.display().to_string();
    let fail = |message: String| DatasetError {
        location: location.clone(),
        problems: vec![Problem {
            file: location.clone(),
            line: None,
            message,
        }],
    };
    let entries =
        std::fs::read_dir(dir).map_err(|e| fail(format!("cannot read the directory: {e}")))?;
    let known: HashSet<&str> = FILES
        .iter()
        .map(|(n, _, _)| *n)
        .chain([DEALS_CSV])
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let display = path.display().to_string();
        if !known.contains(name.as_str()) {
            if name.ends_with(".toml") || name.ends_with(".csv") {
                problems.push(Problem {
                    file: display,
                    line: None,
                    message: format!(
                        "unknown dataset file; expected {}",
                        known.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
            continue;
        }
        match std::fs::read(&path) {
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
                    problems.push(Problem {
                        file: display.clone(),
                        line: Some(line),
                        message: format!(
                            "not valid UTF-8 at byte {column} of the line; save the file as UTF-8"
                        ),
                    });
                }
                files.push((display, name, String::from_utf8_lossy(&bytes).into_owned()));
            }
            Err(e) => problems.push(Problem {
                file: display,
                line: None,
                message: format!("cannot read: {e}"),
            }),
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

/// Parses a whole file straight into `T`s; `None` on any problem.
fn fast_toml<T: DeserializeOwned>(
    file: &str,
    text: &str,
    key: &'static str,
) -> Option<Vec<(RawRecord, T)>> {
    let lines = Lines::new(text);
    let mut doc: HashMap<String, Vec<Spanned<T>>> = toml::from_str(text).ok()?;
    if doc.keys().any(|k| k != key) {
        return None;
    }
    let records = doc.remove(key).unwrap_or_default();
    Some(
        records
            .into_iter()
            .map(|r| {
                let raw = RawRecord {
                    kind: key,
                    file: file.to_string(),
                    line: lines.line(r.span().start),
                    fields: BTreeMap::new(),
                };
                (raw, r.into_inner())
            })
            .collect(),
    )
}

/// A row of `deals.csv` as the csv crate reads it; `sources` is one cell.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CsvDeal {
    id: String,
    from: String,
    to: String,
    kind: DealKind,
    value_usd: Option<f64>,
    bound: Option<Bound>,
    per: Option<Per>,
    value_note: Option<String>,
    stake_pct: Option<f64>,
    term: Option<String>,
    date: Option<super::PartialDate>,
    description: String,
    money_flow: Option<bool>,
    #[serde(default)]
    caveat: Option<String>,
    sources: String,
}

/// Reads `deals.csv` straight into deals; `None` on any problem.
fn fast_csv(file: &str, text: &str) -> Option<Vec<(RawRecord, Deal)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().ok()?.clone();
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        let line = record.position().map_or(0, |p| p.line() as usize);
        // csv reads an empty cell as `None`: absent, as in the precise reader.
        let row: CsvDeal = record.deserialize(Some(&headers)).ok()?;
        let sources = row
            .sources
            .split(';')
            .map(|c| c.trim().parse::<Citation>())
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        let deal = Deal {
            id: row.id,
            from: row.from,
            to: row.to,
            kind: row.kind,
            value_usd: row.value_usd,
            bound: row.bound.unwrap_or_default(),
            per: row.per.unwrap_or_default(),
            value_note: row.value_note.filter(|s| !s.is_empty()),
            stake_pct: row.stake_pct,
            term: row.term.filter(|s| !s.is_empty()),
            date: row.date,
            description: row.description,
            money_flow: row.money_flow.unwrap_or(true),
            caveat: row.caveat.filter(|s| !s.is_empty()),
            sources,
        };
        let raw = RawRecord {
            kind: "deal",
            file: file.to_string(),
            line,
            fields: BTreeMap::new(),
        };
        out.push((raw, deal));
    }
    Some(out)
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
            problems.push(Problem {
                file: format!("{location}/{file}"),
                line: None,
                message: "required file is missing".to_string(),
            });
        }
    }
    if !present.contains("deals.toml") && !present.contains(DEALS_CSV) {
        problems.push(Problem {
            file: format!("{location}/deals.toml"),
            line: None,
            message: "no deals: expected deals.toml or deals.csv".to_string(),
        });
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
            typed
                .deals
                .extend(fast_csv(display, text).ok_or_else(gave_up)?);
            continue;
        }
        if typing == Typing::Fast {
            match key {
                "source" => typed
                    .sources
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
                "entity" => typed
                    .entities
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
                "deal" => typed
                    .deals
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
                "figure" => typed
                    .figures
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
                "statement" => typed
                    .statements
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
                _ => typed
                    .topics
                    .extend(fast_toml(display, text, key).ok_or_else(gave_up)?),
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
    let deals = checker.deals(typed.deals, &env);
    let figures = checker.figures(typed.figures, &env);
    let statements = checker.statements(typed.statements, &env);
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
    let entity_index: HashMap<String, usize> = entities
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

/// What later records are checked against.
struct Env {
    /// Source id → line count.
    sources: HashMap<String, u32>,
    names: NameIndex,
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    /// Reports (and drops) records whose id was already used.
    fn unique<T>(
        &mut self,
        records: Vec<(RawRecord, T)>,
        what: &str,
        id: impl Fn(&T) -> &str,
    ) -> Vec<(RawRecord, T)> {
        let mut seen: HashMap<String, (String, usize)> = HashMap::with_capacity(records.len());
        let mut out = Vec::with_capacity(records.len());
        for (rec, value) in records {
            let key = id(&value);
            if let Some((file, line)) = seen.get(key) {
                self.problems.push(rec.problem(
                    "id",
                    format!("duplicate {what} id `{key}` (first defined at {file}:{line})"),
                ));
                continue;
            }
            seen.insert(key.to_string(), (rec.file.clone(), rec.line_of("id")));
            out.push((rec, value));
        }
        out
    }

    fn sources(&mut self, records: Vec<(RawRecord, Source)>) -> Vec<Source> {
        let typed = self.unique(records, "source", |s| &s.id);
        for (rec, s) in &typed {
            if s.line_count == 0 {
                self.problems.push(rec.problem(
                    "line_count",
                    format!("{}: line_count must be at least 1", rec.id()),
                ));
            }
        }
        typed.into_iter().map(|(_, s)| s).collect()
    }

    fn entities(&mut self, records: Vec<(RawRecord, Entity)>) -> (Vec<Entity>, NameIndex) {
        let typed = self.unique(records, "entity", |e| &e.id);
        for (rec, e) in &typed {
            if e.id.is_empty()
                || !e
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.problems.push(rec.problem(
                    "id",
                    format!("{}: id must be lowercase letters, digits and `-`", rec.id()),
                ));
            }
        }
        let entities: Vec<Entity> = typed.iter().map(|(_, e)| e.clone()).collect();
        let (names, clashes) = NameIndex::build(&entities);
        for (name, first, second) in clashes {
            if let Some((rec, _)) = typed.iter().find(|(_, e)| e.id == second) {
                let field = if rec.fields.contains_key("aliases") {
                    "aliases"
                } else {
                    "name"
                };
                self.problems.push(rec.problem(
                    field,
                    format!(
                        "{}: name `{name}` already refers to entity `{first}`",
                        rec.id()
                    ),
                ));
            }
        }
        let mut out = Vec::new();
        for (rec, mut e) in typed {
            if let Some(org) = &e.organisation {
                e.organisation = self.entity_ref(&rec, "organisation", org, &names);
            }
            out.push(e);
        }
        (out, names)
    }

    /// Resolves an entity reference to its id, reporting a miss.
    fn entity_ref(
        &mut self,
        rec: &RawRecord,
        field: &str,
        name: &str,
        names: &NameIndex,
    ) -> Option<String> {
        match names.resolve(name) {
            Resolution::Found(id) => Some(id),
            Resolution::Unknown { suggestions } => {
                let hint = match suggestions.first() {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => String::new(),
                };
                self.problems.push(rec.problem(
                    field,
                    format!(
                        "{} field `{field}`: unknown entity `{name}`{hint}",
                        rec.id()
                    ),
                ));
                None
            }
        }
    }

    fn citations(&mut self, rec: &RawRecord, citations: &[Citation], env: &Env) {
        if citations.is_empty() {
            self.problems.push(rec.problem(
                "sources",
                format!("{}: every record must cite at least one source", rec.id()),
            ));
        }
        for c in citations {
            match env.sources.get(&c.source) {
                None => {
                    let known: Vec<&str> = env.sources.keys().map(String::as_str).collect();
                    let mut known = known;
                    known.sort();
                    self.problems.push(rec.problem(
                        "sources",
                        format!(
                            "{}: citation `{c}` names unknown source `{}`; known sources: {}",
                            rec.id(),
                            c.source,
                            known.join(", ")
                        ),
                    ));
                }
                Some(&count) if c.last_line > count => {
                    self.problems.push(rec.problem("sources", format!("{}: citation `{c}` is past the end of source `{}`, which has {count} lines", rec.id(), c.source)));
                }
                Some(_) => {}
            }
        }
    }

    fn non_negative(&mut self, rec: &RawRecord, field: &str, value: Option<f64>) {
        if let Some(v) = value
            && (!v.is_finite() || v < 0.0)
        {
            self.problems.push(rec.problem(
                field,
                format!(
                    "{} field `{field}`: must be a non-negative amount, got {v}",
                    rec.id()
                ),
            ));
        }
    }

    fn non_empty(&mut self, rec: &RawRecord, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.problems.push(rec.problem(
                field,
                format!("{} field `{field}`: must not be empty", rec.id()),
            ));
        }
    }

    fn deals(&mut self, records: Vec<(RawRecord, Deal)>, env: &Env) -> Vec<Deal> {
        let typed = self.unique(records, "deal", |d| &d.id);
        let mut out = Vec::new();
        for (rec, mut d) in typed {
            let from = self.entity_ref(&rec, "from", &d.from, &env.names);
            let to = self.entity_ref(&rec, "to", &d.to, &env.names);
            self.non_negative(&rec, "value_usd", d.value_usd);
            self.non_negative(&rec, "stake_pct", d.stake_pct);
            if d.stake_pct.is_some_and(|p| p > 100.0) {
                self.problems.push(rec.problem(
                    "stake_pct",
                    format!("{} field `stake_pct`: must be at most 100", rec.id()),
                ));
            }
            if from.is_some() && from == to {
                self.problems.push(rec.problem(
                    "to",
                    format!("{}: `from` and `to` are the same entity", rec.id()),
                ));
            }
            self.non_empty(&rec, "description", &d.description);
            self.citations(&rec, &d.sources, env);
            if let (Some(from), Some(to)) = (from, to) {
                d.from = from;
                d.to = to;
                out.push(d);
            }
        }
        out
    }

    fn figures(&mut self, records: Vec<(RawRecord, Figure)>, env: &Env) -> Vec<Figure> {
        let typed = self.unique(records, "figure", |f| &f.id);
        let mut out = Vec::new();
        for (rec, mut f) in typed {
            let subject = self.entity_ref(&rec, "subject", &f.subject, &env.names);
            if let Some(by) = &f.attributed_to {
                f.attributed_to = self.entity_ref(&rec, "attributed_to", by, &env.names);
            }
            // A change in market value is signed; every other figure is a
            // size and cannot be negative.
            if f.metric != Metric::MarketValueChange {
                self.non_negative(&rec, "value", f.value);
            }
            if f.value.is_none() && f.value_note.is_none() {
                self.problems.push(rec.problem(
                    "value",
                    format!(
                        "{}: give `value`, or `value_note` when the sources state no number",
                        rec.id()
                    ),
                ));
            }
            self.citations(&rec, &f.sources, env);
            if let Some(subject) = subject {
                f.subject = subject;
                out.push(f);
            }
        }
        out
    }

    fn statements(&mut self, records: Vec<(RawRecord, Statement)>, env: &Env) -> Vec<Statement> {
        let typed = self.unique(records, "statement", |s| &s.id);
        let mut out = Vec::new();
        for (rec, mut s) in typed {
            let speaker = self.entity_ref(&rec, "speaker", &s.speaker, &env.names);
            let org = self.entity_ref(&rec, "organisation", &s.organisation, &env.names);
            self.non_empty(&rec, "text", &s.text);
            self.citations(&rec, &s.sources, env);
            if let (Some(speaker), Some(org)) = (speaker, org) {
                s.speaker = speaker;
                s.organisation = org;
                out.push(s);
            }
        }
        out
    }

    fn topics(&mut self, records: Vec<(RawRecord, Topic)>) -> Vec<Topic> {
        let typed = self.unique(records, "topic", |t| &t.id);
        for (rec, t) in &typed {
            if t.terms.iter().all(|term| term.trim().is_empty()) {
                self.problems
                    .push(rec.problem("terms", format!("{}: needs at least one term", rec.id())));
            }
        }
        typed.into_iter().map(|(_, t)| t).collect()
    }
}
