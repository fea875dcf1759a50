//! Retrieval over the dataset's records: which deal, figure or statement a
//! part of a request is about, ranked by the words they share (English
//! words reduced to a stem, Japanese as character bigrams), each word
//! weighted by how rare it is among the records (idf). The planner uses
//! it where the cue vocabulary recognises no question ("is X planning
//! Y?", "how long until Y?") and where the named companies hold no
//! record of the kind the cue asked for; the report uses it to put the
//! most relevant rows first.
//!
//! This is a small lexical ranker over the dataset held in memory: it
//! scores every record per query, which is fine for the built-in dataset
//! (about a hundred records) and not meant for large ones.

use std::collections::{BTreeSet, HashMap, HashSet};

use steer_tools::Dataset;

pub use super::intent::Hit;
use super::intent::{Form, Intent};
use super::understand::Understanding;

/// A record and how well it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub hit: Hit,
    pub score: f64,
}

/// Words that carry no topic in a question.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "what",
    "which",
    "who",
    "whom",
    "why",
    "how",
    "when",
    "where",
    "much",
    "many",
    "its",
    "it",
    "their",
    "they",
    "them",
    "this",
    "that",
    "these",
    "those",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "from",
    "by",
    "at",
    "as",
    "and",
    "or",
    "but",
    "about",
    "into",
    "over",
    "than",
    "any",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "there",
    "according",
    "say",
    "said",
    "says",
    "tell",
    "me",
    "us",
    "our",
    "we",
    "you",
    "your",
    "i",
    "going",
    "long",
    "until",
    "after",
    "before",
    "each",
    "every",
    "all",
    "other",
    "others",
    "some",
    "more",
    "most",
    "not",
    "no",
    "yes",
    "so",
    "if",
    "per",
    "company",
    "companies",
    "ai",
];

/// The terms of a text: English words stemmed, Japanese as bigrams.
pub fn terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if word.len() >= 2 && !STOP.contains(&word.as_str()) {
            out.push(stem(word));
        }
        word.clear();
    };
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        if cjk.len() == 1 {
            out.push(cjk[0].to_string());
        }
        out.extend(cjk.windows(2).map(|p| p.iter().collect::<String>()));
        cjk.clear();
    };
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.push(c);
        } else if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk, &mut out);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xff66..=0xff9f)
}

/// A light English stem: plural and verb endings off, so "guarantees",
/// "guaranteed" and "guarantee" meet.
fn stem(word: &str) -> String {
    let base = ["ing", "ed", "es", "s", "e"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix).filter(|b| b.len() >= 4))
        .unwrap_or(word);
    // "guarantee", "guarantees", "guaranteed": one stem.
    base.strip_suffix('e')
        .filter(|b| b.len() >= 4)
        .unwrap_or(base)
        .to_string()
}

/// The words of a record, with the names of the entities it involves.
fn record_text(hit: Hit, data: &Dataset) -> (String, Vec<&str>) {
    match hit {
        Hit::Deal(i) => {
            let d = &data.deals[i];
            (
                format!(
                    "{} {} {} {}",
                    d.description,
                    d.kind.as_str().replace('_', " "),
                    data.name_of(&d.from),
                    data.name_of(&d.to)
                ),
                vec![d.from.as_str(), d.to.as_str()],
            )
        }
        Hit::Figure(i) => {
            let f = &data.figures[i];
            (
                format!(
                    "{} {} {} {}",
                    f.metric.as_str().replace('_', " "),
                    f.period,
                    f.note.as_deref().unwrap_or(""),
                    data.name_of(&f.subject)
                ),
                vec![f.subject.as_str()],
            )
        }
        Hit::Statement(i) => {
            let s = &data.statements[i];
            (
                format!(
                    "{} {} {} {} {}",
                    s.text,
                    s.role.as_deref().unwrap_or(""),
                    s.date_note.as_deref().unwrap_or(""),
                    data.name_of(&s.speaker),
                    data.name_of(&s.organisation)
                ),
                vec![s.speaker.as_str(), s.organisation.as_str()],
            )
        }
    }
}

fn all_hits(data: &Dataset) -> impl Iterator<Item = Hit> + '_ {
    (0..data.deals.len())
        .map(Hit::Deal)
        .chain((0..data.figures.len()).map(Hit::Figure))
        .chain((0..data.statements.len()).map(Hit::Statement))
}

/// The dataset's records as an inverted index: each term, the records
/// holding it. Built once per dataset (the offline planner keeps it), so
/// a question costs the postings of its own terms, not a pass over every
/// record.
pub struct Index {
    hits: Vec<Hit>,
    /// The entity ids each record involves, by record.
    involved: Vec<Vec<String>>,
    postings: HashMap<String, Vec<u32>>,
}

