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
    let r = &d.record;
    let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
    let line = &d.evidence.text;
    let mut doubts = Vec::new();
    let elsewhere = |id: &str, doubts: &mut Vec<String>| {
        if !id.is_empty() && !known.names(id, line) {
            doubts.push(format!(
                "{id} is not named on this line (taken from the text before)"
            ));
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
                    doubts.push("no amount is stated".to_string());
                    "no amount".to_string()
                }
            };
            format!("{from} pays {to}: a {} of {amount}", field("kind"))
        }
        RecordType::Figure => {
            let subject = field("subject");
            elsewhere(&subject, &mut doubts);
            format!("{subject}'s {} on this line", field("metric"))
        }
        RecordType::Statement => {
            let (speaker, organisation) = (field("speaker"), field("organisation"));
            if organisation != speaker {
                elsewhere(&organisation, &mut doubts);
            }
            format!("words quoted from {speaker}, for {organisation}")
        }
        RecordType::Entity => format!("a name the dataset does not know: {}", field("name")),
    };
    if doubts.is_empty() {
        (Confidence::High, reason)
    } else {
        (Confidence::Low, format!("{reason}; {}", doubts.join("; ")))
    }
}
