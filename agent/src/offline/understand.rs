//! What the offline planner understands of a request: the entities it
//! names (by name or alias, English or Japanese), the intents, years and
//! amounts. Matching is lexical and deterministic; what it does not
//! recognise it says it did not recognise.

use std::collections::BTreeSet;

use steer_tools::Dataset;
use steer_tools::dataset::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Intent {
    /// Can the company's revenue cover its commitments?
    Funding,
    /// What did it say, does it contradict itself?
    Statements,
    /// Circular money flows.
    Circular,
    /// Comparing companies' figures or projections.
    Comparison,
    /// The terms of an agreement between two companies.
    Terms,
    /// The deals involving a company.
    Deals,
}

impl Intent {
    pub fn describe(self) -> &'static str {
        match self {
            Intent::Funding => "revenue against commitments",
            Intent::Statements => "statements and contradictions",
            Intent::Circular => "circular money flows",
            Intent::Comparison => "a comparison between companies",
            Intent::Terms => "the terms of an agreement",
            Intent::Deals => "deals involving a company",
        }
    }
}

/// Cue words per intent: English (matched as lower-case words or phrases)
/// and Japanese (matched as substrings, Japanese has no spaces).
const CUES: &[(Intent, &[&str])] = &[
    (
        Intent::Funding,
        &[
            "fund",
            "funding",
            "afford",
            "pay for",
            "pay its",
            "cover",
            "commitments",
            "commitment",
            "revenue",
            "growth",
            "1.4t",
            "trillion",
            "払え",
            "払う",
            "賄",
            "資金",
            "収益",
            "売上",
            "コミットメント",
            "コンピュート契約",
            "兆ドル",
        ],
    ),
    (
        Intent::Statements,
        &[
            "backstop",
            "guarantee",
            "guarantees",
            "bailout",
            "bail out",
            "contradict",
            "contradiction",
            "contradicts",
            "consistent",
            "inconsistent",
            "said",
            "say",
            "statement",
            "statements",
            "government support",
            "loan",
            "loans",
            "発言",
            "矛盾",
            "保証",
            "救済",
            "バックストップ",
            "一貫",
            "政府",
        ],
    ),
    (
        Intent::Circular,
        &[
            "circular",
            "round-trip",
            "round trip",
            "roundtripping",
            "round-tripping",
            "cycle",
            "cycles",
            "loop",
            "loops",
            "money flow",
            "money flows",
            "vendor financing",
            "循環",
            "還流",
            "ループ",
            "ぐるぐる",
        ],
    ),
    (
        Intent::Comparison,
        &[
            "compare",
            "compared",
            "comparison",
            "versus",
            "vs",
            "against",
            "比較",
            "比べ",
            "対して",
        ],
    ),
    (
        Intent::Terms,
        &[
            "agreement",
            "terms",
            "partnership",
            "exclusive",
            "exclusivity",
            "stake",
            "royalty",
            "契約条件",
            "提携",
            "合意",
            "独占",
            "出資比率",
            "条件",
        ],
    ),
    (
        Intent::Deals,
        &[
            "deal",
            "deals",
            "invest",
            "investment",
            "investments",
            "contract",
            "contracts",
            "取引",
            "投資",
            "契約",
        ],
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    /// Entity ids in the order they appear in the request.
    pub entities: Vec<String>,
    pub intents: BTreeSet<Intent>,
    pub years: Vec<i32>,
    pub japanese: bool,
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Positions where `needle` occurs in `haystack` as a word (ASCII
/// boundaries; Japanese text around an ASCII name does not block it).
fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    if !needle.is_ascii() {
        return haystack.find(needle);
    }
    haystack.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(is_ascii_word) && !after.is_some_and(is_ascii_word)
    })
}

pub fn understand(request: &str, data: &Dataset) -> Understanding {
    let lower = request.to_lowercase();
    let japanese = request
        .chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff));
    let mut found: Vec<(usize, String)> = Vec::new();
    for e in &data.entities {
        if e.kind == EntityKind::Group {
            continue;
        }
        let names = std::iter::once(&e.name).chain(e.aliases.iter());
        let at = names
            .filter_map(|n| find_word(&lower, &n.to_lowercase()))
            .min();
        if let Some(at) = at {
            // People stand for the organisation they speak for.
            let id = match (e.kind, &e.organisation) {
                (EntityKind::Person, Some(org)) => org.clone(),
                _ => e.id.clone(),
            };
            found.push((at, id));
        }
    }
    found.sort();
    let mut entities: Vec<String> = Vec::new();
    for (_, id) in found {
        if !entities.contains(&id) {
            entities.push(id);
        }
    }
    let mut intents = BTreeSet::new();
    for (intent, cues) in CUES {
        if cues.iter().any(|c| find_word(&lower, c).is_some()) {
            intents.insert(*intent);
        }
    }
    let years = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .collect();
    Understanding {
        entities,
        intents,
        years,
        japanese,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(text: &str) -> Understanding {
        understand(text, &Dataset::builtin().unwrap())
    }

    #[test]
    fn entities_by_alias_in_both_languages() {
        assert_eq!(
            u("What does MSFT owe Cooreweave?").entities,
            ["microsoft", "coreweave"]
        );
        assert_eq!(
            u("OpenAIは1.4兆ドルのコンピュート契約を払えるのか").entities,
            ["openai"]
        );
        assert_eq!(u("What did Sarah Friar say?").entities, ["openai"]);
        assert!(
            u("Is Metallica profitable?").entities.is_empty(),
            "no match inside other words"
        );
    }

    proptest::proptest! {
        #![proptest_config(steer_tools::testing::config())]

        #[test]
        fn any_request_is_understood_without_panic(request in steer_tools::testing::text()) {
            let x = u(&request);
            for id in &x.entities {
                proptest::prop_assert!(Dataset::builtin().unwrap().entity(id).is_some());
            }
        }
    }

    #[test]
    fn intents_and_years() {
        let x = u("Can OpenAI fund its compute commitments by 2030?");
        assert!(x.intents.contains(&Intent::Funding));
        assert_eq!(x.years, [2030]);
        assert!(
            u("OpenAIの政府保証についての発言は矛盾しているか")
                .intents
                .contains(&Intent::Statements)
        );
        assert!(
            u("NVIDIAをめぐる循環取引")
                .intents
                .contains(&Intent::Circular)
        );
    }
}
