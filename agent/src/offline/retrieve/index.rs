//! The dataset's records in a tantivy index: one document per deal,
//! figure and statement, holding its text (English and, where the dataset
//! has one, its Japanese paraphrase), the names and aliases of the
//! entities it involves, and its kind; scored by BM25. Built once per
//! dataset in memory; a large dataset's index is kept on disk under the
//! user's cache directory, keyed by a digest of what was indexed, and
//! opened from there next time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use steer_tools::Dataset;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DocAddress, IndexReader, IndexWriter, TantivyDocument, Term};

use super::analyzer;
use crate::offline::intent::{Hit, Intent};

/// Records from which an index is worth keeping on disk: below this,
/// building it in memory takes a few milliseconds.
pub const CACHE_FROM: usize = 20_000;

/// At most this many records are scored per query (per pass): the best
/// by text alone and the best among the records of the companies named.
pub const TOP: usize = 64;

/// Bumped whenever the schema or the analyzer changes, so a cached index
/// of another version is not opened.
const VERSION: &str = "steer-retrieval-1";

pub struct Index {
    hits: Vec<Hit>,
    /// The entity ids each record involves, by record.
    involved: Vec<Vec<String>>,
    /// For each entity, the kinds of record that involve it.
    kinds: HashMap<String, [bool; 3]>,
    /// How many deals and figures come before the statements.
    deals: usize,
    figures: usize,
    reader: IndexReader,
    text: Field,
    who: Field,
    /// Whether it was opened from the cache rather than built.
    pub cached: bool,
}

struct Fields {
    schema: Schema,
    text: Field,
    who: Field,
    rec: Field,
}

fn fields() -> Fields {
    let mut b = Schema::builder();
    let text = b.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let who = b.add_text_field("who", STRING);
    let rec = b.add_u64_field("rec", INDEXED | tantivy::schema::FAST);
    Fields {
        schema: b.build(),
        text,
        who,
        rec,
    }
}

fn kind_of(hit: Hit) -> usize {
    match hit {
        Hit::Deal(_) => 0,
        Hit::Figure(_) => 1,
        Hit::Statement(_) => 2,
    }
}

/// The text of a record as indexed, with the entities it involves.
fn record_text(hit: Hit, data: &Dataset) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut add = |s: &str| {
        text.push_str(s);
        text.push('\n');
    };
    let involved: Vec<String> = match hit {
        Hit::Deal(i) => {
            let d = &data.deals[i];
            add(&d.description);
            add(&d.kind.as_str().replace('_', " "));
            d.ja.values().for_each(|s| add(s));
            vec![d.from.to_string(), d.to.to_string()]
        }
        Hit::Figure(i) => {
            let f = &data.figures[i];
            add(&f.metric.as_str().replace('_', " "));
            add(&f.period);
            add(f.note.as_deref().unwrap_or(""));
            f.ja.values().for_each(|s| add(s));
            vec![f.subject.to_string()]
        }
        Hit::Statement(i) => {
            let s = &data.statements[i];
            add(&s.text);
            add(s.role.as_deref().unwrap_or(""));
            add(s.date_note.as_deref().unwrap_or(""));
            s.ja.values().for_each(|t| add(t));
            vec![s.speaker.to_string(), s.organisation.to_string()]
        }
    };
    for id in &involved {
        add(data.name_of(id));
        if let Some(e) = data.entity(id) {
            e.aliases.iter().for_each(|a| add(a));
        }
    }
    (text, involved)
}

fn all_hits(data: &Dataset) -> impl Iterator<Item = Hit> + '_ {
    (0..data.deals.len())
        .map(Hit::Deal)
        .chain((0..data.figures.len()).map(Hit::Figure))
        .chain((0..data.statements.len()).map(Hit::Statement))
}

