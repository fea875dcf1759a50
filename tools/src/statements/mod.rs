//! `statement_comparison`: who said what on a topic, claim by claim, and
//! where it contradicts; also conflicting figures across sources.

use std::collections::BTreeMap;

mod claims;
mod conflicts;
mod figures;
mod japanese;
mod polarity;
mod text;
mod types;

use std::sync::Arc;

use crate::dataset::{Audience, Channel, Dataset, Resolution, Topic};
use crate::error::{ArgProblem, ToolError};
use crate::tool::{Attention, AttentionKind, AttentionOption, AttentionTopic, Example, Tool};
use crate::{OutputLang, said};

pub use conflicts::{Conflict, Side, Timeline, TimelineEntry};
pub use figures::{FigureComparison, FigureView};
pub use polarity::{Polarity, Reading, Scope};

pub(crate) use claims::analyse;
use claims::stances;
pub use types::*;

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

    fn check_mode(
        args: &StatementComparisonArgs,
        mode: Mode,
        lang: OutputLang,
    ) -> Result<(), ToolError> {
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
                .map(|f| {
                    ArgProblem::new(
                        f,
                        said!(
                            lang,
                            "`{f}` does not apply in `{mode_name}` mode",
                            "`{f}` は `{mode_name}` モードでは使えません"
                        ),
                    )
                })
                .collect(),
        })
    }

    fn items(
        &self,
        args: &StatementComparisonArgs,
        lang: OutputLang,
    ) -> Result<Vec<Item>, ToolError> {
        if let Some(inline) = &args.statements {
            if args.ids.is_some() {
                return Err(ToolError::argument(
                    Self::NAME,
                    "ids",
                    said!(
                        lang,
                        "`ids` selects dataset statements; it cannot be combined with inline `statements`",
                        "`ids` はデータセットの発言を選ぶもので、直接渡す `statements` とは組み合わせられません"
                    ),
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
                        ja: BTreeMap::new(),
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
                return Err(ToolError::argument(Self::NAME, "ids", {
                    let unknown = unknown
                        .iter()
                        .take(8)
                        .map(|u| crate::quoted(u))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let known = known.join(", ");
                    said!(
                        lang,
                        "`ids`: no statement {unknown}; known ids: {known}",
                        "`ids`: 発言 {unknown} はありません。既知の id: {known}"
                    )
                }));
            }
        }
        Ok(self
            .data
            .statements
            .iter()
            .filter(|s| args.ids.as_ref().is_none_or(|ids| ids.contains(&s.id)))
            .map(|s| Item {
                id: s.id.clone(),
                speaker_key: s.speaker.to_string(),
                speaker: self.data.name_of(&s.speaker).to_string(),
                org_key: s.organisation.to_string(),
                organisation: self.data.name_of(&s.organisation).to_string(),
                own_names: self.names_of(&s.organisation),
                role: s.role.clone(),
                date: s.date,
                date_note: s.date_note.clone(),
                channel: s.channel,
                audience: s.audience,
                text: s.text.clone(),
                ja: s.ja.clone(),
                sources: self.data.source_refs(&s.sources),
                from_dataset: true,
            })
            .collect())
    }
}

impl Tool for StatementComparison {
    const NAME: &'static str = "statement_comparison";
    const TITLE: &'static str = "Statement comparison";
    const SUMMARY_JA: &'static str = "発言を主張ごとに並べて比べる。各主張が触れる論点(データセットの論点辞書から)、否定・留保・距離を置く表現を踏まえた賛否と、それを決めたルール、支持が発言者自身の組織に向くかどうか、組織と論点ごとの時系列(公開・非公開の別つき)、同じ組織の中の矛盾と組織間の不一致を示す。`figures` モードでは、ある企業の売上などの数字を出典ごとに比べ、食い違いの理由を説明する。";
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
        // The two statements of a contradiction, as a reader of `lang` says it.
        let pair = |c: &Conflict, lang: OutputLang| {
            let (a, b) = (&c.first, &c.second);
            let (pa, pb) = (a.polarity.worded(lang), b.polarity.worded(lang));
            said!(
                lang,
                "{} `{}` ({pa}) vs {} `{}` ({pb})",
                "{} `{}`({pa})と {} `{}`({pb})",
                a.date,
                a.statement_id,
                b.date,
                b.statement_id
            )
        };
        // A statement's Japanese text, where the dataset has one.
        let ja_text = |id: &str| {
            out.statements
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.ja.get("text"))
        };
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
                        label: pair(c, OutputLang::En),
                        label_ja: Some(pair(c, OutputLang::Ja)),
                        // The dataset's text is a paraphrase: not in quotation marks.
                        detail: format!("{} / {}", c.first.evidence, c.second.evidence),
                        detail_ja: ja_text(&c.first.statement_id)
                            .zip(ja_text(&c.second.statement_id))
                            .map(|(a, b)| format!("{a} / {b}")),
                        qualifier_ja: None,
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
                        detail_ja: v.ja.get("period").cloned(),
                        qualifier_ja: None,
                        label_ja: None,
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
        lang: OutputLang,
    ) -> Result<StatementComparisonOutput, ToolError> {
        let mode = args.mode.unwrap_or_default();
        Self::check_mode(&args, mode, lang)?;
        if let (Some(from), Some(to)) = (&args.date_from, &args.date_to)
            && from > to
        {
            return Err(ToolError::argument(
                Self::NAME,
                "date_from",
                said!(
                    lang,
                    "`date_from` ({from}) is after `date_to` ({to})",
                    "`date_from` ({from}) が `date_to` ({to}) より後です"
                ),
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
                lang,
            );
            if out.figures.is_empty() {
                out.notes.push(said!(
                    lang,
                    "no figures match; figures mode needs at least one stated figure for the subject and metric",
                    "該当する数値はありません。figures モードには、その対象と指標について明記された数値が少なくとも一つ必要です"
                ));
            }
            return Ok(out);
        }

        let topics: Vec<&Topic> = match &args.topic {
            Some(id) => match self.data.topic(id) {
                Some(t) => vec![t],
                None => {
                    let ids: Vec<&str> = self.data.topics.iter().map(|t| t.id.as_str()).collect();
                    return Err(ToolError::argument(Self::NAME, "topic", {
                        let (ids, got) = (ids.join(", "), crate::quoted(id));
                        said!(
                            lang,
                            "`topic` must be one of {ids}; got {got}",
                            "`topic` は {ids} のいずれかでなければなりません(値: {got})"
                        )
                    }));
                }
            },
            None => self.data.topics.iter().collect(),
        };
        let speaker = self.entity("speaker", &args.speaker)?;
        let organisation = self.entity("organisation", &args.organisation)?;
        let mut items: Vec<(Item, Vec<Claim>)> = self
            .items(&args, lang)?
            .into_iter()
            .filter(|i| speaker.as_ref().is_none_or(|id| &i.speaker_key == id))
            .filter(|i| organisation.as_ref().is_none_or(|o| &i.org_key == o))
            .filter(|i| {
                i.date
                    .within(args.date_from.as_ref(), args.date_to.as_ref())
            })
            .map(|i| {
                let claims = analyse(&i, &topics, lang);
                (i, claims)
            })
            .filter(|(_, claims)| {
                args.topic.is_none() || claims.iter().any(|c| !c.topics.is_empty())
            })
            .collect();
        // Date order; equal dates keep the dataset's (or the call's) order.
        items.sort_by_key(|a| a.0.date);
        if items.is_empty() {
            out.notes.push(said!(
                lang,
                "no statement matches these filters",
                "この条件に合う発言はありません"
            ));
        }
        let analysed: Vec<(&Item, &[Claim])> =
            items.iter().map(|(i, c)| (i, c.as_slice())).collect();
        out.timelines = conflicts::timelines(&analysed);
        let (contradictions, disagreements) = conflicts::find(&analysed, lang);
        out.contradictions = contradictions;
        out.disagreements = disagreements;
        if !out.contradictions.is_empty() {
            out.notes.push(said!(
                lang,
                "a contradiction pairs opposite readings of the same organisation on a topic; check the evidence and scope before concluding",
                "矛盾とは、同じ組織の同じ論点についての逆向きの読みの組です。結論を出す前に根拠と対象範囲を確かめてください"
            ));
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
                ja: i.ja,
                claims,
                sources: i.sources,
                from_dataset: i.from_dataset,
            })
            .collect();
        Ok(out)
    }
}