impl Index {
    pub fn new(data: &Dataset) -> Index {
        let mut index = Index {
            hits: Vec::new(),
            involved: Vec::new(),
            postings: HashMap::new(),
        };
        for hit in all_hits(data) {
            let (text, involved) = record_text(hit, data);
            let doc = index.hits.len() as u32;
            let unique: HashSet<String> = terms(&text).into_iter().collect();
            for t in unique {
                index.postings.entry(t).or_default().push(doc);
            }
            index.hits.push(hit);
            index
                .involved
                .push(involved.into_iter().map(str::to_string).collect());
        }
        index
    }

    /// The entities record `hit` involves.
    fn involved(&self, hit: Hit) -> &[String] {
        self.hits
            .iter()
            .position(|h| *h == hit)
            .map_or(&[], |i| self.involved[i].as_slice())
    }

    /// Whether any record of the kinds `intent` reads involves `entity`.
    fn holds(&self, intent: Intent, entity: &str) -> bool {
        self.hits
            .iter()
            .zip(&self.involved)
            .any(|(hit, involved)| reads(intent, *hit) && involved.iter().any(|e| e == entity))
    }
}

/// The records `text` matches, best first. Only words that are not the
/// names of `entities` count as a match (a record is not about the
/// question because it names the same company); among records that match,
/// those involving more of `entities` rank first.
pub fn rank(index: &Index, text: &str, entities: &[String], data: &Dataset) -> Vec<Ranked> {
    let names = name_terms(entities, data);
    let mut seen = HashSet::new();
    let n = index.hits.len() as f64;
    let mut scores: HashMap<u32, f64> = HashMap::new();
    for q in terms(text) {
        if names.contains(&q) || !seen.insert(q.clone()) {
            continue;
        }
        let Some(docs) = index.postings.get(&q) else {
            continue;
        };
        let idf = (1.0 + n / docs.len() as f64).ln();
        for d in docs {
            *scores.entry(*d).or_default() += idf;
        }
    }
    let mut ranked: Vec<(u32, f64)> = scores
        .into_iter()
        .map(|(doc, score)| {
            let involved = &index.involved[doc as usize];
            let about = entities.iter().filter(|e| involved.contains(e)).count();
            // Records of the companies asked about first (those involving
            // more of them before those involving fewer), then the rest.
            let score = if entities.is_empty() {
                score * 2.0
            } else {
                score * (1 + about) as f64
            };
            (doc, score)
        })
        .collect();
    // Ties in dataset order, so the ranking is the same on every run.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .map(|(doc, score)| Ranked {
            hit: index.hits[doc as usize],
            score,
        })
        .collect()
}

/// A match strong enough to plan from: with a company named, a record
/// involving it that shares a word with the question that fewer than
/// about one record in twelve has (scores are doubled for such records);
/// with none named, about two rare words.
const ENOUGH_ABOUT: f64 = 4.0;
const ENOUGH_UNNAMED: f64 = 10.0;

/// The kinds of record an intent reads.
fn reads(intent: Intent, hit: Hit) -> bool {
    match intent {
        Intent::Statements | Intent::Disagreement => matches!(hit, Hit::Statement(_)),
        Intent::Figures | Intent::Comparison | Intent::Funding => matches!(hit, Hit::Figure(_)),
        Intent::Deals | Intent::Terms | Intent::Exposure | Intent::Circular | Intent::Overlap => {
            matches!(hit, Hit::Deal(_))
        }
    }
}

/// Plans a part from the record it matches where the cue words cannot:
/// the part asks nothing the cues know (it would fall back to a list of
/// deals), names no company (an industry-wide figure), or asks for a kind
/// of record (a statement, a metric's figures) that the named companies
/// do not have. The part is then about the matched record: its subject,
/// speaker or parties, and the intent that reads it. `named_unknown`: the
/// request names something the dataset does not know, so a part naming no
/// known company is not matched to an unrelated record.
pub fn refine(parts: &mut [Understanding], named_unknown: bool, index: &Index, data: &Dataset) {
    for u in parts.iter_mut() {
        let cue_fits = match (u.entities.first(), u.intents.iter().next()) {
            (None, _) => false,
            (Some(_), None) => u.metric.is_some() || u.form == Form::Why,
            (Some(e), Some(_)) => {
                let who = u.speakers.first().unwrap_or(e);
                let figures_missing = u.intents.contains(&Intent::Figures)
                    && u.metric.is_some_and(|m| {
                        !data
                            .figures
                            .iter()
                            .any(|f| &f.subject == e && f.metric == m)
                    });
                let statements_missing = u.intents.len() == 1
                    && u.intents.contains(&Intent::Statements)
                    && !index.holds(Intent::Statements, who);
                !(figures_missing || statements_missing)
            }
        };
        if cue_fits {
            continue;
        }
        if u.entities.is_empty() && named_unknown {
            continue;
        }
        // What the named companies hold stands in for a kind of record
        // they do not have (no statement by NVIDIA: its deals), when no
        // record matches the question's words either.
        let fallback = |u: &mut Understanding| {
            if u.intents.len() == 1
                && u.intents.contains(&Intent::Statements)
                && u.entities.iter().any(|e| index.holds(Intent::Deals, e))
            {
                u.intents = BTreeSet::from([Intent::Deals]);
                u.topic = None;
            }
        };
        let Some(best) = rank(index, &u.text, &u.entities, data).into_iter().next() else {
            fallback(u);
            continue;
        };
        let (involved, needed) = {
            let involved = index.involved(best.hit);
            let about = u.entities.iter().any(|e| involved.contains(e));
            let needed = if u.entities.is_empty() {
                ENOUGH_UNNAMED
            } else if about {
                ENOUGH_ABOUT
            } else {
                f64::INFINITY
            };
            (involved.to_vec(), needed)
        };
        if best.score < needed {
            fallback(u);
            continue;
        }
        // The record's own entities lead; the others named stay after.
        let mut entities: Vec<String> = Vec::new();
        let (intent, speaker) = match best.hit {
            Hit::Figure(i) => {
                u.metric = Some(data.figures[i].metric);
                (Intent::Figures, None)
            }
            Hit::Statement(i) => {
                let s = &data.statements[i];
                entities.push(s.organisation.clone());
                u.topic = None;
                (Intent::Statements, Some(s.speaker.clone()))
            }
            Hit::Deal(_) => (Intent::Deals, None),
        };
        for e in involved.into_iter().chain(u.entities.drain(..)) {
            let known = data
                .entity(&e)
                .is_some_and(|x| !matches!(x.kind, steer_tools::dataset::EntityKind::Person));
            if known && !entities.contains(&e) {
                entities.push(e);
            }
        }
        u.entities = entities;
        if let Some(s) = speaker {
            u.speakers = vec![s];
        }
        u.intents = BTreeSet::from([intent]);
        u.retrieved = Some(best.hit);
    }
}

