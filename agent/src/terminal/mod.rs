//! What steer shows a person at a terminal, shared by the chat and
//! `steer ask`: checkpoint cards answered with one key, `$EDITOR` edits,
//! spinners, and Markdown rendered as it streams.

mod card;
mod choice;
pub mod edit;
pub mod ingest;
mod interrupts;
mod markdown;
mod progress;

use std::io::IsTerminal;

pub use card::{CardContext, card, choosable};
pub use choice::{Terminal, ask as answer_checkpoint};
pub use interrupts::Interrupts;
pub use markdown::Markdown;
pub use progress::Spinners;

/// Whether to style output on `stream`: a terminal, and `NO_COLOR` not set
/// to anything (<https://no-color.org>).
pub fn styled(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
