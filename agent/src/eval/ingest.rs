//! `steer eval --ingest DIR`: how well ingest drafts the records of an
//! annotated folder of documents. `DIR/expected.toml` lists, for each
//! document, the records a careful person would write from it; every
//! other `.md` or `.txt` file in the folder is a document too (one that
//! should yield nothing counts against precision only). The drafter is
//! the one a real ingest uses (the offline extractor, or the configured
//! model), so the same folder compares them.
//!
//! A drafted deal, figure or statement matches an expected record when it
//! cites the expected line, names the same parties (through the dataset's
//! names and aliases, and the entities the ingest drafts alongside), has
//! the same kind or metric, and states the same amount (dollars within
//! 1%; an amount in a currency the dataset does not convert, as written).
//! Entities are not scored: they are drafted for the records that use them.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::Dataset;
use steer_tools::ingest::RecordType;

use crate::ingest::{Batch, Drafter};

/// One record a document should yield.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub document: String,
    /// deal, figure or statement.
    #[serde(rename = "type")]
    pub record: String,
    /// Who pays (a deal), whose figure, or who a statement speaks for.
    pub party: String,
    /// Who is paid (a deal).
    pub counterparty: Option<String>,
    /// The deal's kind or the figure's metric.
    pub kind: Option<String>,
    pub amount_usd: Option<f64>,
    /// An amount the dataset keeps as written (yen): `1500億円`.
    pub amount_note: Option<String>,
    pub line: u32,
    /// en or ja; by default the document's script decides.
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFile {
    #[serde(default)]
    expect: Vec<Expect>,
}

/// Counts for one slice (all, a record type, a language).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    pub expected: usize,
    /// Expected records a proposal matched.
    pub found: usize,
    /// Deal, figure and statement proposals.
    pub proposed: usize,
    /// Proposals that matched an expected record.
    pub correct: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.expected)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.proposed)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// An expected record no proposal matched, or a proposal that matched
/// nothing: what to read to improve the extractor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Miss {
    pub document: String,
    pub line: String,
    pub what: String,
}

/// The scorecard of one folder.
#[derive(Debug, Clone, Serialize)]
pub struct IngestCard {
    pub drafter: String,
    pub total: Counts,
    pub by_type: BTreeMap<String, Counts>,
    pub by_lang: BTreeMap<String, Counts>,
    pub missed: Vec<Miss>,
    pub wrong: Vec<Miss>,
}

