//! The card that shows a pause: what the agent wants to do, or what
//! conflicts, with the sources.

use crate::run::{Checkpoint, CheckpointKind};

/// A short card describing a pause.
pub fn card(cp: &Checkpoint) -> String {
    let mut out = String::new();
    match &cp.kind {
        CheckpointKind::PlanReview {
            version,
            plan,
            changed,
        } => {
            out.push_str(&format!(
                "Plan v{version} · {} steps ({} to approve) — {}\n",
                plan.steps.len(),
                changed.len(),
                plan.goal
            ));
            for s in &plan.steps {
                let mark = if changed.contains(&s.id) { "*" } else { " " };
                let flag = if s.checkpoint { "  (checkpoint)" } else { "" };
                out.push_str(&format!(
                    " {mark}{:<4} {:<22} {}{flag}\n",
                    s.id, s.tool, s.rationale
                ));
                out.push_str(&format!("        {}\n", s.arguments));
            }
        }
        CheckpointKind::FlaggedStep { step } => {
            out.push_str(&format!(
                "Step {} ({}) rests on an assumption: {}\n  arguments: {}\n",
                step.id, step.tool, step.rationale, step.arguments
            ));
        }
        CheckpointKind::ConflictingSources { step, attention }
        | CheckpointKind::MaterialAssumption { step, attention } => {
            for a in attention {
                out.push_str(&format!(
                    "{} (step {}, {})\n",
                    a.summary, step.id, step.tool
                ));
                for o in &a.options {
                    out.push_str(&format!(
                        "  • {} — {}  [{}]\n",
                        o.label,
                        o.detail,
                        o.sources.join("; ")
                    ));
                }
                if let Some(d) = &a.default {
                    out.push_str(&format!("  used meanwhile: {d}\n"));
                }
            }
        }
        CheckpointKind::Limit {
            limit,
            used,
            allowed,
        } => {
            out.push_str(&format!(
                "Limit reached: {limit} ({used} of {allowed}). Approve to double it, or abort.\n"
            ));
        }
    }
    out
}
