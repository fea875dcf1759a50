//! Typed research tools over the steer dataset.
//!
//! A tool is a Rust type implementing [`Tool`]: typed arguments and output
//! whose JSON Schemas are derived once (schemars) and rendered two ways, plain
//! JSON Schema 2020-12 and OpenAI strict mode. The [`Toolbox`] holds the tools
//! type-erased and calls them from JSON text, validating arguments against the
//! same schema the model was shown, so a bad call gets an error naming the
//! field and the allowed values.
//!
//! This crate knows nothing about models, prompts or terminals.

// A library: it returns what it has to say, it never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod dataset;
pub mod deals;
mod error;
pub mod format;
pub mod ingest;
pub mod input;
pub mod projection;
mod said;
pub mod schema;
pub mod statements;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
mod tool;
mod toolbox;

pub use dataset::{Dataset, DatasetError};
pub use error::{ArgProblem, Problem, ToolError, quoted, shown};
pub use tool::{
    Attention, AttentionKind, AttentionOption, AttentionTopic, Chart, DefaultRule, DynTool, Effect,
    Example, FundedBy, OutputLang, Tool, ToolFuture, ToolOutcome,
};
pub use toolbox::{ToolExample, ToolSpec, Toolbox, panic_message};
