#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The run state machine driven by a scripted model: approvals, edits,
//! rejections, aborts, conflicting sources, revisions, limits, resume.

mod common;

use std::sync::Arc;

use serde_json::{Value, json};
use steer::model::{ModelReply, ScriptedModel, ToolCall};
use steer::run::{CheckpointKind, Decision, Driver, Limits, Outcome, Plan, Policy, Run, Step};
use steer::session::{self, Event, SessionLog};
use steer_tools::{Dataset, Toolbox};

fn toolbox() -> Toolbox {
    Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap()
}

fn step(id: &str, tool: &str, args: Value, deps: &[&str], checkpoint: bool) -> Step {
    Step {
        id: id.to_string(),
        tool: tool.to_string(),
        arguments: args.to_string().into(),
        depends_on: deps.iter().map(|d| d.to_string()).collect(),
        rationale: format!("{tool} for the test"),
        answers: String::new(),
        checkpoint,
    }
}

fn plan_json(steps: Vec<Step>) -> String {
    serde_json::to_string(&Plan {
        goal: "test the runtime".to_string(),
        steps,
    })
    .unwrap()
}

fn deals_step() -> Step {
    step(
        "s1",
        "deal_lookup",
        json!({"party": "NVIDIA", "counterparty": "OpenAI"}),
        &[],
        false,
    )
}

fn statements_step() -> Step {
    step(
        "s2",
        "statement_comparison",
        json!({"organisation": "OpenAI", "topic": "government_support"}),
        &[],
        false,
    )
}

const ANSWER: &str = "NVIDIA invests up to $100B in OpenAI (001 l.75-77).\n\n| claim | value | source |\n|---|---|---|\n| NVIDIA investment in OpenAI | up to $100B | 001 l.75-77 |";

struct Harness {
    driver: Driver,
    model: Arc<ScriptedModel>,
    _dir: tempfile::TempDir,
    log: std::path::PathBuf,
}

/// The run every test here asks about (the harness's, or a resumed one).
fn new_run(tb: &Toolbox, policy: Policy, limits: Limits) -> Run {
    Run::new(
        "t",
        "How much does NVIDIA invest in OpenAI?",
        tb.shared_specs().collect(),
        policy,
        limits,
    )
}

fn harness(model: ScriptedModel, policy: Policy, limits: Limits) -> Harness {
    let model = Arc::new(model);
    harness_on(model.clone(), model, policy, limits)
}

/// The harness driving `driver_model` (`model` is what the test inspects).
fn harness_on(
    driver_model: Arc<dyn steer::model::Model>,
    model: Arc<ScriptedModel>,
    policy: Policy,
    limits: Limits,
) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let tb = toolbox();
    let start = Event::Start {
        id: "t".into(),
        request: "test".into(),
        policy: policy.to_string(),
        limits: limits.clone(),
        model: "scripted".into(),
        data: "built-in".into(),
        created: session::now(),
        context: Vec::new(),
        lang: steer::i18n::Lang::En,
        chat: None,
    };
    let log = create_log(dir.path(), "t", &start);
    let path = log.path.clone().unwrap();
    let run = new_run(&tb, policy, limits);
    let driver = Driver::new(run, driver_model, tb, Some(Box::new(log)));
    Harness {
        driver,
        model,
        _dir: dir,
        log: path,
    }
}

async fn pause(h: &mut Harness) -> steer::run::Checkpoint {
    match h.driver.advance().await.unwrap() {
        Outcome::Pause(cp) => cp,
        Outcome::Done(r) => panic!("expected a pause, got the report:\n{}", r.markdown),
    }
}

async fn done(h: &mut Harness) -> steer::run::Report {
    match h.driver.advance().await.unwrap() {
        Outcome::Done(r) => r,
        Outcome::Pause(cp) => panic!("expected the end, got a pause: {cp:?}"),
    }
}

#[tokio::test]
async fn approve_runs_the_plan_and_reports_with_verified_numbers() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .say(ANSWER);
    let mut h = harness(model, Policy::default(), Limits::default());
    let cp = pause(&mut h).await;
    assert!(matches!(
        cp.kind,
        CheckpointKind::PlanReview { version: 1, .. }
    ));
    h.driver.decide(Decision::Approve, false).unwrap();
    let report = done(&mut h).await;
    assert!(
        report.unverified_numbers.is_empty(),
        "{:?}",
        report.unverified_numbers
    );
    assert_eq!(report.sources, ["001 l.75-77"]);
    assert!(report.markdown.contains("## Assumptions and decisions"));
    assert_eq!(h.model.remaining(), 0);
    // The model saw the results before answering.
    let last = h.model.requests().pop().unwrap();
    let text = serde_json::to_string(&last.messages).unwrap();
    assert!(text.contains("nvidia-openai-investment"));
}

#[tokio::test]
async fn numbers_no_tool_produced_are_flagged() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .say("NVIDIA invests $250B in OpenAI (001 l.75-77) and 999 l.1 says more.");
    let mut h = harness(model, Policy::from_str_ok("none"), Limits::default());
    let report = done(&mut h).await;
    assert_eq!(report.unverified_numbers, ["250B"]);
    assert_eq!(report.unknown_sources, ["999 l.1"]);
    assert!(report.markdown.contains("## Unverified"));
}

trait PolicyExt {
    fn from_str_ok(s: &str) -> Policy;
}
impl PolicyExt for Policy {
    fn from_str_ok(s: &str) -> Policy {
        s.parse().unwrap()
    }
}

