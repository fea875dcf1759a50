//! The one pause type, the decisions that answer it, and the policy that
//! decides where to pause.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use super::plan::{Plan, Step};
use super::question::Question;
use serde::{Deserialize, Serialize};

/// Why the run paused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckpointKind {
    /// A new plan, or the changed steps of a revised one.
    PlanReview {
        version: u32,
        plan: Plan,
        changed: Vec<String>,
    },
    /// A step the planner flagged as resting on an assumption.
    FlaggedStep { step: Step },
    /// Results show sources that disagree: one question, with the options
    /// and what each would change (and whether the choice changes the
    /// conclusion).
    ConflictingSources { question: Box<Question> },
    /// Results show an assumption that changes the conclusion, the sources
    /// not disagreeing.
    MaterialAssumption { question: Box<Question> },
    /// A tool failed inside itself (a bug in steer, not the arguments):
    /// the step is marked failed and the run waits for the user to retry
    /// it, go on without it, or stop.
    ToolFailed { step: Step, error: String },
    /// After the plan was approved, the model called tools the plan does
    /// not hold (another tool, or other arguments). Nothing runs until a
    /// human approves: text in a tool result must never approve a call.
    OffPlanCall {
        calls: Vec<Step>,
        plan: Option<Plan>,
    },
    /// A limit was reached.
    Limit {
        limit: LimitKind,
        used: u64,
        allowed: u64,
    },
}

/// Which of a run's [`Limits`](super::Limits) was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Tool executions.
    Steps,
    // Logs written before the kinds were named hold the English words.
    #[serde(alias = "model calls")]
    ModelCalls,
    /// Plans or tool calls the model got wrong and retried.
    #[serde(alias = "retries after invalid model output")]
    Retries,
    Tokens,
    /// Seconds of work in this process.
    Wall,
}

impl LimitKind {
    /// Whether `used` has reached the ceiling `allowed`. Steps count what
    /// the next calls would need, so the step limit is reached only past
    /// it; retries are allowed up to the limit and reached past it.
    pub fn reached(self, used: u64, allowed: u64) -> bool {
        match self {
            LimitKind::Steps | LimitKind::Retries => used > allowed,
            LimitKind::ModelCalls | LimitKind::Tokens | LimitKind::Wall => used >= allowed,
        }
    }

    /// The limit's name, in `lang`.
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        match self {
            LimitKind::Steps => crate::tr!(lang, "limit-steps"),
            LimitKind::ModelCalls => crate::tr!(lang, "limit-model-calls"),
            LimitKind::Retries => crate::tr!(lang, "limit-retries"),
            LimitKind::Tokens => crate::tr!(lang, "limit-tokens"),
            LimitKind::Wall => crate::tr!(lang, "limit-wall"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Position among the run's pauses (1, 2, ...).
    pub number: u32,
    #[serde(flatten)]
    pub kind: CheckpointKind,
}

impl Checkpoint {
    /// The policy class this pause belongs to.
    pub fn class(&self) -> PauseClass {
        match self.kind {
            CheckpointKind::PlanReview { .. } => PauseClass::Plan,
            CheckpointKind::FlaggedStep { .. } | CheckpointKind::MaterialAssumption { .. } => {
                PauseClass::Assumptions
            }
            CheckpointKind::ConflictingSources { .. } => PauseClass::Conflicts,
            CheckpointKind::OffPlanCall { .. } => PauseClass::OffPlan,
            CheckpointKind::ToolFailed { .. } => PauseClass::Failures,
            CheckpointKind::Limit { .. } => PauseClass::Limits,
        }
    }

    /// The question a conflict or assumption card asks.
    pub fn question(&self) -> Option<&Question> {
        match &self.kind {
            CheckpointKind::ConflictingSources { question }
            | CheckpointKind::MaterialAssumption { question } => Some(question),
            _ => None,
        }
    }

    /// Whether rejecting here only hands written feedback to the model (a
    /// plan, a conflict, an assumption), so a model that cannot read
    /// feedback cannot act on it. Elsewhere the runtime acts on a reject.
    pub fn reject_is_feedback(&self) -> bool {
        matches!(
            self.kind,
            CheckpointKind::PlanReview { .. }
                | CheckpointKind::ConflictingSources { .. }
                | CheckpointKind::MaterialAssumption { .. }
        )
    }

    /// The answer `--yes` gives: approve, except at a failed tool, where
    /// running the same call again would fail the same way: go on without.
    /// Approving a limit accepts it: the run ends there with what it did.
    pub fn automatic_decision(&self) -> Decision {
        match self.kind {
            CheckpointKind::ToolFailed { .. } => Decision::Reject {
                feedback: "--yes: go on without this step".to_string(),
            },
            _ => Decision::Approve,
        }
    }

    /// The answers this checkpoint takes, by [`Decision::name`], among
    /// `offered` (what a front-end can send), in `offered`'s order: what a
    /// paused card tells the user they may answer. `choosable`: the card
    /// numbers options an argument selects. Kept in step with
    /// [`Run::decide`](super::Run::decide) by a test over every kind.
    pub fn answers<'a>(
        &self,
        offered: &[&'a str],
        reads_feedback: bool,
        choosable: bool,
    ) -> Vec<&'a str> {
        use CheckpointKind as K;
        let question = matches!(
            self.kind,
            K::ConflictingSources { .. } | K::MaterialAssumption { .. }
        );
        offered
            .iter()
            .copied()
            .filter(|name| match *name {
                "approve" | "abort" => true,
                "approve_for_session" => {
                    !matches!(self.kind, K::Limit { .. } | K::ToolFailed { .. })
                }
                "edit_plan" => matches!(self.kind, K::PlanReview { .. }),
                "edit_arguments" => {
                    question || matches!(self.kind, K::FlaggedStep { .. } | K::ToolFailed { .. })
                }
                "choose" => question && choosable,
                "reject" => {
                    !matches!(self.kind, K::Limit { .. })
                        && (!self.reject_is_feedback() || reads_feedback)
                }
                "raise_limit" => matches!(self.kind, K::Limit { .. }),
                _ => false,
            })
            .collect()
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            CheckpointKind::PlanReview { .. } => "plan_review",
            CheckpointKind::FlaggedStep { .. } => "flagged_step",
            CheckpointKind::ConflictingSources { .. } => "conflicting_sources",
            CheckpointKind::MaterialAssumption { .. } => "material_assumption",
            CheckpointKind::OffPlanCall { .. } => "off_plan_call",
            CheckpointKind::ToolFailed { .. } => "tool_failed",
            CheckpointKind::Limit { .. } => "limit",
        }
    }
}

