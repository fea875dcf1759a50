#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The cycle search against brute force: on random small graphs, the
//! ranked, pruned, budgeted search returns exactly the best `limit` of
//! every simple cycle, in the documented order, and says whether it left
//! any out. On the densest graph it stops at its budget and says how far
//! it got.

use std::cmp::Ordering;
use std::sync::Arc;

use proptest::prelude::*;
use serde_json::{Value, json};
use steer_tools::{Dataset, Toolbox};

const NAMES: &str = "abcdefg";

/// A deal from `from` to `to` (entity positions), with an amount or none.
#[derive(Debug, Clone)]
struct Link {
    from: usize,
    to: usize,
    value: Option<u32>,
}

fn files(entities: usize, links: &[Link]) -> Vec<(String, String)> {
    let ents: String = NAMES
        .chars()
        .take(entities)
        .map(|c| {
            format!(
                "[[entity]]\nid = \"{c}\"\nname = \"{}\"\nkind = \"company\"\n\n",
                c.to_ascii_uppercase()
            )
        })
        .collect();
    let deals: String = links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let from = NAMES.as_bytes()[l.from] as char;
            let to = NAMES.as_bytes()[l.to] as char;
            let value = l.value.map(|v| format!("value_usd = {v}.0\n")).unwrap_or_default();
            format!("[[deal]]\nid = \"d{i}\"\nfrom = \"{from}\"\nto = \"{to}\"\nkind = \"investment\"\n{value}description = \"deal {i}\"\nsources = [\"s:1\"]\n\n")
        })
        .collect();
    vec![
        ("sources.toml".into(), "[[source]]\nid = \"s\"\nfile = \"s.txt\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2025\"\nlanguage = \"en\"\nline_count = 10\n".into()),
        ("entities.toml".into(), ents),
        ("deals.toml".into(), deals),
        ("figures.toml".into(), String::new()),
        ("statements.toml".into(), String::new()),
        ("topics.toml".into(), String::new()),
    ]
}

/// Every simple cycle through entity 0 of 2..=`max_len` hops, as
/// (min stated, unstated hops, nodes), in the documented order.
fn brute_force(
    entities: usize,
    links: &[Link],
    max_len: usize,
) -> Vec<(Option<f64>, usize, Vec<usize>)> {
    // The best stated amount per (from, to) pair; whether the pair exists.
    let mut best: Vec<Vec<Option<Option<f64>>>> = vec![vec![None; entities]; entities];
    for l in links.iter().filter(|l| l.from != l.to) {
        let slot = &mut best[l.from][l.to];
        let v = l.value.map(f64::from);
        *slot = Some(match (*slot, v) {
            (Some(Some(a)), Some(b)) => Some(a.max(b)),
            (Some(a), b) => a.or(b),
            (None, b) => b,
        });
    }
    let mut out = Vec::new();
    let mut path = vec![0usize];
    fn extend(
        best: &[Vec<Option<Option<f64>>>],
        path: &mut Vec<usize>,
        max_len: usize,
        out: &mut Vec<(Option<f64>, usize, Vec<usize>)>,
    ) {
        let last = *path.last().unwrap();
        for next in 0..best.len() {
            if best[last][next].is_none() {
                continue;
            }
            if next == 0 {
                if path.len() >= 2 {
                    let mut hops: Vec<Option<f64>> =
                        path.windows(2).map(|w| best[w[0]][w[1]].unwrap()).collect();
                    hops.push(best[last][0].unwrap());
                    let min = hops.iter().flatten().copied().reduce(f64::min);
                    let unstated = hops.iter().filter(|h| h.is_none()).count();
                    out.push((min, unstated, path.clone()));
                }
                continue;
            }
            if path.contains(&next) || path.len() >= max_len {
                continue;
            }
            path.push(next);
            extend(best, path, max_len, out);
            path.pop();
        }
    }
    extend(&best, &mut path, max_len, &mut out);
    out.sort_by(|a, b| {
        let amount = match (a.0, b.0) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        amount
            .then(a.1.cmp(&b.1))
            .then(a.2.len().cmp(&b.2.len()))
            .then_with(|| a.2.cmp(&b.2))
    });
    out
}

fn path_of(nodes: &[usize]) -> String {
    let mut names: Vec<String> = nodes
        .iter()
        .chain([&0])
        .map(|&n| {
            (NAMES.as_bytes()[n] as char)
                .to_ascii_uppercase()
                .to_string()
        })
        .collect();
    names.dedup();
    names.join(" → ")
}

