#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The offline extractor on the four seed documents (read from
//! ../shared/seeds, never copied into the repository): how many of the
//! built-in dataset's amounts it proposes from the right lines (recall),
//! and how many of its proposals match a dataset record (precision).

use std::path::PathBuf;

use steer_tools::Dataset;
use steer_tools::dataset::Citation;
use steer_tools::ingest::{RecordType, extract, same_amount};

fn seeds() -> PathBuf {
    steer_tools::testing::seeds()
}

/// (type, amount, citations) of every dataset deal and figure with a
/// stated amount in dollars or percent.
fn targets(data: &Dataset) -> Vec<(RecordType, f64, Vec<Citation>)> {
    let mut out = Vec::new();
    for d in &data.deals {
        if let Some(v) = d.value_usd {
            out.push((RecordType::Deal, v, d.sources.clone()));
        }
    }
    for f in &data.figures {
        let money = matches!(f.unit, steer_tools::dataset::Unit::Usd);
        if let (Some(v), true) = (f.value, money) {
            out.push((RecordType::Figure, v, f.sources.clone()));
        }
    }
    out
}

fn on_lines(cites: &[Citation], source: &str, line: u32) -> bool {
    cites
        .iter()
        .any(|c| c.source == source && c.first_line <= line && line <= c.last_line)
}

#[test]
fn the_extractor_finds_the_datasets_amounts_on_their_lines() {
    let data = Dataset::builtin().unwrap();
    let mut proposals = Vec::new();
    for s in &data.sources {
        let text = std::fs::read_to_string(seeds().join(&s.file)).unwrap();
        for d in extract(&s.id, Some("2025-11"), &text, &data) {
            proposals.push((s.id.clone(), d));
        }
    }
    let amount_of = |d: &steer_tools::ingest::Draft| -> Option<f64> {
        d.record["value_usd"]
            .as_f64()
            .or_else(|| d.record["value"].as_f64())
    };
    let line_of = |d: &steer_tools::ingest::Draft| -> u32 {
        d.evidence.lines.split('-').next().unwrap().parse().unwrap()
    };
    let targets = targets(&data);
    let found: Vec<bool> = targets
        .iter()
        .map(|(kind, v, cites)| {
            proposals.iter().any(|(src, d)| {
                d.kind == *kind
                    && amount_of(d).is_some_and(|a| same_amount(a, *v))
                    && on_lines(cites, src, line_of(d))
            })
        })
        .collect();
    let recall = found.iter().filter(|f| **f).count() as f64 / targets.len() as f64;
    let amounts: Vec<&(String, steer_tools::ingest::Draft)> = proposals
        .iter()
        .filter(|(_, d)| matches!(d.kind, RecordType::Deal | RecordType::Figure))
        .collect();
    let matching = amounts
        .iter()
        .filter(|(src, d)| {
            targets.iter().any(|(kind, v, cites)| {
                d.kind == *kind
                    && amount_of(d).is_some_and(|a| same_amount(a, *v))
                    && on_lines(cites, src, line_of(d))
            })
        })
        .count();
    let precision = matching as f64 / amounts.len().max(1) as f64;
    let missed: Vec<String> = targets
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .map(|((k, v, c), _)| {
            format!(
                "{} {v} {:?}",
                k.as_str(),
                c.iter()
                    .map(|c| format!("{}:{}", c.source, c.first_line))
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    eprintln!(
        "offline extractor on the seeds: recall {:.0}% ({} of {} amounts from the right lines), precision {:.0}% ({} of {} deal and figure proposals match a dataset record), {} proposals in all; missed: {missed:?}",
        recall * 100.0,
        found.iter().filter(|f| **f).count(),
        targets.len(),
        precision * 100.0,
        matching,
        amounts.len(),
        proposals.len()
    );
    assert!(
        recall >= 0.70,
        "recall {recall:.2} is below the floor 0.70; missed {missed:?}"
    );
}
