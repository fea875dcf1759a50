//! The `Tool` trait (typed) and its type-erased form `DynTool`.

use std::future::Future;
use std::pin::Pin;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ToolError;

/// A research tool with typed arguments and output.
///
/// The tool's description is the doc comment of its `Args` type: the first
/// paragraph says what it does, the rest when to use it. Argument doc
/// comments become the schema's field descriptions. Optional arguments are
/// `Option<T>` so that OpenAI strict mode (which sends `null` for them) and
/// plain callers (which omit them) deserialise the same way.
pub trait Tool: Send + Sync + 'static {
    const NAME: &'static str;
    /// Short human title (MCP `title`, book headings).
    const TITLE: &'static str;
    /// How to use the tool well, step by step, in Markdown (tool, argument
    /// and output field names in backticks): what the plugin's skills and
    /// the book teach. Kept beside the tool so a renamed field is caught
    /// (a test checks every name a guide uses against the schemas).
    const GUIDE: &'static str = "";
    /// Worked examples: what the book runs and prints, and `steer tools
    /// show` lists. Each must be valid arguments (checked when the tool is
    /// registered).
    const EXAMPLES: &'static [Example] = &[];
    /// What the tool does, in Japanese, for a Japanese reader of the tool
    /// list (the description stays English: it is written for models).
    /// Empty: the English summary is shown.
    const SUMMARY_JA: &'static str = "";
    type Args: DeserializeOwned + JsonSchema + Send;
    type Output: Serialize + DeserializeOwned + JsonSchema + Send;

    /// Runs the tool. Its words for people (notes, reasons, refusals) are
    /// written in `lang`; names, ids and numbers are the same in every
    /// language.
    fn call(
        &self,
        args: Self::Args,
        lang: OutputLang,
    ) -> impl Future<Output = Result<Self::Output, ToolError>> + Send;

    /// What in `output` a human may need to decide on (sources that
    /// disagree, an assumption that changes the conclusion). The runtime
    /// turns these into checkpoints by policy; the tool only reports them.
    fn attention(&self, _output: &Self::Output) -> Vec<Attention> {
        Vec::new()
    }

    /// Charts of `output` for people, if the tool draws any, worded in
    /// `lang`.
    fn charts(&self, _output: &Self::Output, _lang: OutputLang) -> Vec<Chart> {
        Vec::new()
    }

    /// Whether a call with `args` may run long (a budgeted graph search):
    /// a server then runs it where blocking stalls nobody. A call that
    /// does a bounded, small amount of work answers `false`, and is run in
    /// place. Long unless the tool says otherwise.
    fn runs_long(&self, _args: &Self::Args) -> bool {
        true
    }
}

/// The language a tool's words for people are in: a chart's title, legend
/// and labels, an output's notes and reasons, an argument's refusal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputLang {
    #[default]
    En,
    Ja,
}

impl OutputLang {
    /// `en` or `ja`, as the language says.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            OutputLang::En => en,
            OutputLang::Ja => ja,
        }
    }
}

/// A chart of a result: SVG for a file, text for a terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What it shows (`OpenAI: revenue by scenario vs commitments`).
    pub title: String,
    pub svg: String,
    /// A compact text rendering, a few lines tall.
    pub text: String,
}

/// Why a result may need a human decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    /// Sources disagree (a contested figure, a contradiction).
    Conflict,
    /// An assumption the conclusion depends on.
    Assumption,
}

