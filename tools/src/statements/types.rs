//! The arguments and output of `statement_comparison`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Audience, Channel, Metric, PartialDate, SourceRef};

use super::{Conflict, FigureComparison, Reading, Timeline};

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
    /// Japanese renderings of this record's text fields (field name to
    /// text), where the dataset has them; absent otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ja: BTreeMap<String, String>,
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
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<SourceRef>,
    pub from_dataset: bool,
}
