//! Totals over a set of deals, keeping firm, ceiling, floor, yearly and
//! unstated amounts apart.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Party;
use crate::dataset::{Bound, Dataset, Deal, DealKind, Per};
use crate::{OutputLang, said};

/// Sums of stated amounts, split by what kind of amount they are. Adding a
/// ceiling ("up to $100B") or a yearly amount to a firm total would
/// overstate it, so each has its own sum.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Amounts {
    /// Exact and approximate one-off totals, in US dollars.
    pub total_usd: f64,
    /// Ceilings ("up to"), in US dollars.
    pub up_to_usd: f64,
    /// Floors ("at least"), in US dollars.
    pub at_least_usd: f64,
    /// Yearly amounts (any bound), in US dollars per year.
    pub per_year_usd: f64,
    /// Monthly amounts (any bound), in US dollars per month.
    pub per_month_usd: f64,
    /// Deals with a stated amount.
    pub stated: usize,
    /// Deals with money changing hands but no stated amount (not counted as zero).
    pub unstated: usize,
}

impl Amounts {
    fn add(&mut self, d: &Deal) {
        let Some(v) = d.value_usd else {
            self.unstated += 1;
            return;
        };
        self.stated += 1;
        match (d.per, d.bound) {
            (Per::Year, _) => self.per_year_usd += v,
            (Per::Month, _) => self.per_month_usd += v,
            (Per::Total, Bound::UpTo) => self.up_to_usd += v,
            (Per::Total, Bound::AtLeast) => self.at_least_usd += v,
            (Per::Total, Bound::Exact | Bound::Approx) => self.total_usd += v,
        }
    }

    /// Everything stated, for ranking only (mixes kinds of amount).
    fn weight(&self) -> f64 {
        self.total_usd + self.up_to_usd + self.at_least_usd + self.per_year_usd
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PartyTotals {
    pub party: Party,
    /// Deals where this party pays.
    pub pays: Amounts,
    /// Deals where this party receives.
    pub receives: Amounts,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct KindTotals {
    pub kind: DealKind,
    pub amounts: Amounts,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Totals {
    /// Over every matching deal with a money flow.
    pub overall: Amounts,
    /// Matching deals without a money flow (exclusivity, stakes held); not in any sum.
    pub without_money_flow: usize,
    /// Per kind of deal.
    pub by_kind: Vec<KindTotals>,
    /// Per party, largest first (limited like the deals).
    pub by_party: Vec<PartyTotals>,
    /// Number of parties before `limit` cut `by_party`.
    pub party_count: usize,
}

pub(super) fn totals(data: &Dataset, deals: &[&Deal], limit: usize) -> Totals {
    let mut overall = Amounts::default();
    let mut without_money_flow = 0;
    let mut by_kind: HashMap<DealKind, Amounts> = HashMap::new();
    let mut by_party: HashMap<&str, (Amounts, Amounts)> = HashMap::new();
    for d in deals {
        if !d.money_flow {
            without_money_flow += 1;
            continue;
        }
        overall.add(d);
        by_kind.entry(d.kind).or_default().add(d);
        by_party.entry(&*d.from).or_default().0.add(d);
        by_party.entry(&*d.to).or_default().1.add(d);
    }
    let mut by_kind: Vec<KindTotals> = by_kind
        .into_iter()
        .map(|(kind, amounts)| KindTotals { kind, amounts })
        .collect();
    by_kind.sort_by(|a, b| {
        b.amounts
            .weight()
            .total_cmp(&a.amounts.weight())
            .then(a.kind.cmp(&b.kind))
    });
    let mut by_party: Vec<PartyTotals> = by_party
        .into_iter()
        .map(|(id, (pays, receives))| PartyTotals {
            party: Party {
                id: id.to_string(),
                name: data.name_of(id).to_string(),
            },
            pays,
            receives,
        })
        .collect();
    by_party.sort_by(|a, b| {
        let wa = a.pays.weight() + a.receives.weight();
        let wb = b.pays.weight() + b.receives.weight();
        wb.total_cmp(&wa).then_with(|| a.party.id.cmp(&b.party.id))
    });
    let party_count = by_party.len();
    by_party.truncate(limit);
    Totals {
        overall,
        without_money_flow,
        by_kind,
        by_party,
        party_count,
    }
}

pub(super) fn notes(deals: &[&Deal], limit: usize, lang: OutputLang) -> Vec<String> {
    let mut notes = Vec::new();
    if deals.is_empty() {
        notes.push(said!(
            lang,
            "no deal matches these filters",
            "この条件に合う取引はありません"
        ));
        return notes;
    }
    let (unstated, n) = (
        deals.iter().filter(|d| d.value_usd.is_none()).count(),
        deals.len(),
    );
    if unstated > 0 {
        notes.push(said!(
            lang,
            "{unstated} of {n} deals have no stated amount: they are listed, and counted as `unstated`, never as zero",
            "取引 {n} 件のうち {unstated} 件は金額の明記がありません: 一覧には載せ、`unstated` として数えます。ゼロとしては数えません"
        ));
    }
    if deals.iter().any(|d| d.bound == Bound::UpTo) {
        notes.push(said!(
            lang,
            "`up_to` amounts are ceilings, summed apart from firm totals",
            "`up_to` の金額は上限で、確定額とは別に合計しています"
        ));
    }
    if deals.iter().any(|d| d.per != Per::Total) {
        notes.push(said!(
            lang,
            "per-year and per-month amounts are summed apart from one-off totals",
            "年額・月額は一回限りの総額とは別に合計しています"
        ));
    }
    if n > limit {
        notes.push(said!(
            lang,
            "showing {limit} of {n} deals; raise `limit` or narrow the filters",
            "取引 {n} 件のうち {limit} 件を表示しています。`limit` を上げるか条件を絞ってください"
        ));
    }
    notes
}