/// Where a dataset's index is cached: the user's cache directory, or
/// `STEER_CACHE_DIR`.
pub fn cache_root() -> Option<PathBuf> {
    std::env::var_os("STEER_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("steer")))
        .map(|d| d.join("index"))
}

impl Index {
    /// Indexes `data`; a dataset of [`CACHE_FROM`] records or more is
    /// cached under [`cache_root`].
    pub fn new(data: &Dataset) -> Result<Index, String> {
        let records = data.deals.len() + data.figures.len() + data.statements.len();
        let cache = if records >= CACHE_FROM {
            cache_root()
        } else {
            None
        };
        Index::build(data, cache.as_deref())
    }

    /// Indexes `data`, keeping the index under `cache` (a directory of
    /// indexes) when given. A cache that cannot be read or written is
    /// not an error: the index is then built in memory.
    pub fn build(data: &Dataset, cache: Option<&Path>) -> Result<Index, String> {
        let f = fields();
        let hits: Vec<Hit> = all_hits(data).collect();
        let texts: Vec<(String, Vec<String>)> =
            hits.iter().map(|h| record_text(*h, data)).collect();
        let mut kinds: HashMap<String, [bool; 3]> = HashMap::new();
        for (hit, (_, involved)) in hits.iter().zip(&texts) {
            for e in involved {
                kinds.entry(e.clone()).or_default()[kind_of(*hit)] = true;
            }
        }
        let dir = cache.map(|root| root.join(digest(&texts)));
        let opened = dir.as_deref().and_then(|d| open(d, hits.len()));
        let cached = opened.is_some();
        let index = match opened {
            Some(index) => index,
            None => {
                let on_disk = dir.as_deref().and_then(|d| build_on_disk(d, &f, &texts));
                match on_disk {
                    Some(index) => index,
                    None => {
                        let index = tantivy::Index::create_in_ram(f.schema.clone());
                        index
                            .tokenizers()
                            .register(analyzer::NAME, analyzer::analyzer());
                        fill(&index, &f, &texts)
                            .map_err(|e| format!("cannot index the dataset: {e}"))?;
                        index
                    }
                }
            }
        };
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| format!("cannot read the dataset's index: {e}"))?;
        Ok(Index {
            hits,
            involved: texts.into_iter().map(|(_, inv)| inv).collect(),
            kinds,
            deals: data.deals.len(),
            figures: data.figures.len(),
            reader,
            text: f.text,
            who: f.who,
            cached,
        })
    }

    /// The number of records indexed.
    pub fn records(&self) -> usize {
        self.hits.len()
    }

    /// The entities record `hit` involves.
    pub fn involved(&self, hit: Hit) -> &[String] {
        self.doc_of(hit)
            .and_then(|d| self.involved.get(d))
            .map_or(&[], Vec::as_slice)
    }

    pub fn involved_at(&self, doc: usize) -> &[String] {
        self.involved.get(doc).map_or(&[], Vec::as_slice)
    }

    pub fn hit_at(&self, doc: usize) -> Option<Hit> {
        self.hits.get(doc).copied()
    }

    fn doc_of(&self, hit: Hit) -> Option<usize> {
        // Records are indexed deals, then figures, then statements.
        Some(match hit {
            Hit::Deal(i) => i,
            Hit::Figure(i) => self.deals + i,
            Hit::Statement(i) => self.deals + self.figures + i,
        })
        .filter(|d| self.hits.get(*d) == Some(&hit))
    }

    /// How many distinct terms of `text` record `hit` holds.
    pub fn shared_terms(&self, hit: Hit, text: &str, data: &Dataset) -> usize {
        let (record, _) = record_text(hit, data);
        let held: std::collections::HashSet<String> =
            analyzer::terms(&record).into_iter().collect();
        let asked: std::collections::HashSet<String> = analyzer::terms(text).into_iter().collect();
        asked.intersection(&held).count()
    }

    /// Whether any record of the kinds `intent` reads involves `entity`.
    pub fn holds(&self, intent: Intent, entity: &str) -> bool {
        self.kinds.get(entity).is_some_and(|k| {
            k.iter()
                .enumerate()
                .any(|(kind, has)| *has && super::reads_kind(intent, kind))
        })
    }

    /// The best [`TOP`] records sharing a term with `terms` (BM25), and,
    /// when `entities` are given, the best [`TOP`] of those involving one
    /// of them: (record number, score), unordered, each once.
    pub fn search(&self, terms: &[String], entities: &[String]) -> Vec<(usize, f64)> {
        if terms.is_empty() {
            return Vec::new();
        }
        let text = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(self.text, t),
                            IndexRecordOption::WithFreqs,
                        ));
                        (Occur::Should, q)
                    })
                    .collect(),
            ))
        };
        let mut queries = vec![text()];
        if !entities.is_empty() {
            let who: Box<dyn Query> = Box::new(BooleanQuery::new(
                entities
                    .iter()
                    .map(|e| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(self.who, e),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect(),
            ));
            queries.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, text()),
                (Occur::Must, Box::new(ConstScoreQuery::new(who, 0.0))),
            ])));
        }
        let searcher = self.reader.searcher();
        let mut found: HashMap<usize, f64> = HashMap::new();
        for q in queries {
            // A failed search finds nothing; the planner then plans from
            // the cue words alone, as it would for a question no record
            // matches.
            let Ok(top) = searcher.search(&*q, &TopDocs::with_limit(TOP).order_by_score()) else {
                continue;
            };
            for (score, addr) in top {
                if let Some(rec) = record_of(&searcher, addr) {
                    found.insert(rec, f64::from(score));
                }
            }
        }
        found.into_iter().collect()
    }
}

