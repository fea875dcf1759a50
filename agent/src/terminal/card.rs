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
            // Options are numbered across the items, as `choose` counts
            // them; only those an argument can select show their number.
            let mut number = 0;
            for a in attention {
                out.push_str(&format!(
                    "{} (step {}, {})\n",
                    a.summary, step.id, step.tool
                ));
                for o in &a.options {
                    number += 1;
                    let mark = match o.choose {
                        Some(_) => number.to_string(),
                        None => "•".to_string(),
                    };
                    out.push_str(&format!(
                        "  {mark} {} — {}  [{}]\n",
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
        CheckpointKind::OffPlanCall { calls, plan } => {
            out.push_str(
                "The model wants to call tools outside the approved plan. Approve runs them; reject refuses them (the model is told); abort stops.\n",
            );
            for c in calls {
                out.push_str(&format!("  {:<22} {}\n", c.tool, c.arguments));
            }
            match plan {
                Some(plan) => {
                    out.push_str(&format!("The approved plan ({}):\n", plan.goal));
                    for s in &plan.steps {
                        out.push_str(&format!("  {:<4} {:<22} {}\n", s.id, s.tool, s.arguments));
                    }
                }
                None => out.push_str("No plan was approved.\n"),
            }
        }
        CheckpointKind::ToolFailed { step, error } => {
            out.push_str(&format!(
                "Step {} ({}) failed inside the tool (a bug in steer, not your request): {error}\n  arguments: {}\nApprove runs it again; reject goes on without it; abort stops.\n",
                step.id, step.tool, step.arguments
            ));
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

/// The numbers of the options at `cp` that `choose` can take.
pub fn choosable(cp: &Checkpoint) -> Vec<u32> {
    match &cp.kind {
        CheckpointKind::ConflictingSources { attention, .. }
        | CheckpointKind::MaterialAssumption { attention, .. } => attention
            .iter()
            .flat_map(|a| &a.options)
            .zip(1u32..)
            .filter(|(o, _)| o.choose.is_some())
            .map(|(_, n)| n)
            .collect(),
        _ => Vec::new(),
    }
}
