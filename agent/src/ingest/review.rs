//! A batch as the review prints it: its proposals with their status and
//! confidence, and the lines nothing was drafted from.

use super::{Batch, Confidence, Status};

/// The batch as lines for a terminal: the source, each proposal with its
/// status, line and words, and the counts.
pub fn summary(batch: &Batch) -> String {
    let mut out = format!(
        "source {} — {} ({} lines)\n",
        batch.source["id"].as_str().unwrap_or(""),
        batch.source["title"].as_str().unwrap_or(""),
        batch.source["line_count"]
    );
    for p in &batch.proposals {
        let status = match p.status {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
        };
        out.push_str(&format!(
            "  {status:<9} {:<9} {:<40} l.{} “{}”{}{}\n",
            p.kind.as_str(),
            p.record["id"].as_str().unwrap_or(""),
            p.evidence.lines,
            p.evidence.text,
            p.note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default(),
            match p.confidence {
                Confidence::Low => format!(" [low confidence: {}]", p.reason),
                Confidence::High => String::new(),
            }
        ));
    }
    out.push_str(&format!(
        "proposals: {}, accepted: {}, duplicates: {}; drafts dropped by the evidence check: {}\n",
        batch.proposals.len(),
        batch
            .proposals
            .iter()
            .filter(|p| p.status == Status::Accepted)
            .count(),
        batch
            .proposals
            .iter()
            .filter(|p| p.status == Status::Duplicate)
            .count(),
        batch.dropped
    ));
    if !batch.not_drafted.is_empty() {
        out.push_str(&format!(
            "not drafted ({}): lines that state an amount or speak of a deal but yielded no proposal; add what they hold by hand\n",
            batch.not_drafted.len()
        ));
        for e in &batch.not_drafted {
            out.push_str(&format!("  l.{} “{}”\n", e.lines, e.text));
        }
    }
    out
}
