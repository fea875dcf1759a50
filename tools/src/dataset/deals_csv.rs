//! `deals.csv`: the same deals as `[[deal]]` tables, one row each.

use std::collections::BTreeMap;

use super::Problem;
use super::citation::Citation;
use super::model::*;

use super::raw::RawRecord;

/// CSV columns that hold numbers, and the one that holds a list.
const CSV_NUMBERS: &[&str] = &["value_usd", "stake_pct"];
const CSV_BOOLS: &[&str] = &["money_flow"];
const CSV_LIST: &str = "sources";

/// Reads `deals.csv` into the same raw records as `[[deal]]` tables.
/// Empty cells are absent fields; `sources` is `;`-separated. A row with a
/// problem is reported and left out; the other rows go on to every check,
/// so one bad row never hides the problems of the rest.
pub(super) fn parse_csv(file: &str, text: &str) -> (Vec<RawRecord>, Vec<Problem>) {
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
                        let cell = crate::quoted(cell);
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            format!("column `{header}`: {cell} is not a number"),
                            format!("列 `{header}`: {cell} は数値ではありません"),
                        ));
                        continue;
                    }
                }
            } else if CSV_BOOLS.contains(&header.as_str()) {
                match cell {
                    "true" => toml::Value::Boolean(true),
                    "false" => toml::Value::Boolean(false),
                    _ => {
                        let cell = crate::quoted(cell);
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            format!("column `{header}`: {cell} must be true or false"),
                            format!(
                                "列 `{header}`: {cell} は `true` か `false` でなければなりません"
                            ),
                        ));
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
                file: file.into(),
                line,
                fields,
            });
        }
    }
    (records, problems)
}

pub(super) fn csv_problem(file: &str, e: &csv::Error) -> Problem {
    Problem::new(
        file,
        e.position().map(|p| p.line() as usize),
        format!("not valid CSV: {e}"),
        format!("CSV として読めません: 「{e}」"),
    )
}

/// A row of `deals.csv` as the csv crate reads it; `sources` is one cell.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CsvDeal {
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
pub(super) fn fast_csv(file: &str, text: &str) -> Option<Vec<(RawRecord, Deal)>> {
    // Trimmed by hand, and only the rows that need it: the reader's own
    // trimming rebuilds every row.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let headers = reader.headers().ok()?.clone();
    let padded = |s: &str| s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace);
    let shared: std::sync::Arc<str> = file.into();
    // The parties as written, each held once however many deals name it.
    let mut parties: super::FastMap<String, EntityId> = super::FastMap::default();
    let mut party = |name: String| match parties.get(&name) {
        Some(id) => id.clone(),
        None => {
            let id = EntityId::from(name.as_str());
            parties.insert(name, id.clone());
            id
        }
    };
    // One row per line (quoted newlines aside): sized once, not doubled.
    let mut out = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count());
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().any(padded) {
            record.trim();
        }
        // csv reads an empty cell as `None`: absent, as in the precise reader.
        let row: CsvDeal = record.deserialize(Some(&headers)).ok()?;
        // Sized to the citations: a collected vector would start at four.
        let mut sources = Vec::with_capacity(row.sources.split(';').count());
        for c in row.sources.split(';') {
            sources.push(c.trim().parse::<Citation>().ok()?);
        }
        let deal = Deal {
            id: row.id,
            from: party(row.from),
            to: party(row.to),
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
            ja: BTreeMap::new(),
            sources,
        };
        let raw = RawRecord {
            kind: "deal",
            file: shared.clone(),
            line,
            fields: BTreeMap::new(),
        };
        out.push((raw, deal));
    }
    Some(out)
}
