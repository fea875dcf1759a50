//! Which deals match a query, and in what order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DealLookupArgs, Party};
use crate::dataset::{Dataset, Deal, DealKind, PartialDate};

/// Which way money flows relative to `party`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Either way.
    #[default]
    Any,
    /// `party` pays (or grants).
    Pays,
    /// `party` receives.
    Receives,
}

/// Order of returned deals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Largest stated amount first.
    #[default]
    ValueDesc,
    /// Smallest stated amount first.
    ValueAsc,
    /// Newest first.
    DateDesc,
    /// Oldest first.
    DateAsc,
}

/// The per-deal conditions of a query (everything but the parties).
pub(super) struct Filter {
    kind: Option<DealKind>,
    min: Option<f64>,
    max: Option<f64>,
    include_unstated: bool,
    words: Vec<String>,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
}

impl Filter {
    pub fn new(args: &DealLookupArgs) -> Filter {
        Filter {
            kind: args.kind,
            min: args.min_value_usd,
            max: args.max_value_usd,
            include_unstated: args.include_unstated.unwrap_or(true),
            words: args
                .text
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            from: args.date_from,
            to: args.date_to,
        }
    }

    pub fn accepts(&self, d: &Deal) -> bool {
        if self.kind.is_some_and(|k| d.kind != k) {
            return false;
        }
        if self.min.is_some() || self.max.is_some() {
            match d.value_usd {
                Some(v) if self.min.is_some_and(|m| v < m) || self.max.is_some_and(|m| v > m) => {
                    return false;
                }
                None if !self.include_unstated => return false,
                _ => {}
            }
        }
        if (self.from.is_some() || self.to.is_some())
            && !d
                .date
                .is_some_and(|date| date.within(self.from.as_ref(), self.to.as_ref()))
        {
            return false;
        }
        if !self.words.is_empty() {
            let haystack = format!(
                "{} {} {}",
                d.description,
                d.value_note.as_deref().unwrap_or_default(),
                d.term.as_deref().unwrap_or_default()
            )
            .to_lowercase();
            if !self.words.iter().all(|w| haystack.contains(w.as_str())) {
                return false;
            }
        }
        true
    }
}

/// The party conditions of a query, as entity numbers.
pub(super) struct Ends {
    party: Option<u32>,
    counterparty: Option<u32>,
    direction: Direction,
}

impl Ends {
    pub fn new(
        data: &Dataset,
        party: Option<&Party>,
        counterparty: Option<&Party>,
        direction: Direction,
    ) -> Ends {
        let number = |p: Option<&Party>| {
            p.and_then(|p| data.entity_number(&p.id))
                .and_then(|n| u32::try_from(n).ok())
        };
        Ends {
            party: number(party),
            counterparty: number(counterparty),
            direction,
        }
    }

    fn accepts(&self, ends: Option<(u32, u32)>) -> bool {
        let Some((from, to)) = ends else {
            return false;
        };
        let side_ok = match (self.party, self.direction) {
            (None, _) => true,
            (Some(p), Direction::Any) => from == p || to == p,
            (Some(p), Direction::Pays) => from == p,
            (Some(p), Direction::Receives) => to == p,
        };
        let other_ok = match (self.party, self.counterparty) {
            (_, None) => true,
            (Some(p), Some(c)) => (from == p && to == c) || (from == c && to == p),
            (None, Some(c)) => from == c || to == c,
        };
        side_ok && other_ok
    }
}

/// The deals matching a query. A party narrows the search to its own deals
/// through the index, so a lookup by party does not scan every deal.
pub(super) fn matching<'a>(data: &'a Dataset, filter: &Filter, ends: &Ends) -> Vec<&'a Deal> {
    let index = data.deal_index();
    let accept = |i: usize| ends.accepts(index.ends[i]) && filter.accepts(&data.deals[i]);
    match ends.party.or(ends.counterparty) {
        Some(p) => index
            .by_entity
            .row(p as usize)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| accept(i))
            .map(|i| &data.deals[i])
            .collect(),
        None => (0..data.deals.len())
            .filter(|&i| accept(i))
            .map(|i| &data.deals[i])
            .collect(),
    }
}

pub(super) fn sort(deals: &mut [&Deal], order: Sort) {
    use std::cmp::Ordering;
    // Unknown amounts and dates go last whatever the direction: they are
    // not small or old, they are unknown.
    fn known_first<T: PartialOrd>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if desc { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    deals.sort_by(|a, b| {
        let primary = match order {
            Sort::ValueDesc => known_first(a.value_usd, b.value_usd, true),
            Sort::ValueAsc => known_first(a.value_usd, b.value_usd, false),
            Sort::DateDesc => known_first(a.date, b.date, true),
            Sort::DateAsc => known_first(a.date, b.date, false),
        };
        primary.then_with(|| a.id.cmp(&b.id))
    });
}
