//! Circular money flows through a party: a ranked top-k search over the
//! money-flow graph, bounded in hops, pruned by branch-and-bound, and
//! capped by a visit budget, so that its time and memory stay bounded on
//! any graph (the densest included), and a cut search says so.
//!
//! Ranking (best first): the smallest stated amount on the cycle, larger
//! first (each hop counted at its largest stated deal; a cycle with no
//! stated hop last); then fewer hops without a stated amount; then
//! shorter; then by the entities along the cycle in dataset order, so
//! the order is total and never depends on the search order. Extending a
//! path can only lower its smallest amount, add unstated hops or keep
//! them, so a path's key bounds every cycle it can close: once `limit`
//! cycles are held, a path that cannot beat the worst of them is dropped.
//!
//! The search deepens one length at a time (2 hops, then 3, ...), so when
//! the budget runs out the result can say up to which length every cycle
//! was considered.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::filter::Filter;
use crate::dataset::Dataset;
use crate::{OutputLang, said};

/// Edges (payer → receiver pairs) one cycle search may examine. An edge
/// costs from a few nanoseconds (a graph already walked) to about fifty (a
/// new entity's payments sorted), so a search ends within about a second
/// whatever the graph (`benches/scale.rs` measures it).
pub const EDGE_BUDGET: u64 = 16_000_000;

/// How far a cycle search went.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CycleSearch {
    /// True when there may be cycles the result leaves out: `limit` kept
    /// only the best ones (skipping paths that could not beat them), or the
    /// visit budget ran out.
    pub truncated: bool,
    /// True when the visit budget stopped the search before it had
    /// considered every cycle up to `max_cycle_length`.
    pub budget_exhausted: bool,
    /// Every cycle of up to this many deals was considered (below
    /// `max_cycle_length` when the budget ran out).
    pub complete_to_length: usize,
    /// Cycles the search found and ranked (the returned ones among them);
    /// when `truncated`, a lower bound on how many there are.
    pub cycles_seen: u64,
    /// Edges examined, and the most a search may examine.
    pub edges_visited: u64,
    pub edge_budget: u64,
}

/// A cycle as entity numbers (the start first) and, per hop, the deals.
pub(super) struct Found {
    pub nodes: Vec<u32>,
    pub hops: Vec<Vec<u32>>,
    pub min: Option<f64>,
    pub unstated: usize,
}

/// Payments from one entity to one receiver that pass the filter.
#[derive(Clone, Copy)]
struct Group {
    to: u32,
    /// The largest stated amount among them.
    best: Option<f64>,
    /// Their deals: `arena[deals.0..deals.1]`.
    deals: (u32, u32),
}

/// The graph as one query sees it: each entity's outgoing groups, built
/// when the search first reaches the entity, best amount first.
struct View<'a> {
    data: &'a Dataset,
    filter: &'a Filter,
    /// Per deal: 0 not yet asked, 1 accepted, 2 filtered out.
    accepted: Vec<u8>,
    /// Per entity: its groups, `groups[a..b]`, once built.
    built: Vec<Option<(u32, u32)>>,
    groups: Vec<Group>,
    arena: Vec<u32>,
}

impl View<'_> {
    fn accepts(&mut self, deal: u32) -> bool {
        let slot = &mut self.accepted[deal as usize];
        if *slot == 0 {
            *slot = if self.filter.accepts(&self.data.deals[deal as usize]) {
                1
            } else {
                2
            };
        }
        *slot == 1
    }

    fn out(&mut self, node: u32) -> (u32, u32) {
        if let Some(range) = self.built[node as usize] {
            return range;
        }
        let data = self.data;
        let start = self.groups.len();
        let row = data.deal_index().pays.row(node as usize);
        let mut i = 0;
        while i < row.len() {
            let to = row[i].other;
            let first = self.arena.len() as u32;
            let mut best: Option<f64> = None;
            while i < row.len() && row[i].other == to {
                let deal = row[i].deal;
                if self.accepts(deal) {
                    self.arena.push(deal);
                    if let Some(v) = data.deals[deal as usize].value_usd {
                        best = Some(best.map_or(v, |b: f64| b.max(v)));
                    }
                }
                i += 1;
            }
            let last = self.arena.len() as u32;
            if last > first {
                self.groups.push(Group {
                    to,
                    best,
                    deals: (first, last),
                });
            }
        }
        self.groups[start..].sort_by(|a, b| by_amount(a.best, b.best).then(a.to.cmp(&b.to)));
        let range = (start as u32, self.groups.len() as u32);
        self.built[node as usize] = Some(range);
        range
    }
}

