//! Answering a checkpoint at the terminal: the card, then one key.
//!
//! 1-9 use an option a conflict offers (when an argument selects it) ·
//! a approve · s approve for the session · e edit in `$EDITOR` · r reject
//! with feedback · q abort (confirmed). Esc, Ctrl-C or Ctrl-D leave the
//! checkpoint open (the session stays paused and resumable). Enter and
//! any other key are not choices: nothing is ever approved by default.

use console::{Key, Style, Term};

use super::card::{CardContext, card};
use super::edit;
use crate::run::{Checkpoint, CheckpointKind, Decision, Driver};

/// How the prompt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// A decision was taken; the run can go on.
    Decided,
    /// The user left the checkpoint open.
    LeftPaused,
}

fn say(term: &Term, text: &str) {
    let _ = term.write_line(text);
}

/// The header line of a card.
fn title(cp: &Checkpoint, styled: bool) -> String {
    let text = format!(
        "── checkpoint {} · {} ──",
        cp.number,
        cp.kind_name().replace('_', " ")
    );
    Style::new()
        .bold()
        .cyan()
        .force_styling(styled)
        .apply_to(text)
        .to_string()
}

fn choices(cp: &Checkpoint, cx: CardContext) -> String {
    match cp.kind {
        CheckpointKind::Limit { .. } => {
            return "[a] approve (double the limit)  [q] abort  [esc] leave paused".to_string();
        }
        CheckpointKind::ToolFailed { .. } => {
            return "[a] run again  [e] edit  [r] go on without it  [q] abort  [esc] leave paused"
                .to_string();
        }
        CheckpointKind::OffPlanCall { .. } => {
            return "[a] approve  [s] approve for session  [r] reject  [q] abort  [esc] leave paused"
                .to_string();
        }
        _ => {}
    }
    let numbers = super::choosable(cp);
    let pick = match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => format!("[{a}] use that option  "),
        (Some(a), Some(b)) => format!("[{a}-{b}] use that option  "),
        _ => String::new(),
    };
    let reject = if cp.reject_is_feedback() && !cx.reads_feedback {
        ""
    } else {
        "[r] reject  "
    };
    format!(
        "{pick}[a] approve  [s] approve for session  [e] edit  {reject}[q] abort  [esc] leave paused"
    )
}

/// Shows `cp` on `term` and asks until the user decides or leaves it open.
pub fn ask(driver: &mut Driver, cp: &Checkpoint, term: &Term, styled: bool) -> Answered {
    let cx = CardContext {
        reads_feedback: driver.reads_feedback(),
    };
    say(term, &title(cp, styled));
    let _ = term.write_str(&card(cp, cx));
    loop {
        let _ = term.write_str(&format!("{} > ", choices(cp, cx)));
        let key = term.read_key_raw();
        let decision = match key {
            Ok(Key::Char('a')) => {
                say(term, "approve");
                Decision::Approve
            }
            Ok(Key::Char(c @ '1'..='9'))
                if super::choosable(cp).contains(&c.to_digit(10).unwrap_or(0)) =>
            {
                say(term, &format!("use option {c}"));
                Decision::Choose {
                    option: c.to_digit(10).unwrap_or(0),
                }
            }
            Ok(Key::Char('s')) => {
                say(term, "approve for the session");
                Decision::ApproveForSession
            }
            Ok(Key::Char('q')) => {
                let _ = term.write_str("abort the run? [y/N] ");
                match term.read_key_raw() {
                    Ok(Key::Char('y')) => {
                        say(term, "yes");
                        Decision::Abort
                    }
                    _ => {
                        say(term, "no");
                        continue;
                    }
                }
            }
            Ok(Key::Char('r')) if cp.reject_is_feedback() && !cx.reads_feedback => {
                // Said before any feedback is typed: it would be ignored.
                say(term, "");
                say(
                    term,
                    "the offline planner cannot act on written feedback; press e to edit instead, a to approve, or q to abort",
                );
                continue;
            }
            Ok(Key::Char('r')) => {
                say(term, "reject");
                match feedback(term) {
                    Some(feedback) => Decision::Reject { feedback },
                    None => {
                        say(term, "no feedback given; the checkpoint is still open");
                        continue;
                    }
                }
            }
            Ok(Key::Char('e')) => {
                say(term, "edit");
                match edit_loop(driver, cp, term) {
                    Ok(true) => return Answered::Decided,
                    Ok(false) => continue,
                    Err(e) => {
                        say(term, &format!("steer: {e}"));
                        continue;
                    }
                }
            }
            Ok(Key::Escape | Key::CtrlC | Key::Char('\u{4}')) | Err(_) => {
                say(term, "");
                return Answered::LeftPaused;
            }
            Ok(Key::Enter) => {
                say(term, "");
                say(term, "Enter is not a choice; press one of the letters");
                continue;
            }
            Ok(other) => {
                say(term, "");
                say(term, &format!("{} is not a choice", describe(&other)));
                continue;
            }
        };
        match driver.decide(decision, false) {
            Ok(()) => return Answered::Decided,
            Err(e) => say(term, &format!("steer: {e}")),
        }
    }
}

fn describe(key: &Key) -> String {
    match key {
        Key::Char(c) => format!("`{c}`"),
        other => format!("{other:?}"),
    }
}

/// Reads the feedback line on `term` (never on stdout, which may be a
/// pipe for the report); `None` when empty or cancelled.
fn feedback(term: &Term) -> Option<String> {
    term.write_str("feedback for the model > ").ok()?;
    let line = term.read_line().ok()?;
    let line = line.trim().to_string();
    (!line.is_empty()).then_some(line)
}

/// Lines the edit loop puts on top of a document to say what was wrong.
const ERROR_MARK: &str = "# ! ";

/// Opens the document in the editor until the runtime accepts the edit
/// (`true`) or the user cancels it (`false`).
fn edit_loop(driver: &mut Driver, cp: &Checkpoint, term: &Term) -> Result<bool, String> {
    let doc = edit::document(cp)?;
    let file = tempfile::Builder::new()
        .prefix("steer-edit-")
        .suffix(&format!(".{}", doc.format))
        .tempfile()
        .map_err(|e| format!("cannot create a file to edit: {e}"))?;
    let mut text = doc.text.clone();
    loop {
        std::fs::write(file.path(), &text)
            .map_err(|e| format!("cannot write {}: {e}", file.path().display()))?;
        edit::run_editor(file.path())?;
        let edited = std::fs::read_to_string(file.path())
            .map_err(|e| format!("cannot read {}: {e}", file.path().display()))?;
        let edited: String = edited
            .lines()
            .filter(|l| !l.starts_with(ERROR_MARK))
            .map(|l| format!("{l}\n"))
            .collect();
        let problem = match edit::decision(cp, &doc, &edited) {
            Ok(None) => {
                say(term, "no change; the checkpoint is still open");
                return Ok(false);
            }
            Ok(Some(decision)) => match driver.decide(decision, false) {
                Ok(()) => {
                    say(term, "edit accepted");
                    return Ok(true);
                }
                Err(e) => e.to_string(),
            },
            Err(e) => e,
        };
        say(
            term,
            &format!(
                "steer: the edit was refused: {problem}\nreopening the editor (save it empty to cancel)"
            ),
        );
        let marks: String = problem
            .lines()
            .map(|l| format!("{ERROR_MARK}{l}\n"))
            .collect();
        text = format!("{marks}{edited}");
    }
}