/// One alternative of an attention item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttentionOption {
    /// Short label (`$12B reported`).
    pub label: String,
    pub detail: String,
    /// Source labels (`001 l.23`).
    pub sources: Vec<String>,
    /// The argument changes that make the tool use this option, as a JSON
    /// merge patch (RFC 7396: `null` removes a key); absent when no
    /// argument selects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choose: Option<serde_json::Value>,
    /// The dataset record the option stands for (a figure id), so that the
    /// same figures reached by different steps are recognised as one choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What taking this option changes in the result ("needs 48.7% a
    /// year; funded by 2031 under base").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequence: Option<String>,
    /// Whether the result as it stands uses this option.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub used: bool,
    /// The option's amount, when it is one (so a front-end can write it
    /// in its reader's language: $12B, 120億ドル).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_usd: Option<f64>,
    /// What qualifies the amount, as the dataset says it (`reported`,
    /// `over the next 8 years`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// `consequence` as data, for a front-end to phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// `detail` in Japanese, where the dataset has it (a figure's period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_ja: Option<String>,
    /// `qualifier` in Japanese, where it is the dataset's text (a period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier_ja: Option<String>,
    /// `label` in Japanese, where the tool words the label itself (a pair
    /// of contradicting statements) rather than quoting the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ja: Option<String>,
}

/// What taking an option changes in a projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Effect {
    /// The constant growth a year the commitments need (a fraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_rate: Option<f64>,
    /// The commitments are covered at any growth.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub covered_anyway: bool,
    /// Not coverable within the growth bounds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_coverable: bool,
    /// Over how many years, from which base, when the option is a framing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_base_usd: Option<f64>,
    /// Scenarios funded, by the year they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funded: Vec<FundedBy>,
    /// Scenarios not funded within the horizon.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unfunded: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FundedBy {
    pub year: i32,
    pub scenarios: Vec<String>,
}

/// What an attention item is about, for a front-end to phrase in its
/// reader's language (`summary` is the English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum AttentionTopic {
    /// Which revenue figure to project from.
    RevenueBase {
        company: String,
        contested: bool,
        material: bool,
    },
    /// Which framing of the commitments to set against it.
    CommitmentsFraming { company: String },
    /// A projection standing in for today's revenue.
    ProjectedBase { company: String },
    /// Figures of one subject and metric that disagree.
    Figures {
        subject: String,
        metric: String,
        year: Option<i32>,
    },
    /// An organisation contradicting itself on a topic.
    Contradiction {
        organisation: String,
        topic: String,
        pairs: usize,
    },
}

/// Why the result uses the option it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DefaultRule {
    /// Reported figures before run-rates and estimates, the latest year,
    /// then the lowest value.
    BaseRule,
    /// The framing cited by the most source documents; on a tie, the
    /// company's own.
    MostCited,
    /// The arguments chose it.
    Arguments,
    /// The only figure of its kind in the dataset.
    OnlyFigure,
}

/// Something in a tool result that a human may need to decide on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Attention {
    pub kind: AttentionKind,
    /// One line: what is contested or assumed.
    pub summary: String,
    pub options: Vec<AttentionOption>,
    /// What the tool did meanwhile (the default it chose), if anything.
    pub default: Option<String>,
    /// Whether the choice among the options changes the conclusion.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub material: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<AttentionTopic>,
    /// Why `default` is what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rule: Option<DefaultRule>,
}

/// A worked example of a tool: what it shows, and the arguments as JSON
/// text (a constant cannot hold a JSON value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub caption: &'static str,
    pub arguments: &'static str,
}

/// A tool's result with what needs attention in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolOutcome {
    pub value: serde_json::Value,
    pub attention: Vec<Attention>,
}

pub type ToolFuture<'a> = Pin<Box<dyn Future<Output = Result<ToolOutcome, ToolError>> + Send + 'a>>;

/// A call's output written as JSON text, for a caller that only sends it on.
pub type TextFuture<'a> = Pin<Box<dyn Future<Output = Result<String, ToolError>> + Send + 'a>>;

