//! Reading a claim's stance on a topic: for, against or neutral, with the
//! rule that decided it, hedges, and whom the support is for.
//!
//! The rules are deliberately few and explainable: a quoted word is a
//! mention; negators flip a stance cue in their clause segment (two
//! negators cancel); "different from" and friends distance the speaker;
//! a bare negated term ("no federal bailout") is against; an unnegated
//! assertion of the term ("is the insurer of last resort") is for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::{Token, find_phrase, phrase_words};
use crate::{OutputLang, said};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// In favour of, or asking for, the topic's subject.
    For,
    /// Against it, or denying wanting it.
    Against,
    /// Mentions it without taking a stance.
    Neutral,
}

impl Polarity {
    /// The polarity as a reader says it (`for`, 賛成).
    pub fn worded(self, lang: OutputLang) -> &'static str {
        match (self, lang) {
            (Polarity::For, OutputLang::En) => "for",
            (Polarity::Against, OutputLang::En) => "against",
            (Polarity::Neutral, OutputLang::En) => "neutral",
            (Polarity::For, OutputLang::Ja) => "賛成",
            (Polarity::Against, OutputLang::Ja) => "反対",
            (Polarity::Neutral, OutputLang::Ja) => "中立",
        }
    }
}

/// Whom the support is for, where the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// For the speaker's own organisation ("loan guarantees to OpenAI").
    OwnOrganisation,
    /// For an industry or the economy in general ("for AI", "industrial-base capacity").
    General,
    /// The text does not say.
    Unspecified,
}

/// How one claim reads on one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reading {
    pub polarity: Polarity,
    /// Which rule decided the polarity, with the words that triggered it.
    pub rule: String,
    /// Hedging words found ("kind of", "may").
    pub hedges: Vec<String>,
    pub scope: Scope,
    /// The words that decided the scope.
    pub scope_cue: Option<String>,
}

const NEGATORS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "without", "none", "cannot", "nobody", "nothing",
];

/// Words and phrases that ask for or back something.
const FOR_CUES: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "asking",
    "seek",
    "seeks",
    "seeking",
    "sought",
    "want",
    "wants",
    "wanted",
    "looking for",
    "look for",
    "looks for",
    "call for",
    "calls for",
    "called for",
    "urge",
    "urges",
    "urged",
    "request",
    "requests",
    "requested",
    "support",
    "supports",
    "supported",
    "need",
    "needs",
    "needed",
    "deploy",
    "deploys",
    "extend",
    "extends",
    "expand",
    "provide",
    "provides",
    "favor",
    "favour",
    "favors",
    "favours",
    "welcome",
    "welcomes",
    "push for",
    "pushing for",
    "lobby",
    "lobbying",
    "apply for",
    "back",
    "backs",
    "endorse",
    "endorses",
];

/// Words and phrases that oppose something or set the speaker apart from it.
const AGAINST_CUES: &[&str] = &[
    "oppose",
    "opposes",
    "opposed",
    "reject",
    "rejects",
    "rejected",
    "against",
    "refuse",
    "refuses",
    "deny",
    "denies",
    "rule out",
    "rules out",
    "different from",
    "instead of",
    "rather than",
];

/// Verbs that make a plain statement an assertion of the term.
const ASSERTIVE: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "should", "must", "be", "it's", "that's",
];

const HEDGES: &[&str] = &[
    "kind of",
    "sort of",
    "may",
    "might",
    "could",
    "perhaps",
    "possibly",
    "probably",
    "maybe",
    "i think",
    "we think",
    "somewhat",
    "if",
    "in a sense",
];

/// Beneficiaries that make support general rather than for oneself.
const GENERAL_CUES: &[&str] = &[
    "ai",
    "industry",
    "industries",
    "companies",
    "industrial-base",
    "industrial",
    "domestic",
    "supply chains",
    "manufacturing",
    "sector",
    "economy",
    "everyone",
    "something",
];

const SELF_CUES: &[&str] = &["we", "us", "our", "ours", "ourselves", "i", "my"];

fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

/// Phrases from `list` found in `toks`, with their token ranges.
fn cues<'a>(toks: &[Token], list: &[&'a str]) -> Vec<(&'a str, (usize, usize))> {
    let mut found = Vec::new();
    for phrase in list {
        for range in find_phrase(toks, &phrase_words(phrase)) {
            found.push((*phrase, range));
        }
    }
    found.sort_by_key(|(_, r)| r.0);
    found
}

/// The clause segment around token `at`: bounded by commas, semicolons
/// and colons in `text` (list items and coordinated clauses).
fn segment(text: &str, toks: &[Token], at: usize) -> (usize, usize) {
    let breaks = |a: usize, b: usize| text[toks[a].end..toks[b].start].contains([',', ';', ':']);
    let mut start = at;
    while start > 0 && !breaks(start - 1, start) {
        start -= 1;
    }
    let mut end = at;
    while end + 1 < toks.len() && !breaks(end, end + 1) {
        end += 1;
    }
    (start, end + 1)
}

/// Reads the claim `text` (tokens `toks`) on the term at token range
/// `term`; `own_names` are the words naming the speaker's organisation.
pub fn read(
    text: &str,
    toks: &[Token],
    term: (usize, usize),
    own_names: &[Vec<String>],
    lang: OutputLang,
) -> Reading {
    let hedges: Vec<String> = {
        let mut h: Vec<String> = cues(toks, HEDGES)
            .into_iter()
            .map(|(p, _)| p.to_string())
            .collect();
        h.dedup();
        h
    };
    let (scope, scope_cue) = scope_of(toks, term, own_names);
    let reading = |polarity, rule: String| Reading {
        polarity,
        rule,
        hedges: hedges.clone(),
        scope,
        scope_cue: scope_cue.clone(),
    };
    let term_text = &text[toks[term.0].start..toks[term.1 - 1].end];

    // 1. A quoted word, or "the word X", is talked about, not used.
    let before = text[..toks[term.0].start].chars().next_back();
    let after = text[toks[term.1 - 1].end..].chars().next();
    let quoted = matches!(before, Some('\'' | '"' | '‘' | '“'))
        && matches!(after, Some('\'' | '"' | '’' | '”'));
    let named = term.0 >= 2
        && toks[term.0 - 2].word == "the"
        && matches!(toks[term.0 - 1].word.as_str(), "word" | "term");
    if quoted || named {
        return reading(
            Polarity::Neutral,
            said!(
                lang,
                "mention: `{term_text}` is quoted or named as a word, not used",
                "言及: `{term_text}` は語として引用・名指しされており、使われてはいない"
            ),
        );
    }

    // 2. Stance cues and negators in the term's segment; list items
    //    ("grants, loans, or loan guarantees") inherit the verb before them.
    let mut span = segment(text, toks, term.0);
    let has_signal = |(a, b): (usize, usize)| {
        let part = &toks[a..b];
        part.iter().any(|t| is_negator(&t.word))
            || !cues(part, FOR_CUES).is_empty()
            || !cues(part, AGAINST_CUES).is_empty()
    };
    if !has_signal(span) {
        span = (0, span.1.max(term.1));
    }
    let part = &toks[span.0..span.1];
    let negators: Vec<&str> = part
        .iter()
        .filter(|t| is_negator(&t.word))
        .map(|t| t.word.as_str())
        .collect();
    let for_cues = cues(part, FOR_CUES);
    let against_cues = cues(part, AGAINST_CUES);
    let flipped = negators.len() % 2 == 1;
    let neg_text = negated_by(&negators, lang);
    let cancels = cancelled(lang);
    if let Some((cue, _)) = against_cues.first() {
        let polarity = if flipped {
            Polarity::For
        } else {
            Polarity::Against
        };
        let cancel = if !negators.is_empty() && !flipped {
            cancels.as_str()
        } else {
            ""
        };
        return reading(
            polarity,
            said!(
                lang,
                "distancing cue `{cue}` before `{term_text}`{neg_text}{cancel}",
                "`{term_text}` の前に距離を置く表現 `{cue}`{neg_text}{cancel}"
            ),
        );
    }
    if let Some((cue, _)) = for_cues.first() {
        let polarity = if flipped {
            Polarity::Against
        } else {
            Polarity::For
        };
        let cancel = if !negators.is_empty() && !flipped {
            cancels.as_str()
        } else {
            ""
        };
        return reading(
            polarity,
            said!(
                lang,
                "request/support cue `{cue}` for `{term_text}`{neg_text}{cancel}",
                "`{term_text}` を求める・支持する表現 `{cue}`{neg_text}{cancel}"
            ),
        );
    }
    if flipped {
        return reading(
            Polarity::Against,
            said!(
                lang,
                "negated term: `{term_text}`{neg_text}",
                "否定された語: `{term_text}`{neg_text}"
            ),
        );
    }
    if let Some(verb) = part.iter().find(|t| ASSERTIVE.contains(&t.word.as_str())) {
        let cancel = if negators.is_empty() {
            ""
        } else {
            cancels.as_str()
        };
        let verb = &verb.word;
        return reading(
            Polarity::For,
            said!(
                lang,
                "affirmative assertion: `{verb}` ... `{term_text}` without negation{cancel}",
                "肯定の断定: `{verb}` … `{term_text}`(否定なし){cancel}"
            ),
        );
    }
    reading(
        Polarity::Neutral,
        said!(
            lang,
            "no stance cue near `{term_text}`",
            "`{term_text}` の近くに立場を示す表現なし"
        ),
    )
}