/// Larger stated amounts first; no stated amount last.
fn by_amount(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A cycle held in the top k; `Ord` is the ranking, worse is greater, so
/// the heap's top is the cycle to drop first.
struct Ranked {
    min: Option<f64>,
    unstated: usize,
    nodes: Vec<u32>,
    hops: Vec<u32>,
}

impl Ranked {
    fn key_cmp(&self, min: Option<f64>, unstated: usize, nodes: &[u32]) -> Ordering {
        by_amount(self.min, min)
            .then(self.unstated.cmp(&unstated))
            .then(self.nodes.len().cmp(&nodes.len()))
            .then_with(|| self.nodes.as_slice().cmp(nodes))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key_cmp(other.min, other.unstated, &other.nodes)
    }
}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}

/// Hops from each entity back to `start` over accepted payments, up to
/// `max_len` (`u8::MAX`: farther, or never).
fn distances_to(view: &mut View<'_>, start: u32, max_len: usize) -> Vec<u8> {
    let data = view.data;
    let mut dist = vec![u8::MAX; data.entities.len()];
    dist[start as usize] = 0;
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let d = dist[node as usize];
        if usize::from(d) + 1 >= max_len {
            continue;
        }
        for e in data.deal_index().paid_by.row(node as usize) {
            if dist[e.other as usize] == u8::MAX && view.accepts(e.deal) {
                dist[e.other as usize] = d + 1;
                queue.push_back(e.other);
            }
        }
    }
    dist
}

struct Search<'a> {
    view: View<'a>,
    start: u32,
    /// Cycles must pass through it (`counterparty`).
    via: Option<u32>,
    to_start: Vec<u8>,
    limit: usize,
    /// The length being searched (this pass closes cycles of exactly it).
    len: usize,
    path: Vec<u32>,
    hops: Vec<u32>,
    top: BinaryHeap<Ranked>,
    seen: u64,
    visited: u64,
    budget: u64,
    exhausted: bool,
    /// A path was dropped, or a cycle evicted, because of `limit`.
    cut: bool,
}

impl Search<'_> {
    /// Whether a path with this key (`nodes` the path so far) can still
    /// close a cycle that ranks above the worst one held.
    fn may_beat(&self, min: Option<f64>, unstated: usize, nodes: &[u32]) -> bool {
        if self.top.len() < self.limit {
            return true;
        }
        let Some(worst) = self.top.peek() else {
            return true;
        };
        // A path with no stated hop yet may still gain any amount.
        let optimistic = min.or(Some(f64::INFINITY));
        let prefix = &worst.nodes[..nodes.len().min(worst.nodes.len())];
        by_amount(optimistic, worst.min)
            .then(unstated.cmp(&worst.unstated))
            .then(self.len.cmp(&worst.nodes.len()))
            .then_with(|| nodes.cmp(prefix))
            != Ordering::Greater
    }

    fn record(&mut self, min: Option<f64>, unstated: usize, last: u32) {
        if self.via.is_some_and(|v| !self.path.contains(&v)) {
            return;
        }
        self.seen += 1;
        if self.top.len() == self.limit {
            self.cut = true;
            match self.top.peek() {
                Some(worst) if worst.key_cmp(min, unstated, &self.path) == Ordering::Greater => {
                    self.top.pop();
                }
                _ => return,
            }
        }
        let mut hops = self.hops.clone();
        hops.push(last);
        self.top.push(Ranked {
            min,
            unstated,
            nodes: self.path.clone(),
            hops,
        });
    }

    fn walk(&mut self, node: u32, min: Option<f64>, unstated: usize) {
        let depth = self.hops.len() + 1;
        let remaining = self.len - depth;
        let (a, b) = self.view.out(node);
        for gi in a..b {
            if self.visited >= self.budget {
                self.exhausted = true;
                return;
            }
            self.visited += 1;
            let g = self.view.groups[gi as usize];
            let hop_min = match (min, g.best) {
                (Some(m), Some(v)) => Some(m.min(v)),
                (m, v) => m.or(v),
            };
            let hop_unstated = unstated + usize::from(g.best.is_none());
            if g.to == self.start {
                if remaining == 0 && depth >= 2 {
                    self.record(hop_min, hop_unstated, gi);
                }
                continue;
            }
            let back = self.to_start[g.to as usize];
            if remaining == 0 || usize::from(back) > remaining || self.path.contains(&g.to) {
                continue;
            }
            if let Some(v) = self.via
                && g.to != v
                && !self.path.contains(&v)
                && usize::from(self.to_start[v as usize]) + 1 > remaining
            {
                continue;
            }
            self.path.push(g.to);
            if !self.may_beat(hop_min, hop_unstated, &self.path) {
                self.path.pop();
                self.cut = true;
                continue;
            }
            self.hops.push(gi);
            self.walk(g.to, hop_min, hop_unstated);
            self.hops.pop();
            self.path.pop();
            if self.exhausted {
                return;
            }
        }
    }
}

