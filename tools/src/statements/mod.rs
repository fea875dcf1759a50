//! `statement_comparison`: who said what on a topic, claim by claim, and
//! where it contradicts; also conflicting figures across sources.

mod conflicts;
mod figures;
mod japanese;
mod polarity;
mod text;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{
    Audience, Channel, Dataset, Metric, PartialDate, Resolution, SourceRef, Topic,
};
use crate::error::{ArgProblem, ToolError};
use crate::tool::{Attention, AttentionKind, AttentionOption, AttentionTopic, Example, Tool};

pub use conflicts::{Conflict, Side, Timeline, TimelineEntry};
pub use figures::{FigureComparison, FigureView};
pub use polarity::{Polarity, Reading, Scope};

/// Lays statements side by side, claim by claim: the topics each claim
/// touches (from the dataset's topic lexicon), its polarity (for / against /
/// neutral, with negation, hedges and whether the support is for the
/// speaker's own organisation) with the rule that decided it and the exact
/// evidence text; a timeline per organisation and topic; contradictions
/// within one organisation (public vs private marked) and disagreements
/// between organisations. In `figures` mode it compares conflicting figures
/// (e.g. a company's revenue) across sources and explains the bases.
///
/// Use it to check consistency: "has OpenAI been consistent about wanting a
/// government backstop?", "who contradicts whom on bailouts?", "why do
/// sources give OpenAI's revenue as $12B, $13B and $20B?". It works on the
/// dataset's statements or on statements passed inline. It supplies
/// evidence and deterministic readings; interpretation is yours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementComparisonArgs {
    /// What to compare (default `statements`).
    pub mode: Option<Mode>,
    /// Only statements by this person or organisation (name, alias or id).
    pub speaker: Option<String>,
    /// Only statements made on behalf of this organisation.
    pub organisation: Option<String>,
    /// Only claims on this topic (a topic id from the dataset's lexicon, e.g. government_support).
    pub topic: Option<String>,
    /// Only statements dated on or after this date. A statement dated only by
    /// year or month is kept when that period overlaps the range.
    pub date_from: Option<PartialDate>,
    /// Only statements dated on or before this date.
    pub date_to: Option<PartialDate>,
    /// Only the dataset statements with these ids.
    #[schemars(length(min = 1, max = 100))]
    pub ids: Option<Vec<String>>,
    /// Statements to analyse instead of the dataset's (material not in the dataset).
    #[schemars(length(min = 1, max = 50))]
    pub statements: Option<Vec<InlineStatement>>,
    /// `figures` mode: the company whose figures to compare (default: every company).
    pub subject: Option<String>,
    /// `figures` mode: the metric to compare (default: every metric).
    pub metric: Option<Metric>,
    /// `figures` mode: relative spread (max/min − 1) beyond which figures
    /// conflict (default 0.05, i.e. 5%).
    #[schemars(range(min = 0.0, max = 10.0))]
    pub tolerance: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Statements, claims, polarities, timelines, contradictions.
    #[default]
    Statements,
    /// Conflicting figures for a subject and metric across sources.
    Figures,
}

/// A statement given in the call rather than taken from the dataset.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineStatement {
    /// An id to refer to it by (default `inline-N`).
    pub id: Option<String>,
    /// Who said it.
    #[schemars(length(min = 1, max = 200))]
    pub speaker: String,
    /// The organisation it speaks for.
    #[schemars(length(min = 1, max = 200))]
    pub organisation: String,
    pub date: PartialDate,
    /// Where it was said (default `statement`).
    pub channel: Option<Channel>,
    /// Public, or private and disclosed later (default `public`).
    pub audience: Option<Audience>,
    /// What was said, in English.
    #[schemars(length(min = 1, max = 5000))]
    pub text: String,
}

/// A claim's reading on one topic.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ClaimTopic {
    pub topic: String,
    /// The lexicon terms found in the claim.
    pub terms: Vec<String>,
    pub reading: Reading,
}

