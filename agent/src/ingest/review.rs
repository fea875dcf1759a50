//! A batch as the review prints it: its proposals with their status and
//! confidence, and the lines nothing was drafted from.

use super::{Batch, Confidence, Status};

/// The batch as lines for a terminal: the source, each proposal with its
/// status, line and words, and the counts.
pub fn summary(batch: &Batch) -> String {
    use crate::tr;
    let lang = crate::i18n::speaking();
    let mut out = tr!(
        lang,
        "review-source",
        id = batch.source["id"].as_str().unwrap_or(""),
        title = batch.source["title"].as_str().unwrap_or(""),
        lines = batch.source["line_count"].to_string()
    );
    out.push('\n');
    for p in &batch.proposals {
        let status = tr!(
            lang,
            match p.status {
                Status::Proposed => "review-proposed",
                Status::Accepted => "review-accepted",
                Status::Rejected => "review-rejected",
                Status::Duplicate => "review-duplicate",
            }
        );
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
                Confidence::Low =>
                    format!(" [{}]", tr!(lang, "review-low", reason = p.reason.as_str())),
                Confidence::High => String::new(),
            }
        ));
    }
    let count = |s: Status| batch.proposals.iter().filter(|p| p.status == s).count();
    out.push_str(&tr!(
        lang,
        "review-counts",
        proposals = batch.proposals.len(),
        accepted = count(Status::Accepted),
        duplicates = count(Status::Duplicate),
        dropped = batch.dropped
    ));
    out.push('\n');
    if !batch.not_drafted.is_empty() {
        out.push_str(&tr!(
            lang,
            "review-not-drafted",
            n = batch.not_drafted.len()
        ));
        out.push('\n');
        for e in &batch.not_drafted {
            out.push_str(&format!("  l.{} “{}”\n", e.lines, e.text));
        }
    }
    out
}
