//! Timelines of stances, and the pairs of statements that oppose each
//! other: contradictions (one organisation) and disagreements (two).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::polarity::{Polarity, Scope};
use super::{Claim, ClaimTopic, Item, Stance};
use crate::dataset::{Audience, Channel, PartialDate, SourceRef};
use crate::{OutputLang, said};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TimelineEntry {
    pub date: PartialDate,
    pub statement_id: String,
    pub speaker: String,
    pub channel: Channel,
    pub audience: Audience,
    pub stance: Stance,
    /// Whether the claims deciding the stance hedge.
    pub hedged: bool,
}

/// What one organisation said on one topic, in date order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Timeline {
    pub organisation: String,
    pub topic: String,
    pub entries: Vec<TimelineEntry>,
}

/// One side of a conflict: the statement and the claim that is its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    pub statement_id: String,
    pub speaker: String,
    pub organisation: String,
    pub date: PartialDate,
    pub channel: Channel,
    pub audience: Audience,
    pub polarity: Polarity,
    /// The claim's exact text.
    pub evidence: String,
    /// Character offsets (Unicode scalar values, not bytes) of the evidence
    /// in the statement's text.
    pub evidence_start: usize,
    pub evidence_end: usize,
    /// The rule that read the claim this way.
    pub rule: String,
    pub hedges: Vec<String>,
    pub scope: Scope,
    pub sources: Vec<SourceRef>,
}

/// Two statements on opposite sides of a topic.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    pub topic: String,
    /// The earlier statement.
    pub first: Side,
    /// The later statement.
    pub second: Side,
    /// One side was addressed privately and the other publicly.
    pub public_vs_private: bool,
    /// What to weigh before concluding (scope, hedges).
    pub notes: Vec<String>,
}

type Analysed<'a> = (&'a Item, &'a [Claim]);

fn topic_readings<'a>(
    claims: &'a [Claim],
    topic: &str,
) -> impl Iterator<Item = (&'a Claim, &'a ClaimTopic)> {
    claims.iter().flat_map(move |c| {
        c.topics
            .iter()
            .filter(move |t| t.topic == topic)
            .map(move |t| (c, t))
    })
}

fn topics_in(items: &[Analysed<'_>]) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for (_, claims) in items {
        for t in claims.iter().flat_map(|c| &c.topics) {
            if !topics.contains(&t.topic) {
                topics.push(t.topic.clone());
            }
        }
    }
    topics
}

pub(super) fn timelines(items: &[Analysed<'_>]) -> Vec<Timeline> {
    let mut out: Vec<Timeline> = Vec::new();
    for topic in topics_in(items) {
        let mut orgs: Vec<(&str, &str)> = Vec::new();
        for (item, claims) in items {
            if topic_readings(claims, &topic).next().is_some()
                && !orgs.iter().any(|(k, _)| *k == item.org_key)
            {
                orgs.push((&item.org_key, &item.organisation));
            }
        }
        for (key, name) in orgs {
            let entries = items
                .iter()
                .filter(|(i, _)| i.org_key == key)
                .filter_map(|(item, claims)| {
                    let readings: Vec<&ClaimTopic> =
                        topic_readings(claims, &topic).map(|(_, t)| t).collect();
                    if readings.is_empty() {
                        return None;
                    }
                    let has = |p| readings.iter().any(|r| r.reading.polarity == p);
                    let stance = match (has(Polarity::For), has(Polarity::Against)) {
                        (true, true) => Stance::Mixed,
                        (true, false) => Stance::For,
                        (false, true) => Stance::Against,
                        (false, false) => Stance::Neutral,
                    };
                    let deciding = readings
                        .iter()
                        .filter(|r| r.reading.polarity != Polarity::Neutral);
                    let hedged = deciding.clone().count() > 0
                        && deciding.clone().all(|r| !r.reading.hedges.is_empty());
                    Some(TimelineEntry {
                        date: item.date,
                        statement_id: item.id.clone(),
                        speaker: item.speaker.clone(),
                        channel: item.channel,
                        audience: item.audience,
                        stance,
                        hedged,
                    })
                })
                .collect();
            out.push(Timeline {
                organisation: name.to_string(),
                topic: topic.clone(),
                entries,
            });
        }
    }
    out
}

/// The claim that best shows `item`'s `polarity` on `topic`: unhedged
/// before hedged, about the speaker's own organisation before general,
/// then the one naming the most topic terms (the most specific).
fn evidence<'a>(
    claims: &'a [Claim],
    topic: &str,
    polarity: Polarity,
) -> Option<(&'a Claim, &'a ClaimTopic)> {
    topic_readings(claims, topic)
        .filter(|(_, t)| t.reading.polarity == polarity)
        .min_by_key(|(_, t)| {
            (
                !t.reading.hedges.is_empty(),
                t.reading.scope != Scope::OwnOrganisation,
                std::cmp::Reverse(t.terms.len()),
            )
        })
}

