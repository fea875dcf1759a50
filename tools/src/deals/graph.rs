//! The money-flow graph: entities are nodes, deals with a money flow are
//! edges from payer to receiver. Cycles in it are circular financing.

use std::collections::{HashMap, VecDeque};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

/// A cycle as entity numbers and, per hop, deal indices.
struct RawCycle {
    nodes: Vec<usize>,
    hops: Vec<Vec<usize>>,
}

struct Search<'a> {
    tool: &'a DealLookup,
    filter: &'a Filter,
    start: usize,
    max_len: usize,
    /// Fewest hops from a node back to the start, for pruning.
    to_start: HashMap<usize, usize>,
    path: Vec<usize>,
    hops: Vec<Vec<usize>>,
    found: Vec<RawCycle>,
}

impl Search<'_> {
    /// The receivers `node` pays through matching deals, each with those deals.
    fn out_groups(&self, node: usize) -> Vec<(usize, Vec<usize>)> {
        let data = &self.tool.data;
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for &(to, deal) in &data.deal_index().pays[node] {
            if !self.filter.accepts(&data.deals[deal]) {
                continue;
            }
            match groups.iter_mut().find(|(t, _)| *t == to) {
                Some((_, deals)) => deals.push(deal),
                None => groups.push((to, vec![deal])),
            }
        }
        groups
    }

    fn walk(&mut self, node: usize) {
        let depth = self.hops.len();
        for (to, deals) in self.out_groups(node) {
            if to == self.start {
                if depth + 1 >= 2 {
                    let mut hops = self.hops.clone();
                    hops.push(deals);
                    self.found.push(RawCycle {
                        nodes: self.path.clone(),
                        hops,
                    });
                }
                continue;
            }
            let remaining = self.max_len - (depth + 1);
            let can_return = self.to_start.get(&to).is_some_and(|&d| d <= remaining);
            if remaining == 0 || !can_return || self.path.contains(&to) {
                continue;
            }
            self.path.push(to);
            self.hops.push(deals);
            self.walk(to);
            self.path.pop();
            self.hops.pop();
        }
    }

    /// Breadth-first over reversed edges: how many hops each node needs to
    /// pay its way back to the start.
    fn distances_to_start(&mut self) {
        let data = &self.tool.data;
        let mut queue = VecDeque::from([(self.start, 0usize)]);
        self.to_start.insert(self.start, 0);
        while let Some((node, d)) = queue.pop_front() {
            if d + 1 >= self.max_len {
                continue;
            }
            for &(payer, deal) in &data.deal_index().paid_by[node] {
                if !self.filter.accepts(&data.deals[deal]) || self.to_start.contains_key(&payer) {
                    continue;
                }
                self.to_start.insert(payer, d + 1);
                queue.push_back((payer, d + 1));
            }
        }
    }
}

/// Simple cycles through `start` of 2..=`max_len` hops, ranked; returns the
/// first `limit` and how many there are.
pub(super) fn cycles(
    tool: &DealLookup,
    filter: &Filter,
    start: &Party,
    through: Option<&Party>,
    max_len: usize,
    limit: usize,
) -> (Vec<Cycle>, usize) {
    let data = &tool.data;
    let Some(s) = data.entity_number(&start.id) else {
        return (Vec::new(), 0);
    };
    let mut search = Search {
        tool,
        filter,
        start: s,
        max_len,
        to_start: HashMap::new(),
        path: vec![s],
        hops: Vec::new(),
        found: Vec::new(),
    };
    search.distances_to_start();
    search.walk(s);
    let via = through.and_then(|p| data.entity_number(&p.id));
    let mut ranked: Vec<(Option<f64>, usize, RawCycle)> = search
        .found
        .into_iter()
        .filter(|c| via.is_none_or(|v| c.nodes.contains(&v)))
        .map(|c| {
            let hop_values: Vec<Option<f64>> = c
                .hops
                .iter()
                .map(|deals| {
                    deals
                        .iter()
                        .filter_map(|&i| data.deals[i].value_usd)
                        .reduce(f64::max)
                })
                .collect();
            let min = hop_values.iter().flatten().copied().reduce(f64::min);
            let unstated = hop_values.iter().filter(|v| v.is_none()).count();
            (min, unstated, c)
        })
        .collect();
    // Cycles whose every link is large come first; among equals, fewer
    // unknown links, then shorter cycles.
    ranked.sort_by(|a, b| {
        match (a.0, b.0) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.1.cmp(&b.1))
        .then(a.2.nodes.len().cmp(&b.2.nodes.len()))
    });
    let found = ranked.len();
    let cycles = ranked
        .into_iter()
        .take(limit)
        .map(|(min, unstated, raw)| {
            let entity = |n: usize| tool.party(&data.entities[n].id);
            let mut names: Vec<String> = raw
                .nodes
                .iter()
                .map(|&n| data.entities[n].name.clone())
                .collect();
            names.push(data.entities[s].name.clone());
            let hops = raw
                .hops
                .iter()
                .enumerate()
                .map(|(i, deals)| CycleHop {
                    from: entity(raw.nodes[i]),
                    to: entity(*raw.nodes.get(i + 1).unwrap_or(&s)),
                    deals: deals.iter().map(|&d| tool.view(&data.deals[d])).collect(),
                })
                .collect();
            Cycle {
                path: names.join(" → "),
                length: raw.hops.len(),
                hops,
                min_stated_usd: min,
                unstated_hops: unstated,
            }
        })
        .collect();
    (cycles, found)
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
    let mut distance: HashMap<usize, usize> = HashMap::new();
    let mut deals: Vec<usize> = Vec::new();
    if let Some(c) = data.entity_number(&center.id) {
        let mut queue = VecDeque::from([c]);
        distance.insert(c, 0);
        while let Some(node) = queue.pop_front() {
            let d = distance.get(&node).copied().unwrap_or(0);
            if d >= hops {
                continue;
            }
            for &deal in &index.by_entity[node] {
                if !filter.accepts(&data.deals[deal]) {
                    continue;
                }
                deals.push(deal);
                let (from, to) = index.ends[deal];
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
    let mut entities: Vec<(usize, usize)> = distance.into_iter().collect();
    entities.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| data.entities[a.0].name.cmp(&data.entities[b.0].name))
    });
    Neighbourhood {
        center: center.clone(),
        hops,
        entity_count: entities.len(),
        entities: entities
            .iter()
            .take(limit)
            .map(|&(n, d)| Neighbour {
                party: tool.party(&data.entities[n].id),
                distance: d,
            })
            .collect(),
        deal_count: deals.len(),
        deals: deals
            .iter()
            .take(limit)
            .map(|&i| tool.view(&data.deals[i]))
            .collect(),
    }
}
