//! Indexes over the deals, built once at load: which deals touch an
//! entity, and the money-flow graph (entities as nodes, deals as edges),
//! both in compressed sparse rows: one offsets array and one flat array
//! per relation, numbered by u32, instead of a vector per entity.
//!
//! u32 is wide enough: the input caps bound a dataset file to 512 MiB,
//! and a deal takes far more than one byte, so neither entities nor deals
//! approach 2³² (the build checks it anyway).

use super::model::Deal;

/// Rows of `T` by a dense row number: row `n` is
/// `items[offsets[n]..offsets[n + 1]]`.
#[derive(Debug, Clone, Default)]
pub struct Csr<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Csr<T> {
    /// Builds `rows` rows from `(row, item)` pairs, items kept in the order
    /// given within each row. `entries` is walked twice (count, then fill).
    fn build<I>(rows: usize, entries: impl Fn() -> I) -> Csr<T>
    where
        I: Iterator<Item = (u32, T)>,
    {
        let mut offsets = vec![0u32; rows + 1];
        for (row, _) in entries() {
            offsets[row as usize + 1] += 1;
        }
        for n in 0..rows {
            offsets[n + 1] += offsets[n];
        }
        let mut next: Vec<u32> = offsets[..rows].to_vec();
        let mut items = vec![T::default(); offsets[rows] as usize];
        for (row, item) in entries() {
            let slot = &mut next[row as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Csr { offsets, items }
    }

    /// Row `n`; empty for a number past the last row.
    pub fn row(&self, n: usize) -> &[T] {
        match (self.offsets.get(n), self.offsets.get(n + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    fn row_mut(&mut self, n: usize) -> &mut [T] {
        let (a, b) = (self.offsets[n] as usize, self.offsets[n + 1] as usize);
        &mut self.items[a..b]
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

/// An edge of the money-flow graph: the entity at the other end, and the
/// deal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub other: u32,
    pub deal: u32,
}

/// Entities are numbered by their position in `Dataset::entities`, deals
/// by theirs in `Dataset::deals`.
#[derive(Debug, Clone, Default)]
pub struct DealIndex {
    /// Entity → the deals it is party to, in dataset order.
    pub by_entity: Csr<u32>,
    /// Entity → the deals where money flows out of it, to `other`, sorted
    /// by receiver (so the deals to one receiver are side by side).
    pub pays: Csr<Edge>,
    /// Entity → the deals where money flows into it, from `other`.
    pub paid_by: Csr<Edge>,
    /// Deal → (from, to) entity numbers; `None` for a deal whose parties
    /// did not resolve (loading makes that impossible; it is kept out of
    /// the graph rather than crash a query).
    pub ends: Vec<Option<(u32, u32)>>,
}

impl DealIndex {
    pub fn build(
        deals: &[Deal],
        entity_index: &super::FastMap<String, usize>,
        entities: usize,
    ) -> DealIndex {
        let number = |id: &str| entity_index.get(id).and_then(|&n| u32::try_from(n).ok());
        let ends: Vec<Option<(u32, u32)>> = deals
            .iter()
            .map(|d| number(&d.from).zip(number(&d.to)))
            .collect();
        // Deals past u32 (impossible under the input caps) stay out of the
        // graph instead of wrapping around.
        let numbered = || {
            ends.iter()
                .enumerate()
                .filter_map(|(i, e)| Some((u32::try_from(i).ok()?, (*e)?)))
        };
        let flows = || numbered().filter(|&(i, _)| deals[i as usize].money_flow);
        let by_entity = Csr::build(entities, || {
            numbered().flat_map(|(i, (from, to))| {
                let second = (to != from).then_some((to, i));
                std::iter::once((from, i)).chain(second)
            })
        });
        let mut pays = Csr::build(entities, || {
            flows().map(|(deal, (from, to))| (from, Edge { other: to, deal }))
        });
        for n in 0..pays.rows() {
            pays.row_mut(n).sort_unstable();
        }
        let paid_by = Csr::build(entities, || {
            flows().map(|(deal, (from, to))| (to, Edge { other: from, deal }))
        });
        DealIndex {
            by_entity,
            pays,
            paid_by,
            ends,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_their_items_in_order() {
        let entries = [(2u32, 1u8), (0, 2), (2, 3), (2, 4)];
        let csr = Csr::build(4, || entries.iter().copied());
        assert_eq!(csr.row(0), &[2]);
        assert!(csr.row(1).is_empty());
        assert_eq!(csr.row(2), &[1, 3, 4]);
        assert!(csr.row(3).is_empty());
        assert!(csr.row(9).is_empty(), "past the last row");
        assert_eq!(csr.rows(), 4);
    }
}