/// Object-safe view of a [`Tool`], for the registry.
pub trait DynTool: Send + Sync {
    fn name(&self) -> &'static str;
    fn title(&self) -> &'static str;
    /// How to use it well (`Tool::GUIDE`); none unless it says.
    fn guide(&self) -> &'static str {
        ""
    }
    /// Worked examples (`Tool::EXAMPLES`).
    fn examples(&self) -> &'static [Example] {
        &[]
    }
    /// What it does in Japanese (`Tool::SUMMARY_JA`); empty if not given.
    fn summary_ja(&self) -> &'static str {
        ""
    }
    /// Plain (2020-12) schema of the arguments, as generated.
    fn args_schema(&self) -> schemars::Schema;
    fn output_schema(&self) -> schemars::Schema;
    /// Calls the tool with arguments already validated against its schema.
    fn call_value(&self, args: serde_json::Value, lang: OutputLang) -> ToolFuture<'_>;
    /// Whether a call with these arguments may run long (see
    /// [`Tool::runs_long`]); arguments that do not parse make a call that
    /// fails at once.
    fn runs_long(&self, _args: &serde_json::Value) -> bool {
        true
    }
    /// [`call_value`](Self::call_value), the output as JSON text (the same
    /// text the value serialises to): what a server relaying results
    /// needs. A typed tool writes it straight, without the value between.
    fn call_text(&self, args: serde_json::Value, lang: OutputLang) -> TextFuture<'_> {
        Box::pin(async move {
            let outcome = self.call_value(args, lang).await?;
            serde_json::to_string(&outcome.value).map_err(|e| ToolError::Failed {
                tool: self.name().to_string(),
                message: format!("could not serialise the output: {e}"),
            })
        })
    }
    /// The charts of an output this tool produced (as JSON); none when the
    /// value is not one of its outputs, or the tool draws none.
    fn charts_of(&self, _output: &serde_json::Value, _lang: OutputLang) -> Vec<Chart> {
        Vec::new()
    }
}

/// A tool's arguments, read from JSON the schema check passed. What
/// remains are rules a schema cannot carry (a date's calendar validity),
/// reported with the field's path.
fn args_of<T: Tool>(args: serde_json::Value) -> Result<T::Args, ToolError> {
    serde_path_to_error::deserialize(args).map_err(|e| {
        let field = e.path().to_string();
        let message = e.into_inner().to_string();
        let message = if field == "." {
            message
        } else {
            format!("`{field}`: {message}")
        };
        ToolError::argument(T::NAME, field, message)
    })
}

impl<T: Tool> DynTool for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn title(&self) -> &'static str {
        T::TITLE
    }

    fn guide(&self) -> &'static str {
        T::GUIDE
    }

    fn examples(&self) -> &'static [Example] {
        T::EXAMPLES
    }

    fn summary_ja(&self) -> &'static str {
        T::SUMMARY_JA
    }

    fn args_schema(&self) -> schemars::Schema {
        crate::schema::generate::<T::Args>()
    }

    fn output_schema(&self) -> schemars::Schema {
        crate::schema::generate::<T::Output>()
    }

    fn charts_of(&self, output: &serde_json::Value, lang: OutputLang) -> Vec<Chart> {
        match T::Output::deserialize(output) {
            Ok(output) => self.charts(&output, lang),
            Err(_) => Vec::new(),
        }
    }

    fn call_value(&self, args: serde_json::Value, lang: OutputLang) -> ToolFuture<'_> {
        Box::pin(async move {
            let output = self.call(args_of::<T>(args)?, lang).await?;
            let attention = self.attention(&output);
            let value = serde_json::to_value(output).map_err(|e| ToolError::Failed {
                tool: T::NAME.to_string(),
                message: format!("could not serialise the output: {e}"),
            })?;
            Ok(ToolOutcome { value, attention })
        })
    }

    fn runs_long(&self, args: &serde_json::Value) -> bool {
        match T::Args::deserialize(args) {
            Ok(args) => Tool::runs_long(self, &args),
            Err(_) => false,
        }
    }

    fn call_text(&self, args: serde_json::Value, lang: OutputLang) -> TextFuture<'_> {
        Box::pin(async move {
            let output = self.call(args_of::<T>(args)?, lang).await?;
            serde_json::to_string(&output).map_err(|e| ToolError::Failed {
                tool: T::NAME.to_string(),
                message: format!("could not serialise the output: {e}"),
            })
        })
    }
}
