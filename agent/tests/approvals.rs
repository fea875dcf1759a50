#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The approval table, as codex tests its approvals: for every checkpoint
//! kind a real run pauses at, which decisions answer it and which are
//! refused as not applicable; and for every policy, which kinds pause.
//! Each row is a run driven to that pause by a scripted model, then each
//! decision is tried on a copy of it.

mod common;

use std::sync::Arc;

use serde_json::{Value, json};
use steer::model::ScriptedModel;
use steer::run::{
    Decision, DecisionError, Driver, Limits, Outcome, PauseClass, Plan, Policy, Run, Step,
};
use steer_tools::{Dataset, Toolbox};

fn step(id: &str, tool: &str, args: Value, checkpoint: bool) -> Step {
    Step {
        id: id.to_string(),
        tool: tool.to_string(),
        arguments: args.to_string().into(),
        depends_on: Vec::new(),
        rationale: format!("{tool} for the table"),
        answers: String::new(),
        checkpoint,
    }
}

fn plan(steps: Vec<Step>) -> Plan {
    Plan {
        goal: "fill the approval table".to_string(),
        steps,
    }
}

fn plan_json(steps: Vec<Step>) -> String {
    serde_json::to_string(&plan(steps)).unwrap()
}

fn deals() -> Step {
    step(
        "s1",
        "deal_lookup",
        json!({"party": "NVIDIA", "counterparty": "OpenAI"}),
        false,
    )
}

/// A run paused at its first checkpoint of `kind`, approving the ones
/// before it.
async fn paused_at(
    kind: &str,
    model: ScriptedModel,
    toolbox: Toolbox,
    policy: &str,
    limits: Limits,
) -> Run {
    let run = Run::new(
        "table",
        "How much does NVIDIA invest in OpenAI?",
        toolbox.shared_specs().collect(),
        policy.parse().unwrap(),
        limits,
    );
    let mut driver = Driver::new(run, Arc::new(model), toolbox, None);
    for _ in 0..6 {
        match driver
            .advance()
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e}"))
        {
            Outcome::Pause(cp) if cp.kind_name() == kind => return driver.run,
            Outcome::Pause(_) => driver.decide(Decision::Approve, false).unwrap(),
            Outcome::Done(r) => panic!("{kind}: the run ended without pausing:\n{}", r.markdown),
        }
    }
    panic!("{kind}: no such pause within six");
}

fn research() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

/// One run paused at each kind of checkpoint.
async fn rows() -> Vec<(&'static str, Run)> {
    let mut rows = Vec::new();
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![deals()]));
    rows.push((
        "plan_review",
        paused_at("plan_review", model, research(), "plan", Limits::default()).await,
    ));
    let flagged = step("s1", "deal_lookup", json!({"party": "NVIDIA"}), true);
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![flagged]));
    rows.push((
        "flagged_step",
        paused_at("flagged_step", model, research(), "all", Limits::default()).await,
    ));
    let statements = step(
        "s1",
        "statement_comparison",
        json!({"organisation": "OpenAI", "topic": "government_support"}),
        false,
    );
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![statements]));
    rows.push((
        "conflicting_sources",
        paused_at(
            "conflicting_sources",
            model,
            research(),
            "conflicts",
            Limits::default(),
        )
        .await,
    ));
    let projection = step(
        "s1",
        "revenue_projection",
        json!({"company": "Anthropic", "scenarios": [
            {"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]}),
        false,
    );
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![projection]));
    rows.push((
        "material_assumption",
        paused_at(
            "material_assumption",
            model,
            research(),
            "all",
            Limits::default(),
        )
        .await,
    ));
    let model = ScriptedModel::new()
        .call("p", "submit_plan", &plan_json(vec![deals()]))
        .call("c1", "deal_lookup", r#"{"party":"Oracle"}"#);
    rows.push((
        "off_plan_call",
        paused_at("off_plan_call", model, research(), "all", Limits::default()).await,
    ));
    let boom = step("s1", "boom", json!({}), false);
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![boom]));
    rows.push((
        "tool_failed",
        paused_at(
            "tool_failed",
            model,
            common::panicking_toolbox(),
            "none",
            Limits::default(),
        )
        .await,
    ));
    let model = ScriptedModel::new().call("p", "submit_plan", &plan_json(vec![deals()]));
    let limits = Limits {
        max_steps: 0,
        ..Limits::default()
    };
    rows.push((
        "limit",
        paused_at("limit", model, research(), "none", limits).await,
    ));
    rows
}

