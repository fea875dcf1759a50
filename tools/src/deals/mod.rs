//! `deal_lookup`: which deals involve whom, worth how much, per which
//! source; totals; and the money-flow graph with its cycles.

use std::collections::BTreeMap;

mod cycles;
mod drawing;
mod filter;
mod graph;
mod totals;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Bound, Dataset, Deal, DealKind, PartialDate, Per, SourceRef};
use crate::error::ToolError;
use crate::said;
use crate::tool::{Chart, Example, OutputLang, Tool};

pub use cycles::{CycleSearch, EDGE_BUDGET};
pub use filter::{Direction, Sort};
pub use graph::{Cycle, CycleHop, Neighbour, Neighbourhood};
pub use totals::{Amounts, KindTotals, PartyTotals, Totals};

/// Looks up deals between companies in the research dataset (investments,
/// compute contracts, chip purchases, guarantees, stakes, licences) with
/// their stated values and source lines, totals per party and kind, and the
/// money-flow graph: circular flows (A pays B pays C pays A) and everything
/// within a few hops of a company.
///
/// Use it to find who pays whom in the AI industry and how much ("all deals
/// involving NVIDIA", "OpenAI's compute contracts", "the terms of the
/// Microsoft-OpenAI agreement"), and to check for circular financing
/// (`mode: cycles`). Names may be ids, names or aliases ("MSFT", "Microsoft
/// Corp."); a misspelt name gets a suggestion. Amounts the sources do not
/// state are listed and counted apart, never as zero; "up to" and per-year
/// amounts are kept apart from firm totals.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealLookupArgs {
    /// What to return (default `list`).
    pub mode: Option<Mode>,
    /// Company or person on either side of the deal (name, alias or id).
    /// Required for `cycles` and `neighbourhood`.
    pub party: Option<String>,
    /// The other side, for deals between two parties (in `cycles` mode:
    /// only cycles passing through it).
    pub counterparty: Option<String>,
    /// Which way money flows relative to `party` (default `any`).
    pub direction: Option<Direction>,
    /// Only deals of this kind.
    pub kind: Option<DealKind>,
    /// Only deals whose stated amount is at least this many US dollars.
    #[schemars(range(min = 0.0))]
    pub min_value_usd: Option<f64>,
    /// Only deals whose stated amount is at most this many US dollars.
    #[schemars(range(min = 0.0))]
    pub max_value_usd: Option<f64>,
    /// Whether deals without a stated amount pass a value filter (default
    /// true: they are kept and marked, since their size is unknown, not zero).
    pub include_unstated: Option<bool>,
    /// Only deals whose description contains all these words (case-insensitive).
    pub text: Option<String>,
    /// Only deals dated on or after this date. A deal dated only by
    /// year or month is kept when that period overlaps the range.
    pub date_from: Option<PartialDate>,
    /// Only deals dated on or before this date.
    pub date_to: Option<PartialDate>,
    /// Order of the deals (default `value_desc`; unstated amounts last).
    pub sort: Option<Sort>,
    /// Maximum number of deals, cycles or parties to return (default 50).
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
    /// `cycles` mode: the longest cycle to look for, in deals (default 4).
    #[schemars(range(min = 2, max = 6))]
    pub max_cycle_length: Option<u32>,
    /// `neighbourhood` mode: how many deals away from `party` to go (default 1).
    #[schemars(range(min = 1, max = 4))]
    pub hops: Option<u32>,
}

/// What `deal_lookup` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The matching deals, with totals over them.
    #[default]
    List,
    /// Only the totals over the matching deals.
    Totals,
    /// Circular money flows through `party`, ranked by their smallest stated amount.
    Cycles,
    /// Every entity and deal within `hops` deals of `party`.
    Neighbourhood,
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
    /// False when the sources state no amount.
    pub value_stated: bool,
    /// Whether the amount is exact, approximate, a ceiling ("up to") or a floor.
    pub bound: Bound,
    /// Whether the amount is a total or per year / month.
    pub per: Per,
    /// How the sources describe an amount they do not state.
    pub value_note: Option<String>,
    pub stake_pct: Option<f64>,
    pub term: Option<String>,
    pub date: Option<PartialDate>,
    /// False for terms without a payment (exclusivity, a stake held).
    pub money_flow: bool,
    pub description: String,
    /// The sources' own hedge about the deal, in their words.
    pub caveat: Option<String>,
    /// Japanese renderings of this record's text fields (field name to
    /// text), where the dataset has them; absent otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ja: BTreeMap<String, String>,
    pub sources: Vec<SourceRef>,
}