#[tokio::test]
async fn editing_a_flagged_step_validates_the_arguments() {
    let flagged = step("s1", "deal_lookup", json!({"party": "NVIDIA"}), &[], true);
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![flagged]))
        .say("Done: $100B (001 l.75-77).");
    let mut h = harness(model, Policy::from_str_ok("assumptions"), Limits::default());
    let cp = pause(&mut h).await;
    assert!(matches!(cp.kind, CheckpointKind::FlaggedStep { .. }));
    let bad = h.driver.decide(
        Decision::EditArguments {
            step: "s1".into(),
            arguments: json!({"kind": "loan"}).to_string(),
        },
        false,
    );
    let e = bad.unwrap_err().to_string();
    assert!(e.contains("`kind` must be one of"), "{e}");
    // The checkpoint is still pending after a refused edit.
    let again = pause(&mut h).await;
    assert_eq!(again.number, cp.number);
    h.driver
        .decide(
            Decision::EditArguments {
                step: "s1".into(),
                arguments: json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(),
            },
            false,
        )
        .unwrap();
    done(&mut h).await;
    assert_eq!(h.driver.run.tool_calls.len(), 1);
    assert_eq!(
        h.driver.run.tool_calls[0].arguments["counterparty"],
        "OpenAI"
    );
}

#[tokio::test]
async fn reject_with_feedback_replans() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![statements_step()]))
        .then(|req| {
            let text = serde_json::to_string(&req.messages).unwrap();
            assert!(
                text.contains("look at the deals instead"),
                "the feedback must reach the model"
            );
            Ok(ModelReply {
                content: None,
                tool_calls: vec![ToolCall {
                    id: "p2".into(),
                    name: "submit_plan".into(),
                    arguments: plan_json(vec![deals_step()]),
                }],
                usage: None,
            })
        })
        .say(ANSWER);
    let mut h = harness(model, Policy::from_str_ok("plan"), Limits::default());
    pause(&mut h).await;
    h.driver
        .decide(
            Decision::Reject {
                feedback: "look at the deals instead".into(),
            },
            false,
        )
        .unwrap();
    let cp = pause(&mut h).await;
    assert!(
        matches!(cp.kind, CheckpointKind::PlanReview { version: 2, .. }),
        "{cp:?}"
    );
    h.driver.decide(Decision::Approve, false).unwrap();
    done(&mut h).await;
    let tools: Vec<&str> = h
        .driver
        .run
        .tool_calls
        .iter()
        .map(|c| c.tool.as_str())
        .collect();
    assert_eq!(tools, ["deal_lookup"], "the rejected plan never ran");
}

#[tokio::test]
async fn abort_stops_with_a_report_saying_so() {
    let model = ScriptedModel::new().call("p1", "submit_plan", &plan_json(vec![deals_step()]));
    let mut h = harness(model, Policy::default(), Limits::default());
    pause(&mut h).await;
    h.driver.decide(Decision::Abort, false).unwrap();
    let report = done(&mut h).await;
    assert!(report.aborted);
    assert!(h.driver.run.tool_calls.is_empty());
}

#[tokio::test]
async fn conflicting_sources_pause_after_the_step() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![statements_step()]))
        .say("OpenAI contradicted itself (002 l.24-28).");
    let mut h = harness(model, Policy::from_str_ok("conflicts"), Limits::default());
    let cp = pause(&mut h).await;
    match &cp.kind {
        CheckpointKind::ConflictingSources { question } => {
            assert_eq!(question.step.id, "s2");
            assert!(question.summary.contains("contradicts itself"));
        }
        other => panic!("{other:?}"),
    }
    // Two statements that contradict each other: nothing to select.
    let e = h
        .driver
        .decide(Decision::Choose { option: 1 }, false)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("is not something the steps' arguments can select"),
        "{e}"
    );
    h.driver.decide(Decision::ApproveForSession, false).unwrap();
    let report = done(&mut h).await;
    assert!(
        report
            .markdown
            .contains("## Contested figures and contradictions")
    );
}

