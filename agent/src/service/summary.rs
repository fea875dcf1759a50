//! A session as data: what `steer ask --json` prints, what the chat's
//! `/plan` shows and what the MCP research tool returns as structured
//! content. One type, so the front-ends cannot drift apart and none reads
//! the run's fields itself.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::run::state::{StepStatus, ToolCallRecord};
use crate::run::{Driver, Report};

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Finished with a report.
    Done,
    /// Ended at a limit (`--yes`, an eval or a person accepted it): the
    /// report holds what was done before it.
    StoppedAtLimit,
    /// Waiting at a checkpoint.
    Paused,
    /// Neither: planning or running, or stopped by an error or Ctrl-C
    /// (the log keeps it resumable).
    Unfinished,
}

/// A session's plan, steps, tool calls, decisions and (when finished)
/// report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub status: RunStatus,
    pub session: String,
    /// The session log, when the session has one.
    pub log: Option<String>,
    pub request: String,
    pub plan: PlanSummary,
    pub tool_calls: Vec<ToolCallRecord>,
    /// The checkpoints answered so far, in order.
    pub checkpoints: Vec<CheckpointSummary>,
    /// The report's fields, when the run finished.
    #[serde(flatten)]
    pub report: Option<ReportSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// 0 before the first plan.
    pub version: u32,
    pub goal: Option<String>,
    /// In plan order, with the calls made outside the plan after them.
    pub steps: Vec<StepSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
    pub id: String,
    pub tool: String,
    pub arguments: Value,
    pub status: StepStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckpointSummary {
    pub number: u32,
    pub kind: String,
    pub decision: String,
    /// Taken by `--yes` (or "approve for the session") rather than asked.
    pub automatic: bool,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// The report as Markdown.
    pub report: String,
    pub aborted: bool,
    /// The citations the report relies on.
    pub sources: Vec<String>,
    /// Numbers in the answer that no cited source or tool result holds.
    pub unverified_numbers: Vec<String>,
    /// Every number the answer states that a result holds: the records
    /// that state it (id and citations) and the steps.
    pub claims: Vec<crate::run::claims::Claim>,
    /// The limit the run stopped at, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<crate::run::state::LimitStop>,
}

impl RunSummary {
    /// The session as it stands; `report` when it has just finished.
    pub fn of(driver: &Driver, report: Option<&Report>) -> RunSummary {
        let run = &driver.run;
        let report = report.or(run.report.as_ref());
        let status = if report.is_some_and(|r| r.limit.is_some()) {
            RunStatus::StoppedAtLimit
        } else if report.is_some() {
            RunStatus::Done
        } else if !run.pending.is_empty() {
            RunStatus::Paused
        } else {
            RunStatus::Unfinished
        };
        RunSummary {
            status,
            session: run.id.clone(),
            log: driver.log_path().map(|p| p.display().to_string()),
            request: run.request.clone(),
            plan: PlanSummary {
                version: run.plan_version,
                goal: run.plan.as_ref().map(|p| p.goal.clone()),
                steps: run
                    .order
                    .iter()
                    .filter_map(|id| run.steps.get(id))
                    .map(|s| StepSummary {
                        id: s.step.id.clone(),
                        tool: s.step.tool.clone(),
                        arguments: s.step.arguments.value().clone(),
                        status: s.status,
                    })
                    .collect(),
            },
            tool_calls: run.tool_calls.clone(),
            checkpoints: run
                .decisions
                .iter()
                .map(|d| CheckpointSummary {
                    number: d.checkpoint,
                    kind: d.kind.clone(),
                    decision: d.decision.clone(),
                    automatic: d.automatic,
                    detail: d.detail.clone(),
                })
                .collect(),
            report: report.map(|r| ReportSummary {
                report: r.markdown.clone(),
                aborted: r.aborted,
                sources: r.sources.clone(),
                unverified_numbers: r.unverified_numbers.clone(),
                claims: r.claims.clone(),
                limit: r.limit,
            }),
        }
    }
}
