//! Schema generation and its two renderings.
//!
//! One source: schemars derives the plain JSON Schema 2020-12 from the Rust
//! types. [`strict`] rewrites it for OpenAI's strict function calling,
//! [`check_strict`] verifies that rewrite, and [`validate`] checks call
//! arguments against the plain schema with messages a model can act on.

mod strict;
mod validate;

pub use strict::{check_strict, to_strict};
pub use validate::validate;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// Plain JSON Schema 2020-12 for `T`, with shared types under `$defs`.
pub fn generate<T: JsonSchema>() -> schemars::Schema {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Resolves a local `$ref` (`#/$defs/Name`) against the root schema.
pub(crate) fn resolve_ref<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}