/// " negated by `not` + `never`": the negators that flip a reading, as a
/// rule's trace says them (empty when there are none).
pub(super) fn negated_by(negators: &[&str], lang: OutputLang) -> String {
    if negators.is_empty() {
        return String::new();
    }
    let list = negators
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" + ");
    said!(lang, " negated by {list}", "({list} で否定)")
}

/// What a trace adds when an even number of negations cancel out.
pub(super) fn cancelled(lang: OutputLang) -> String {
    said!(lang, " (the negations cancel)", "(否定は打ち消し合う)")
}

fn starts_with(toks: &[Token], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && toks.len() >= phrase.len()
        && phrase.iter().zip(toks).all(|(w, t)| *w == t.word)
}

/// Whom the support is for: beneficiaries after the term win over the
/// subject before it ("OpenAI asks ... tax credit to AI server production"
/// is general support asked for by OpenAI).
fn scope_of(
    toks: &[Token],
    term: (usize, usize),
    own_names: &[Vec<String>],
) -> (Scope, Option<String>) {
    let after = &toks[term.1..];
    for (i, t) in after.iter().enumerate() {
        if own_names.iter().any(|name| starts_with(&after[i..], name)) {
            return (Scope::OwnOrganisation, Some(t.word.clone()));
        }
        if SELF_CUES.contains(&t.word.as_str())
            && i > 0
            && matches!(after[i - 1].word.as_str(), "for" | "to")
        {
            return (
                Scope::OwnOrganisation,
                Some(format!("{} {}", after[i - 1].word, t.word)),
            );
        }
        if matches!(t.word.as_str(), "our" | "us") {
            return (Scope::OwnOrganisation, Some(t.word.clone()));
        }
        if let Some((cue, _)) = cues(&after[i..i + 1], GENERAL_CUES).first() {
            return (Scope::General, Some(cue.to_string()));
        }
    }
    let before = &toks[..term.0];
    if let Some(t) = before.iter().find(|t| SELF_CUES.contains(&t.word.as_str())) {
        return (Scope::OwnOrganisation, Some(t.word.clone()));
    }
    for name in own_names {
        if !find_phrase(before, name).is_empty() {
            return (Scope::OwnOrganisation, Some(name.join(" ")));
        }
    }
    if let Some((cue, _)) = cues(before, GENERAL_CUES).first() {
        return (Scope::General, Some(cue.to_string()));
    }
    (Scope::Unspecified, None)
}
