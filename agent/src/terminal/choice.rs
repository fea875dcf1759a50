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
use crate::i18n::Lang;
use crate::run::{Checkpoint, CheckpointKind, Decision, Driver};
use crate::service::{AnswerFuture, Answered, Decide};
use crate::tr;

/// The terminal card as a [`Decide`]: the chat and `steer ask` on a
/// terminal.
pub struct Terminal {
    pub term: Term,
    pub styled: bool,
    /// A card has explained every key already (in this session): later
    /// cards name them on one line.
    pub legend_shown: bool,
}

impl Terminal {
    pub fn new(term: Term, styled: bool) -> Terminal {
        Terminal {
            term,
            styled,
            legend_shown: false,
        }
    }
}

impl Decide for Terminal {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        checkpoint: &'a Checkpoint,
    ) -> AnswerFuture<'a> {
        // The keys are read here, blocking: a person at a terminal is the
        // only thing the run waits for.
        let answered = ask(
            driver,
            checkpoint,
            &self.term,
            self.styled,
            !self.legend_shown,
        );
        self.legend_shown = true;
        Box::pin(std::future::ready(answered))
    }

    fn answer_proposal(
        &mut self,
        batch: &crate::ingest::Batch,
        i: usize,
    ) -> Result<crate::ingest::session::Reply, String> {
        use crate::ingest::session::Confirm;
        super::ingest::Cards::new().answer(batch, i)
    }

    fn proposal_refused(&mut self, note: &str) {
        use crate::ingest::session::Confirm;
        super::ingest::Cards::new().refused(note);
    }
}

fn say(term: &Term, text: &str) {
    let _ = term.write_line(text);
}

/// The header line of a card.
fn title(cp: &Checkpoint, lang: Lang, styled: bool) -> String {
    let text = super::card::title(cp, lang);
    Style::new()
        .bold()
        .cyan()
        .force_styling(styled)
        .apply_to(text)
        .to_string()
}

fn choices(cp: &Checkpoint, cx: CardContext) -> String {
    let lang = cx.lang;
    match cp.kind {
        CheckpointKind::Limit { .. } => return tr!(lang, "choice-limit"),
        CheckpointKind::ToolFailed { .. } => return tr!(lang, "choice-failed"),
        CheckpointKind::OffPlanCall { .. } => return tr!(lang, "choice-offplan"),
        _ => {}
    }
    let numbers = super::choosable(cp);
    let pick = match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if a == b => tr!(lang, "choice-pick-one", n = *a),
        (Some(a), Some(b)) => tr!(lang, "choice-pick-range", from = *a, to = *b),
        _ => String::new(),
    };
    let reject = if cp.reject_is_feedback() && !cx.reads_feedback {
        String::new()
    } else {
        tr!(lang, "choice-reject")
    };
    tr!(lang, "choice-line", pick = pick, reject = reject)
}

/// The keys line broken between its `[key] what` groups (never inside
/// one) to fit `width` columns.
fn fitted(line: &str, width: usize) -> String {
    let mut groups: Vec<String> = Vec::new();
    for part in line.split("  ") {
        match groups.last_mut() {
            Some(g) if !part.trim_start().starts_with('[') => {
                g.push_str("  ");
                g.push_str(part);
            }
            _ => groups.push(part.to_string()),
        }
    }
    let mut out = String::new();
    let mut current = 0;
    for g in groups {
        let w = textwrap::core::display_width(&g);
        if current > 0 && current + 2 + w > width {
            out.push('\n');
            current = 0;
        } else if current > 0 {
            out.push_str("  ");
            current += 2;
        }
        out.push_str(&g);
        current += w;
    }
    out
}

/// The new ceiling the person types at a limit card, or `None` (said
/// why) when what they typed is not one.
fn raised_to(cp: &Checkpoint, term: &Term, lang: Lang) -> Option<u64> {
    let CheckpointKind::Limit { limit, allowed, .. } = &cp.kind else {
        return None;
    };
    let _ = term.write_str(&tr!(
        lang,
        "limit-raise-prompt",
        limit = limit.describe(lang),
        allowed = *allowed
    ));
    let text = term.read_line().ok()?;
    match text.trim().parse::<u64>() {
        Ok(to) if to > *allowed => Some(to),
        _ => {
            say(
                term,
                &tr!(
                    lang,
                    "limit-raise-invalid",
                    text = text.trim(),
                    allowed = *allowed
                ),
            );
            None
        }
    }
}