#[tokio::test]
async fn a_revision_asks_only_for_the_changed_steps_and_keeps_finished_ones() {
    let v1 = plan_json(vec![deals_step(), statements_step()]);
    let s3 = step(
        "s3",
        "deal_lookup",
        json!({"mode": "cycles", "party": "NVIDIA"}),
        &["s1"],
        false,
    );
    let v2 = plan_json(vec![deals_step(), statements_step(), s3]);
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &v1)
        .call("p2", "submit_plan", &v2)
        .say(ANSWER);
    let mut h = harness(model, Policy::from_str_ok("plan"), Limits::default());
    pause(&mut h).await;
    h.driver.decide(Decision::Approve, false).unwrap();
    let cp = pause(&mut h).await;
    match &cp.kind {
        CheckpointKind::PlanReview {
            version, changed, ..
        } => {
            assert_eq!(*version, 2);
            assert_eq!(changed, &["s3".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    h.driver.decide(Decision::Approve, false).unwrap();
    done(&mut h).await;
    let steps: Vec<&str> = h
        .driver
        .run
        .tool_calls
        .iter()
        .map(|c| c.step.as_str())
        .collect();
    assert_eq!(steps, ["s1", "s2", "s3"], "s1 and s2 ran once");
}

#[tokio::test]
async fn tool_errors_go_back_to_the_model_which_fixes_its_call() {
    let bad = step("s1", "deal_lookup", json!({"party": "Nvidai"}), &[], false);
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![bad]))
        .then(|req| {
            let text = serde_json::to_string(&req.messages).unwrap();
            assert!(
                text.contains("did you mean"),
                "the tool's error must reach the model"
            );
            Ok(ModelReply {
                content: None,
                tool_calls: vec![ToolCall {
                    id: "call_fix".into(),
                    name: "deal_lookup".into(),
                    arguments: json!({"party": "NVIDIA", "counterparty": "OpenAI"}).to_string(),
                }],
                usage: None,
            })
        })
        .say(ANSWER);
    let mut h = harness(model, Policy::from_str_ok("none"), Limits::default());
    let report = done(&mut h).await;
    assert!(report.unverified_numbers.is_empty());
    let oks: Vec<bool> = h.driver.run.tool_calls.iter().map(|c| c.ok).collect();
    assert_eq!(oks, [false, true]);
    // The direct call was answered under its own id, verbatim.
    let last = h.model.requests().pop().unwrap();
    assert!(
        serde_json::to_string(&last.messages)
            .unwrap()
            .contains("\"tool_call_id\":\"call_fix\"")
    );
}

#[tokio::test]
async fn invalid_plans_are_fed_back_and_bounded() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", "{\"goal\": \"x\", \"steps\": [")
        .call(
            "p2",
            "submit_plan",
            &plan_json(vec![step("s1", "nope", json!({}), &[], false)]),
        )
        .call("p3", "submit_plan", &plan_json(vec![deals_step()]))
        .say(ANSWER);
    let mut h = harness(model, Policy::from_str_ok("none"), Limits::default());
    done(&mut h).await;
    let requests = h.model.requests();
    let second = serde_json::to_string(&requests[1].messages).unwrap();
    assert!(
        second.contains("not valid JSON for the Plan schema"),
        "{second}"
    );
    let third = serde_json::to_string(&requests[2].messages).unwrap();
    assert!(third.contains("unknown tool `nope`"), "{third}");

    let mut stubborn = ScriptedModel::new();
    for i in 0..5 {
        stubborn = stubborn.call(&format!("p{i}"), "submit_plan", "not json");
    }
    let mut h = harness(
        stubborn,
        Policy::from_str_ok("none"),
        Limits {
            max_retries: 2,
            ..Limits::default()
        },
    );
    let cp = pause(&mut h).await;
    assert!(matches!(cp.kind, CheckpointKind::Limit { .. }), "{cp:?}");
    h.driver.decide(Decision::Abort, false).unwrap();
    assert!(done(&mut h).await.aborted);
}

#[tokio::test]
async fn the_step_limit_is_a_checkpoint_not_an_error() {
    let steps = vec![deals_step(), statements_step()];
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(steps))
        .say(ANSWER);
    let mut h = harness(
        model,
        Policy::from_str_ok("none"),
        Limits {
            max_steps: 1,
            ..Limits::default()
        },
    );
    let cp = pause(&mut h).await;
    match &cp.kind {
        CheckpointKind::Limit {
            limit,
            used,
            allowed,
        } => assert_eq!(
            (*limit, *used, *allowed),
            (steer::run::LimitKind::Steps, 0, 1)
        ),
        other => panic!("{other:?}"),
    }
    // Approving a limit accepts it: the run ends with what it did.
    let mut stopped = harness(
        ScriptedModel::new().call(
            "p1",
            "submit_plan",
            &plan_json(vec![deals_step(), statements_step()]),
        ),
        Policy::from_str_ok("none"),
        Limits {
            max_steps: 1,
            ..Limits::default()
        },
    );
    pause(&mut stopped).await;
    stopped.driver.decide(Decision::Approve, false).unwrap();
    let report = done(&mut stopped).await;
    assert!(report.aborted);
    assert_eq!(
        report.limit.map(|l| (l.limit, l.used, l.allowed)),
        Some((steer::run::LimitKind::Steps, 0, 1))
    );
    assert!(
        report
            .markdown
            .contains("stopped at the limit: steps, 0 of 1")
    );
    assert!(stopped.driver.run.tool_calls.is_empty());
    // A person raises it by the amount they choose, and the run goes on.
    h.driver
        .decide(Decision::RaiseLimit { to: 2 }, false)
        .unwrap();
    done(&mut h).await;
    assert_eq!(h.driver.run.tool_calls.len(), 2);
    assert_eq!(h.driver.run.limits.max_steps, 2);
}

#[tokio::test]
async fn a_log_replays_into_the_same_state_without_running_anything_twice() {
    let model = ScriptedModel::new()
        .call(
            "p1",
            "submit_plan",
            &plan_json(vec![deals_step(), statements_step()]),
        )
        .say(ANSWER);
    let mut h = harness(
        model,
        Policy::from_str_ok("plan,conflicts"),
        Limits::default(),
    );
    pause(&mut h).await;
    h.driver.decide(Decision::Approve, false).unwrap();
    let conflict = pause(&mut h).await;
    assert!(matches!(
        conflict.kind,
        CheckpointKind::ConflictingSources { .. }
    ));
    // A new process reads the log and continues: no model call, no tool
    // call is repeated; the same checkpoint is pending.
    let events = session::read(&h.log).unwrap();
    let tb = toolbox();
    let fresh_model = Arc::new(ScriptedModel::new().say(ANSWER));
    let run = new_run(
        &tb,
        Policy::from_str_ok("plan,conflicts"),
        Limits::default(),
    );
    // The first process has stopped: its hold on the session is gone.
    drop(h.driver);
    let log = reopen_log(&h.log);
    let mut resumed =
        Driver::new(run, fresh_model.clone(), tb, Some(Box::new(log))).with_replay(events);
    let again = match resumed.advance().await.unwrap() {
        Outcome::Pause(cp) => cp,
        other => panic!("{other:?}"),
    };
    assert_eq!(again, conflict);
    assert!(
        fresh_model.requests().is_empty(),
        "replay must not call the model"
    );
    resumed.decide(Decision::Approve, false).unwrap();
    let report = match resumed.advance().await.unwrap() {
        Outcome::Done(r) => r,
        other => panic!("{other:?}"),
    };
    assert!(!report.aborted);
    assert_eq!(resumed.run.tool_calls.len(), 2, "each step ran once");
    assert_eq!(fresh_model.requests().len(), 1);
}

