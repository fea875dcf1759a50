//! Indexes over the deals, built once at load: which deals touch an
//! entity, and the money-flow graph (entities as nodes, deals as edges).

use std::collections::HashMap;

use super::model::Deal;

/// Entities are numbered by their position in `Dataset::entities`.
#[derive(Debug, Clone, Default)]
pub struct DealIndex {
    /// Entity → indices of the deals it is party to.
    pub by_entity: Vec<Vec<usize>>,
    /// Entity → (receiver, deal) for each deal where money flows out.
    pub pays: Vec<Vec<(usize, usize)>>,
    /// Entity → (payer, deal) for each deal where money flows in.
    pub paid_by: Vec<Vec<(usize, usize)>>,
    /// Deal → (from, to) entity numbers.
    pub ends: Vec<(usize, usize)>,
}

impl DealIndex {
    pub fn build(
        deals: &[Deal],
        entity_index: &HashMap<String, usize>,
        entities: usize,
    ) -> DealIndex {
        let mut index = DealIndex {
            by_entity: vec![Vec::new(); entities],
            pays: vec![Vec::new(); entities],
            paid_by: vec![Vec::new(); entities],
            ends: Vec::with_capacity(deals.len()),
        };
        for (i, d) in deals.iter().enumerate() {
            // Loading resolved every party, so both lookups succeed; a
            // miss would mean a bug in loading, and the deal is then left
            // out of the graph rather than crash a query.
            let (Some(&from), Some(&to)) = (entity_index.get(&d.from), entity_index.get(&d.to))
            else {
                index.ends.push((usize::MAX, usize::MAX));
                continue;
            };
            index.ends.push((from, to));
            index.by_entity[from].push(i);
            if to != from {
                index.by_entity[to].push(i);
            }
            if d.money_flow {
                index.pays[from].push((to, i));
                index.paid_by[to].push((from, i));
            }
        }
        index
    }
}