/// Shows `cp` on `term` and asks until the user decides or leaves it open.
pub fn ask(
    driver: &mut Driver,
    cp: &Checkpoint,
    term: &Term,
    styled: bool,
    full_legend: bool,
) -> Answered {
    let cx = CardContext {
        reads_feedback: driver.reads_feedback(),
        lang: driver.lang(),
        width: super::card::width_for(usize::from(term.size().1)),
        full_legend,
    };
    let lang = cx.lang;
    say(term, &title(cp, lang, styled));
    let _ = term.write_str(&card(cp, cx));
    loop {
        let _ = term.write_str(&format!("{} > ", fitted(&choices(cp, cx), cx.width - 2)));
        let key = term.read_key_raw();
        let decision = match key {
            Ok(Key::Char('a')) => {
                say(term, &tr!(lang, "choice-said-approve"));
                Decision::Approve
            }
            Ok(Key::Char(c @ '1'..='9'))
                if super::choosable(cp).contains(&c.to_digit(10).unwrap_or(0)) =>
            {
                say(term, &tr!(lang, "choice-said-option", n = c.to_string()));
                Decision::Choose {
                    option: c.to_digit(10).unwrap_or(0),
                }
            }
            Ok(Key::Char('?')) => {
                // The keys in full, as the session's first card gave them.
                say(term, "");
                let _ = term.write_str(&card(
                    cp,
                    CardContext {
                        full_legend: true,
                        ..cx
                    },
                ));
                continue;
            }
            Ok(Key::Char('s')) => {
                say(term, &tr!(lang, "choice-said-session"));
                Decision::ApproveForSession
            }
            Ok(Key::Char('q')) => {
                let _ = term.write_str(&tr!(lang, "choice-abort-confirm"));
                match term.read_key_raw() {
                    Ok(Key::Char('y')) => {
                        say(term, &tr!(lang, "choice-yes"));
                        Decision::Abort
                    }
                    _ => {
                        say(term, &tr!(lang, "choice-no"));
                        continue;
                    }
                }
            }
            Ok(Key::Char('r')) if cp.reject_is_feedback() && !cx.reads_feedback => {
                // Said before any feedback is typed: it would be ignored.
                say(term, "");
                say(term, &tr!(lang, "choice-no-feedback-reader"));
                continue;
            }
            Ok(Key::Char('r')) => {
                say(term, &tr!(lang, "choice-said-reject"));
                match feedback(term, lang) {
                    Some(feedback) => Decision::Reject { feedback },
                    None => {
                        say(term, &tr!(lang, "choice-no-feedback"));
                        continue;
                    }
                }
            }
            Ok(Key::Char('e')) if matches!(cp.kind, CheckpointKind::Limit { .. }) => {
                match raised_to(cp, term, lang) {
                    Some(to) => Decision::RaiseLimit { to },
                    None => continue,
                }
            }
            Ok(Key::Char('e')) => {
                say(term, &tr!(lang, "choice-said-edit"));
                match edit_loop(driver, cp, term, lang) {
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
                say(term, &tr!(lang, "choice-enter"));
                continue;
            }
            Ok(other) => {
                say(term, "");
                say(
                    term,
                    &tr!(lang, "choice-not-a-choice", key = describe(&other)),
                );
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
fn feedback(term: &Term, lang: Lang) -> Option<String> {
    term.write_str(&tr!(lang, "choice-feedback")).ok()?;
    let line = term.read_line().ok()?;
    let line = line.trim().to_string();
    (!line.is_empty()).then_some(line)
}

/// Lines the edit loop puts on top of a document to say what was wrong.
const ERROR_MARK: &str = "# ! ";

/// Opens the document in the editor until the runtime accepts the edit
/// (`true`) or the user cancels it (`false`).
fn edit_loop(
    driver: &mut Driver,
    cp: &Checkpoint,
    term: &Term,
    lang: Lang,
) -> Result<bool, String> {
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
        let edited =
            steer_tools::input::read_to_string(file.path(), steer_tools::input::InputKind::Script)
                .map_err(|e| e.to_string())?;
        let edited: String = edited
            .lines()
            .filter(|l| !l.starts_with(ERROR_MARK))
            .map(|l| format!("{l}\n"))
            .collect();
        let problem = match edit::decision(cp, &doc, &edited) {
            Ok(None) => {
                say(term, &tr!(lang, "edit-no-change"));
                return Ok(false);
            }
            Ok(Some(decision)) => match driver.decide(decision, false) {
                Ok(()) => {
                    say(term, &tr!(lang, "edit-accepted"));
                    return Ok(true);
                }
                Err(e) => e.to_string(),
            },
            Err(e) => e,
        };
        say(term, &tr!(lang, "edit-refused", problem = problem.as_str()));
        let marks: String = problem
            .lines()
            .map(|l| format!("{ERROR_MARK}{l}\n"))
            .collect();
        text = format!("{marks}{edited}");
    }
}