#[tokio::test]
async fn a_logged_decision_is_never_applied_to_another_checkpoint() {
    let model = ScriptedModel::new().call(
        "p1",
        "submit_plan",
        &plan_json(vec![deals_step(), statements_step()]),
    );
    let mut h = harness(
        model,
        Policy::from_str_ok("plan,conflicts"),
        Limits::default(),
    );
    pause(&mut h).await;
    h.driver.decide(Decision::Approve, false).unwrap();
    pause(&mut h).await;
    // The log says which checkpoint each decision answered; one that
    // names another checkpoint (a log from another run) is refused.
    let mut events = session::read(&h.log).unwrap();
    let answered = events.iter_mut().find_map(|e| match e {
        Event::Decision { checkpoint, .. } => Some(checkpoint),
        _ => None,
    });
    let answered = answered.unwrap();
    assert_eq!(*answered, Some(1));
    *answered = Some(2);
    let tb = toolbox();
    let run = new_run(
        &tb,
        Policy::from_str_ok("plan,conflicts"),
        Limits::default(),
    );
    let mut resumed =
        Driver::new(run, Arc::new(ScriptedModel::new()), tb, None).with_replay(events);
    let e = resumed.advance().await.unwrap_err().to_string();
    assert!(
        e.contains("the log answers checkpoint 2, the run is at checkpoint 1"),
        "{e}"
    );
}

#[test]
fn corrupt_truncated_and_newer_logs_are_refused_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let start = json!({"schema": session::SCHEMA, "seq": 1, "event": "start", "id": "x", "request": "r", "policy": "plan", "limits": Limits::default(), "model": "m", "data": "d", "created": "now"});
    let path = dir.path().join("a.jsonl");
    std::fs::write(
        &path,
        format!(
            "{start}\n{{\"schema\": {}, \"seq\": 2, \"event\": \"model_rep",
            session::SCHEMA
        ),
    )
    .unwrap();
    // A torn last line (no newline, not an event) is what a kill leaves:
    // set apart, not refused; the resume repairs it (see session_log.rs).
    let read = session::read_log(&path).unwrap();
    assert_eq!(read.events.len(), 1);
    assert_eq!(read.torn.map(|t| t.0), Some(2));
    std::fs::write(&path, format!("{start}\nnot json\n")).unwrap();
    let e = session::read(&path).unwrap_err().to_string();
    assert!(e.contains(":2: not valid JSON"), "{e}");
    std::fs::write(
        &path,
        format!("{}\n", json!({"schema": 9, "seq": 1, "event": "start"})),
    )
    .unwrap();
    let e = session::read(&path).unwrap_err().to_string();
    assert!(
        e.contains(":1: written by a newer steer (log schema 9"),
        "{e}"
    );
    // A log of the steer that asked one card per attention item would
    // replay into other checkpoints: refused, with the reason.
    std::fs::write(
        &path,
        format!(
            "{}\n",
            start.to_string().replacen(
                &format!("\"schema\":{}", session::SCHEMA),
                "\"schema\":1",
                1
            )
        ),
    )
    .unwrap();
    let e = session::read(&path).unwrap_err().to_string();
    assert!(
        e.contains(":1: written by an earlier steer (log schema 1"),
        "{e}"
    );
}

#[tokio::test]
async fn direct_calls_to_unknown_tools_or_with_bad_arguments_are_answered_with_errors() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .then(|_| {
            Ok(ModelReply {
                content: None,
                tool_calls: vec![
                    ToolCall {
                        id: "a".into(),
                        name: "stock_price".into(),
                        arguments: "{}".into(),
                    },
                    ToolCall {
                        id: "b".into(),
                        name: "deal_lookup".into(),
                        arguments: "{\"party\": ".into(),
                    },
                    ToolCall {
                        id: "c".into(),
                        name: "deal_lookup".into(),
                        arguments: json!({"party": "Oracle"}).to_string(),
                    },
                ],
                usage: None,
            })
        })
        .then(|req| {
            let tool_messages: Vec<String> = req
                .messages
                .iter()
                .filter_map(|m| match m {
                    steer::model::Message::Tool {
                        tool_call_id,
                        content,
                    } => Some(format!("{tool_call_id}: {content}")),
                    _ => None,
                })
                .collect();
            let text = tool_messages.join("\n");
            assert!(
                text.contains("a: ") && text.contains("unknown tool `stock_price`"),
                "{text}"
            );
            assert!(
                text.contains("b: ") && text.contains("not valid JSON"),
                "{text}"
            );
            assert!(
                text.contains("c: ") && text.contains("\"ok\":true"),
                "{text}"
            );
            Ok(ModelReply {
                content: Some(ANSWER.to_string()),
                tool_calls: Vec::new(),
                usage: None,
            })
        });
    let mut h = harness(model, Policy::from_str_ok("none"), Limits::default());
    done(&mut h).await;
    // Refused calls are on the record too, the non-JSON one as its text.
    let refused: Vec<_> = h.driver.run.tool_calls.iter().filter(|c| !c.ok).collect();
    assert_eq!(refused.len(), 2, "{:?}", h.driver.run.tool_calls);
    assert_eq!(refused[1].arguments, json!("{\"party\": "));
    assert!(
        refused[1]
            .error
            .as_deref()
            .unwrap()
            .contains("not valid JSON")
    );
}