/// The result of a `deal_lookup` call.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DealLookupOutput {
    pub mode: Mode,
    /// The entity `party` resolved to.
    pub party: Option<Party>,
    /// The entity `counterparty` resolved to.
    pub counterparty: Option<Party>,
    /// Number of deals matching the filters, before `limit` (`cycles`
    /// mode: the cycles found, a lower bound when `truncated`).
    pub matched: usize,
    /// True when the result leaves out something that matched: deals,
    /// parties or entities past `limit`, or cycles past `limit` or beyond
    /// the search budget (see `cycle_search`).
    pub truncated: bool,
    /// How many of those have no stated amount.
    pub unstated: usize,
    /// The matching deals (`list` mode), sorted and limited.
    pub deals: Vec<DealView>,
    /// Totals over the matching deals (`list` and `totals` modes).
    pub totals: Option<Totals>,
    /// Circular money flows (`cycles` mode), ranked.
    pub cycles: Vec<Cycle>,
    /// How far the cycle search went (`cycles` mode).
    pub cycle_search: Option<CycleSearch>,
    /// Entities and deals near `party` (`neighbourhood` mode).
    pub neighbourhood: Option<Neighbourhood>,
    /// What the caller should know to read the result right.
    pub notes: Vec<String>,
}

pub struct DealLookup {
    data: Arc<Dataset>,
}

impl DealLookup {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    fn resolve(&self, field: &str, name: &Option<String>) -> Result<Option<Party>, ToolError> {
        let Some(name) = name else { return Ok(None) };
        let id = self.data.resolve_argument(Self::NAME, field, name)?;
        Ok(Some(self.party(&id)))
    }

    fn party(&self, id: &str) -> Party {
        Party {
            id: id.to_string(),
            name: self.data.name_of(id).to_string(),
        }
    }

    pub fn view(&self, d: &Deal) -> DealView {
        DealView {
            id: d.id.clone(),
            from: self.party(&d.from),
            to: self.party(&d.to),
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
            caveat: d.caveat.clone(),
            ja: d.ja.clone(),
            sources: self.data.source_refs(&d.sources),
        }
    }

    fn check(&self, args: &DealLookupArgs, mode: Mode, lang: OutputLang) -> Result<(), ToolError> {
        let needs_party = matches!(mode, Mode::Cycles | Mode::Neighbourhood);
        if needs_party && args.party.is_none() {
            let mode = if mode == Mode::Cycles {
                "cycles"
            } else {
                "neighbourhood"
            };
            return Err(ToolError::InvalidArguments {
                tool: Self::NAME.to_string(),
                problems: vec![crate::ArgProblem::of(
                    "party",
                    format!("`party` is required when `mode` is {mode}"),
                    crate::Problem::RequiredWhen {
                        other: "mode".to_string(),
                        value: mode.to_string(),
                    },
                )],
            });
        }
        if args.direction.is_some_and(|d| d != Direction::Any) && args.party.is_none() {
            return Err(ToolError::argument(
                Self::NAME,
                "direction",
                said!(
                    lang,
                    "`direction` needs `party`: it says which way money flows relative to it",
                    "`direction` には `party` が必要です: お金がその当事者から見てどちらへ流れるかを指定するものです"
                ),
            ));
        }
        if let (Some(min), Some(max)) = (args.min_value_usd, args.max_value_usd)
            && min > max
        {
            return Err(ToolError::argument(
                Self::NAME,
                "min_value_usd",
                said!(
                    lang,
                    "`min_value_usd` ({min}) is above `max_value_usd` ({max})",
                    "`min_value_usd` ({min}) が `max_value_usd` ({max}) を上回っています"
                ),
            ));
        }
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
        Ok(())
    }
}

