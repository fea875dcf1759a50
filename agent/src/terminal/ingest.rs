//! The ingest's card: one proposal, its evidence, and one key to answer
//! (a approve, s approve the rest of this kind, e edit in `$EDITOR`,
//! r reject, q abort), for `steer ingest` and the chat's `/ingest`.

use std::path::Path;

use serde_json::Value;
use steer_tools::ingest::RecordType;

use crate::ingest::{self, Batch, Status};

/// One card per proposal on the terminal; `false` when the user aborted
/// (what was accepted before stays written).
pub fn confirm(dir: &Path, batch: &mut Batch) -> Result<bool, String> {
    let term = console::Term::stderr();
    let mut rest_of: Vec<RecordType> = Vec::new();
    let total = batch.proposals.len();
    for i in 0..total {
        if batch.proposals[i].status != Status::Proposed {
            continue;
        }
        if rest_of.contains(&batch.proposals[i].kind) {
            ingest::accept(dir, batch, i);
            continue;
        }
        loop {
            let p = &batch.proposals[i];
            let record = toml_text(&p.record);
            let _ = term.write_line(&format!(
                "── proposal {} of {total} · {} ──\nsource {} l.{}: “{}”\n{record}\n  a approve  s approve the rest of this kind  e edit  r reject  q abort",
                i + 1,
                p.kind.as_str(),
                batch.source["id"].as_str().unwrap_or(""),
                p.evidence.lines,
                p.evidence.text
            ));
            let key = term
                .read_char()
                .map_err(|e| format!("cannot read the terminal: {e}"))?;
            match key {
                'a' => {
                    ingest::accept(dir, batch, i);
                }
                's' => {
                    rest_of.push(batch.proposals[i].kind);
                    ingest::accept(dir, batch, i);
                }
                'r' => batch.proposals[i].status = Status::Rejected,
                'e' => {
                    if let Err(e) = edit(&mut batch.proposals[i].record) {
                        let _ = term.write_line(&format!("the edit was refused: {e}"));
                        continue;
                    }
                    ingest::accept(dir, batch, i);
                }
                'q' => return Ok(false),
                other => {
                    let _ = term.write_line(&format!("`{other}` is not a choice"));
                    continue;
                }
            }
            if let Some(n) = &batch.proposals[i].note
                && batch.proposals[i].status == Status::Proposed
            {
                let _ = term.write_line(&format!("not written: {n}"));
                continue;
            }
            break;
        }
    }
    Ok(true)
}

/// The record in `$EDITOR` as TOML; the edited fields replace it.
fn edit(record: &mut Value) -> Result<(), String> {
    let file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .map_err(|e| format!("cannot make a file to edit: {e}"))?;
    std::fs::write(file.path(), toml_text(record)).map_err(|e| e.to_string())?;
    super::edit::run_editor(file.path())?;
    let text = std::fs::read_to_string(file.path()).map_err(|e| e.to_string())?;
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