fn decisions() -> Vec<Decision> {
    vec![
        Decision::Approve,
        Decision::ApproveForSession,
        Decision::EditPlan {
            plan: plan(vec![deals()]),
        },
        Decision::EditArguments {
            step: "s1".into(),
            arguments: r#"{"party":"NVIDIA"}"#.into(),
        },
        Decision::Choose { option: 1 },
        Decision::Reject {
            feedback: "not this".into(),
        },
        Decision::RaiseLimit { to: 5 },
        Decision::Abort,
    ]
}

#[tokio::test]
async fn each_checkpoint_kind_takes_its_decisions_and_refuses_the_rest() {
    // kind → the decisions that answer it (the others are refused as not
    // applicable, and the run stays paused at the same checkpoint).
    let table: &[(&str, &[&str])] = &[
        (
            "plan_review",
            &[
                "approve",
                "approve_for_session",
                "edit_plan",
                "reject",
                "abort",
            ],
        ),
        (
            "flagged_step",
            &[
                "approve",
                "approve_for_session",
                "edit_arguments",
                "reject",
                "abort",
            ],
        ),
        (
            "conflicting_sources",
            &[
                "approve",
                "approve_for_session",
                "edit_arguments",
                "choose",
                "reject",
                "abort",
            ],
        ),
        (
            "material_assumption",
            &[
                "approve",
                "approve_for_session",
                "edit_arguments",
                "choose",
                "reject",
                "abort",
            ],
        ),
        (
            "off_plan_call",
            &["approve", "approve_for_session", "reject", "abort"],
        ),
        (
            "tool_failed",
            &["approve", "edit_arguments", "reject", "abort"],
        ),
        ("limit", &["approve", "raise_limit", "abort"]),
    ];
    let rows = rows().await;
    assert_eq!(rows.len(), table.len());
    for ((kind, run), (want_kind, answers)) in rows.iter().zip(table) {
        assert_eq!(kind, want_kind);
        let cp = run.pending.front().unwrap().clone();
        assert_eq!(cp.kind_name(), *kind);
        // Each kind belongs to the class a policy names.
        let class = match *kind {
            "plan_review" => PauseClass::Plan,
            "conflicting_sources" => PauseClass::Conflicts,
            "flagged_step" | "material_assumption" => PauseClass::Assumptions,
            "off_plan_call" => PauseClass::OffPlan,
            "tool_failed" => PauseClass::Failures,
            _ => PauseClass::Limits,
        };
        assert_eq!(cp.class(), class, "{kind}");
        // What a card says it takes is what deciding takes.
        let all: Vec<&str> = decisions().iter().map(|d| d.name()).collect();
        assert_eq!(cp.answers(&all, true, true), answers.to_vec(), "{kind}");
        for d in decisions() {
            let mut copy = run.clone();
            let name = d.name();
            let outcome = copy.decide(d, false);
            let refused = matches!(outcome, Err(DecisionError::NotApplicable { .. }));
            assert_eq!(
                !refused,
                answers.contains(&name),
                "{kind} × {name}: {outcome:?}"
            );
            if refused {
                assert_eq!(
                    copy.pending.front(),
                    Some(&cp),
                    "{kind} × {name} left the pause"
                );
            }
            if name == "abort" {
                assert!(
                    copy.report.as_ref().is_some_and(|r| r.aborted),
                    "{kind} × abort"
                );
            }
        }
    }
}

#[test]
fn each_policy_pauses_on_its_classes() {
    use PauseClass::*;
    let classes = [Plan, Conflicts, Assumptions, OffPlan, Limits, Failures];
    // policy → the classes it pauses on (limits and failures always).
    let table: &[(&str, &[PauseClass])] = &[
        ("none", &[Limits, Failures]),
        ("plan", &[Plan, Limits, Failures]),
        (
            "conflicts,assumptions",
            &[Conflicts, Assumptions, Limits, Failures],
        ),
        ("offplan", &[OffPlan, Limits, Failures]),
        (
            "plan,conflicts,assumptions,offplan",
            &[Plan, Conflicts, Assumptions, OffPlan, Limits, Failures],
        ),
        ("all", &classes),
    ];
    for (policy, pauses) in table {
        let p: Policy = policy.parse().unwrap();
        for class in classes {
            assert_eq!(
                p.pauses(class),
                pauses.contains(&class),
                "{policy} × {class:?}"
            );
        }
    }
    assert_eq!(
        Policy::default().to_string(),
        "plan,conflicts,assumptions,offplan"
    );
}
