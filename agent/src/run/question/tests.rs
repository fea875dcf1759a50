//! Gathering attention items into questions, and their titles.

use super::*;
use serde_json::json;
use steer_tools::AttentionOption;

fn step(id: &str, tool: &str) -> Step {
    Step {
        id: id.into(),
        tool: tool.into(),
        arguments: "{}".into(),
        depends_on: vec![],
        rationale: String::new(),
        answers: String::new(),
        checkpoint: false,
    }
}

fn option(record: &str, choose: Option<Value>) -> AttentionOption {
    AttentionOption {
        label: record.to_uppercase(),
        detail: format!("{record} detail"),
        sources: vec![format!("{record} l.1")],
        choose,
        record: Some(record.into()),
        consequence: None,
        used: false,
        amount_usd: None,
        qualifier: None,
        detail_ja: None,
        qualifier_ja: None,
        label_ja: None,
        effect: None,
    }
}

fn item(kind: AttentionKind, summary: &str, options: Vec<AttentionOption>) -> Attention {
    Attention {
        kind,
        summary: summary.into(),
        options,
        default: None,
        material: false,
        topic: None,
        default_rule: None,
    }
}

fn base(id: &str) -> Option<Value> {
    Some(json!({"base_figure": id, "base_usd": null}))
}

#[test]
fn the_same_figures_from_two_steps_are_one_question() {
    let noted = item(
        AttentionKind::Conflict,
        "sources disagree on revenue",
        vec![option("a", None), option("b", None)],
    );
    let choice = item(
        AttentionKind::Conflict,
        "which base",
        vec![option("a", base("a")), option("b", base("b"))],
    );
    let framing = item(
        AttentionKind::Conflict,
        "framing",
        vec![option(
            "x",
            Some(json!({"commitments": {"figure": "x", "total_usd": null}})),
        )],
    );
    let qs = gather(&[
        (step("s1", "statement_comparison"), noted),
        (step("s2", "revenue_projection"), choice),
        (step("s2", "revenue_projection"), framing),
    ]);
    assert_eq!(qs.len(), 2);
    let q = &qs[0];
    // The step that can act on the choice leads.
    assert_eq!(q.summary, "which base");
    assert_eq!(q.step.id, "s2");
    assert_eq!(q.options.len(), 2);
    assert_eq!(q.options[0].targets.len(), 1);
    assert_eq!(q.choosable(), [1, 2]);
    assert_eq!(q.steps().into_iter().collect::<Vec<_>>(), ["s1", "s2"]);
    assert_eq!(
        q.key.arguments.iter().collect::<Vec<_>>(),
        ["base_figure"],
        "a `null` in the patch removes a key; it is not a choice"
    );
    assert_eq!((q.position, q.of), (1, 2));
    assert_eq!(
        qs[1].key.arguments.iter().collect::<Vec<_>>(),
        ["commitments.figure"]
    );
}

#[test]
fn a_conflict_and_an_assumption_about_one_argument_merge() {
    let mut material = item(
        AttentionKind::Assumption,
        "the base changes the conclusion",
        vec![option("a", base("a")), option("b", base("b"))],
    );
    material.options[0].consequence = Some("needs 61.0% a year".into());
    let conflict = item(
        AttentionKind::Conflict,
        "sources disagree",
        vec![option("a", base("a")), option("b", base("b"))],
    );
    let qs = gather(&[
        (step("s2", "revenue_projection"), conflict),
        (step("s2", "revenue_projection"), material),
    ]);
    assert_eq!(qs.len(), 1);
    assert!(qs[0].conflict && qs[0].material);
    assert_eq!(
        qs[0].options[0].consequence.as_deref(),
        Some("needs 61.0% a year")
    );
}

#[test]
fn an_answer_covers_later_notes_but_not_new_choices() {
    let pick = QuestionKey {
        arguments: ["base_figure".to_string()].into(),
        records: ["a".to_string(), "b".to_string()].into(),
    };
    let note = QuestionKey {
        arguments: BTreeSet::new(),
        records: pick.records.clone(),
    };
    assert!(pick.answers(&pick));
    assert!(pick.answers(&note));
    assert!(!note.answers(&pick), "noting a disagreement is not a pick");
    let more = QuestionKey {
        arguments: pick.arguments.clone(),
        records: ["a".to_string(), "b".to_string(), "c".to_string()].into(),
    };
    assert!(!pick.answers(&more), "other options are a new question");
}

#[test]
fn unrelated_items_stay_apart() {
    let qs = gather(&[
        (
            step("s1", "statement_comparison"),
            item(AttentionKind::Conflict, "one", vec![option("a", None)]),
        ),
        (
            step("s2", "statement_comparison"),
            item(AttentionKind::Conflict, "two", vec![option("b", None)]),
        ),
    ]);
    assert_eq!(qs.len(), 2);
    assert!(qs[0].choosable().is_empty());
}
