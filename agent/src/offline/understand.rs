//! What the offline planner understands of a request: its parts (a
//! request may ask several things), and for each part the entities it
//! names (by name or alias, English or Japanese), the people among them,
//! the intents, the metric, the topic, the years and how the question asks
//! to be answered (yes/no, which, why). Matching is lexical and
//! deterministic; what it does not recognise it says it did not recognise.

use std::collections::BTreeSet;

use steer_tools::Dataset;
use steer_tools::dataset::{EntityKind, Metric};

use super::cues::{self, CUES, FORMS, METRICS};
pub use super::intent::{Form, Intent};

#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    /// The part of the request, in its own words.
    pub text: String,
    /// Entity ids in the order they appear (a person stands for the
    /// organisation they speak for).
    pub entities: Vec<String>,
    /// The people named, as entity ids.
    pub speakers: Vec<String>,
    pub intents: BTreeSet<Intent>,
    pub metric: Option<Metric>,
    /// A topic of the dataset's lexicon the part is about.
    pub topic: Option<String>,
    pub form: Form,
    pub years: Vec<i32>,
    pub japanese: bool,
    /// It points back to what came before ("and…", "what about…", "it").
    pub refers_back: bool,
    /// The record the part was matched to by retrieval (see
    /// `retrieve::refine`), when the cue words did not decide it.
    pub retrieved: Option<super::intent::Hit>,
}

impl Understanding {
    /// Whether it asks anything the planner knows how to plan.
    pub fn asks(&self) -> bool {
        !self.intents.is_empty() || self.metric.is_some() || self.form == Form::Why
    }
}

/// The request's parts, each understood; a part that names nothing and
/// asks nothing of its own ("and why?") joins the part before it, and a
/// part that names no company speaks of the one before it ("…, and has it
/// been consistent?").
pub fn parts(request: &str, data: &Dataset) -> Vec<Understanding> {
    let mut out: Vec<Understanding> = Vec::new();
    for text in cues::split_parts(request) {
        let mut u = understand(&text, data);
        if let Some(before) = out.last_mut() {
            if u.entities.is_empty() && u.intents.is_empty() && u.metric.is_none() {
                before.text = format!("{}, {}", before.text, u.text);
                if u.form != Form::Open {
                    before.form = u.form;
                }
                continue;
            }
            if u.entities.is_empty() && !cues::names_something(&u.text) {
                u.entities = before.entities.clone();
                u.speakers = before.speakers.clone();
                if u.topic.is_none() {
                    u.topic = before.topic.clone();
                }
                if u.years.is_empty() {
                    u.years = before.years.clone();
                }
            }
        }
        out.push(u);
    }
    if out.is_empty() {
        out.push(understand(request, data));
    }
    out
}

/// One part of a request.
pub fn understand(text: &str, data: &Dataset) -> Understanding {
    let lower = text.to_lowercase();
    let japanese = text
        .chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff));
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut speakers: Vec<(usize, String)> = Vec::new();
    for e in &data.entities {
        if e.kind == EntityKind::Group {
            continue;
        }
        let names = std::iter::once(&e.name).chain(e.aliases.iter());
        let at = names
            .filter_map(|n| cues::find_word(&lower, &n.to_lowercase()))
            .min();
        if let Some(at) = at {
            // People stand for the organisation they speak for.
            let id = match (e.kind, &e.organisation) {
                (EntityKind::Person, Some(org)) => {
                    speakers.push((at, e.id.clone()));
                    org.clone()
                }
                _ => e.id.clone(),
            };
            found.push((at, id));
        }
    }
    found.sort();
    speakers.sort();
    let mut entities: Vec<String> = Vec::new();
    for (_, id) in found {
        if !entities.contains(&id) {
            entities.push(id);
        }
    }
    let mut intents: BTreeSet<Intent> = CUES
        .iter()
        .filter(|(_, words)| cues::any(&lower, words))
        .map(|(intent, _)| *intent)
        .collect();
    let metric = METRICS
        .iter()
        .filter_map(|(m, words)| cues::first_at(&lower, words).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, m)| m);
    let form = FORMS
        .iter()
        .find(|(_, test)| test(text, &lower))
        .map_or(Form::Open, |(f, _)| *f);
    if cues::overlap(&lower) && !intents.contains(&Intent::Circular) {
        intents.insert(Intent::Overlap);
    }
    // The more specific intent covers the general one it shares words with.
    if intents.contains(&Intent::Overlap) {
        intents.remove(&Intent::Deals);
        intents.remove(&Intent::Circular);
    }
    if intents.contains(&Intent::Exposure) {
        intents.remove(&Intent::Funding);
    }
    if intents.contains(&Intent::Disagreement) {
        intents.insert(Intent::Statements);
    }
    let plain_metric = metric.is_some_and(|m| m != Metric::ComputeCommitments);
    if plain_metric
        && !intents.iter().any(|i| {
            matches!(
                i,
                Intent::Funding | Intent::Comparison | Intent::Exposure | Intent::Terms
            )
        })
    {
        intents.insert(Intent::Figures);
    }
    if intents.len() > 1 {
        intents.remove(&Intent::Deals);
    }
    let years = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .collect();
    let mut speaker_ids: Vec<String> = Vec::new();
    for (_, id) in speakers {
        if !speaker_ids.contains(&id) {
            speaker_ids.push(id);
        }
    }
    Understanding {
        text: text.trim().to_string(),
        entities,
        speakers: speaker_ids,
        intents,
        metric,
        topic: topic_of(&lower, data),
        form,
        years,
        japanese,
        refers_back: cues::refers_back(&lower),
        retrieved: None,
    }
}

