//! The ingest's card: one proposal, its evidence, and one key to answer
//! (a approve, s approve the rest of this kind, e edit in `$EDITOR`,
//! r reject, q abort), for `steer ingest` and the chat's `/ingest`.

use serde_json::Value;

use crate::ingest::session::{Answer, Confirm, Reply};
use crate::ingest::{self, Batch};

/// The cards on the terminal (stderr), one key per answer.
pub struct Cards {
    term: console::Term,
}

impl Cards {
    pub fn new() -> Cards {
        Cards {
            term: console::Term::stderr(),
        }
    }
}

impl Default for Cards {
    fn default() -> Self {
        Cards::new()
    }
}

impl Confirm for Cards {
    fn answer(&mut self, batch: &Batch, i: usize) -> Result<Reply, String> {
        let p = &batch.proposals[i];
        let mark = match p.confidence {
            crate::ingest::Confidence::Low => format!("\nlow confidence: {}", p.reason),
            crate::ingest::Confidence::High => String::new(),
        };
        let _ = self.term.write_line(&format!(
            "── proposal {} of {} · {} ──{mark}\nsource {} l.{}: “{}”\n{}\n  a approve  s approve the rest of this kind  e edit  r reject  q abort",
            i + 1,
            batch.proposals.len(),
            p.kind.as_str(),
            batch.source["id"].as_str().unwrap_or(""),
            p.evidence.lines,
            p.evidence.text,
            toml_text(&p.record)
        ));
        loop {
            let key = self
                .term
                .read_char()
                .map_err(|e| format!("cannot read the terminal: {e}"))?;
            return Ok(Reply::Person(match key {
                'a' => Answer::Approve,
                's' => Answer::ApproveRest,
                'r' => Answer::Reject,
                'q' => Answer::Abort,
                'e' => {
                    let mut record = p.record.clone();
                    match edit(&mut record) {
                        Ok(()) => Answer::Edit { record },
                        Err(e) => {
                            let _ = self.term.write_line(&format!("the edit was refused: {e}"));
                            continue;
                        }
                    }
                }
                other => {
                    let _ = self.term.write_line(&format!("`{other}` is not a choice"));
                    continue;
                }
            }));
        }
    }

    fn refused(&mut self, note: &str) {
        let _ = self.term.write_line(&format!("not written: {note}"));
    }
}

/// The record in `$EDITOR` as TOML; the edited fields replace it.
fn edit(record: &mut Value) -> Result<(), String> {
    let file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    std::fs::write(file.path(), toml_text(record)).map_err(|e| e.to_string())?;
    super::edit::run_editor(file.path())?;
    let text =
        steer_tools::input::read_to_string(file.path(), steer_tools::input::InputKind::Script)
            .map_err(|e| e.to_string())?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("not TOML: {e}"))?;
    *record = serde_json::to_value(table).map_err(|e| e.to_string())?;
    Ok(())
}

/// A record as the TOML lines it will be written as.
fn toml_text(record: &Value) -> String {
    ingest::write::appended("", "record", record)
        .unwrap_or_default()
        .replace("[[record]]\n", "")
}