/// The terms of the names (and aliases) of `entities`.
fn name_terms(entities: &[String], data: &Dataset) -> HashSet<String> {
    entities
        .iter()
        .flat_map(|id| {
            let e = data.entity(id);
            std::iter::once(data.name_of(id).to_string())
                .chain(e.into_iter().flat_map(|e| e.aliases.iter().cloned()))
        })
        .flat_map(|n| terms(&n))
        .collect()
}

/// How well a row of a result matches part `u`, for ordering rows: the
/// count of terms they share, the names of the companies and people the
/// part names left out (every row of their lookup names them).
pub fn relevance(u: &Understanding, data: &Dataset, row: &str) -> usize {
    let mut named = u.entities.clone();
    named.extend(u.speakers.iter().cloned());
    let names = name_terms(&named, data);
    let q: HashSet<String> = terms(&u.text)
        .into_iter()
        .filter(|t| !names.contains(t))
        .collect();
    let r: HashSet<String> = terms(row).into_iter().collect();
    q.intersection(&r).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Dataset {
        Dataset::builtin().unwrap()
    }

    fn top(text: &str, entities: &[&str]) -> Option<Hit> {
        let ids: Vec<String> = entities.iter().map(|e| e.to_string()).collect();
        let data = data();
        rank(&Index::new(&data), text, &ids, &data)
            .first()
            .map(|r| r.hit)
    }

    fn id_of(hit: Hit) -> String {
        let d = data();
        match hit {
            Hit::Deal(i) => d.deals[i].id.clone(),
            Hit::Figure(i) => d.figures[i].id.clone(),
            Hit::Statement(i) => d.statements[i].id.clone(),
        }
    }

    #[test]
    fn terms_stem_english_and_pair_japanese() {
        let t = terms("Guarantees guaranteed guarantee prices price");
        assert_eq!(t[0], t[1]);
        assert_eq!(t[1], t[2]);
        assert_eq!(t[3], t[4]);
        assert_eq!(terms("供給過剰"), ["供給", "給過", "過剰"]);
        assert!(terms("What is the").is_empty());
    }

    #[test]
    fn the_record_that_answers_ranks_first() {
        let cases = [
            (
                "How long until there is a glut of compute?",
                vec!["openai"],
                "altman-bg2-ammunition",
            ),
            (
                "Is Google going to sell its TPUs to other companies?",
                vec!["google"],
                "tpu-buyers-google-tpus",
            ),
            (
                "What does NVIDIA guarantee to CoreWeave?",
                vec!["nvidia", "coreweave"],
                "nvidia-coreweave-capacity",
            ),
            (
                "How does AI service revenue compare with what is spent on AI hardware?",
                vec![],
                "ai-revenue-to-hardware-ratio",
            ),
            (
                "Does the ChatGPT Pro plan make money?",
                vec!["openai"],
                "chatgpt-pro-price",
            ),
        ];
        for (text, entities, expected) in cases {
            let hit = top(text, &entities).unwrap_or_else(|| panic!("nothing for {text}"));
            assert_eq!(id_of(hit), expected, "{text}");
        }
    }

    #[test]
    fn a_question_of_names_only_matches_nothing() {
        assert!(top("OpenAI", &["openai"]).is_none());
        assert!(top("What's the weather in Tokyo?", &[]).is_none());
    }
}