/// A sentence or clause of a statement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Claim {
    /// The exact text of the claim (the evidence).
    pub text: String,
    /// Character offsets (Unicode scalar values, not bytes) of the claim
    /// in the statement's text: characters `start..end` are `text`.
    pub start: usize,
    pub end: usize,
    pub topics: Vec<ClaimTopic>,
}

/// A statement's overall stance on a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    For,
    Against,
    /// Claims both for and against.
    Mixed,
    Neutral,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TopicStance {
    pub topic: String,
    pub stance: Stance,
}

/// A statement with its claims read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StatementAnalysis {
    pub id: String,
    pub speaker: String,
    pub organisation: String,
    pub role: Option<String>,
    pub date: PartialDate,
    pub date_note: Option<String>,
    pub channel: Channel,
    pub audience: Audience,
    pub text: String,
    pub claims: Vec<Claim>,
    pub stances: Vec<TopicStance>,
    /// Where the statement is in the sources (empty for inline statements).
    pub sources: Vec<SourceRef>,
    /// False for statements passed inline.
    pub from_dataset: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StatementComparisonOutput {
    pub mode: Mode,
    /// Statements in date order (`statements` mode).
    pub statements: Vec<StatementAnalysis>,
    /// Stances over time per organisation and topic.
    pub timelines: Vec<Timeline>,
    /// The same organisation on both sides of a topic.
    pub contradictions: Vec<Conflict>,
    /// Different organisations on opposite sides of a topic.
    pub disagreements: Vec<Conflict>,
    /// Figures compared across sources (`figures` mode).
    pub figures: Vec<FigureComparison>,
    pub notes: Vec<String>,
}

/// A statement to analyse, from the dataset or inline.
pub(crate) struct Item {
    pub id: String,
    /// Entity id of the speaker, or their name as given inline.
    pub speaker_key: String,
    pub speaker: String,
    /// Entity id, or the normalised name for organisations not in the dataset.
    pub org_key: String,
    pub organisation: String,
    /// Tokenised names of the organisation (name and aliases).
    pub own_names: Vec<Vec<String>>,
    pub role: Option<String>,
    pub date: PartialDate,
    pub date_note: Option<String>,
    pub channel: Channel,
    pub audience: Audience,
    pub text: String,
    pub sources: Vec<SourceRef>,
    pub from_dataset: bool,
}

pub struct StatementComparison {
    data: Arc<Dataset>,
}

impl StatementComparison {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    fn entity(&self, field: &str, name: &Option<String>) -> Result<Option<String>, ToolError> {
        name.as_deref()
            .map(|n| self.data.resolve_argument(Self::NAME, field, n))
            .transpose()
    }