#[tokio::test]
async fn the_model_call_and_token_limits_are_checkpoints() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .say(ANSWER);
    let mut h = harness(
        model,
        Policy::from_str_ok("none"),
        Limits {
            max_model_calls: 1,
            ..Limits::default()
        },
    );
    let cp = pause(&mut h).await;
    assert!(
        matches!(&cp.kind, CheckpointKind::Limit { limit, .. } if *limit == steer::run::LimitKind::ModelCalls),
        "{cp:?}"
    );
    h.driver
        .decide(Decision::RaiseLimit { to: 3 }, false)
        .unwrap();
    assert!(!done(&mut h).await.aborted);

    let heavy = ScriptedModel::new().then(|_| {
        Ok(ModelReply {
            content: None,
            tool_calls: vec![ToolCall {
                id: "p".into(),
                name: "submit_plan".into(),
                arguments: plan_json(vec![deals_step()]),
            }],
            usage: Some(steer::model::Usage {
                prompt_tokens: 900,
                completion_tokens: 200,
            }),
        })
    });
    let mut h = harness(
        heavy,
        Policy::from_str_ok("none"),
        Limits {
            max_tokens: Some(1000),
            ..Limits::default()
        },
    );
    let cp = pause(&mut h).await;
    assert!(
        matches!(&cp.kind, CheckpointKind::Limit { limit, used: 1100, allowed: 1000 } if *limit == steer::run::LimitKind::Tokens),
        "{cp:?}"
    );
}

#[tokio::test]
async fn a_follow_up_carries_the_conversation_through_its_log_and_resume() {
    use steer::run::Turn;
    use steer::service::{Data, NewRun, SessionOptions, SessionService};
    let dir = tempfile::tempdir().unwrap();
    let options = SessionOptions {
        session_dir: Some(dir.path().to_path_buf()),
        // The scripted model is the one named: a resume keeps it.
        model: Some("scripted".into()),
        ..SessionOptions::default()
    };
    let turns = vec![Turn {
        request: "How much does NVIDIA invest in OpenAI?".into(),
        answer: ANSWER.into(),
    }];
    let model = Arc::new(ScriptedModel::new().call(
        "p1",
        "submit_plan",
        &plan_json(vec![statements_step()]),
    ));
    let new = NewRun {
        request: "And what did OpenAI say about it?".into(),
        policy: Policy::default(),
        limits: Limits::default(),
        context: turns.clone(),
        lang: steer::i18n::Lang::En,
        chat: None,
    };
    let service = SessionService::new(options, Data::new(None), 120).with_model(model.clone());
    let mut driver = service.start(new).unwrap();
    let cp = match driver.advance().await.unwrap() {
        Outcome::Pause(cp) => cp,
        Outcome::Done(r) => panic!("expected the plan review, got {}", r.markdown),
    };
    assert!(matches!(cp.kind, CheckpointKind::PlanReview { .. }));
    // The model saw the earlier turn before this request.
    let sent = serde_json::to_value(&model.requests()[0].messages).unwrap();
    let roles: Vec<&str> = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "user"]);
    assert_eq!(sent[1]["content"], turns[0].request);
    assert_eq!(sent[2]["content"], ANSWER);
    assert_eq!(sent[3]["content"], "And what did OpenAI say about it?");
    let id = driver.run.id.clone();
    drop(driver);

    // The log keeps the conversation; a resumed run rebuilds it.
    let opened = service.open_run(&id).unwrap();
    assert_eq!(opened.context, turns);
    let (resumed, _) = service.carry_on(opened).unwrap();
    assert_eq!(
        serde_json::to_value(&*resumed.run.messages).unwrap(),
        sent,
        "the resumed run starts from the same messages"
    );
}

fn revenue_figures(id: &str) -> Step {
    step(
        id,
        "statement_comparison",
        json!({"mode": "figures", "subject": "OpenAI", "metric": "revenue"}),
        &[],
        false,
    )
}

