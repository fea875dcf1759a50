//! The money-flow graph: entities are nodes, deals with a money flow are
//! edges from payer to receiver. Cycles in it are circular financing.

use std::collections::{HashMap, VecDeque};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cycles::CycleSearch;
use super::filter::Filter;
use super::{DealLookup, DealView, Party};

/// One step of a cycle: every matching deal by which `from` pays `to`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CycleHop {
    pub from: Party,
    pub to: Party,
    pub deals: Vec<DealView>,
}

/// A circular flow of money that starts and ends at the queried party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Cycle {
    /// The names along the cycle, e.g. "NVIDIA → OpenAI → Oracle → NVIDIA".
    pub path: String,
    /// Number of hops.
    pub length: usize,
    pub hops: Vec<CycleHop>,
    /// The smallest stated amount on the cycle, each hop counted at its
    /// largest stated deal; absent when no hop states an amount.
    pub min_stated_usd: Option<f64>,
    /// Hops none of whose deals states an amount.
    pub unstated_hops: usize,
}

/// An entity near the queried party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Neighbour {
    pub party: Party,
    /// Number of deals between it and the centre.
    pub distance: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Neighbourhood {
    pub center: Party,
    pub hops: usize,
    /// Entities within `hops` (the centre at distance 0), nearest first, limited.
    pub entities: Vec<Neighbour>,
    pub entity_count: usize,
    /// Matching deals that link those entities, limited.
    pub deals: Vec<DealView>,
    pub deal_count: usize,
}

/// The best `limit` simple cycles through `start` of 2..=`max_len` hops
/// (through `through` too, when given), ranked, and how far the search
/// went (see [`super::cycles`]).
pub(super) fn cycles(
    tool: &DealLookup,
    filter: &Filter,
    start: &Party,
    through: Option<&Party>,
    max_len: usize,
    limit: usize,
) -> (Vec<Cycle>, Option<CycleSearch>) {
    let data = &tool.data;
    let number = |p: &Party| {
        data.entity_number(&p.id)
            .and_then(|n| u32::try_from(n).ok())
    };
    let Some(s) = number(start) else {
        return (Vec::new(), None);
    };
    let via = through.and_then(number);
    let (found, report) = super::cycles::search(data, filter, s, via, max_len, limit);
    let entity = |n: u32| tool.party(&data.entities[n as usize].id);
    let cycles = found
        .into_iter()
        .map(|raw| {
            let mut names: Vec<&str> = raw
                .nodes
                .iter()
                .map(|&n| data.entities[n as usize].name.as_str())
                .collect();
            names.push(data.entities[s as usize].name.as_str());
            let hops = raw
                .hops
                .iter()
                .enumerate()
                .map(|(i, deals)| CycleHop {
                    from: entity(raw.nodes[i]),
                    to: entity(*raw.nodes.get(i + 1).unwrap_or(&s)),
                    deals: deals
                        .iter()
                        .map(|&d| tool.view(&data.deals[d as usize]))
                        .collect(),
                })
                .collect();
            Cycle {
                path: names.join(" → "),
                length: raw.hops.len(),
                hops,
                min_stated_usd: raw.min,
                unstated_hops: raw.unstated,
            }
        })
        .collect();
    (cycles, Some(report))
}

/// Every entity within `hops` deals of `center` (either direction, any
/// deal kind that passes the filter), and the deals linking them.
pub(super) fn neighbourhood(
    tool: &DealLookup,
    filter: &Filter,
    center: &Party,
    hops: usize,
    limit: usize,
) -> Neighbourhood {
    let data = &tool.data;
    let index = data.deal_index();
    let mut distance: HashMap<u32, usize> = HashMap::new();
    let mut deals: Vec<u32> = Vec::new();
    if let Some(c) = data
        .entity_number(&center.id)
        .and_then(|n| u32::try_from(n).ok())
    {
        let mut queue = VecDeque::from([c]);
        distance.insert(c, 0);
        while let Some(node) = queue.pop_front() {
            let d = distance.get(&node).copied().unwrap_or(0);
            if d >= hops {
                continue;
            }
            for &deal in index.by_entity.row(node as usize) {
                let Some((from, to)) = index.ends[deal as usize] else {
                    continue;
                };
                if !filter.accepts(&data.deals[deal as usize]) {
                    continue;
                }
                deals.push(deal);
                let other = if from == node { to } else { from };
                if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(other) {
                    slot.insert(d + 1);
                    queue.push_back(other);
                }
            }
        }
    }
    deals.sort_unstable();
    deals.dedup();
    let mut entities: Vec<(u32, usize)> = distance.into_iter().collect();
    let name = |n: u32| data.entities[n as usize].name.as_str();
    entities.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| name(a.0).cmp(name(b.0))));
    Neighbourhood {
        center: center.clone(),
        hops,
        entity_count: entities.len(),
        entities: entities
            .iter()
            .take(limit)
            .map(|&(n, d)| Neighbour {
                party: tool.party(&data.entities[n as usize].id),
                distance: d,
            })
            .collect(),
        deal_count: deals.len(),
        deals: deals
            .iter()
            .take(limit)
            .map(|&i| tool.view(&data.deals[i as usize]))
            .collect(),
    }
}
