//! Retrieval over the dataset's records: which deal, figure or statement a
//! part of a request is about. The records are in a full-text index
//! ([`index`], tantivy, BM25) with English stemming and Japanese as
//! character bigrams ([`analyzer`]); a question's words that are not the
//! names of the companies it asks about are the query. The planner uses
//! it where the cue vocabulary recognises no question ("is X planning
//! Y?", "how long until Y?") and where the named companies hold no
//! record of the kind the cue asked for; the report uses the same terms
//! to put the most relevant rows first.

pub mod analyzer;
pub mod index;

use std::collections::{BTreeSet, HashSet};

use steer_tools::Dataset;

pub use super::intent::Hit;
use super::intent::{Form, Intent};
use super::understand::Understanding;
pub use analyzer::terms;
pub use index::Index;

/// A record and how well it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub hit: Hit,
    pub score: f64,
}

/// The records `text` matches, best first. Only words that are not the
/// names of `entities` count as a match (a record is not about the
/// question because it names the same company); among records that match,
/// those involving more of `entities` rank first (the BM25 score times
/// one plus the number of them the record involves).
pub fn rank(index: &Index, text: &str, entities: &[String], data: &Dataset) -> Vec<Ranked> {
    let names = name_terms(entities, data);
    let mut seen = HashSet::new();
    let query: Vec<String> = terms(text)
        .into_iter()
        .filter(|q| !names.contains(q) && seen.insert(q.clone()))
        .collect();
    let mut ranked: Vec<(usize, f64)> = index
        .search(&query, entities)
        .into_iter()
        .map(|(doc, score)| {
            let involved = index.involved_at(doc);
            let about = entities.iter().filter(|e| involved.contains(e)).count();
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
        .filter_map(|(doc, score)| {
            Some(Ranked {
                hit: index.hit_at(doc)?,
                score,
            })
        })
        .collect()
}

/// A match strong enough to plan from: with a company named, a record
/// involving it that shares a rare word with the question (BM25 scores
/// are doubled for such records); with none named, a record sharing at
/// least [`UNNAMED_TERMS`] words with it, rare ones (one rare word alone,
/// "week" in a question about the weather, is a coincidence).
const ENOUGH_ABOUT: f64 = 4.0;
const ENOUGH_UNNAMED: f64 = 10.0;
const UNNAMED_TERMS: usize = 2;

/// Whether an intent reads records of a kind (0 deals, 1 figures, 2
/// statements, as [`index`] numbers them).
fn reads_kind(intent: Intent, kind: usize) -> bool {
    let wanted = match intent {
        Intent::Statements | Intent::Disagreement => 2,
        Intent::Figures | Intent::Comparison | Intent::Funding => 1,
        Intent::Deals | Intent::Terms | Intent::Exposure | Intent::Circular | Intent::Overlap => 0,
    };
    kind == wanted
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
                            .any(|f| *f.subject == **e && f.metric == m)
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
        if best.score < needed
            || (u.entities.is_empty()
                && index.shared_terms(best.hit, &u.text, data) < UNNAMED_TERMS)
        {
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
                entities.push(s.organisation.to_string());
                u.topic = None;
                (Intent::Statements, Some(s.speaker.to_string()))
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
pub fn name_terms(entities: &[String], data: &Dataset) -> HashSet<String> {
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
        rank(&Index::new(&data).unwrap(), text, &ids, &data)
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

    #[test]
    fn a_cached_index_is_opened_and_ranks_the_same() {
        let data = data();
        let dir = tempfile::tempdir().unwrap();
        let built = Index::build(&data, Some(dir.path())).unwrap();
        assert!(!built.cached);
        let opened = Index::build(&data, Some(dir.path())).unwrap();
        assert!(opened.cached, "the second build opens the cached index");
        assert_eq!(opened.records(), built.records());
        let q = "Is Google going to sell its TPUs to other companies?";
        let ids = vec!["google".to_string()];
        assert_eq!(rank(&built, q, &ids, &data), rank(&opened, q, &ids, &data));
        // A cache left incomplete (no marker) is rebuilt, not opened.
        let entry = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        std::fs::remove_file(entry.join("complete")).unwrap();
        assert!(!Index::build(&data, Some(dir.path())).unwrap().cached);
    }

    #[test]
    fn a_japanese_question_finds_a_record_by_its_paraphrase() {
        let hit = top("AIバブルについてオルトマンは何と言った？", &["sam-altman"]);
        assert!(hit.is_some());
    }
}
