//! Yes, No or Not stated for a yes/no question, from the evidence. Each
//! record in the results (anything with an `id`, `sources` and a text:
//! a statement, a deal's description, a figure's note) is split into
//! sentences; the sentence sharing the most words with the question
//! decides, by whether it affirms or denies what the question asks (a
//! negation in one and not in the other is a No). When a sentence of
//! another record matches as well and says the opposite, the sources
//! differ and the answer says so. When no sentence shares a word with the
//! question beyond the names in it, the dataset does not say.

use std::collections::HashSet;

use serde_json::Value;

use super::{Asked, Results, labels};
use crate::offline::retrieve::{name_terms, terms};
use crate::offline::understand::Understanding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Yes,
    No,
    /// Records that match equally well say opposite things.
    Differ,
    NotStated,
}

impl Verdict {
    pub fn message(self) -> &'static str {
        match self {
            Verdict::Yes => "answer-yes",
            Verdict::No => "answer-no",
            Verdict::Differ => "answer-differ",
            Verdict::NotStated => "answer-not-stated",
        }
    }
}

/// The verdict and the sentence that decided it, with its record's sources.
pub(super) struct Decided {
    pub verdict: Verdict,
    pub sentence: Option<(String, String)>,
}

/// Words that deny what a sentence says, in English and Japanese.
const NEGATIONS_EN: &[&str] = &[
    "no", "not", "never", "nobody", "none", "neither", "nor", "cannot", "without",
];
const NEGATIONS_JA: &[&str] = &["ない", "ません", "なし", "せず", "おらず", "ず、", "ぬ"];

fn negated(text: &str) -> bool {
    let lower = text.to_lowercase().replace('’', "'");
    let words = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .any(|w| NEGATIONS_EN.contains(&w) || w.ends_with("n't"));
    words || NEGATIONS_JA.iter().any(|n| text.contains(n))
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', ';', '!', '?', '。', '；', '！', '？', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Every record of the results: its sources and its texts.
fn records<'a>(v: &'a Value, out: &mut Vec<(&'a Value, Vec<&'a str>)>) {
    match v {
        Value::Object(m) => {
            if m.get("id").is_some_and(Value::is_string) && m.get("sources").is_some() {
                let texts: Vec<&str> = ["text", "description", "note", "reason"]
                    .iter()
                    .filter_map(|f| m.get(*f).and_then(Value::as_str))
                    .collect();
                if !texts.is_empty() {
                    out.push((&m["sources"], texts));
                }
            }
            m.values().for_each(|x| records(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| records(x, out)),
        _ => {}
    }
}

pub(super) fn decide(asked: &Asked, u: &Understanding, res: &Results) -> Decided {
    let mut named = u.entities.clone();
    named.extend(u.speakers.iter().cloned());
    let names = name_terms(&named, asked.data);
    let asked_terms: HashSet<String> = terms(&u.text)
        .into_iter()
        .filter(|t| !names.contains(t))
        .collect();
    let question_negated = negated(&u.text);
    let mut all = Vec::new();
    for (_, _, r) in &res.all {
        records(r, &mut all);
    }
    // Each record's best sentence: (shared words, polarity, sentence, sources).
    let mut best: Vec<(usize, bool, String, String)> = Vec::new();
    for (sources, texts) in all {
        let top = texts
            .iter()
            .flat_map(|t| sentences(t))
            .map(|s| {
                let held: HashSet<String> = terms(s).into_iter().collect();
                (asked_terms.intersection(&held).count(), s)
            })
            .max_by_key(|(n, _)| *n);
        if let Some((n, s)) = top.filter(|(n, _)| *n > 0) {
            let entry = (
                n,
                negated(s) == question_negated,
                s.to_string(),
                labels(sources),
            );
            if !best.iter().any(|b| b.2 == entry.2) {
                best.push(entry);
            }
        }
    }
    let Some(top) = best.iter().map(|b| b.0).max() else {
        return Decided {
            verdict: Verdict::NotStated,
            sentence: None,
        };
    };
    let leading: Vec<&(usize, bool, String, String)> = best.iter().filter(|b| b.0 == top).collect();
    let first = leading[0];
    let verdict = if leading.iter().any(|b| b.1 != first.1) {
        Verdict::Differ
    } else if first.1 {
        Verdict::Yes
    } else {
        Verdict::No
    };
    Decided {
        verdict,
        sentence: Some((first.2.clone(), first.3.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_in_either_language() {
        assert!(negated("There will be no federal bailout for AI"));
        assert!(negated("We do not have or want government guarantees"));
        assert!(negated("OpenAI isn't seeking a backstop"));
        assert!(!negated("Google will sell its Ironwood TPUs"));
        assert!(negated("AIに対する連邦政府の救済はない"));
        assert!(negated("政府保証は持っておらず、求めてもいない"));
        assert!(!negated("GoogleがIronwood TPUをほかの企業に販売する"));
    }
}
