//! How sure a drafted record is, and why it was drafted: a record whose
//! every part its own line states is `high`; one with a part inferred (a
//! party named only on another line, by 同社 or a heading; a deal with no
//! amount) is `low`, shown last and marked, so the person reads it with
//! more care.

use serde::{Deserialize, Serialize};
use steer_tools::ingest::evidence::Known;
use steer_tools::ingest::{Draft, RecordType};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    #[default]
    High,
    Low,
}

/// The draft's confidence and the reason it was drafted.
pub fn judge(d: &Draft, known: &Known) -> (Confidence, String) {
    use crate::tr;
    let lang = crate::i18n::speaking();
    let r = &d.record;
    let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    let line = &d.evidence.text;
    let mut doubts = Vec::new();
    let elsewhere = |id: &str, doubts: &mut Vec<String>| {
        if !id.is_empty() && !known.names(id, line) {
            doubts.push(tr!(lang, "confidence-elsewhere", id = id));
        }
    };
    let reason = match d.kind {
        RecordType::Deal => {
            let (from, to) = (field("from"), field("to"));
            elsewhere(&from, &mut doubts);
            elsewhere(&to, &mut doubts);
            let amount = match (r["value_usd"].as_f64(), r["value_note"].as_str()) {
                (Some(v), _) => steer_tools::format::usd(v),
                (None, Some(note)) => note.to_string(),
                (None, None) => {
                    doubts.push(tr!(lang, "confidence-no-amount"));
                    tr!(lang, "confidence-no-amount-short")
                }
            };
            tr!(
                lang,
                "confidence-deal",
                from = from,
                to = to,
                kind = field("kind"),
                amount = amount
            )
        }
        RecordType::Figure => {
            let subject = field("subject");
            elsewhere(&subject, &mut doubts);
            tr!(
                lang,
                "confidence-figure",
                subject = subject,
                metric = field("metric")
            )
        }
        RecordType::Statement => {
            let (speaker, organisation) = (field("speaker"), field("organisation"));
            if organisation != speaker {
                elsewhere(&organisation, &mut doubts);
            }
            tr!(
                lang,
                "confidence-statement",
                speaker = speaker,
                organisation = organisation
            )
        }
        RecordType::Entity => tr!(lang, "confidence-entity", name = field("name")),
    };
    if doubts.is_empty() {
        (Confidence::High, reason)
    } else {
        (Confidence::Low, format!("{reason}; {}", doubts.join("; ")))
    }
}
