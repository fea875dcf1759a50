//! steer: a tool-calling research agent runtime ("macro delegation, micro
//! steering"). This crate holds the CLI and, as it grows, the runtime; the
//! tools live in `steer-tools` and are seen here only through their specs
//! and JSON.

pub mod cassette;
pub mod cli;
pub mod docs;
pub mod eval;
pub mod i18n;
pub mod ingest;
pub mod mcp;
pub mod model;
pub mod offline;
pub mod plugin;
pub mod render;
pub mod repl;
pub mod run;
pub mod script;
pub mod service;
pub mod session;
pub mod terminal;
