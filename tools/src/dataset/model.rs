//! The records of the research dataset, as the files spell them.
//!
//! Every record carries `sources` (citations into the seed documents).
//! Entity references may use an id, a name or an alias; loading rewrites
//! them to ids.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::citation::Citation;
use super::date::PartialDate;

/// An entity named by a record: as written in the file, then, once
/// loading has resolved it, the entity's id, shared with every record
/// naming the same entity (one allocation per entity, not per mention).
pub type EntityId = std::sync::Arc<str>;

/// A source document (`[[source]]` in `sources.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id used by citations (`001`).
    pub id: String,
    /// File name of the document: in the seeds folder for the built-in
    /// dataset, or under `documents/` in a dataset directory.
    pub file: String,
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub speakers: Vec<String>,
    /// When the document is dated (absent when it does not say).
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Language of the document as stored (`ja`).
    pub language: String,
    /// Language of the original material, when the document is a translation.
    #[serde(default)]
    pub original_language: Option<String>,
    /// Number of lines in the document; citations must fall inside it.
    pub line_count: u32,
    /// SHA-256 of the document's text (hex), for documents added with
    /// `steer ingest`: the same file is not ingested twice, and a changed
    /// copy is noticed.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Company,
    Person,
    Government,
    /// Several organisations the sources do not name one by one.
    Group,
}

/// A company, person or government body (`[[entity]]` in `entities.toml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Lowercase id (`microsoft`).
    pub id: String,
    /// Display name (`Microsoft`).
    pub name: String,
    pub kind: EntityKind,
    /// Other spellings, including the transcripts' misspellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// For people: the organisation they speak for.
    #[serde(default)]
    pub organisation: Option<String>,
    /// For people: their role (`CFO`).
    #[serde(default)]
    pub role: Option<String>,
}

/// The kind of a deal.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DealKind {
    /// Money invested in a company, usually for equity.
    Investment,
    /// Payment for computing capacity (data centres, cloud).
    ComputeContract,
    /// Purchase of chips (GPUs, TPUs).
    ChipPurchase,
    /// A promise to buy or pay for capacity that goes unused.
    CapacityGuarantee,
    /// A shareholding in another company.
    EquityStake,
    /// Payment for the right to use a model, IP or technology.
    Licensing,
    /// An exclusive right (a product only on one cloud).
    Exclusivity,
    /// A share of revenue paid to a partner.
    RevenueShare,
    /// A venture-arm investment in a young company.
    Venture,
    /// Payment for a service (API access, model usage).
    ServiceContract,
    /// Bonds sold or a loan taken: money lent to the company.
    Debt,
}

impl DealKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DealKind::Investment => "investment",
            DealKind::ComputeContract => "compute_contract",
            DealKind::ChipPurchase => "chip_purchase",
            DealKind::CapacityGuarantee => "capacity_guarantee",
            DealKind::EquityStake => "equity_stake",
            DealKind::Licensing => "licensing",
            DealKind::Exclusivity => "exclusivity",
            DealKind::RevenueShare => "revenue_share",
            DealKind::Venture => "venture",
            DealKind::ServiceContract => "service_contract",
            DealKind::Debt => "debt",
        }
    }
}

/// How a stated amount relates to the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The amount as stated.
    #[default]
    Exact,
    /// "About", "roughly".
    Approx,
    /// A ceiling ("up to $100B"): not a firm amount.
    UpTo,
    /// A floor ("more than $20B").
    AtLeast,
}

/// The period a stated amount covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// The whole deal.
    #[default]
    Total,
    /// Each year.
    Year,
    /// Each month.
    Month,
}

/// A deal between two parties (`[[deal]]` in `deals.toml`, or a row of
/// `deals.csv`). Money flows from `from` to `to`; for deals without a money
/// flow (exclusivity, a stake) `from` is the party granting or holding.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    pub id: String,
    pub from: EntityId,
    pub to: EntityId,
    pub kind: DealKind,
    /// Amount in US dollars, when the sources state one.
    #[serde(default)]
    pub value_usd: Option<f64>,
    #[serde(default)]
    pub bound: Bound,
    #[serde(default)]
    pub per: Per,
    /// How the sources describe an amount they do not state ("tens of billions").
    #[serde(default)]
    pub value_note: Option<String>,
    /// Share of the counterparty, for stakes (percent).
    #[serde(default)]
    pub stake_pct: Option<f64>,
    /// Duration or end of the deal as the sources put it ("7 years", "until 2030").
    #[serde(default)]
    pub term: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    pub description: String,
    /// Whether money moves from `from` to `to` (false for exclusivity terms).
    #[serde(default = "yes")]
    pub money_flow: bool,
    /// The sources' own hedge about the deal, in their words ("an
    /// unofficially official deal", "not exactly the chips' price").
    #[serde(default)]
    pub caveat: Option<String>,
    /// Japanese renderings of the record's text, written for the dataset
    /// (paraphrases, as the English is): field name (`description`, `caveat`, `value_note`, `term`) to text.
    /// Shown when the answer is in Japanese; searched in either language.
    #[serde(default)]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<Citation>,
}