fn call(tb: &Toolbox, args: Value) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(tb.call("deal_lookup", args))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn link() -> impl Strategy<Value = Link> {
    (0..6usize, 0..6usize, prop::option::weighted(0.7, 1..6u32))
        .prop_map(|(from, to, value)| Link { from, to, value })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_search_returns_exactly_the_best_cycles(
        links in prop::collection::vec(link(), 1..30),
        max_len in 2..6usize,
        limit in 1..8usize,
    ) {
        let links: Vec<Link> = links.into_iter().filter(|l| l.from != l.to).collect();
        let data = Dataset::from_files("random", files(6, &links)).unwrap_or_else(|e| panic!("{e}"));
        let tb = Toolbox::research(Arc::new(data)).unwrap();
        let v = call(&tb, json!({"mode": "cycles", "party": "a", "max_cycle_length": max_len, "limit": limit}));
        let all = brute_force(6, &links, max_len);
        let want: Vec<(String, Option<f64>, usize)> = all
            .iter()
            .take(limit)
            .map(|(min, unstated, nodes)| (path_of(nodes), *min, *unstated))
            .collect();
        let got: Vec<(String, Option<f64>, usize)> = v["cycles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["path"].as_str().unwrap().to_string(), c["min_stated_usd"].as_f64(), c["unstated_hops"].as_u64().unwrap() as usize))
            .collect();
        prop_assert_eq!(&got, &want);
        let search = &v["cycle_search"];
        prop_assert_eq!(search["budget_exhausted"].as_bool(), Some(false));
        prop_assert_eq!(search["complete_to_length"].as_u64(), Some(max_len as u64));
        // More cycles than `limit` always says so; a search that says it
        // is complete found every cycle. (A search that skipped a path as
        // unable to beat the best may say `truncated` when that path held
        // no cycle: it cannot know without walking it.)
        if all.len() > limit {
            prop_assert_eq!(v["truncated"].as_bool(), Some(true), "{} cycles, limit {}", all.len(), limit);
        }
        if v["truncated"] == false {
            prop_assert_eq!(v["matched"].as_u64(), Some(all.len() as u64));
        }
    }
}

/// Sixty companies, each paying every other: billions of simple cycles of
/// six deals. The search stops at its budget, keeps its best `limit`, and
/// says how far it got.
#[test]
fn the_densest_graph_is_cut_by_the_budget_and_says_so() {
    let n = 60;
    let mut links = Vec::new();
    for from in 0..n {
        for to in (0..n).filter(|&t| t != from) {
            links.push((from, to, (from * 7 + to * 13) % 97 + 1));
        }
    }
    let ents: String = (0..n)
        .map(|i| format!("[[entity]]\nid = \"e{i}\"\nname = \"E{i}\"\nkind = \"company\"\n\n"))
        .collect();
    let deals: String = links
        .iter()
        .map(|(f, t, v)| format!("[[deal]]\nid = \"d{f}-{t}\"\nfrom = \"e{f}\"\nto = \"e{t}\"\nkind = \"investment\"\nvalue_usd = {v}.0\ndescription = \"d\"\nsources = [\"s:1\"]\n\n"))
        .collect();
    let mut f = files(0, &[]);
    f[1].1 = ents;
    f[2].1 = deals;
    let data = Dataset::from_files("dense", f).unwrap_or_else(|e| panic!("{e}"));
    let tb = Toolbox::research(Arc::new(data)).unwrap();
    let v = call(
        &tb,
        json!({"mode": "cycles", "party": "e0", "max_cycle_length": 6, "text": "d", "limit": 1000}),
    );
    let search = &v["cycle_search"];
    assert_eq!(v["truncated"], true, "{search}");
    assert!(v["cycles"].as_array().unwrap().len() <= 1000);
    assert!(search["edges_visited"].as_u64().unwrap() <= search["edge_budget"].as_u64().unwrap());
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("budget") || notes.contains("best"),
        "{notes}"
    );
    if search["budget_exhausted"] == true {
        let complete = search["complete_to_length"].as_u64().unwrap();
        assert!(complete < 6, "{search}");
        assert!(
            notes.contains(&format!("every cycle of up to {complete} deals")),
            "{notes}"
        );
    }
    // The best cycles are ranked by their smallest amount, largest first.
    let mins: Vec<f64> = v["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["min_stated_usd"].as_f64().unwrap())
        .collect();
    assert!(mins.windows(2).all(|w| w[0] >= w[1]), "{mins:?}");
}