fn openai_projection(id: &str) -> Step {
    step(
        id,
        "revenue_projection",
        json!({"company": "OpenAI", "scenarios": [{"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]}),
        &[],
        false,
    )
}

#[tokio::test]
async fn the_same_figures_from_two_steps_are_asked_once() {
    let model = ScriptedModel::new()
        .call(
            "p1",
            "submit_plan",
            &plan_json(vec![revenue_figures("s1"), revenue_figures("s2")]),
        )
        .say("Revenue figures differ: $12B, $13B, $20B (001 l.6; 003 l.1; 002 l.39).");
    let mut h = harness(model, "conflicts".parse().unwrap(), Limits::default());
    let cp = pause(&mut h).await;
    assert_eq!(
        h.driver.run.pending.len(),
        1,
        "one card for one disagreement"
    );
    let q = cp.question().unwrap();
    assert_eq!(q.steps().len(), 2, "{q:?}");
    h.driver.decide(Decision::Approve, false).unwrap();
    let report = done(&mut h).await;
    assert_eq!(
        report
            .markdown
            .matches("**sources disagree on OpenAI revenue")
            .count(),
        1,
        "{}",
        report.markdown
    );
    assert!(
        report
            .markdown
            .contains("reported as a disagreement, the run went on"),
        "{}",
        report.markdown
    );
}

#[tokio::test]
async fn approve_for_session_covers_the_queued_checkpoints_of_its_class() {
    // One batch raises two questions: the revenue base (the figures of s1
    // and the choice of s2) and the framing of the commitments.
    let model = ScriptedModel::new()
        .call(
            "p1",
            "submit_plan",
            &plan_json(vec![revenue_figures("s1"), openai_projection("s2")]),
        )
        .say("Revenue figures differ: $12B, $13B, $20B (001 l.6; 003 l.1; 002 l.39).");
    let mut h = harness(model, "conflicts".parse().unwrap(), Limits::default());
    let first = pause(&mut h).await;
    assert_eq!(first.kind_name(), "conflicting_sources");
    assert_eq!(h.driver.run.pending.len(), 2, "both questions are queued");
    h.driver.decide(Decision::ApproveForSession, false).unwrap();
    let report = done(&mut h).await;
    let decisions = &h.driver.run.decisions;
    assert_eq!(decisions.len(), 2);
    assert!(!decisions[0].automatic);
    assert!(decisions[1].automatic);
    let detail = decisions[1].detail.clone().unwrap();
    assert!(
        detail.starts_with(&format!(
            "your approve-for-the-session at checkpoint {} kept $1.4T",
            first.number
        )),
        "{detail}"
    );
    assert!(
        report
            .markdown
            .contains("under your approve-for-the-session at checkpoint"),
        "{}",
        report.markdown
    );
}

#[tokio::test]
async fn choosing_an_option_reruns_the_step_with_the_arguments_that_select_it() {
    let projection = step(
        "s1",
        "revenue_projection",
        json!({"company": "OpenAI", "scenarios": [{"name": "base", "growth": {"model": "cagr", "rate": 0.5}}]}),
        &[],
        false,
    );
    let figures = step(
        "s2",
        "statement_comparison",
        json!({"mode": "figures", "subject": "OpenAI", "metric": "revenue"}),
        &["s1"],
        false,
    );
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![projection, figures]))
        .say("From the $20B base (002 l.39).");
    let mut h = harness(model, "conflicts".parse().unwrap(), Limits::default());
    let cp = pause(&mut h).await;
    let CheckpointKind::ConflictingSources { question } = &cp.kind else {
        panic!("{cp:?}");
    };
    assert_eq!(question.step.id, "s1");
    assert!(
        question.material,
        "the base changes the conclusion: one card says both"
    );
    let run_rate = question
        .options
        .iter()
        .position(|o| o.record.as_deref() == Some("openai-revenue-20b-run-rate"))
        .unwrap() as u32
        + 1;
    // Numbers outside the card are refused and change nothing.
    let e = h
        .driver
        .decide(Decision::Choose { option: 99 }, false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("option 99 does not exist"), "{e}");
    h.driver
        .decide(Decision::Choose { option: run_rate }, false)
        .unwrap();
    let s1 = &h.driver.run.steps["s1"];
    let args: Value = serde_json::from_str(&s1.step.arguments).unwrap();
    assert_eq!(args["base_figure"], "openai-revenue-20b-run-rate");
    assert_eq!(args["company"], "OpenAI", "the other arguments are kept");
    // The re-run step still frames the commitments two ways: the one
    // question left. The base is not asked again, neither by the re-run
    // nor when step s2 reaches the same revenue figures.
    let cp = pause(&mut h).await;
    let CheckpointKind::ConflictingSources { question } = &cp.kind else {
        panic!("{cp:?}");
    };
    assert!(question.summary.contains("commitments"), "{question:?}");
    assert_eq!(cp.number, 2, "numbered on without a gap");
    h.driver.decide(Decision::Approve, false).unwrap();
    let report = done(&mut h).await;
    assert!(
        report.markdown.contains("you chose $20B annualized"),
        "{}",
        report.markdown
    );
    assert_eq!(
        report.markdown.matches("chosen: $20B annualized").count(),
        1,
        "the base is listed once, with the choice: {}",
        report.markdown
    );
    assert!(h.driver.run.steps["s2"].status == steer::run::machine::StepStatus::Done);
    assert_eq!(
        h.driver
            .run
            .tool_calls
            .iter()
            .filter(|c| c.tool == "revenue_projection")
            .count(),
        2,
        "run once with the default base, once with the chosen one"
    );
}

/// The model calls, after approval, one call the plan holds (with strict
/// mode's nulls) and one it does not.
fn off_plan_model() -> ScriptedModel {
    ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .then(|_| {
            let planned: Value = serde_json::from_str(&deals_step().arguments).unwrap();
            let mut planned = planned.as_object().unwrap().clone();
            planned.insert("kind".into(), Value::Null);
            Ok(ModelReply {
                content: None,
                tool_calls: vec![
                    ToolCall {
                        id: "in".into(),
                        name: "deal_lookup".into(),
                        arguments: Value::Object(planned).to_string(),
                    },
                    ToolCall {
                        id: "out".into(),
                        name: "deal_lookup".into(),
                        arguments: json!({"party": "Oracle"}).to_string(),
                    },
                ],
                usage: None,
            })
        })
        .say(ANSWER)
}

#[tokio::test]
async fn a_call_outside_the_approved_plan_waits_for_a_human_by_policy() {
    // Default policy: the off-plan call stops the run; the planned one
    // does not count as off the plan.
    let mut h = harness(off_plan_model(), Policy::default(), Limits::default());
    pause(&mut h).await;
    h.driver.decide(Decision::Approve, false).unwrap();
    let cp = pause(&mut h).await;
    let CheckpointKind::OffPlanCall { calls, plan } = &cp.kind else {
        panic!("{cp:?}")
    };
    assert_eq!(calls.len(), 1);
    assert!(calls[0].arguments.contains("Oracle"));
    assert!(plan.is_some());
    let ran_before = h.driver.run.tool_calls.len();
    h.driver
        .decide(
            Decision::Reject {
                feedback: "stay on the plan".into(),
            },
            false,
        )
        .unwrap();
    let report = done(&mut h).await;
    assert_eq!(
        h.driver.run.tool_calls.len(),
        ran_before + 1,
        "only the planned call ran"
    );
    assert!(report.markdown.contains("— not run"), "{}", report.markdown);

    // Without `offplan` in the policy the call runs, and is still listed.
    let mut h = harness(
        off_plan_model(),
        Policy::from_str_ok("plan"),
        Limits::default(),
    );
    pause(&mut h).await;
    h.driver.decide(Decision::Approve, false).unwrap();
    let report = done(&mut h).await;
    assert!(report.markdown.contains("Calls outside the approved plan"));
    assert!(
        report.markdown.contains("{\"party\":\"Oracle\"} — ran"),
        "{}",
        report.markdown
    );
}

#[tokio::test]
async fn a_panicking_tool_fails_its_step_and_pauses_the_run_resumably() {
    let tb = common::panicking_toolbox();
    let model = ScriptedModel::new()
        .call(
            "p1",
            "submit_plan",
            &plan_json(vec![step("s1", "boom", json!({}), &[], false)]),
        )
        .say(ANSWER);
    let run = Run::new(
        "t",
        "r",
        tb.shared_specs().collect(),
        Policy::default(),
        Limits::default(),
    );
    let dir = tempfile::tempdir().unwrap();
    let start = Event::Start {
        id: "t".into(),
        request: "r".into(),
        policy: Policy::default().to_string(),
        limits: Limits::default(),
        model: "scripted".into(),
        data: "built-in".into(),
        created: session::now(),
        context: Vec::new(),
        lang: steer::i18n::Lang::En,
        chat: None,
    };
    let log = create_log(dir.path(), "t", &start);
    let path = log.path.clone().unwrap();
    let mut driver = Driver::new(run, Arc::new(model), tb.clone(), Some(Box::new(log)));
    assert!(matches!(driver.advance().await.unwrap(), Outcome::Pause(_)));
    driver.decide(Decision::Approve, false).unwrap();
    let Outcome::Pause(cp) = driver.advance().await.unwrap() else {
        panic!("the failed tool pauses")
    };
    let CheckpointKind::ToolFailed { step, error } = &cp.kind else {
        panic!("{cp:?}")
    };
    assert_eq!(step.id, "s1");
    assert!(
        error.contains("internal error in boom: a bug in a tool"),
        "{error}"
    );
    assert_eq!(
        cp.automatic_decision().name(),
        "reject",
        "--yes goes on without it"
    );
    drop(driver);

    // Another process resumes it from the log and goes on without the step.
    let events = session::read(&path).unwrap();
    let run = Run::new(
        "t",
        "r",
        tb.shared_specs().collect(),
        Policy::default(),
        Limits::default(),
    );
    let log = reopen_log(&path);
    let mut resumed = Driver::new(
        run,
        Arc::new(ScriptedModel::new().say(ANSWER)),
        tb,
        Some(Box::new(log)),
    )
    .with_replay(events);
    let Outcome::Pause(again) = resumed.advance().await.unwrap() else {
        panic!("still paused")
    };
    assert_eq!(again, cp);
    resumed
        .decide(
            Decision::Reject {
                feedback: "go on".into(),
            },
            false,
        )
        .unwrap();
    assert!(matches!(resumed.advance().await.unwrap(), Outcome::Done(_)));
    let pauses = session::read(&path)
        .unwrap()
        .iter()
        .filter(|e| matches!(e, Event::Pause { .. }))
        .count();
    assert_eq!(pauses, 2, "plan review and the failure, each logged once");
}

#[tokio::test]
async fn a_rerun_step_whose_choice_is_settled_raises_no_card() {
    // Conflicts and assumptions both pause: the re-run from the chosen base
    // still finds the base material, and must not ask about it again.
    let model = ScriptedModel::new()
        .call(
            "p1",
            "submit_plan",
            &plan_json(vec![openai_projection("s1")]),
        )
        .say("From the $20B base (002 l.39).");
    let mut h = harness(
        model,
        "conflicts,assumptions".parse().unwrap(),
        Limits::default(),
    );
    let cp = pause(&mut h).await;
    let q = cp.question().unwrap();
    assert!(q.conflict && q.material, "{q:?}");
    let pick = q
        .options
        .iter()
        .position(|o| o.record.as_deref() == Some("openai-revenue-20b-run-rate"))
        .unwrap() as u32
        + 1;
    h.driver
        .decide(Decision::Choose { option: pick }, false)
        .unwrap();
    let cp = pause(&mut h).await;
    let q = cp.question().unwrap();
    assert!(
        q.summary.contains("commitments"),
        "only the framing is still open: {q:?}"
    );
    h.driver.decide(Decision::Approve, false).unwrap();
    done(&mut h).await;
    let run = &h.driver.run;
    assert_eq!(run.checkpoints_seen, 2);
    assert_eq!(run.steps["s1"].runs, 2, "the step did run again");
    assert_eq!(run.questions.len(), 2);
    assert!(run.questions.iter().all(|a| a.answer.is_some()));
}

#[tokio::test]
async fn an_automatic_answer_never_raises_a_limit_and_approving_one_stops_the_run() {
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .say(ANSWER);
    let limits = Limits {
        max_model_calls: 1,
        ..Limits::default()
    };
    let mut h = harness(model, Policy::from_str_ok("none"), limits);
    pause(&mut h).await;
    let refused = h
        .driver
        .decide(Decision::RaiseLimit { to: 100 }, true)
        .unwrap_err();
    assert!(refused.to_string().contains("only a person"), "{refused}");
    // Nor below or at what is allowed, by a person.
    assert!(
        h.driver
            .decide(Decision::RaiseLimit { to: 1 }, false)
            .is_err()
    );
    assert_eq!(h.driver.run.limits.max_model_calls, 1);
    h.driver.decide(Decision::Approve, true).unwrap();
    let report = done(&mut h).await;
    assert!(report.aborted);
    assert_eq!(
        report.limit.map(|l| l.limit),
        Some(steer::run::LimitKind::ModelCalls)
    );
    assert_eq!(h.model.requests().len(), 1, "no call past the limit");
}

#[tokio::test]
async fn tokens_are_estimated_when_the_provider_reports_none() {
    // The scripted replies carry no usage: the limit still counts.
    let model = ScriptedModel::new()
        .call("p1", "submit_plan", &plan_json(vec![deals_step()]))
        .say(ANSWER);
    let mut h = harness(
        model,
        Policy::from_str_ok("none"),
        Limits {
            max_tokens: Some(50),
            ..Limits::default()
        },
    );
    let cp = pause(&mut h).await;
    match cp.kind {
        CheckpointKind::Limit {
            limit: steer::run::LimitKind::Tokens,
            used,
            allowed: 50,
        } => assert!(used >= 50, "{used}"),
        other => panic!("{other:?}"),
    }
    // Japanese text counts about a token a character, not a quarter.
    let reply = ModelReply {
        content: Some("エヌビディアはオープンエーアイに投資する".into()),
        tool_calls: Vec::new(),
        usage: None,
    };
    assert_eq!(steer::model::estimate_tokens(&[], &reply), 20);
    let latin = ModelReply {
        content: Some("a".repeat(40)),
        ..reply
    };
    assert_eq!(steer::model::estimate_tokens(&[], &latin), 10);
}

#[test]
fn the_running_token_estimate_equals_a_recount_of_the_whole_conversation() {
    // The run adds only what each turn appended; a recount of every
    // message sent must give the same total, in Latin and Japanese text.
    let mut run = Run::new(
        "r",
        "NVIDIAとOpenAIの取引は？",
        Vec::new(),
        Policy::from_str_ok("none"),
        Limits::default(),
    );
    let mut expected = 0;
    for (k, text) in ["no plan yet", "計画はまだありません", "still thinking"]
        .into_iter()
        .enumerate()
    {
        let reply = ModelReply {
            content: Some(text.repeat(k + 1)),
            tool_calls: Vec::new(),
            usage: None,
        };
        expected += steer::model::estimate_tokens(&run.messages, &reply);
        let before = run.messages.len();
        run.on_model_reply(reply);
        assert!(run.messages.len() > before, "the conversation grows");
        assert_eq!(run.tokens, expected, "turn {k}");
    }
}

/// Answers its first `n` requests from `first`, then never answers.
struct StallsAfter {
    first: ScriptedModel,
    n: usize,
    asked: std::sync::atomic::AtomicUsize,
}

impl steer::model::Model for StallsAfter {
    fn name(&self) -> String {
        "stalls".into()
    }
    fn complete<'a>(
        &'a self,
        request: &'a steer::model::ModelRequest,
        on_text: &'a (dyn Fn(&str) + Send + Sync),
    ) -> steer::model::ModelFuture<'a> {
        let k = self.asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if k < self.n {
            self.first.complete(request, on_text)
        } else {
            Box::pin(std::future::pending())
        }
    }
}

