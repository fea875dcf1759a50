//! The registry of tools: specs computed once, calls from JSON text.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::OutputLang;
use crate::dataset::{Dataset, closest};
use crate::error::ToolError;
use crate::tool::{DynTool, ToolOutcome};

/// Everything a caller needs to know about a tool, computed once at
/// registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub title: String,
    /// What the tool does (first paragraph) and when to use it (the rest).
    pub description: String,
    /// Plain JSON Schema 2020-12 of the arguments (MCP, the book).
    pub parameters: Value,
    /// The same schema in OpenAI strict mode (function calling); shared
    /// with every model request that offers the tool.
    pub strict_parameters: Arc<Value>,
    /// Plain JSON Schema 2020-12 of the output.
    pub output: Value,
    /// How to use it well, step by step (`Tool::GUIDE`); empty if none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guide: String,
    /// Worked examples (`Tool::EXAMPLES`), arguments parsed and checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ToolExample>,
    /// What it does in Japanese (`Tool::SUMMARY_JA`), for people; not part
    /// of the spec a model or an MCP client is sent.
    #[serde(skip)]
    pub summary_ja: String,
}

/// A worked example in a spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolExample {
    pub caption: String,
    pub arguments: Value,
}

impl ToolSpec {
    /// The first paragraph of the description.
    pub fn summary(&self) -> &str {
        self.description.split("\n\n").next().unwrap_or_default()
    }

    /// What it does, for a reader of `lang`: the Japanese summary where the
    /// tool has one, else the English.
    pub fn summary_in(&self, lang: OutputLang) -> &str {
        match lang {
            OutputLang::Ja if !self.summary_ja.is_empty() => &self.summary_ja,
            _ => self.summary(),
        }
    }
}

#[derive(Clone)]
struct Entry {
    tool: Arc<dyn DynTool>,
    /// Shared, so a run holds the specs without copying their schemas.
    spec: Arc<ToolSpec>,
}

/// Holds tools type-erased and calls them by name.
#[derive(Clone, Default)]
pub struct Toolbox {
    entries: Arc<BTreeMap<String, Entry>>,
    /// The language the tools' words are written in (English unless
    /// [`speaking`](Self::speaking) says otherwise).
    lang: crate::OutputLang,
}

impl Toolbox {
    /// The three research tools over `dataset`.
    pub fn research(dataset: Arc<Dataset>) -> Result<Self, ToolError> {
        let mut toolbox = Toolbox::default();
        toolbox.register(crate::deals::DealLookup::new(dataset.clone()))?;
        toolbox.register(crate::projection::RevenueProjection::new(dataset.clone()))?;
        toolbox.register(crate::statements::StatementComparison::new(dataset))?;
        Ok(toolbox)
    }

    /// The same tools, writing their notes, reasons and refusals in
    /// `lang` (a clone shares the tools).
    pub fn speaking(&self, lang: crate::OutputLang) -> Self {
        Toolbox {
            entries: self.entries.clone(),
            lang,
        }
    }

    /// The language the tools write in.
    pub fn lang(&self) -> crate::OutputLang {
        self.lang
    }

    /// Adds a tool, computing its spec. Fails if the name is taken or the
    /// schema cannot be rendered in strict mode.
    pub fn register(&mut self, tool: impl DynTool + 'static) -> Result<(), ToolError> {
        let tool: Arc<dyn DynTool> = Arc::new(tool);
        let name = tool.name().to_string();
        let failed = |message: String| ToolError::Failed {
            tool: name.clone(),
            message,
        };
        if self.entries.contains_key(&name) {
            return Err(failed("a tool with this name is already registered".into()));
        }
        let parameters = tool.args_schema().to_value();
        let description = parameters
            .get("description")
            .and_then(Value::as_str)
            .map(unwrap_lines)
            .ok_or_else(|| {
                failed("the Args type has no doc comment to serve as the description".into())
            })?;
        let strict_parameters = crate::schema::to_strict(&parameters).map_err(failed)?;
        let mut examples = Vec::new();
        for e in tool.examples() {
            let arguments: Value = serde_json::from_str(e.arguments).map_err(|err| {
                failed(format!(
                    "example `{}`: arguments are not JSON: {err}",
                    e.caption
                ))
            })?;
            let problems = crate::schema::validate(&parameters, &arguments);
            if let Some(p) = problems.first() {
                return Err(failed(format!(
                    "example `{}`: invalid arguments: {}",
                    e.caption, p.message
                )));
            }
            examples.push(ToolExample {
                caption: e.caption.to_string(),
                arguments,
            });
        }
        let spec = ToolSpec {
            title: tool.title().to_string(),
            name: name.clone(),
            description,
            parameters,
            strict_parameters: Arc::new(strict_parameters),
            output: tool.output_schema().to_value(),
            guide: tool.guide().to_string(),
            examples,
            summary_ja: tool.summary_ja().to_string(),
        };
        Arc::make_mut(&mut self.entries).insert(
            name,
            Entry {
                tool,
                spec: Arc::new(spec),
            },
        );
        Ok(())
    }