/// Scores `drafter` on the annotated folder `dir`, drafting against `data`.
pub fn score(dir: &Path, drafter: &dyn Drafter, data: &Dataset) -> Result<IngestCard, String> {
    if !dir.is_dir() {
        return Err(crate::tr!(
            crate::i18n::speaking(),
            "eval-ingest-no-folder",
            dir = dir.display().to_string()
        ));
    }
    let annotations = dir.join("expected.toml");
    let text =
        steer_tools::input::read_to_string(&annotations, steer_tools::input::InputKind::Config)
            .map_err(|e| {
                crate::tr!(
                    crate::i18n::speaking(),
                    "eval-ingest-no-annotations",
                    error = crate::localised::input_error(&e, crate::i18n::speaking())
                )
            })?;
    let expected = toml::from_str::<ExpectFile>(&text)
        .map_err(|e| {
            crate::tr!(
                crate::i18n::speaking(),
                "eval-ingest-bad-annotations",
                path = match crate::localised::toml_line(&text, &e) {
                    Some(line) => format!("{}:{line}", annotations.display()),
                    None => annotations.display().to_string(),
                },
                detail = e.message().trim()
            )
        })?
        .expect;
    let documents = documents(dir)?;
    for (k, e) in expected.iter().enumerate() {
        if !matches!(e.record.as_str(), "deal" | "figure" | "statement") {
            return Err(crate::tr!(
                crate::i18n::speaking(),
                "eval-ingest-bad-type",
                path = annotations.display().to_string(),
                n = k + 1,
                document = e.document.as_str(),
                record = e.record.as_str()
            ));
        }
        if !documents.iter().any(|d| file_name(d) == e.document) {
            return Err(crate::tr!(
                crate::i18n::speaking(),
                "eval-ingest-no-document",
                path = annotations.display().to_string(),
                document = e.document.as_str(),
                dir = dir.display().to_string()
            ));
        }
    }
    let mut card = IngestCard {
        drafter: drafter.name(),
        total: Counts::default(),
        by_type: BTreeMap::new(),
        by_lang: BTreeMap::new(),
        missed: Vec::new(),
        wrong: Vec::new(),
    };
    for path in &documents {
        let name = file_name(path);
        let batch = crate::ingest::prepare(path, data, drafter)?;
        let doc_lang = lang_of(&batch);
        let wanted: Vec<&Expect> = expected.iter().filter(|e| e.document == name).collect();
        let proposals: Vec<&crate::ingest::Proposal> =
            batch.proposals.iter().filter(|p| scored(p.kind)).collect();
        let names = Names::of(data, &batch);
        // The language each matched proposal is counted under: its
        // expected record's (a mixed document has lines of both).
        let mut taken: Vec<Option<String>> = vec![None; proposals.len()];
        for e in &wanted {
            let lang = e.lang.clone().unwrap_or_else(|| doc_lang.clone());
            let hit = (0..proposals.len())
                .find(|&i| taken[i].is_none() && matches(e, proposals[i], &names));
            for counts in slices(&mut card, &e.record, &lang) {
                counts.expected += 1;
                counts.found += usize::from(hit.is_some());
            }
            match hit {
                Some(i) => taken[i] = Some(lang),
                None => card.missed.push(Miss {
                    document: name.clone(),
                    line: e.line.to_string(),
                    what: describe_expect(e),
                }),
            }
        }
        for (p, hit) in proposals.iter().zip(&taken) {
            let record = p.kind.as_str().to_string();
            let lang = hit.as_deref().unwrap_or(&doc_lang);
            for counts in slices(&mut card, &record, lang) {
                counts.proposed += 1;
                counts.correct += usize::from(hit.is_some());
            }
            if hit.is_none() {
                card.wrong.push(Miss {
                    document: name.clone(),
                    line: p.evidence.lines.clone(),
                    what: describe_proposal(p),
                });
            }
        }
    }
    Ok(card)
}

/// The counters a record of `record` type in `lang` adds to.
fn slices<'a>(card: &'a mut IngestCard, record: &str, lang: &str) -> [&'a mut Counts; 3] {
    let IngestCard {
        total,
        by_type,
        by_lang,
        ..
    } = card;
    [
        total,
        by_type.entry(record.to_string()).or_default(),
        by_lang.entry(lang.to_string()).or_default(),
    ]
}

fn scored(kind: RecordType) -> bool {
    matches!(
        kind,
        RecordType::Deal | RecordType::Figure | RecordType::Statement
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or(String::new(), |n| n.to_string_lossy().to_string())
}

/// The folder's documents, in name order.
fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        crate::tr!(
            crate::i18n::speaking(),
            "io-cannot-read",
            path = dir.display().to_string(),
            why = crate::localised::io_reason(&e, crate::i18n::speaking())
        )
    })?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt"))
        .collect();
    out.sort();
    Ok(out)
}

/// The document's language, as ingest registered it.
fn lang_of(batch: &Batch) -> String {
    batch.source["language"]
        .as_str()
        .map_or("en".to_string(), str::to_string)
}

/// Which ids a name in an annotation may be drafted as: the dataset's
/// entity it names, an entity the ingest drafted under that name or
/// alias, or the id ingest would make of it.
struct Names<'a> {
    data: &'a Dataset,
    known: Vec<(String, String)>,
}