    fn names_of(&self, id: &str) -> Vec<Vec<String>> {
        self.data
            .entity(id)
            .map(|e| {
                std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .map(|n| text::phrase_words(n))
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn check_mode(args: &StatementComparisonArgs, mode: Mode) -> Result<(), ToolError> {
        let given = |present: bool, name: &str| present.then(|| name.to_string());
        let misplaced: Vec<String> = match mode {
            Mode::Figures => [
                given(args.speaker.is_some(), "speaker"),
                given(args.organisation.is_some(), "organisation"),
                given(args.topic.is_some(), "topic"),
                given(args.ids.is_some(), "ids"),
                given(args.statements.is_some(), "statements"),
                given(args.date_from.is_some(), "date_from"),
                given(args.date_to.is_some(), "date_to"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Mode::Statements => [
                given(args.subject.is_some(), "subject"),
                given(args.metric.is_some(), "metric"),
                given(args.tolerance.is_some(), "tolerance"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        };
        if misplaced.is_empty() {
            return Ok(());
        }
        let mode_name = if mode == Mode::Figures {
            "figures"
        } else {
            "statements"
        };
        Err(ToolError::InvalidArguments {
            tool: Self::NAME.to_string(),
            problems: misplaced
                .iter()
                .map(|f| ArgProblem::new(f, format!("`{f}` does not apply in `{mode_name}` mode")))
                .collect(),
        })
    }

    fn items(&self, args: &StatementComparisonArgs) -> Result<Vec<Item>, ToolError> {
        if let Some(inline) = &args.statements {
            if args.ids.is_some() {
                return Err(ToolError::argument(
                    Self::NAME,
                    "ids",
                    "`ids` selects dataset statements; it cannot be combined with inline `statements`",
                ));
            }
            return Ok(inline
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (org_key, organisation, own_names) =
                        match self.data.resolve(&s.organisation) {
                            Resolution::Found(id) => (
                                id.clone(),
                                self.data.name_of(&id).to_string(),
                                self.names_of(&id),
                            ),
                            Resolution::Unknown { .. } => (
                                format!("inline:{}", s.organisation.trim().to_lowercase()),
                                s.organisation.trim().to_string(),
                                vec![text::phrase_words(&s.organisation)],
                            ),
                        };
                    Item {
                        id: s.id.clone().unwrap_or_else(|| format!("inline-{}", i + 1)),
                        speaker_key: match self.data.resolve(&s.speaker) {
                            Resolution::Found(id) => id,
                            Resolution::Unknown { .. } => s.speaker.trim().to_string(),
                        },
                        speaker: s.speaker.clone(),
                        org_key,
                        organisation,
                        own_names,
                        role: None,
                        date: s.date,
                        date_note: None,
                        channel: s.channel.unwrap_or(Channel::Statement),
                        audience: s.audience.unwrap_or(Audience::Public),
                        text: s.text.clone(),
                        sources: Vec::new(),
                        from_dataset: false,
                    }
                })
                .collect());
        }
        if let Some(ids) = &args.ids {
            let unknown: Vec<&String> = ids
                .iter()
                .filter(|id| !self.data.statements.iter().any(|s| &s.id == *id))
                .collect();
            if !unknown.is_empty() {
                let known: Vec<&str> = self.data.statements.iter().map(|s| s.id.as_str()).collect();
                return Err(ToolError::argument(
                    Self::NAME,
                    "ids",
                    format!(
                        "`ids`: no statement {}; known ids: {}",
                        unknown
                            .iter()
                            .take(8)
                            .map(|u| crate::quoted(u))
                            .collect::<Vec<_>>()
                            .join(", "),
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(self
            .data
            .statements
            .iter()
            .filter(|s| args.ids.as_ref().is_none_or(|ids| ids.contains(&s.id)))
            .map(|s| Item {
                id: s.id.clone(),
                speaker_key: s.speaker.clone(),
                speaker: self.data.name_of(&s.speaker).to_string(),
                org_key: s.organisation.clone(),
                organisation: self.data.name_of(&s.organisation).to_string(),
                own_names: self.names_of(&s.organisation),
                role: s.role.clone(),
                date: s.date,
                date_note: s.date_note.clone(),
                channel: s.channel,
                audience: s.audience,
                text: s.text.clone(),
                sources: self.data.source_refs(&s.sources),
                from_dataset: true,
            })
            .collect())
    }
}

/// Reads every claim of `item` on every topic in `topics`.
pub(crate) fn analyse(item: &Item, topics: &[&Topic]) -> Vec<Claim> {
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
                        .map(|&h| japanese::read(claim_text, h))
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
                    .map(|&h| polarity::read(claim_text, &toks, h, &item.own_names))
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

fn stances(claims: &[Claim]) -> Vec<TopicStance> {
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

impl Tool for StatementComparison {
    const NAME: &'static str = "statement_comparison";
    const TITLE: &'static str = "Statement comparison";
    const GUIDE: &'static str = "1. Call `statement_comparison` with the `organisation` and a `topic` from the lexicon (for example `government_support`). Add `date_from`/`date_to` to narrow.\n2. Read the `timelines` entry for the organisation: stances in date order, hedged ones marked.\n3. For each item in `contradictions`, quote both `evidence` texts with their dates, channels and source labels; mention `public_vs_private` and every note (a difference of scope, such as support for the industry versus for the company itself, weakens a contradiction).\n4. Items in `disagreements` are different organisations: report them as disagreement, not contradiction.\n5. The readings are deterministic rules (`rule` says which fired); read the evidence yourself before concluding. To check material that is not in the dataset, pass it as inline `statements`.\n";
    const EXAMPLES: &'static [Example] = &[
        Example {
            caption: "OpenAI on government support",
            arguments: r#"{"organisation": "OpenAI", "topic": "government_support", "date_from": "2025-10"}"#,
        },
        Example {
            caption: "OpenAI's revenue across sources",
            arguments: r#"{"mode": "figures", "subject": "OpenAI", "metric": "revenue"}"#,
        },
    ];
    type Args = StatementComparisonArgs;
    type Output = StatementComparisonOutput;

    fn attention(&self, out: &StatementComparisonOutput) -> Vec<Attention> {
        let mut items = Vec::new();
        let mut groups: Vec<(&str, &str, Vec<&Conflict>)> = Vec::new();
        for c in &out.contradictions {
            match groups
                .iter_mut()
                .find(|(o, t, _)| *o == c.first.organisation && *t == c.topic)
            {
                Some((_, _, v)) => v.push(c),
                None => groups.push((&c.first.organisation, &c.topic, vec![c])),
            }
        }
        for (org, topic, pairs) in groups {
            items.push(Attention {
                kind: AttentionKind::Conflict,
                summary: format!(
                    "{org} contradicts itself on {topic} ({} pair(s) of statements)",
                    pairs.len()
                ),
                options: pairs
                    .iter()
                    .map(|c| AttentionOption {
                        label: format!(
                            "{} `{}` ({:?}) vs {} `{}` ({:?})",
                            c.first.date,
                            c.first.statement_id,
                            c.first.polarity,
                            c.second.date,
                            c.second.statement_id,
                            c.second.polarity
                        )
                        .to_lowercase(),
                        detail: format!("\"{}\" / \"{}\"", c.first.evidence, c.second.evidence),
                        sources: c
                            .first
                            .sources
                            .iter()
                            .chain(&c.second.sources)
                            .map(|r| r.label.clone())
                            .collect(),
                        choose: None,
                        record: None,
                        consequence: None,
                        used: false,
                        amount_usd: None,
                        qualifier: None,
                        effect: None,
                    })
                    .collect(),
                default: None,
                material: false,
                topic: Some(AttentionTopic::Contradiction {
                    organisation: org.to_string(),
                    topic: topic.to_string(),
                    pairs: pairs.len(),
                }),
                default_rule: None,
            });
        }
        for f in out.figures.iter().filter(|f| f.conflict) {
            items.push(Attention {
                kind: AttentionKind::Conflict,
                summary: format!(
                    "sources disagree on {} {}{}",
                    f.subject,
                    f.metric.as_str(),
                    f.year.map(|y| format!(" ({y})")).unwrap_or_default()
                ),
                options: f
                    .figures
                    .iter()
                    .map(|v| AttentionOption {
                        label: format!(
                            "{} {}",
                            v.value
                                .map(|x| crate::format::amount(x, v.unit))
                                .unwrap_or_default(),
                            v.basis.as_str()
                        ),
                        detail: v.period.clone(),
                        sources: v.sources.iter().map(|r| r.label.clone()).collect(),
                        choose: None,
                        record: Some(v.id.clone()),
                        consequence: None,
                        used: false,
                        amount_usd: v.value.filter(|_| v.unit == crate::dataset::Unit::Usd),
                        qualifier: Some(v.basis.as_str().to_string()),
                        effect: None,
                    })
                    .collect(),
                default: None,
                material: false,
                topic: Some(AttentionTopic::Figures {
                    subject: f.subject.clone(),
                    metric: f.metric.as_str().to_string(),
                    year: f.year,
                }),
                default_rule: None,
            });
        }
        items
    }

    async fn call(
        &self,
        args: StatementComparisonArgs,
    ) -> Result<StatementComparisonOutput, ToolError> {
        let mode = args.mode.unwrap_or_default();
        Self::check_mode(&args, mode)?;
        if let (Some(from), Some(to)) = (&args.date_from, &args.date_to)
            && from > to
        {
            return Err(ToolError::argument(
                Self::NAME,
                "date_from",
                format!("`date_from` ({from}) is after `date_to` ({to})"),
            ));
        }
        let mut out = StatementComparisonOutput {
            mode,
            statements: Vec::new(),
            timelines: Vec::new(),
            contradictions: Vec::new(),
            disagreements: Vec::new(),
            figures: Vec::new(),
            notes: Vec::new(),
        };
        if mode == Mode::Figures {
            let subject = self.entity("subject", &args.subject)?;
            out.figures = figures::compare(
                &self.data,
                subject.as_deref(),
                args.metric,
                args.tolerance.unwrap_or(0.05),
            );
            if out.figures.is_empty() {
                out.notes.push("no figures match; figures mode needs at least one stated figure for the subject and metric".to_string());
            }
            return Ok(out);
        }

        let topics: Vec<&Topic> = match &args.topic {
            Some(id) => match self.data.topic(id) {
                Some(t) => vec![t],
                None => {
                    let ids: Vec<&str> = self.data.topics.iter().map(|t| t.id.as_str()).collect();
                    return Err(ToolError::argument(
                        Self::NAME,
                        "topic",
                        format!(
                            "`topic` must be one of {}; got {}",
                            ids.join(", "),
                            crate::quoted(id)
                        ),
                    ));
                }
            },
            None => self.data.topics.iter().collect(),
        };
        let speaker = self.entity("speaker", &args.speaker)?;
        let organisation = self.entity("organisation", &args.organisation)?;
        let mut items: Vec<(Item, Vec<Claim>)> = self
            .items(&args)?
            .into_iter()
            .filter(|i| speaker.as_ref().is_none_or(|id| &i.speaker_key == id))
            .filter(|i| organisation.as_ref().is_none_or(|o| &i.org_key == o))
            .filter(|i| {
                i.date
                    .within(args.date_from.as_ref(), args.date_to.as_ref())
            })
            .map(|i| {
                let claims = analyse(&i, &topics);
                (i, claims)
            })
            .filter(|(_, claims)| {
                args.topic.is_none() || claims.iter().any(|c| !c.topics.is_empty())
            })
            .collect();
        // Date order; equal dates keep the dataset's (or the call's) order.
        items.sort_by_key(|a| a.0.date);
        if items.is_empty() {
            out.notes
                .push("no statement matches these filters".to_string());
        }
        let analysed: Vec<(&Item, &[Claim])> =
            items.iter().map(|(i, c)| (i, c.as_slice())).collect();
        out.timelines = conflicts::timelines(&analysed);
        let (contradictions, disagreements) = conflicts::find(&analysed);
        out.contradictions = contradictions;
        out.disagreements = disagreements;
        if !out.contradictions.is_empty() {
            out.notes.push("a contradiction pairs opposite readings of the same organisation on a topic; check the evidence and scope before concluding".to_string());
        }
        out.statements = items
            .into_iter()
            .map(|(i, claims)| StatementAnalysis {
                stances: stances(&claims),
                id: i.id,
                speaker: i.speaker,
                organisation: i.organisation,
                role: i.role,
                date: i.date,
                date_note: i.date_note,
                channel: i.channel,
                audience: i.audience,
                text: i.text,
                claims,
                sources: i.sources,
                from_dataset: i.from_dataset,
            })
            .collect();
        Ok(out)
    }
}
