//! The agent run: plan, checkpoints, execution, report.

pub mod checkpoint;
pub mod claims;
pub mod driver;
pub mod event;
pub mod evidence;
pub mod machine;
pub mod plan;
pub mod prompt;
pub mod question;
pub mod report;
pub mod state;

pub use checkpoint::{Checkpoint, CheckpointKind, Decision, LimitKind, PauseClass, Policy};
pub use driver::{Driver, Outcome, Progress, ProgressSink, RunError, StepChart};
pub use event::{Event, EventLog, LogError};
pub use machine::{Action, CallResult, DecisionError, Limits, PendingCall, Phase, Run, Turn};
pub use plan::{Plan, Step};
pub use prompt::report_language;
pub use question::{Question, QuestionOption};
pub use report::Report;
