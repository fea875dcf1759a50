//! `steer ingest`: a new document becomes a source of the dataset, and
//! the records it supports are drafted (by the offline extractor), checked
//! against their lines (a draft its lines do not support is dropped and
//! counted, never shown as fact), compared with what the dataset already
//! holds (duplicates are flagged, not proposed again), and written only
//! when accepted.

mod cited;
mod confidence;
pub use confidence::Confidence;
mod review;
pub use cited::{Cited, cited, cited_lines};
pub use review::summary;
pub mod model;
pub mod script;
pub mod session;
pub mod write;

use std::path::Path;
use steer_tools::input::{self, InputKind};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use steer_tools::Dataset;
use steer_tools::dataset::Citation;
use steer_tools::ingest::{Documents, Draft, Evidence, RecordType, evidence, extract};

/// What became of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    /// The dataset already holds it.
    Duplicate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    #[serde(rename = "type")]
    pub kind: RecordType,
    pub record: Value,
    pub evidence: Evidence,
    /// How sure the draft is: `low` when part of it was inferred (a party
    /// named only on another line, no amount stated); shown last, marked.
    #[serde(default)]
    pub confidence: Confidence,
    /// Why it was drafted, and what makes it less sure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub status: Status,
    /// Why it is a duplicate, or why writing it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One document's ingest: its source entry, the proposals, and how many
/// drafts the evidence check dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub source: Value,
    pub proposals: Vec<Proposal>,
    pub dropped: usize,
    /// Why each dropped draft was dropped (`record id: problem`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_why: Vec<String>,
    /// Set when the same text is already a source: nothing is proposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already: Option<String>,
    /// Lines that state an amount or speak of a deal but yielded no
    /// proposal: listed for the person to add by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_drafted: Vec<steer_tools::ingest::Evidence>,
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub document: String,
}

/// Who drafts a document's records: the offline extractor, or a model.
pub trait Drafter {
    /// Named in the session log.
    fn name(&self) -> String;
    /// The records `text` (source `source`, dated `date`) supports, with
    /// their evidence; what fails to be a record is an `Err` per draft,
    /// counted as dropped.
    fn draft(
        &self,
        source: &str,
        date: Option<&str>,
        text: &str,
        data: &Dataset,
    ) -> Result<Vec<Result<Draft, String>>, String>;
}

/// The embedded extractor: no model, the same drafts every time.
pub struct Offline;

impl Drafter for Offline {
    fn name(&self) -> String {
        "offline extractor".to_string()
    }

    fn draft(
        &self,
        source: &str,
        date: Option<&str>,
        text: &str,
        data: &Dataset,
    ) -> Result<Vec<Result<Draft, String>>, String> {
        Ok(extract(source, date, text, data)
            .into_iter()
            .map(Ok)
            .collect())
    }
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The first date the opening lines state: 2025-11-06, 2025-11,
/// 2025年11月6日, 2025年11月.
fn stated_date(text: &str) -> Option<String> {
    for line in text.lines().take(5) {
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() {
            let year: String = chars[i..].iter().take(4).collect();
            if year.len() != 4
                || !year.chars().all(|c| c.is_ascii_digit())
                || (i > 0 && chars[i - 1].is_ascii_digit())
            {
                continue;
            }
            let rest: String = chars[i + 4..].iter().take(8).collect();
            let num = |s: &str| -> Option<u32> {
                let d: String = s.chars().take_while(char::is_ascii_digit).collect();
                d.parse().ok().filter(|_| !d.is_empty() && d.len() <= 2)
            };
            let (sep_month, sep_day) = if rest.starts_with('-') {
                ('-', '-')
            } else if rest.starts_with('年') {
                ('年', '月')
            } else {
                continue;
            };
            let after = &rest[sep_month.len_utf8()..];
            let Some(month) = num(after).filter(|m| (1..=12).contains(m)) else {
                continue;
            };
            let after_month = &after[month
                .to_string()
                .len()
                .max(after.chars().take_while(char::is_ascii_digit).count())..];
            let day = after_month
                .strip_prefix(sep_day)
                .and_then(num)
                .filter(|d| (1..=31).contains(d));
            return Some(match day {
                Some(d) => format!("{year}-{month:02}-{d:02}"),
                None => format!("{year}-{month:02}"),
            });
        }
    }
    None
}

fn title_of(text: &str) -> String {
    let line = text
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
        .unwrap_or("untitled");
    let short: String = line.chars().take(120).collect();
    if short.chars().count() < line.chars().count() {
        format!("{short}…")
    } else {
        short
    }
}

/// Whether the document is in Japanese, read from its opening (the first
/// 4,000 characters tell as well as the whole).
fn japanese(text: &str) -> bool {
    let text: String = text.chars().take(4_000).collect();
    let ja = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff))
        .count();
    ja * 10 > text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The next free source id: one past the largest numeric id, three digits.
