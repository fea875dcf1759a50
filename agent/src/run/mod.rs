//! The agent run: plan, checkpoints, execution, report.

pub mod checkpoint;
pub mod driver;
pub mod machine;
pub mod plan;
mod prompt;
pub mod question;
pub mod report;

pub use checkpoint::{Checkpoint, CheckpointKind, Decision, PauseClass, Policy};
pub use driver::{Driver, Outcome, Progress, ProgressSink, RunError};
pub use machine::{Action, CallResult, DecisionError, Limits, PendingCall, Phase, Run, Turn};
pub use plan::{Plan, Step};
pub use prompt::report_language;
pub use question::{Question, QuestionOption};
pub use report::Report;