impl Deal {
    /// The text fields a `ja` table may render, and whether this record
    /// has each.
    pub fn ja_fields(&self) -> [(&'static str, bool); 4] {
        [
            ("description", true),
            ("caveat", self.caveat.is_some()),
            ("value_note", self.value_note.is_some()),
            ("term", self.term.is_some()),
        ]
    }
}

impl Figure {
    /// The text fields a `ja` table may render, and whether this record
    /// has each.
    pub fn ja_fields(&self) -> [(&'static str, bool); 5] {
        [
            ("period", true),
            ("note", self.note.is_some()),
            ("value_note", self.value_note.is_some()),
            ("reason", self.reason.is_some()),
            ("caveat", self.caveat.is_some()),
        ]
    }
}

impl Statement {
    /// The text fields a `ja` table may render, and whether this record
    /// has each.
    pub fn ja_fields(&self) -> [(&'static str, bool); 3] {
        [
            ("text", true),
            ("role", self.role.is_some()),
            ("date_note", self.date_note.is_some()),
        ]
    }
}

fn yes() -> bool {
    true
}

/// What a figure measures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Revenue over a period (reported, annualized or projected).
    Revenue,
    /// Company valuation.
    Valuation,
    /// Change in stock-market value.
    MarketValueChange,
    /// Weekly active users.
    WeeklyActiveUsers,
    /// Total compute spending the company has committed to.
    ComputeCommitments,
    /// Share of a company held by another.
    OwnershipStake,
    /// Share of a market.
    MarketShare,
    /// A price (for example a subscription tier).
    Price,
    /// A ratio between two amounts.
    Ratio,
    /// The stated value of a contract, where a source gives one that other
    /// records do not (kept as the source states it).
    ContractValue,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Revenue => "revenue",
            Metric::Valuation => "valuation",
            Metric::MarketValueChange => "market_value_change",
            Metric::WeeklyActiveUsers => "weekly_active_users",
            Metric::ComputeCommitments => "compute_commitments",
            Metric::OwnershipStake => "ownership_stake",
            Metric::MarketShare => "market_share",
            Metric::Price => "price",
            Metric::Ratio => "ratio",
            Metric::ContractValue => "contract_value",
        }
    }
}

/// How a figure was arrived at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Reported for a completed or current period.
    Reported,
    /// A short period scaled to a year (a run-rate).
    Annualized,
    /// A forecast for a future period.
    Projected,
    /// An estimate by a third party.
    Estimated,
    /// Rumoured, unconfirmed.
    Rumoured,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::Annualized => "annualized",
            Basis::Projected => "projected",
            Basis::Estimated => "estimated",
            Basis::Rumoured => "rumoured",
        }
    }

    /// The basis as a reader of `lang` names it (`reported`, 報告値).
    pub fn worded(self, lang: crate::OutputLang) -> &'static str {
        lang.pick(
            self.as_str(),
            match self {
                Basis::Reported => "報告値",
                Basis::Annualized => "年換算値",
                Basis::Projected => "予測",
                Basis::Estimated => "推計",
                Basis::Rumoured => "噂",
            },
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Usd,
    Percent,
    Count,
    Ratio,
}

/// A company metric (`[[figure]]` in `figures.toml`). Conflicting figures
/// are all kept, each with its own source.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    /// The entity the figure is about.
    pub subject: EntityId,
    pub metric: Metric,
    /// The number, when the sources state one.
    #[serde(default)]
    pub value: Option<f64>,
    /// How the sources describe a number they do not state ("hundreds of billions").
    #[serde(default)]
    pub value_note: Option<String>,
    pub unit: Unit,
    #[serde(default)]
    pub bound: Bound,
    pub basis: Basis,
    /// The year the figure applies to.
    #[serde(default)]
    pub year: Option<i32>,
    /// The period in the sources' words ("end of 2025", "by 2030").
    pub period: String,
    /// For commitments: the number of years they span.
    #[serde(default)]
    pub term_years: Option<u32>,
    /// Who gives the figure, when it is not the subject itself.
    #[serde(default)]
    pub attributed_to: Option<EntityId>,
    #[serde(default)]
    pub note: Option<String>,
    /// Why the figure is what it is, as the sources explain it (quoted
    /// when a report answers "why").
    #[serde(default)]
    pub reason: Option<String>,
    /// The sources' own hedge about the figure, in their words ("reportedly").
    #[serde(default)]
    pub caveat: Option<String>,
    /// Japanese renderings of the record's text, written for the dataset
    /// (paraphrases, as the English is): field name (`period`, `note`, `value_note`, `reason`, `caveat`) to text.
    /// Shown when the answer is in Japanese; searched in either language.
    #[serde(default)]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Interview,
    Post,
    Letter,
    Podcast,
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Said or published openly.
    Public,
    /// Addressed privately (a letter to an agency), later disclosed.
    Private,
}

/// Something a person or organisation said (`[[statement]]` in
/// `statements.toml`), in English.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: String,
    /// The person or organisation speaking.
    pub speaker: EntityId,
    /// The organisation the statement speaks for.
    pub organisation: EntityId,
    #[serde(default)]
    pub role: Option<String>,
    pub date: PartialDate,
    /// How the sources date it, when the date is inferred ("10 days before").
    #[serde(default)]
    pub date_note: Option<String>,
    pub channel: Channel,
    pub audience: Audience,
    pub text: String,
    /// Japanese renderings of the record's text, written for the dataset
    /// (paraphrases, as the English is): field name (`text`, `role`, `date_note`) to text.
    /// Shown when the answer is in Japanese; searched in either language.
    #[serde(default)]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<Citation>,
}

/// A topic and the terms that signal it (`[[topic]]` in `topics.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub description: String,
    /// Words and phrases that mark a claim as about this topic, matched
    /// case-insensitively on word boundaries.
    pub terms: Vec<String>,
    /// When given, a claim counts for the topic only if its statement also
    /// mentions one of these words: "grant" is about government support
    /// only where a government is in the picture.
    #[serde(default)]
    pub context: Vec<String>,
}