fn next_source_id(data: &Dataset) -> String {
    let n = data
        .sources
        .iter()
        .filter_map(|s| s.id.parse::<u32>().ok())
        .max()
        .map_or(0, |n| n + 1);
    format!("{n:03}")
}

/// Why `draft` is already in `data`, if it is.
fn duplicate(draft: &Draft, data: &Dataset) -> Option<String> {
    let r = &draft.record;
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => steer_tools::ingest::same_amount(a, b),
        (None, None) => true,
        _ => false,
    };
    match draft.kind {
        RecordType::Deal => data
            .deals
            .iter()
            .find(|d| {
                r["from"] == *d.from
                    && r["to"] == *d.to
                    && r["kind"] == d.kind.as_str()
                    && same(r["value_usd"].as_f64(), d.value_usd)
            })
            .map(|d| {
                crate::tr!(
                    crate::i18n::speaking(),
                    "duplicate-deal",
                    id = d.id.as_str()
                )
            }),
        RecordType::Figure => data
            .figures
            .iter()
            .find(|f| {
                r["subject"] == *f.subject
                    && r["metric"] == f.metric.as_str()
                    && same(r["value"].as_f64(), f.value)
            })
            .map(|f| {
                crate::tr!(
                    crate::i18n::speaking(),
                    "duplicate-figure",
                    id = f.id.as_str()
                )
            }),
        RecordType::Statement => {
            let text = steer_tools::dataset::normalise(r["text"].as_str().unwrap_or(""));
            data.statements
                .iter()
                .find(|s| steer_tools::dataset::normalise(&s.text) == text)
                .map(|s| {
                    crate::tr!(
                        crate::i18n::speaking(),
                        "duplicate-statement",
                        id = s.id.as_str()
                    )
                })
        }
        RecordType::Entity => data.entity(r["id"].as_str().unwrap_or("")).map(|e| {
            crate::tr!(
                crate::i18n::speaking(),
                "duplicate-entity",
                id = e.id.as_str()
            )
        }),
    }
}