fn record_of(searcher: &tantivy::Searcher, addr: DocAddress) -> Option<usize> {
    let column = searcher
        .segment_reader(addr.segment_ord)
        .fast_fields()
        .u64("rec")
        .ok()?;
    column.first(addr.doc_id).map(|r| r as usize)
}

fn digest(texts: &[(String, Vec<String>)]) -> String {
    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    for (text, involved) in texts {
        h.update(text.as_bytes());
        h.update([0]);
        for e in involved {
            h.update(e.as_bytes());
            h.update([1]);
        }
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A cached index, when there is a complete one for these records.
fn open(dir: &Path, records: usize) -> Option<tantivy::Index> {
    if !dir.join("complete").is_file() {
        return None;
    }
    let index = tantivy::Index::open_in_dir(dir).ok()?;
    index
        .tokenizers()
        .register(analyzer::NAME, analyzer::analyzer());
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .ok()?;
    let docs = reader.searcher().num_docs();
    (docs == records as u64).then_some(index)
}

/// Builds the index in a directory beside `dir` and renames it into
/// place, so a reader never opens a half-written one (two processes
/// building the same index: the first rename wins, the other opens it).
fn build_on_disk(
    dir: &Path,
    f: &Fields,
    texts: &[(String, Vec<String>)],
) -> Option<tantivy::Index> {
    let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).ok()?;
    let built = (|| {
        let index = tantivy::Index::create_in_dir(&tmp, f.schema.clone()).ok()?;
        index
            .tokenizers()
            .register(analyzer::NAME, analyzer::analyzer());
        fill(&index, f, texts).ok()?;
        drop(index);
        std::fs::write(tmp.join("complete"), VERSION).ok()?;
        // An index at `dir` without its marker was cut short or damaged.
        if dir.exists() && !dir.join("complete").is_file() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if std::fs::rename(&tmp, dir).is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        open(dir, texts.len())
    })();
    if built.is_none() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    built
}

fn fill(
    index: &tantivy::Index,
    f: &Fields,
    texts: &[(String, Vec<String>)],
) -> tantivy::Result<()> {
    // One worker for a small dataset (a thread costs more than the
    // indexing); two for a large one.
    let threads = if texts.len() >= CACHE_FROM { 2 } else { 1 };
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, 30_000_000 * threads)?;
    for (rec, (text, involved)) in texts.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.text, text);
        for e in involved {
            doc.add_text(f.who, e);
        }
        doc.add_u64(f.rec, rec as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}