/// The best `limit` simple cycles of 2..=`max_len` hops through `start`
/// (and `via`, when given), best first, with how far the search went.
pub(super) fn search(
    data: &Dataset,
    filter: &Filter,
    start: u32,
    via: Option<u32>,
    max_len: usize,
    limit: usize,
) -> (Vec<Found>, CycleSearch) {
    let mut view = View {
        data,
        filter,
        accepted: vec![0; data.deals.len()],
        built: vec![None; data.entities.len()],
        groups: Vec::new(),
        arena: Vec::new(),
    };
    let to_start = distances_to(&mut view, start, max_len);
    let mut s = Search {
        view,
        start,
        via,
        to_start,
        limit: limit.max(1),
        len: 2,
        path: vec![start],
        hops: Vec::new(),
        top: BinaryHeap::new(),
        seen: 0,
        visited: 0,
        budget: EDGE_BUDGET,
        exhausted: false,
        cut: false,
    };
    let mut complete = 1;
    for len in 2..=max_len {
        s.len = len;
        s.walk(start, None, 0);
        if s.exhausted {
            break;
        }
        complete = len;
    }
    let report = CycleSearch {
        truncated: s.exhausted || s.cut,
        budget_exhausted: s.exhausted,
        complete_to_length: complete,
        cycles_seen: s.seen,
        edges_visited: s.visited,
        edge_budget: s.budget,
    };
    let groups = &s.view.groups;
    let arena = &s.view.arena;
    let found = s
        .top
        .into_sorted_vec()
        .into_iter()
        .map(|r| Found {
            hops: r
                .hops
                .iter()
                .map(|&g| {
                    let (a, b) = groups[g as usize].deals;
                    arena[a as usize..b as usize].to_vec()
                })
                .collect(),
            nodes: r.nodes,
            min: r.min,
            unstated: r.unstated,
        })
        .collect();
    (found, report)
}

/// What a reader needs to know about a cycle search's result.
pub(super) fn note(
    search: &CycleSearch,
    party: &str,
    max_len: usize,
    returned: usize,
    lang: OutputLang,
) -> String {
    let ranking = said!(
        lang,
        "ranked by the smallest stated amount on the cycle (each hop counted at its largest stated deal); hops without a stated amount do not count as zero",
        "循環上で最も小さい明記金額の順(各区間はその最大の明記取引で数える)。金額の明記がない区間はゼロとは数えません"
    );
    let (budget, complete, seen) = (
        search.edge_budget,
        search.complete_to_length,
        search.cycles_seen,
    );
    if search.budget_exhausted {
        return said!(
            lang,
            "the search stopped at its budget of {budget} edges: every cycle of up to {complete} deals through {party} was considered, longer ones only in part; {returned} shown of at least {seen} found, {ranking}; narrow the filters (kind, min_value_usd, date) or lower max_cycle_length to search completely",
            "探索は辺 {budget} 本の予算で止まりました: {party} を通る取引 {complete} 件までの循環はすべて調べ、それより長いものは一部だけです。見つかった {seen} 件以上のうち {returned} 件を表示、{ranking}。すべて探索するにはフィルタ(kind、min_value_usd、日付)を絞るか max_cycle_length を下げてください"
        );
    }
    if search.truncated {
        return said!(
            lang,
            "the {returned} best of at least {seen} simple cycle(s) of up to {max_len} deals through {party} (cycles that could not rank among them were skipped; raise `limit` for more), {ranking}",
            "{party} を通る取引 {max_len} 件までの単純な循環 {seen} 件以上のうち上位 {returned} 件(上位に入らない循環は省略。さらに見るには `limit` を上げてください)、{ranking}"
        );
    }
    said!(
        lang,
        "{seen} simple cycle(s) of up to {max_len} deals through {party}, all shown, {ranking}",
        "{party} を通る取引 {max_len} 件までの単純な循環 {seen} 件(すべて表示)、{ranking}"
    )
}