/// The claim a drafted record makes, for the evidence check.
fn check_draft(
    draft: &Draft,
    data: &Dataset,
    known: &evidence::Known,
    docs: &Documents,
) -> Vec<String> {
    let r = &draft.record;
    let citations: Vec<Citation> = r["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str()?.parse().ok())
        .collect();
    let str_of = |k: &str| r[k].as_str().unwrap_or("");
    let bound: steer_tools::dataset::Bound =
        serde_json::from_value(r["bound"].clone()).unwrap_or_default();
    let claim = match draft.kind {
        RecordType::Deal => evidence::Claim {
            amount: r["value_usd"]
                .as_f64()
                .map(|v| (v, steer_tools::ingest::AmountUnit::Usd)),
            bound,
            parties: vec![str_of("from"), str_of("to")],
            citations: &citations,
            ..evidence::Claim::default()
        },
        RecordType::Figure => evidence::Claim {
            amount: r["value"]
                .as_f64()
                .map(|v| (v, steer_tools::ingest::AmountUnit::Usd)),
            bound,
            parties: vec![str_of("subject")],
            citations: &citations,
            ..evidence::Claim::default()
        },
        RecordType::Statement => evidence::Claim {
            parties: vec![str_of("speaker")],
            citations: &citations,
            ..evidence::Claim::default()
        },
        RecordType::Entity => return Vec::new(),
    };
    evidence::check_with(data, known, docs, &claim)
        .into_iter()
        .map(|f| f.problem)
        .collect()
}

/// Reads `path` and drafts what it adds to `data`: nothing is written.
pub fn prepare(path: &Path, data: &Dataset, drafter: &dyn Drafter) -> Result<Batch, String> {
    let bytes = input::read(path, InputKind::Document)
        .map_err(|e| crate::localised::input_error(&e, crate::i18n::speaking()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (byte {}): steer ingests text and Markdown documents",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        return Err(format!("{} is empty", path.display()));
    }
    let name = path.file_name().map_or("document.txt".to_string(), |n| {
        n.to_string_lossy().to_string()
    });
    let hash = sha256(&text);
    let id = next_source_id(data);
    let date = stated_date(&text);
    let mut source = json!({
        "id": id,
        "file": name,
        "title": title_of(&text),
        "language": if japanese(&text) { "ja" } else { "en" },
        "line_count": text.lines().count().max(1),
        "sha256": hash,
    });
    if let Some(d) = &date {
        source["date"] = json!(d);
    }
    if let Some(s) = data
        .sources
        .iter()
        .find(|s| s.sha256.as_deref() == Some(hash.as_str()))
    {
        return Ok(Batch {
            source: json!({"id": s.id, "file": s.file, "title": s.title, "sha256": hash}),
            proposals: Vec::new(),
            dropped: 0,
            dropped_why: Vec::new(),
            already: Some(format!(
                "{} has the same text as source {} ({}): nothing new to propose",
                path.display(),
                s.id,
                s.file
            )),
            not_drafted: Vec::new(),
            text,
            document: name,
        });
    }
    let mut dropped_why = Vec::new();
    let drafts: Vec<Draft> = drafter
        .draft(&id, date.as_deref(), &text, data)?
        .into_iter()
        .filter_map(|d| d.map_err(|e| dropped_why.push(e)).ok())
        .collect();
    let mut docs = Documents::new();
    docs.add(&id, &text);
    let new: evidence::NewNames = drafts
        .iter()
        .filter(|d| d.kind == RecordType::Entity)
        .map(|d| {
            let id = d.record["id"].as_str().unwrap_or("").to_string();
            let names = [&d.record["name"]]
                .into_iter()
                .chain(d.record["aliases"].as_array().into_iter().flatten())
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            (id, names)
        })
        .collect();
    let known = evidence::Known::new(data, &new);
    let mut proposals: Vec<Proposal> = Vec::new();
    // Record ids in use: the dataset's (one namespace for deals, figures
    // and statements, as the tools cite them) and the proposals' so far.
    let mut taken: std::collections::HashSet<String> = data
        .deals
        .iter()
        .map(|x| x.id.clone())
        .chain(data.figures.iter().map(|x| x.id.clone()))
        .chain(data.statements.iter().map(|x| x.id.clone()))
        .chain(data.entities.iter().map(|x| x.id.clone()))
        .collect();
    // Each draft's check and duplicate search stand alone: a long
    // document's drafts are checked in two halves at once.
    let judge = |ds: &[Draft]| -> Vec<Result<Option<String>, Vec<String>>> {
        ds.iter()
            .map(|d| {
                let problems = check_draft(d, data, &known, &docs);
                if problems.is_empty() {
                    Ok(duplicate(d, data))
                } else {
                    Err(problems)
                }
            })
            .collect()
    };
    let verdicts = if drafts.len() >= 200 {
        let (a, b) = drafts.split_at(drafts.len() / 2);
        let (first, second) = std::thread::scope(|s| {
            let first = s.spawn(|| judge(a));
            (first.join(), judge(b))
        });
        let mut all = match first {
            Ok(v) => v,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        all.extend(second);
        all
    } else {
        judge(&drafts)
    };
    for (mut d, verdict) in drafts.into_iter().zip(verdicts) {
        let (status, note) = match verdict {
            Err(problems) => {
                dropped_why.push(format!(
                    "{} {}: {}",
                    d.kind.as_str(),
                    d.record["id"].as_str().unwrap_or("?"),
                    problems.join("; ")
                ));
                continue;
            }
            Ok(Some(why)) => (Status::Duplicate, Some(why)),
            Ok(None) => (Status::Proposed, None),
        };
        // Ids unique against the dataset and the other proposals.
        let base = d.record["id"].as_str().unwrap_or("record").to_string();
        if d.kind != RecordType::Entity || status == Status::Proposed {
            let mut candidate = base.clone();
            let mut n = 2;
            while d.kind != RecordType::Entity && taken.contains(candidate.as_str()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            d.record["id"] = json!(candidate);
        }
        if d.kind != RecordType::Entity
            && let Some(id) = d.record["id"].as_str()
        {
            taken.insert(id.to_string());
        }
        let (confidence, reason) = confidence::judge(&d, &known);
        proposals.push(Proposal {
            kind: d.kind,
            record: d.record,
            evidence: d.evidence,
            confidence,
            reason,
            status,
            note,
        });
    }
    // The less sure last, entities (which the records need first) first.
    proposals.sort_by_key(|p| (p.kind != RecordType::Entity, p.confidence));
    let not_drafted = steer_tools::ingest::not_drafted(
        &text,
        proposals
            .iter()
            .filter(|p| p.kind != RecordType::Entity)
            .map(|p| p.evidence.lines.as_str()),
    );
    Ok(Batch {
        source,
        proposals,
        dropped: dropped_why.len(),
        dropped_why,
        already: None,
        not_drafted,
        text,
        document: name,
    })
}

/// Registers the batch's document in `dir` (sources.toml and a copy under
/// documents/), unless it is already there.
pub fn register(dir: &Path, batch: &mut Batch) -> Result<(), write::WriteError> {
    if batch.already.is_some() {
        return Ok(());
    }
    let doc = write::document_path(dir, &batch.document, &batch.text);
    let documents = dir.join("documents");
    std::fs::create_dir_all(&documents).map_err(crate::files::failed("create", &documents))?;
    write::atomic(&doc, &batch.text)?;
    let file = doc
        .file_name()
        .map_or(batch.document.clone(), |f| f.to_string_lossy().to_string());
    batch.source["file"] = json!(file);
    write::add(dir, "sources.toml", "source", &batch.source)
}
