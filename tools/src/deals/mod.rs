//! `deal_lookup`: which deals involve whom, worth how much, per which source.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Bound, Dataset, Deal, DealKind, PartialDate, Per, Resolution, SourceRef};
use crate::error::ToolError;
use crate::tool::Tool;

/// Looks up deals between companies in the research dataset (investments,
/// compute contracts, chip purchases, guarantees, stakes, licences), each
/// with its value as stated ("up to" and per-year amounts kept as such) and
/// its source lines.
///
/// Use it to find who pays whom in the AI industry and how much: "all deals
/// involving NVIDIA", "OpenAI's compute contracts", "the terms of the
/// Microsoft-OpenAI agreement". Names may be ids, names or aliases
/// ("MSFT", "Microsoft Corp."); a misspelt name gets a suggestion.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealLookupArgs {
    /// Company or person on either side of the deal (name, alias or id).
    pub party: Option<String>,
    /// The other side, when looking for deals between two parties.
    pub counterparty: Option<String>,
    /// Only deals of this kind.
    pub kind: Option<DealKind>,
    /// Only deals whose description contains all these words (case-insensitive).
    pub text: Option<String>,
    /// Only deals dated on or after this date.
    pub date_from: Option<PartialDate>,
    /// Only deals dated on or before this date.
    pub date_to: Option<PartialDate>,
    /// Maximum number of deals to return (default 50).
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
}

/// A party to a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Party {
    pub id: String,
    pub name: String,
}

/// A deal as returned by `deal_lookup`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DealView {
    pub id: String,
    /// Who pays (or grants, for deals without a money flow).
    pub from: Party,
    /// Who receives.
    pub to: Party,
    pub kind: DealKind,
    /// Amount in US dollars when a source states one; absent otherwise
    /// (never zero for "unknown").
    pub value_usd: Option<f64>,
    pub value_stated: bool,
    pub bound: Bound,
    pub per: Per,
    /// How the sources describe an amount they do not state.
    pub value_note: Option<String>,
    pub stake_pct: Option<f64>,
    pub term: Option<String>,
    pub date: Option<PartialDate>,
    pub money_flow: bool,
    pub description: String,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DealLookupOutput {
    /// The parties the names resolved to.
    pub party: Option<Party>,
    pub counterparty: Option<Party>,
    /// Number of deals matching, before `limit`.
    pub matched: usize,
    pub deals: Vec<DealView>,
}

pub struct DealLookup {
    data: Arc<Dataset>,
}

impl DealLookup {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    fn party(&self, field: &str, name: &Option<String>) -> Result<Option<Party>, ToolError> {
        let Some(name) = name else { return Ok(None) };
        match self.data.resolve(name) {
            Resolution::Found(id) => Ok(Some(Party {
                name: self.data.name_of(&id).to_string(),
                id,
            })),
            Resolution::Unknown { suggestions } => {
                let hint = if suggestions.is_empty() {
                    "; `steer tools call deal_lookup '{}'` lists every deal and its parties"
                        .to_string()
                } else {
                    format!(
                        "; did you mean {}?",
                        suggestions
                            .iter()
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                Err(ToolError::argument(
                    Self::NAME,
                    field,
                    format!(
                        "`{field}`: no company or person called \"{name}\" in the dataset{hint}"
                    ),
                ))
            }
        }
    }

    pub fn view(&self, d: &Deal) -> DealView {
        let party = |id: &str| Party {
            id: id.to_string(),
            name: self.data.name_of(id).to_string(),
        };
        DealView {
            id: d.id.clone(),
            from: party(&d.from),
            to: party(&d.to),
            kind: d.kind,
            value_usd: d.value_usd,
            value_stated: d.value_usd.is_some(),
            bound: d.bound,
            per: d.per,
            value_note: d.value_note.clone(),
            stake_pct: d.stake_pct,
            term: d.term.clone(),
            date: d.date,
            money_flow: d.money_flow,
            description: d.description.clone(),
            sources: self.data.source_refs(&d.sources),
        }
    }
}

impl Tool for DealLookup {
    const NAME: &'static str = "deal_lookup";
    const TITLE: &'static str = "Deal lookup";
    type Args = DealLookupArgs;
    type Output = DealLookupOutput;

    async fn call(&self, args: DealLookupArgs) -> Result<DealLookupOutput, ToolError> {
        let party = self.party("party", &args.party)?;
        let counterparty = self.party("counterparty", &args.counterparty)?;
        let words: Vec<String> = args
            .text
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let involves =
            |d: &Deal, p: &Option<Party>| p.as_ref().is_none_or(|p| d.from == p.id || d.to == p.id);
        let matching: Vec<&Deal> = self
            .data
            .deals
            .iter()
            .filter(|d| involves(d, &party) && involves(d, &counterparty))
            .filter(|d| args.kind.is_none_or(|k| d.kind == k))
            .filter(|d| {
                let text = d.description.to_lowercase();
                words.iter().all(|w| text.contains(w))
            })
            .filter(|d| match (&args.date_from, &args.date_to) {
                (None, None) => true,
                (from, to) => d
                    .date
                    .is_some_and(|date| date.within(from.as_ref(), to.as_ref())),
            })
            .collect();
        let limit = args.limit.unwrap_or(50) as usize;
        Ok(DealLookupOutput {
            party,
            counterparty,
            matched: matching.len(),
            deals: matching
                .into_iter()
                .take(limit)
                .map(|d| self.view(d))
                .collect(),
        })
    }
}