fn side(item: &Item, claim: &Claim, reading: &ClaimTopic) -> Side {
    Side {
        statement_id: item.id.clone(),
        speaker: item.speaker.clone(),
        organisation: item.organisation.clone(),
        date: item.date,
        channel: item.channel,
        audience: item.audience,
        polarity: reading.reading.polarity,
        evidence: claim.text.clone(),
        evidence_start: claim.start,
        evidence_end: claim.end,
        rule: reading.reading.rule.clone(),
        hedges: reading.reading.hedges.clone(),
        scope: reading.reading.scope,
        sources: item.sources.clone(),
    }
}

fn scope_name(scope: Scope, lang: OutputLang) -> &'static str {
    match scope {
        Scope::OwnOrganisation => lang.pick("the speaker's own organisation", "話し手自身の組織"),
        Scope::General => lang.pick("the industry or economy in general", "業界や経済全般"),
        Scope::Unspecified => lang.pick("no stated beneficiary", "受益者の明示なし"),
    }
}

fn conflict(topic: &str, a: Side, b: Side, lang: OutputLang) -> Conflict {
    let mut notes = Vec::new();
    if a.scope != b.scope && a.scope != Scope::Unspecified && b.scope != Scope::Unspecified {
        let (first, first_scope) = (&a.statement_id, scope_name(a.scope, lang));
        let (second, second_scope) = (&b.statement_id, scope_name(b.scope, lang));
        notes.push(said!(
            lang,
            "the scopes differ: `{first}` is about {first_scope}, `{second}` about {second_scope}",
            "対象が異なります: `{first}` は{first_scope}について、`{second}` は{second_scope}についてです"
        ));
    }
    for s in [&a, &b] {
        if !s.hedges.is_empty() {
            let (id, hedges) = (&s.statement_id, s.hedges.join(", "));
            notes.push(said!(
                lang,
                "`{id}` hedges ({hedges})",
                "`{id}` には留保があります({hedges})"
            ));
        }
    }
    let public_vs_private = a.audience != b.audience;
    if public_vs_private {
        let private = if a.audience == Audience::Private {
            &a
        } else {
            &b
        };
        let id = &private.statement_id;
        let channel = format!("{:?}", private.channel).to_lowercase();
        notes.push(said!(
            lang,
            "`{id}` was addressed privately ({channel}) and disclosed later",
            "`{id}` は非公開で伝えられ(`{channel}`)、後に開示されました"
        ));
    }
    Conflict {
        topic: topic.to_string(),
        first: a,
        second: b,
        public_vs_private,
        notes,
    }
}

/// Every pair of statements with opposite readings on a topic, in date
/// order: contradictions when one organisation is on both sides,
/// disagreements otherwise.
pub(super) fn find(items: &[Analysed<'_>], lang: OutputLang) -> (Vec<Conflict>, Vec<Conflict>) {
    let mut contradictions = Vec::new();
    let mut disagreements = Vec::new();
    for topic in topics_in(items) {
        for (i, (a, a_claims)) in items.iter().enumerate() {
            for (b, b_claims) in &items[i + 1..] {
                for (pa, pb) in [
                    (Polarity::For, Polarity::Against),
                    (Polarity::Against, Polarity::For),
                ] {
                    let (Some((ca, ra)), Some((cb, rb))) = (
                        evidence(a_claims, &topic, pa),
                        evidence(b_claims, &topic, pb),
                    ) else {
                        continue;
                    };
                    let c = conflict(&topic, side(a, ca, ra), side(b, cb, rb), lang);
                    if a.org_key == b.org_key {
                        contradictions.push(c);
                    } else {
                        disagreements.push(c);
                    }
                }
            }
        }
    }
    (contradictions, disagreements)
}
