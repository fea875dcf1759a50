//! `statement_comparison`: who said what on a topic, and when.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Audience, Channel, Dataset, PartialDate, Resolution, SourceRef, Statement};
use crate::error::ToolError;
use crate::tool::Tool;

/// Lays statements by companies and their people side by side in date
/// order, with the topics each touches and its source lines.
///
/// Use it to check what an organisation said on a subject over time (for
/// example OpenAI on government loan guarantees) and whether its public and
/// private statements agree.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementComparisonArgs {
    /// Only statements by this person or organisation (name, alias or id).
    pub speaker: Option<String>,
    /// Only statements made on behalf of this organisation.
    pub organisation: Option<String>,
    /// Only statements touching this topic (a topic id from the dataset's lexicon).
    pub topic: Option<String>,
    pub date_from: Option<PartialDate>,
    pub date_to: Option<PartialDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StatementView {
    pub id: String,
    pub speaker: String,
    pub organisation: String,
    pub role: Option<String>,
    pub date: PartialDate,
    pub channel: Channel,
    pub audience: Audience,
    pub text: String,
    /// Topics whose terms occur in the text.
    pub topics: Vec<String>,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct StatementComparisonOutput {
    pub statements: Vec<StatementView>,
}

pub struct StatementComparison {
    data: Arc<Dataset>,
}

impl StatementComparison {
    pub fn new(data: Arc<Dataset>) -> Self {
        Self { data }
    }

    fn entity(&self, field: &str, name: &Option<String>) -> Result<Option<String>, ToolError> {
        let Some(name) = name else { return Ok(None) };
        match self.data.resolve(name) {
            Resolution::Found(id) => Ok(Some(id)),
            Resolution::Unknown { suggestions } => {
                let hint = suggestions
                    .first()
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                Err(ToolError::argument(
                    Self::NAME,
                    field,
                    format!(
                        "`{field}`: no person or organisation called \"{name}\" in the dataset{hint}"
                    ),
                ))
            }
        }
    }

    fn topics_of(&self, s: &Statement) -> Vec<String> {
        let text = s.text.to_lowercase();
        self.data
            .topics
            .iter()
            .filter(|t| {
                t.terms
                    .iter()
                    .any(|term| contains_term(&text, &term.to_lowercase()))
            })
            .map(|t| t.id.clone())
            .collect()
    }
}

/// Whether `term` occurs in `text` on word boundaries.
pub(crate) fn contains_term(text: &str, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    text.match_indices(term).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Tool for StatementComparison {
    const NAME: &'static str = "statement_comparison";
    const TITLE: &'static str = "Statement comparison";
    type Args = StatementComparisonArgs;
    type Output = StatementComparisonOutput;

    async fn call(
        &self,
        args: StatementComparisonArgs,
    ) -> Result<StatementComparisonOutput, ToolError> {
        let speaker = self.entity("speaker", &args.speaker)?;
        let organisation = self.entity("organisation", &args.organisation)?;
        if let Some(topic) = &args.topic
            && self.data.topic(topic).is_none()
        {
            let ids: Vec<&str> = self.data.topics.iter().map(|t| t.id.as_str()).collect();
            return Err(ToolError::argument(
                Self::NAME,
                "topic",
                format!("`topic` must be one of {}; got \"{topic}\"", ids.join(", ")),
            ));
        }
        let mut statements: Vec<StatementView> = self
            .data
            .statements
            .iter()
            .filter(|s| speaker.as_ref().is_none_or(|id| &s.speaker == id))
            .filter(|s| organisation.as_ref().is_none_or(|id| &s.organisation == id))
            .filter(|s| {
                s.date
                    .within(args.date_from.as_ref(), args.date_to.as_ref())
            })
            .map(|s| StatementView {
                id: s.id.clone(),
                speaker: self.data.name_of(&s.speaker).to_string(),
                organisation: self.data.name_of(&s.organisation).to_string(),
                role: s.role.clone(),
                date: s.date,
                channel: s.channel,
                audience: s.audience,
                text: s.text.clone(),
                topics: self.topics_of(s),
                sources: self.data.source_refs(&s.sources),
            })
            .filter(|v| args.topic.as_ref().is_none_or(|t| v.topics.contains(t)))
            .collect();
        statements.sort_by_key(|a| a.date);
        Ok(StatementComparisonOutput { statements })
    }
}