impl Tool for DealLookup {
    const NAME: &'static str = "deal_lookup";
    const TITLE: &'static str = "Deal lookup";
    const SUMMARY_JA: &'static str = "調査データセットにある企業間の取引(投資、計算能力の契約、チップの購入、保証、出資、ライセンス)を、明記された金額と出典の行つきで調べる。当事者別・種類別の合計と、お金の流れのグラフ(A が B に、B が C に、C が A に払う循環、ある企業から数ホップ以内のすべて)も出す。";
    const GUIDE: &'static str = "1. Call `deal_lookup` with `mode: cycles` and the company as `party` (aliases work: \"NVDA\", \"Microsoft Corp.\"). Start with the default `max_cycle_length` of 4.\n2. For each cycle, read every hop's deals: kind, `value_usd` with its `bound` (`up_to` is a ceiling, not a payment) and `per` (yearly amounts are not totals). A hop with `value_stated: false` has an unknown amount, not zero.\n3. Call `deal_lookup` with `mode: totals` for the same party to size its flows, keeping `total_usd`, `up_to_usd`, `per_year_usd` and `unstated` apart.\n4. Use `mode: neighbourhood` with `hops: 2` to find links the cycles miss.\n5. Report the loops in rank order, each hop with its deal and source label. Say which hops have no stated amount.\n\nIf a name is not found, the error suggests the closest one: retry with it rather than giving up.\n";
    const EXAMPLES: &'static [Example] = &[
        Example {
            caption: "The deals between NVIDIA and OpenAI",
            arguments: r#"{"party": "NVIDIA", "counterparty": "OpenAI"}"#,
        },
        Example {
            caption: "Circular money flows through NVIDIA",
            arguments: r#"{"mode": "cycles", "party": "NVIDIA", "limit": 2}"#,
        },
        Example {
            caption: "What OpenAI pays, in totals",
            arguments: r#"{"mode": "totals", "party": "OpenAI", "direction": "pays"}"#,
        },
    ];
    type Args = DealLookupArgs;
    type Output = DealLookupOutput;

    /// Lists and totals are one pass over the deals; cycles and
    /// neighbourhoods search the graph, within a budget of edges.
    fn runs_long(&self, args: &DealLookupArgs) -> bool {
        matches!(
            args.mode.unwrap_or_default(),
            Mode::Cycles | Mode::Neighbourhood
        )
    }

    /// Cycles, neighbourhoods and one party's deals are drawn: the shape
    /// of the money is the answer there.
    fn charts(&self, out: &DealLookupOutput, lang: OutputLang) -> Vec<Chart> {
        drawing::chart(out, lang).into_iter().collect()
    }

    async fn call(
        &self,
        args: DealLookupArgs,
        lang: OutputLang,
    ) -> Result<DealLookupOutput, ToolError> {
        let mode = args.mode.unwrap_or_default();
        self.check(&args, mode, lang)?;
        let party = self.resolve("party", &args.party)?;
        let counterparty = self.resolve("counterparty", &args.counterparty)?;
        let filter = filter::Filter::new(&args);
        let limit = args.limit.unwrap_or(50) as usize;
        let mut out = DealLookupOutput {
            mode,
            party: party.clone(),
            counterparty: counterparty.clone(),
            matched: 0,
            truncated: false,
            unstated: 0,
            deals: Vec::new(),
            totals: None,
            cycles: Vec::new(),
            cycle_search: None,
            neighbourhood: None,
            notes: Vec::new(),
        };
        match mode {
            Mode::List | Mode::Totals => {
                let ends = filter::Ends::new(
                    &self.data,
                    party.as_ref(),
                    counterparty.as_ref(),
                    args.direction.unwrap_or_default(),
                );
                let mut matching = filter::matching(&self.data, &filter, &ends);
                out.matched = matching.len();
                out.unstated = matching.iter().filter(|d| d.value_usd.is_none()).count();
                let totals = totals::totals(&self.data, &matching, limit);
                out.truncated = out.matched > limit || totals.party_count > limit;
                out.totals = Some(totals);
                if mode == Mode::List {
                    filter::sort(&mut matching, args.sort.unwrap_or_default());
                    out.deals = matching.iter().take(limit).map(|d| self.view(d)).collect();
                }
                out.notes = totals::notes(&matching, limit, lang);
            }
            Mode::Cycles => {
                let (Some(start), max_len) =
                    (party.as_ref(), args.max_cycle_length.unwrap_or(4) as usize)
                else {
                    return Ok(out);
                };
                let through = counterparty.as_ref();
                let (cycles, search) = graph::cycles(self, &filter, start, through, max_len, limit);
                out.cycles = cycles;
                if let Some(search) = search {
                    out.matched = usize::try_from(search.cycles_seen).unwrap_or(usize::MAX);
                    out.truncated = search.truncated;
                    out.notes.push(cycles::note(
                        &search,
                        &start.name,
                        max_len,
                        out.cycles.len(),
                        lang,
                    ));
                    out.cycle_search = Some(search);
                }
            }
            Mode::Neighbourhood => {
                let Some(center) = party.as_ref() else {
                    return Ok(out);
                };
                let hood = graph::neighbourhood(
                    self,
                    &filter,
                    center,
                    args.hops.unwrap_or(1) as usize,
                    limit,
                );
                out.matched = hood.deal_count;
                out.truncated =
                    hood.deal_count > hood.deals.len() || hood.entity_count > hood.entities.len();
                out.neighbourhood = Some(hood);
            }
        }
        Ok(out)
    }
}