/// How the user answers a pause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    /// Approve, and do not pause for this class again in this session.
    ApproveForSession,
    /// Replace the plan (plan review) or a step's arguments (JSON text).
    EditPlan {
        plan: Plan,
    },
    EditArguments {
        step: String,
        arguments: String,
    },
    /// Take one of the options a conflict or assumption offers (numbered
    /// from 1 across the checkpoint's items): the step runs again with the
    /// arguments that select it.
    Choose {
        option: u32,
    },
    /// Say no, with feedback the model reads.
    Reject {
        feedback: String,
    },
    /// At a limit: go on, with the limit raised to `to` (a person's
    /// answer only: an automatic answer never raises a limit).
    RaiseLimit {
        to: u64,
    },
    Abort,
}

impl Decision {
    pub fn name(&self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::ApproveForSession => "approve_for_session",
            Decision::EditPlan { .. } => "edit_plan",
            Decision::EditArguments { .. } => "edit_arguments",
            Decision::Choose { .. } => "choose",
            Decision::Reject { .. } => "reject",
            Decision::RaiseLimit { .. } => "raise_limit",
            Decision::Abort => "abort",
        }
    }
}

/// Where a run may pause. Limits and tool failures always pause: running
/// past one silently would be the unexplained stop users complain of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseClass {
    Plan,
    Conflicts,
    Assumptions,
    /// Tool calls outside the approved plan (`offplan`).
    OffPlan,
    Limits,
    Failures,
}

/// The classes `all` and the default policy pause on, with their words.
const CLASSES: [(PauseClass, &str); 4] = [
    (PauseClass::Plan, "plan"),
    (PauseClass::Conflicts, "conflicts"),
    (PauseClass::Assumptions, "assumptions"),
    (PauseClass::OffPlan, "offplan"),
];

/// The set of pause classes that stop the run (`--checkpoints`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub pause_on: BTreeSet<PauseClass>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            pause_on: CLASSES.iter().map(|(c, _)| *c).collect(),
        }
    }
}

impl Policy {
    pub fn pauses(&self, class: PauseClass) -> bool {
        matches!(class, PauseClass::Limits | PauseClass::Failures) || self.pause_on.contains(&class)
    }
}

impl FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s {
            "all" => return Ok(Policy::default()),
            "none" => {
                return Ok(Policy {
                    pause_on: BTreeSet::new(),
                });
            }
            _ => {}
        }
        let words: Vec<&str> = CLASSES.iter().map(|(_, w)| *w).collect();
        // Values, quoted as the user types them.
        let listed = words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut pause_on = BTreeSet::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let class = CLASSES
                .iter()
                .find(|(_, w)| *w == part)
                .map(|(c, _)| *c)
                .ok_or_else(|| {
                    crate::tr!(
                        crate::i18n::speaking(),
                        "policy-unknown-class",
                        class = steer_tools::shown(part).to_string(),
                        classes = listed.as_str()
                    )
                })?;
            pause_on.insert(class);
        }
        if pause_on.is_empty() {
            return Err(crate::tr!(
                crate::i18n::speaking(),
                "policy-empty",
                classes = listed.as_str()
            ));
        }
        Ok(Policy { pause_on })
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pause_on.is_empty() {
            return f.write_str("none");
        }
        let names: Vec<&str> = CLASSES
            .iter()
            .filter(|(c, _)| self.pause_on.contains(c))
            .map(|(_, w)| *w)
            .collect();
        f.write_str(&names.join(","))
    }
}