/// The dataset topic whose terms occur first in the text, or
/// government support when the text speaks of governments helping.
fn topic_of(lower: &str, data: &Dataset) -> Option<String> {
    let lexicon = data
        .topics
        .iter()
        .filter_map(|t| {
            let terms: Vec<String> = t.terms.iter().map(|w| w.to_lowercase()).collect();
            let words: Vec<&str> = terms.iter().map(String::as_str).collect();
            cues::first_at(lower, &words).map(|at| (at, t.id.clone()))
        })
        .min();
    lexicon.map(|(_, id)| id).or_else(|| {
        cues::any(lower, cues::GOVERNMENT)
            .then(|| "government_support".to_string())
            .filter(|id| data.topics.iter().any(|t| &t.id == id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(text: &str) -> Understanding {
        understand(text, &Dataset::builtin().unwrap())
    }

    fn p(text: &str) -> Vec<Understanding> {
        parts(text, &Dataset::builtin().unwrap())
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
        assert_eq!(u("What did Sarah Friar say?").speakers, ["sarah-friar"]);
        assert!(
            u("Is Metallica profitable?").entities.is_empty(),
            "no match inside other words"
        );
    }

    proptest::proptest! {
        #![proptest_config(steer_tools::testing::config())]

        #[test]
        fn any_request_is_understood_without_panic(request in steer_tools::testing::text()) {
            let data = Dataset::builtin().unwrap();
            let mut all = parts(&request, &data);
            // Names not found and retrieval read the same text.
            let unknown = super::super::names::unknown_names(&request, &data);
            let index = super::super::retrieve::Index::new(&data).unwrap();
            super::super::retrieve::refine(&mut all, !unknown.is_empty(), &index, &data);
            for x in all {
                for id in &x.entities {
                    proptest::prop_assert!(data.entity(id).is_some());
                }
            }
        }
    }

    #[test]
    fn intents_and_years() {
        let x = u("Can OpenAI fund its compute commitments by 2030?");
        assert!(x.intents.contains(&Intent::Funding));
        assert_eq!(x.years, [2030]);
        assert_eq!(x.form, Form::YesNo);
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

    #[test]
    fn each_kind_of_question_is_told_apart() {
        let x = u("Which company has the most exposure to OpenAI failing to pay its commitments?");
        assert_eq!(x.intents, BTreeSet::from([Intent::Exposure]));
        assert_eq!(x.form, Form::Which);
        let x = u("What's Meta's market-cap loss and why?");
        assert_eq!(x.intents, BTreeSet::from([Intent::Figures]));
        assert_eq!(x.metric, Some(Metric::MarketValueChange));
        assert_eq!(x.form, Form::Why);
        let x = u("NVIDIAが出資している会社のうち、NVIDIAのチップを買っているのはどこ？");
        assert_eq!(x.intents, BTreeSet::from([Intent::Overlap]));
        assert_eq!(x.form, Form::Which);
        let x = u("Is there a money loop between Nvidia, OpenAI and Oracle?");
        assert_eq!(x.intents, BTreeSet::from([Intent::Circular]));
        assert_eq!(x.entities, ["nvidia", "openai", "oracle"]);
        assert_eq!(x.form, Form::YesNo);
        let x = u("Compare Anthropic's 2028 revenue outlook with OpenAI's.");
        assert_eq!(x.intents, BTreeSet::from([Intent::Comparison]));
        assert_eq!(x.metric, Some(Metric::Revenue));
        assert_eq!(x.years, [2028]);
        let x = u("What is OpenAI's valuation?");
        assert_eq!(x.intents, BTreeSet::from([Intent::Figures]));
        assert_eq!(x.metric, Some(Metric::Valuation));
        let x = u("What did David Sacks say about AI bailouts?");
        assert_eq!(x.topic.as_deref(), Some("government_support"));
        assert_eq!(x.speakers, ["david-sacks"]);
    }

    #[test]
    fn a_request_is_split_into_the_parts_it_asks() {
        let x = p("What did David Sacks say about AI bailouts, and who disagrees with him?");
        assert_eq!(x.len(), 2, "{x:?}");
        assert!(x[1].intents.contains(&Intent::Disagreement));
        assert_eq!(x[1].entities, ["us-government"], "him is Sacks");
        assert_eq!(x[1].topic.as_deref(), Some("government_support"));
        // "and why" asks nothing of its own: it shapes the part before it.
        let x = p("What's Meta's market-cap loss, and why?");
        assert_eq!(x.len(), 1, "{x:?}");
        assert_eq!(x[0].form, Form::Why);
        // A list of names is not a list of questions.
        assert_eq!(
            p("Is there a money loop between Nvidia, OpenAI and Oracle?").len(),
            1
        );
        let x = p("OpenAIはコミットメントを払えるのか？また、政府保証について一貫しているか？");
        assert_eq!(x.len(), 2, "{x:?}");
        assert_eq!(x[1].entities, ["openai"]);
    }
}
