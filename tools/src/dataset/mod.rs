//! The research dataset: sources, entities, deals, figures, statements and
//! topics, loaded from text files and validated as a whole.
//!
//! The format is documented in the book (`book/src/dataset.md`). The
//! project's own dataset is compiled into the library so that `steer` runs
//! anywhere; `--data DIR` loads another directory of the same format.

mod check;
mod citation;
mod date;
mod deals_csv;
mod index;
mod load;
mod model;
pub(crate) mod names;
mod raw;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use citation::{Citation, SourceRef};
pub use date::PartialDate;
pub use index::{Csr, DealIndex, Edge};
pub use model::*;
pub use names::{Resolution, closest, normalise};

use names::NameIndex;

/// One thing wrong with the dataset, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    pub message: String,
    /// The same message in Japanese (empty where there is none).
    pub message_ja: String,
}

impl Problem {
    /// A problem in `file` (at `line`), worded in both languages.
    pub fn new(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
        message_ja: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
            message_ja: message_ja.into(),
        }
    }

    /// `file:line: message` in `lang` (English where no Japanese exists).
    pub fn worded(&self, lang: crate::OutputLang) -> String {
        let message = match lang {
            crate::OutputLang::Ja if !self.message_ja.is_empty() => &self.message_ja,
            _ => &self.message,
        };
        match self.line {
            Some(line) => format!("{}:{}: {message}", self.file, line),
            None => format!("{}: {message}", self.file),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading; the dataset is refused as a whole.
#[derive(Debug, Clone, thiserror::Error)]
pub struct DatasetError {
    pub location: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the dataset in {} has {n} problem{}:",
            self.location,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// The files of the built-in dataset, compiled in: (file name, text).
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "sources.toml",
        include_str!("../../../fixtures/data/sources.toml"),
    ),
    (
        "entities.toml",
        include_str!("../../../fixtures/data/entities.toml"),
    ),
    (
        "deals.toml",
        include_str!("../../../fixtures/data/deals.toml"),
    ),
    (
        "figures.toml",
        include_str!("../../../fixtures/data/figures.toml"),
    ),
    (
        "statements.toml",
        include_str!("../../../fixtures/data/statements.toml"),
    ),
    (
        "topics.toml",
        include_str!("../../../fixtures/data/topics.toml"),
    ),
];

/// A hash map with a fast hasher (foldhash, randomly seeded per process),
/// for the maps a dataset is loaded and queried through: ids and names.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A validated dataset. Entity references inside records are ids.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Where it came from (`built-in` or a directory), for messages.
    pub origin: String,
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub deals: Vec<Deal>,
    pub figures: Vec<Figure>,
    pub statements: Vec<Statement>,
    pub topics: Vec<Topic>,
    names: NameIndex,
    source_index: FastMap<String, usize>,
    entity_index: FastMap<String, usize>,
    deal_index: DealIndex,
}

impl Dataset {
    /// The dataset shipped with steer (`fixtures/data/`).
    pub fn builtin() -> Result<Dataset, DatasetError> {
        let files = BUILTIN_FILES
            .iter()
            .map(|(name, text)| {
                (
                    format!("fixtures/data/{name}"),
                    (*name).to_string(),
                    (*text).to_string(),
                )
            })
            .collect();
        load::from_texts("built-in dataset (fixtures/data)".to_string(), files)
    }

    /// Loads a dataset from file contents held in memory: `(file name,
    /// text)` pairs named as in a dataset directory (`deals.toml`,
    /// `deals.csv`, ...). `location` names the set in messages.
    pub fn from_files(
        location: &str,
        files: Vec<(String, String)>,
    ) -> Result<Dataset, DatasetError> {
        let files = files
            .into_iter()
            .map(|(name, text)| (format!("{location}/{name}"), name, text))
            .collect();
        load::from_texts(location.to_string(), files)
    }

    /// Loads every dataset file in `dir` (see the book for the format).
    pub fn load_dir(dir: &Path) -> Result<Dataset, DatasetError> {
        load::from_dir(dir)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|&i| &self.sources[i])
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index.get(id).map(|&i| &self.entities[i])
    }

    /// Display name of an entity id (the id itself if unknown).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.entity(id).map_or(id, |e| e.name.as_str())
    }

    /// Finds the entity a name, alias or id refers to.
    pub fn resolve(&self, name: &str) -> Resolution {
        self.names.resolve(name)
    }

    /// Resolves a tool argument that names an entity, or says what the
    /// caller can do: the closest names, or where the names come from.
    pub fn resolve_argument(
        &self,
        tool: &str,
        field: &str,
        name: &str,
    ) -> Result<String, crate::ToolError> {
        match self.resolve(name) {
            Resolution::Found(id) => Ok(id),
            Resolution::Unknown { suggestions } => {
                let hint = if suggestions.is_empty() {
                    "; names are matched against the dataset's entities and their aliases (deal_lookup without arguments lists every party)".to_string()
                } else {
                    let quoted: Vec<String> =
                        suggestions.iter().map(|s| format!("\"{s}\"")).collect();
                    format!("; did you mean {}?", quoted.join(" or "))
                };
                Err(crate::ToolError::InvalidArguments {
                    tool: tool.to_string(),
                    problems: vec![crate::ArgProblem::of(
                        field,
                        format!(
                            "`{field}`: no company or person called {} in the dataset{hint}",
                            crate::quoted(name)
                        ),
                        crate::error::Problem::UnknownName {
                            name: name.to_string(),
                            suggestions: suggestions.clone(),
                        },
                    )],
                })
            }
        }
    }

    /// A citation as tools return it.
    pub fn source_ref(&self, c: &Citation) -> SourceRef {
        SourceRef {
            source: c.source.clone(),
            document: self
                .source(&c.source)
                .map(|s| s.file.clone())
                .unwrap_or_default(),
            first_line: c.first_line,
            last_line: c.last_line,
            label: c.to_string(),
        }
    }

    pub fn source_refs(&self, cs: &[Citation]) -> Vec<SourceRef> {
        cs.iter().map(|c| self.source_ref(c)).collect()
    }

    /// Position of an entity in `entities` (the numbering the deal index uses).
    pub fn entity_number(&self, id: &str) -> Option<usize> {
        self.entity_index.get(id).copied()
    }

    pub fn deal_index(&self) -> &DealIndex {
        &self.deal_index
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}

/// Resolves the data directory a user gave, or the built-in dataset.
pub fn load(dir: Option<&PathBuf>) -> Result<Dataset, DatasetError> {
    match dir {
        Some(dir) => Dataset::load_dir(dir),
        None => Dataset::builtin(),
    }
}
