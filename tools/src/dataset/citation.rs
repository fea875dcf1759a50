//! Citations: a source document and a line range in it.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A pointer into a source document, written `SOURCE:LINE` or
/// `SOURCE:FIRST-LAST` in the dataset files (for example `001:75-77`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Citation {
    pub source: String,
    pub first_line: u32,
    pub last_line: u32,
}

impl FromStr for Citation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| {
            format!(
                "citation `{s}` {why}: expected SOURCE:LINE or SOURCE:FIRST-LAST, like 001:75-77"
            )
        };
        let (source, lines) = s.split_once(':').ok_or_else(|| bad("has no `:`"))?;
        let source = source.trim();
        if source.is_empty() {
            return Err(bad("names no source"));
        }
        let line = |t: &str| t.trim().parse::<u32>().ok().filter(|n| *n >= 1);
        let (first, last) = match lines.split_once('-') {
            Some((a, b)) => (line(a), line(b)),
            None => (line(lines), line(lines)),
        };
        let (Some(first_line), Some(last_line)) = (first, last) else {
            return Err(bad("has line numbers that are not positive integers"));
        };
        if last_line < first_line {
            return Err(bad("ends before it starts"));
        }
        Ok(Citation {
            source: source.to_string(),
            first_line,
            last_line,
        })
    }
}

impl JsonSchema for Citation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Citation".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[^:]+:[0-9]+(-[0-9]+)?$",
            "description": "A source id and the line or lines that state the record: SOURCE:LINE or SOURCE:FIRST-LAST, like 004:12 or 004:12-13."
        })
    }
}

impl TryFrom<String> for Citation {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first_line == self.last_line {
            write!(f, "{} l.{}", self.source, self.first_line)
        } else {
            write!(
                f,
                "{} l.{}-{}",
                self.source, self.first_line, self.last_line
            )
        }
    }
}

/// A citation as tools return it: the source id, the document's file name
/// and the lines, plus a compact label for tables (`001 l.75-77`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SourceRef {
    /// Source id in the dataset (`001`).
    pub source: String,
    /// File name of the source document.
    pub document: String,
    pub first_line: u32,
    pub last_line: u32,
    /// Compact label, `001 l.75-77`.
    pub label: String,
}
