//! steer: a tool-calling research agent runtime ("macro delegation, micro
//! steering"). The research tools live in `steer-tools` and are seen here
//! through their specs and JSON.
//!
//! The modules, in the order a request flows through them:
//!
//! - front-ends, none importing another: [`cli`] (`steer ask`, `steer
//!   ingest`, ...), [`repl`] (the chat), [`mcp`] (the server for other
//!   agents); [`terminal`] and [`render`] draw cards, tables and spinners
//!   for the first two; [`i18n`] holds every message in English and
//!   Japanese.
//! - [`service`]: the one place that picks the model, starts, opens, locks
//!   and resumes sessions, and asks a `Decide` at each checkpoint.
//! - [`run`]: the run as an I/O-free state machine (plan, checkpoints,
//!   steps, report), the driver that calls the model and the tools, and
//!   the events it hands to an `EventLog`.
//! - [`session`]: the JSONL log of those events (the `EventLog` a driver
//!   writes to), locking, reading back, listing.
//! - [`store`]: the `SessionStore` seam (append by sequence number, read
//!   from one, list from an index, one writer lock, owners) with a file
//!   store and a PostgreSQL store that pass one conformance suite; the
//!   service does not go through it yet (issue #31).
//! - [`model`]: the model seam (an OpenAI-compatible endpoint through
//!   async-openai, or a scripted model); [`offline`] answers behind it as
//!   the embedded planner; [`cassette`] records and replays exchanges.
//! - [`ingest`]: new documents drafted into records, checked, confirmed
//!   card by card and written (an ingest is a session too).
//! - [`eval`] scores a planner on a question set; [`script`] replays
//!   session scripts; [`docs`] and [`plugin`] generate the book's pages and
//!   the agent-skill plugin from the definitions; [`files`] is the error
//!   of a file operation, shared by the session log and the dataset writer.

// Only the front-ends write to the terminal; the rest returns what they
// show, so it can be used as a library, tested, and served over MCP.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cassette;
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cli;
pub mod docs;
pub mod eval;
pub mod files;
pub mod i18n;
pub mod ingest;
pub mod localised;
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod mcp;
mod memory;
pub mod model;
pub mod offline;
pub mod plugin;
pub mod render;
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod repl;
pub mod run;
pub mod script;
pub mod service;
pub mod session;
pub mod show;
pub mod store;
pub mod terminal;
