//! The state a run holds, as data: its limits, each step's state and
//! result, the calls made and the decisions taken. The machine changes
//! it; the report and the front-ends read it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::ToolOutcome;

use super::checkpoint::LimitKind;
use super::plan::Step;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Tool executions in the whole run.
    pub max_steps: u64,
    pub max_model_calls: u64,
    /// Plans or tool calls the model may get wrong and retry.
    pub max_retries: u64,
    /// Total tokens: as the provider reports them, estimated from the
    /// text where it does not.
    pub max_tokens: Option<u64>,
    /// Seconds steer may work on the run in one process (model calls,
    /// tools), not counting time a person spends at a card.
    #[serde(default = "default_wall")]
    pub max_wall_secs: u64,
}

/// The wall-time ceiling of a run unless one is given: long enough for
/// any run the limits on calls allow, short enough that nothing runs on
/// unnoticed.
pub const DEFAULT_MAX_WALL_SECS: u64 = 900;

fn default_wall() -> u64 {
    DEFAULT_MAX_WALL_SECS
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 24,
            max_model_calls: 12,
            max_retries: 3,
            max_tokens: None,
            max_wall_secs: DEFAULT_MAX_WALL_SECS,
        }
    }
}

impl Limits {
    /// The ceiling set for `limit` (`u64::MAX` where none is set).
    pub fn allowed(&self, limit: LimitKind) -> u64 {
        match limit {
            LimitKind::Steps => self.max_steps,
            LimitKind::ModelCalls => self.max_model_calls,
            LimitKind::Retries => self.max_retries,
            LimitKind::Tokens => self.max_tokens.unwrap_or(u64::MAX),
            LimitKind::Wall => self.max_wall_secs,
        }
    }

    /// Sets the ceiling for `limit` to `to`.
    pub fn set(&mut self, limit: LimitKind, to: u64) {
        match limit {
            LimitKind::Steps => self.max_steps = to,
            LimitKind::ModelCalls => self.max_model_calls = to,
            LimitKind::Retries => self.max_retries = to,
            LimitKind::Tokens => self.max_tokens = Some(to),
            LimitKind::Wall => self.max_wall_secs = to,
        }
    }
}

/// A run that ended at a limit: which, how much was used and allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitStop {
    pub limit: LimitKind,
    pub used: u64,
    pub allowed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pending,
    Running,
    Done,
    Failed,
    Skipped,
}

impl StepStatus {
    /// The status as the summary writes it (`done`, `pending`, ...).
    pub fn name(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Running => "running",
            StepStatus::Done => "done",
            StepStatus::Failed => "failed",
            StepStatus::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    pub step: Step,
    pub status: StepStatus,
    /// The model's tool-call id when the model called the tool directly.
    pub call_id: Option<String>,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub runs: u32,
    /// Whether the result was shown to the model yet.
    pub reported: bool,
}

/// One finished exchange of a chat: what was asked and what the model
/// answered (its answer text, without what the runtime appended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub request: String,
    pub answer: String,
}

/// A tool call for the driver to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingCall {
    pub step: String,
    pub tool: String,
    pub arguments: Value,
}

/// What happened to one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResult {
    pub step: String,
    pub outcome: Result<ToolOutcome, String>,
    /// The tool failed inside itself (a panic: a bug), not over its
    /// arguments: the run pauses instead of handing it to the model.
    #[serde(default)]
    pub internal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Planning,
    Executing,
    Reviewing,
    Done,
}

/// A record of a tool call for reports and `--json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCallRecord {
    pub step: String,
    pub tool: String,
    pub arguments: Value,
    pub ok: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub checkpoint: u32,
    pub kind: String,
    /// What the checkpoint asked (`plan v1`, the question's summary).
    #[serde(default)]
    pub about: String,
    pub decision: String,
    /// What was decided, as a sentence.
    pub detail: Option<String>,
    /// Made by `--yes` rather than by a person.
    pub automatic: bool,
}

#[cfg(test)]
mod tests {
    use super::StepStatus;

    #[test]
    fn a_status_name_is_its_serialised_form() {
        for s in [
            StepStatus::Pending,
            StepStatus::Running,
            StepStatus::Done,
            StepStatus::Failed,
            StepStatus::Skipped,
        ] {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.name().into()));
        }
    }
}