    pub fn specs(&self) -> impl Iterator<Item = &ToolSpec> {
        self.entries.values().map(|e| e.spec.as_ref())
    }

    /// The specs, shared: for holders that keep them (a run), at the cost
    /// of a reference count instead of a copy of every schema.
    pub fn shared_specs(&self) -> impl Iterator<Item = Arc<ToolSpec>> + '_ {
        self.entries.values().map(|e| e.spec.clone())
    }

    pub fn spec(&self, name: &str) -> Result<&ToolSpec, ToolError> {
        self.entry(name).map(|e| e.spec.as_ref())
    }

    /// The charts tool `name` draws of one of its outputs (none for an
    /// unknown tool or a value that is not its output).
    pub fn charts(&self, name: &str, output: &Value, lang: crate::OutputLang) -> Vec<crate::Chart> {
        self.entry(name)
            .map(|e| e.tool.charts_of(output, lang))
            .unwrap_or_default()
    }

    pub fn names(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    fn entry(&self, name: &str) -> Result<&Entry, ToolError> {
        self.entries
            .get(name)
            .ok_or_else(|| ToolError::UnknownTool {
                name: name.to_string(),
                suggestion: closest(name, self.entries.keys().map(String::as_str))
                    .map(str::to_string),
                available: self.names(),
            })
    }

    /// Calls `name` with arguments given as JSON text.
    pub async fn call_json(&self, name: &str, args: &str) -> Result<Value, ToolError> {
        Ok(self.invoke_json(name, args).await?.value)
    }

    /// Calls `name` with arguments given as JSON text, keeping what in the
    /// result needs attention.
    pub async fn invoke_json(&self, name: &str, args: &str) -> Result<ToolOutcome, ToolError> {
        let entry = self.entry(name)?;
        let value: Value = serde_json::from_str(args).map_err(|e| ToolError::InvalidJson {
            tool: name.to_string(),
            message: json_error_text(&e),
            line: e.line(),
            column: e.column(),
        })?;
        self.call_entry(entry, value).await
    }

    /// Calls `name` with arguments already parsed.
    pub async fn call(&self, name: &str, args: Value) -> Result<Value, ToolError> {
        Ok(self.invoke(name, args).await?.value)
    }

    /// Calls `name` with arguments already parsed, keeping what in the
    /// result needs attention.
    pub async fn invoke(&self, name: &str, args: Value) -> Result<ToolOutcome, ToolError> {
        let entry = self.entry(name)?;
        self.call_entry(entry, args).await
    }

    /// Whether calling `name` with `args` may run long (a budgeted graph
    /// search); unknown tools and bad arguments fail at once.
    pub fn runs_long(&self, name: &str, args: &Value) -> bool {
        self.entry(name).is_ok_and(|e| e.tool.runs_long(args))
    }

    /// Calls `name` with arguments already parsed; the output as JSON
    /// text, written once (the text [`call`](Self::call)'s value
    /// serialises to), for a server that only sends it on.
    pub async fn call_text(&self, name: &str, args: Value) -> Result<String, ToolError> {
        let entry = self.entry(name)?;
        Self::check_args(entry, &args)?;
        match CatchPanic(entry.tool.call_text(args, self.lang)).await {
            Ok(result) => result,
            Err(message) => Err(ToolError::Internal {
                tool: entry.spec.name.clone(),
                message,
            }),
        }
    }

    fn check_args(entry: &Entry, args: &Value) -> Result<(), ToolError> {
        let problems = crate::schema::validate(&entry.spec.parameters, args);
        if !problems.is_empty() {
            return Err(ToolError::InvalidArguments {
                tool: entry.spec.name.clone(),
                problems,
            });
        }
        Ok(())
    }

    async fn call_entry(&self, entry: &Entry, args: Value) -> Result<ToolOutcome, ToolError> {
        Self::check_args(entry, &args)?;
        let tool = entry.spec.name.as_str();
        match CatchPanic(entry.tool.call_value(args, self.lang)).await {
            Ok(result) => result,
            Err(message) => Err(ToolError::Internal {
                tool: tool.to_string(),
                message,
            }),
        }
    }
}

/// Runs a tool's future, turning a panic inside it into an error: a bug in
/// one tool must not take down the process, an MCP connection or a session.
struct CatchPanic<F>(F);

impl<F: std::future::Future + Unpin> std::future::Future for CatchPanic<F> {
    type Output = Result<F::Output, String>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let inner = &mut self.0;
        // The future is dropped after a panic, never polled again, so no
        // broken invariant inside it can be observed.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::pin::Pin::new(inner).poll(cx)
        })) {
            Ok(poll) => poll.map(Ok),
            Err(payload) => std::task::Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}

/// The text a panic carries (`panic!("...")`, a failed index), if any.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the tool panicked".to_string())
}

/// Joins the hard-wrapped lines of a doc comment, keeping paragraphs.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// serde_json's message without its trailing " at line L column C", which
/// the error carries separately.
fn json_error_text(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
