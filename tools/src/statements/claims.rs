//! Reading a statement claim by claim: each sentence or clause on each
//! topic it touches, and the statement's overall stance per topic.

use crate::OutputLang;
use crate::dataset::Topic;

use super::{
    Claim, ClaimTopic, Item, Polarity, Reading, Stance, TopicStance, japanese, polarity, text,
};

/// Reads every claim of `item` on every topic in `topics`.
pub(crate) fn analyse(item: &Item, topics: &[&Topic], lang: OutputLang) -> Vec<Claim> {
    let statement_words = text::tokens(&item.text);
    let japanese = japanese::is_japanese(&item.text);
    let in_context = |t: &Topic| {
        t.context.is_empty()
            || t.context.iter().any(|c| {
                !text::find_phrase(&statement_words, &text::phrase_words(c)).is_empty()
                    || (japanese && !japanese::find_terms(&item.text, &[c.as_str()]).is_empty())
            })
    };
    let topics: Vec<&&Topic> = topics.iter().filter(|t| in_context(t)).collect();
    text::claims(&item.text)
        .into_iter()
        .filter_map(|(start, end)| {
            let claim_text = item.text.get(start..end)?;
            let toks = text::tokens(claim_text);
            let mut claim_topics = Vec::new();
            // A Japanese claim is read by substring (no word boundaries).
            let read_japanese = japanese::is_japanese(claim_text);
            if read_japanese {
                for topic in &topics {
                    let terms: Vec<&str> = topic.terms.iter().map(String::as_str).collect();
                    let hits = japanese::find_terms(claim_text, &terms);
                    let readings: Vec<Reading> = hits
                        .iter()
                        .map(|&h| japanese::read(claim_text, h, lang))
                        .collect();
                    let mut found: Vec<String> = hits
                        .iter()
                        .map(|&(a, b)| claim_text[a..b].to_string())
                        .collect();
                    found.dedup();
                    if let Some(reading) = readings
                        .iter()
                        .find(|r| r.polarity != Polarity::Neutral)
                        .or(readings.first())
                        .cloned()
                    {
                        claim_topics.push(ClaimTopic {
                            topic: topic.id.clone(),
                            terms: found,
                            reading,
                        });
                    }
                }
            }
            for topic in topics.iter().filter(|_| !read_japanese) {
                // Longest terms first, so "loan guarantees" wins over "guarantees".
                let mut terms: Vec<Vec<String>> = topic
                    .terms
                    .iter()
                    .map(|t| text::phrase_words(t))
                    .filter(|t| !t.is_empty())
                    .collect();
                terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
                let mut taken = vec![false; toks.len()];
                let mut hits: Vec<(usize, usize)> = Vec::new();
                for term in &terms {
                    for (a, b) in text::find_phrase(&toks, term) {
                        if taken[a..b].iter().all(|t| !t) {
                            taken[a..b].iter_mut().for_each(|t| *t = true);
                            hits.push((a, b));
                        }
                    }
                }
                if hits.is_empty() {
                    continue;
                }
                hits.sort();
                let readings: Vec<Reading> = hits
                    .iter()
                    .map(|&h| polarity::read(claim_text, &toks, h, &item.own_names, lang))
                    .collect();
                let mut found: Vec<String> = hits
                    .iter()
                    .map(|&(a, b)| claim_text[toks[a].start..toks[b - 1].end].to_string())
                    .collect();
                found.dedup();
                let reading = readings
                    .iter()
                    .find(|r| r.polarity != Polarity::Neutral)
                    .or(readings.first())
                    .cloned();
                if let Some(reading) = reading {
                    claim_topics.push(ClaimTopic {
                        topic: topic.id.clone(),
                        terms: found,
                        reading,
                    });
                }
            }
            // Offsets in characters, as a reader (or a model) counts them
            // in Japanese text; bytes would point inside a character.
            let start_char = item.text.get(..start)?.chars().count();
            Some(Claim {
                text: claim_text.to_string(),
                start: start_char,
                end: start_char + claim_text.chars().count(),
                topics: claim_topics,
            })
        })
        .collect()
}

pub(super) fn stances(claims: &[Claim]) -> Vec<TopicStance> {
    let mut out: Vec<TopicStance> = Vec::new();
    for ct in claims.iter().flat_map(|c| &c.topics) {
        let this = match ct.reading.polarity {
            Polarity::For => Stance::For,
            Polarity::Against => Stance::Against,
            Polarity::Neutral => Stance::Neutral,
        };
        match out.iter_mut().find(|s| s.topic == ct.topic) {
            None => out.push(TopicStance {
                topic: ct.topic.clone(),
                stance: this,
            }),
            Some(s) => {
                s.stance = match (s.stance, this) {
                    (a, Stance::Neutral) => a,
                    (Stance::Neutral, b) => b,
                    (a, b) if a == b => a,
                    _ => Stance::Mixed,
                }
            }
        }
    }
    out
}