impl<'a> Names<'a> {
    fn of(data: &'a Dataset, batch: &Batch) -> Names<'a> {
        let mut known = Vec::new();
        for p in batch
            .proposals
            .iter()
            .filter(|p| p.kind == RecordType::Entity)
        {
            let id = p.record["id"].as_str().unwrap_or_default().to_string();
            let mut names = vec![p.record["name"].as_str().unwrap_or_default().to_string()];
            if let Some(aliases) = p.record["aliases"].as_array() {
                names.extend(aliases.iter().filter_map(Value::as_str).map(str::to_string));
            }
            for n in names {
                known.push((fold(&n), id.clone()));
            }
        }
        Names { data, known }
    }

    fn ids(&self, name: &str) -> HashSet<String> {
        let mut ids = HashSet::new();
        if let steer_tools::dataset::Resolution::Found(id) = self.data.resolve(name) {
            ids.insert(id);
        }
        let folded = fold(name);
        for (n, id) in &self.known {
            if *n == folded {
                ids.insert(id.clone());
            }
        }
        ids.insert(name.to_lowercase().replace(' ', "-"));
        ids
    }
}

/// A name as compared: lower case, letters and digits only.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether line `line` is within `lines` (`6` or `6-7`).
fn covers(lines: &str, line: u32) -> bool {
    let mut ends = lines.split('-').map(|n| n.trim().parse::<u32>());
    match (ends.next(), ends.next()) {
        (Some(Ok(a)), None) => a == line,
        (Some(Ok(a)), Some(Ok(b))) => (a..=b).contains(&line),
        _ => false,
    }
}

fn matches(e: &Expect, p: &crate::ingest::Proposal, names: &Names) -> bool {
    if p.kind.as_str() != e.record || !covers(&p.evidence.lines, e.line) {
        return false;
    }
    let r = &p.record;
    let field = |k: &str| r[k].as_str().unwrap_or_default();
    let (party, counterparty, kind, value) = match p.kind {
        RecordType::Deal => ("from", Some("to"), Some("kind"), r["value_usd"].as_f64()),
        RecordType::Figure => ("subject", None, Some("metric"), r["value"].as_f64()),
        RecordType::Statement => ("organisation", None, None, None),
        _ => return false,
    };
    if !names.ids(&e.party).contains(field(party)) {
        return false;
    }
    if let (Some(want), Some(f)) = (&e.counterparty, counterparty)
        && !names.ids(want).contains(field(f))
    {
        return false;
    }
    if let (Some(want), Some(f)) = (&e.kind, kind)
        && field(f) != want
    {
        return false;
    }
    if let Some(want) = e.amount_usd
        && !value.is_some_and(|v| (v - want).abs() <= want.abs() * 0.01)
    {
        return false;
    }
    if let Some(note) = &e.amount_note {
        let said = format!(
            "{} {} {}",
            field("value_note"),
            field("note"),
            field("description")
        );
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        if !squeeze(&said).contains(&squeeze(note)) {
            return false;
        }
    }
    true
}

fn describe_expect(e: &Expect) -> String {
    let mut out = format!("{} {}", e.record, e.party);
    if let Some(c) = &e.counterparty {
        out.push_str(&format!(" → {c}"));
    }
    if let Some(k) = &e.kind {
        out.push_str(&format!(" ({k})"));
    }
    match (&e.amount_usd, &e.amount_note) {
        (Some(v), _) => out.push_str(&format!(" {}", steer_tools::format::usd(*v))),
        (None, Some(n)) => out.push_str(&format!(" {n}")),
        _ => {}
    }
    out
}

fn describe_proposal(p: &crate::ingest::Proposal) -> String {
    let r = &p.record;
    let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    match p.kind {
        RecordType::Deal => format!("deal {} → {} ({})", s("from"), s("to"), s("kind")),
        RecordType::Figure => format!("figure {} {}", s("subject"), s("metric")),
        _ => format!("statement {} ({})", s("organisation"), s("speaker")),
    }
}