#[tokio::test]
async fn the_wall_limit_cuts_a_stalled_call_and_a_resume_pauses_at_the_same_card() {
    let limits = Limits {
        max_wall_secs: 1,
        ..Limits::default()
    };
    let stalls = StallsAfter {
        first: ScriptedModel::new().call("p1", "submit_plan", &plan_json(vec![deals_step()])),
        n: 1,
        asked: Default::default(),
    };
    let mut h = harness_on(
        Arc::new(stalls),
        Arc::new(ScriptedModel::new()),
        Policy::from_str_ok("none"),
        limits.clone(),
    );
    let cp = pause(&mut h).await;
    match &cp.kind {
        CheckpointKind::Limit {
            limit: steer::run::LimitKind::Wall,
            allowed: 1,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(h.driver.run.tool_calls.len(), 1, "the step ran before");
    // The log holds where the limit was met: a new process replays to
    // the same card without calling the model.
    let events = session::read(&h.log).unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::LimitReached { .. }))
    );
    let tb = toolbox();
    let fresh = Arc::new(ScriptedModel::new().say(ANSWER));
    // The first process has stopped: its hold on the session is gone.
    drop(h.driver);
    let log = reopen_log(&h.log);
    let mut resumed = Driver::new(
        new_run(&tb, Policy::from_str_ok("none"), limits),
        fresh.clone(),
        tb,
        Some(Box::new(log)),
    )
    .with_replay(events);
    let again = match resumed.advance().await.unwrap() {
        Outcome::Pause(cp) => cp,
        other => panic!("{other:?}"),
    };
    assert_eq!(again, cp);
    assert!(fresh.requests().is_empty());
    // The person gives it a minute more: the run finishes.
    resumed
        .decide(Decision::RaiseLimit { to: 60 }, false)
        .unwrap();
    match resumed.advance().await.unwrap() {
        Outcome::Done(r) => assert!(!r.aborted, "{}", r.markdown),
        other => panic!("{other:?}"),
    }
}

/// A new session log in `dir`, as the session service makes one.
fn create_log(dir: &std::path::Path, id: &str, start: &Event) -> SessionLog {
    use steer::store::{NewSession, SessionStore, files::FileStore};
    let store = FileStore::new(dir);
    let new = NewSession {
        id: id.to_string(),
        owner: steer::store::files::local_user(),
        kind: "research".to_string(),
        request: "test".to_string(),
        chat: None,
    };
    let first = session::encode(1, start, &[]).unwrap();
    let writer = store.create(&new, &first).unwrap();
    SessionLog::new(writer, store.log_path(id))
}

/// The log at `path` reopened for appending, under its lock.
fn reopen_log(path: &std::path::Path) -> SessionLog {
    use steer::store::{SessionStore, files::FileStore};
    let dir = path.parent().unwrap();
    let id = path.file_stem().unwrap().to_string_lossy().to_string();
    let store = FileStore::new(dir);
    let writer = store.lock(&id, &steer::store::files::local_user()).unwrap();
    SessionLog::new(writer, store.log_path(&id))
}
