#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer eval`: the shipped question set through the offline planner,
//! scored; the floor is set from the measured score (see the book's
//! "Evaluating planners").

mod common;

use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

/// The offline planner's measured score on fixtures/eval/questions.toml
/// was 0.949 (54 questions, three known misses); losing any one more
/// question takes it below this.
const FLOOR: f64 = 0.94;

fn questions() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/eval/questions.toml")
}

/// `steer --model offline eval --json SET --floor FLOOR`, its sessions kept
/// in `sessions`: the process's output and the scorecard it printed.
fn offline_eval(
    set: &std::path::Path,
    floor: f64,
    sessions: &std::path::Path,
) -> (std::process::Output, Value) {
    let out = common::steer()
        .env("XDG_DATA_HOME", sessions)
        .args(["--model", "offline", "eval", "--json"])
        .arg(set)
        .args(["--floor", &floor.to_string()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let card: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out, card)
}

#[test]
fn the_offline_planner_scores_above_the_floor() {
    let sessions = tempfile::tempdir().unwrap();
    let (out, card) = offline_eval(&questions(), FLOOR, sessions.path());
    let t = &card["totals"];
    eprintln!(
        "offline planner: score {:.3} over {} questions; tool choice {:.3}, fact recall {:.3}, citations {:.3}, refusals {}/{}, {} checkpoints, {} model calls",
        t["score"].as_f64().unwrap(),
        t["questions"],
        t["tool_choice"].as_f64().unwrap(),
        t["fact_recall"].as_f64().unwrap(),
        t["citations"].as_f64().unwrap(),
        t["refusals_correct"],
        t["refusals_expected"],
        t["checkpoints"],
        t["model_calls"],
    );
    common::assert_success(&out);
    assert!(t["score"].as_f64().unwrap() >= FLOOR);
    assert_eq!(card["model"], "offline");
    // Every checkpoint an eval meets is answered automatically: the
    // steering statistics count them all, and no person's answer.
    let steering = &card["steering"]["total"];
    assert_eq!(steering["checkpoints"], t["checkpoints"], "{steering}");
    assert_eq!(steering["automatic"], t["checkpoints"], "{steering}");
    assert_eq!(steering["by_person"], 0);
    assert_eq!(steering["runs_changed"], 0);
    let qs = card["questions"].as_array().unwrap();
    assert!(qs.len() >= 40, "{}", qs.len());
    // English and Japanese, every kind of question.
    let ja = qs.iter().filter(|q| q["lang"] == "ja").count();
    assert!(ja >= 10 && qs.len() - ja >= 10, "{ja} of {}", qs.len());
    for kind in [
        "funding",
        "exposure",
        "statements",
        "disagreement",
        "circular",
        "overlap",
        "figures",
        "comparison",
        "terms",
        "deals",
        "multi-part",
        "refusal",
    ] {
        assert!(qs.iter().any(|q| q["kind"] == kind), "{kind}");
    }
    assert_eq!(t["refusals_correct"], t["refusals_expected"]);
    assert_eq!(t["with_unverified_numbers"], 0);
    // No session of the eval lands in the user's history.
    assert!(!sessions.path().join("steer/sessions").exists());
}

/// The offline planner's measured score on fixtures/eval/understanding.toml
/// (40 questions written for issue #29 before the planner changed) was
/// 0.798 before retrieval and 0.951 after; this floor catches losing more
/// than one of them.
const UNDERSTANDING_FLOOR: f64 = 0.93;

#[test]
fn the_offline_planner_answers_fresh_questions_above_their_floor() {
    let sessions = tempfile::tempdir().unwrap();
    let set = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/eval/understanding.toml");
    let (out, card) = offline_eval(&set, UNDERSTANDING_FLOOR, sessions.path());
    common::assert_success(&out);
    let t = &card["totals"];
    assert!(t["score"].as_f64().unwrap() >= UNDERSTANDING_FLOOR, "{t}");
    let qs = card["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 40);
    let ja = qs.iter().filter(|q| q["lang"] == "ja").count();
    assert!(ja * 3 >= qs.len(), "a third in Japanese: {ja}");
    assert_eq!(t["refusals_correct"], t["refusals_expected"]);
    assert_eq!(t["with_unverified_numbers"], 0);
}

#[test]
fn the_scorecard_names_what_each_answer_missed() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.toml");
    std::fs::write(
        &set,
        r#"[[question]]
id = "oracle"
request = "All deals involving Oracle"
tools = ["deal_lookup", "revenue_projection"]
facts = ["$300B", "a fact no report holds"]

[[question]]
id = "weather"
request = "What's the weather in Tokyo?"
refuse = true
"#,
    )
    .unwrap();
    let out = common::steer()
        .env("XDG_DATA_HOME", dir.path())
        .args(["--model", "offline", "eval"])
        .arg(&set)
        .args(["--floor", "0.9"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("missing: tool revenue_projection") && stdout.contains("\"a fact no"),
        "{stdout}"
    );
    assert!(stdout.contains("refused, as expected"), "{stdout}");
    assert!(stdout.contains("refusals 1/1 as expected"), "{stdout}");
    // (0.5 + 0.5 + 1 + 1) / 4 for the first, 1 for the second.
    assert!(stdout.contains("score 0.875"), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "below the floor");
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the floor 0.9"));
}

#[test]
fn a_bad_question_set_is_refused_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.toml");
    std::fs::write(&set, "[[question]]\nid = \"x\"\nrequest = \"\"\n").unwrap();
    let out = common::steer()
        .args(["--model", "offline", "eval"])
        .arg(&set)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("set.toml") && e.contains("question 1 (`x`): `request` is empty"),
        "{e}"
    );
    let out = common::steer()
        .args(["eval", "--from-cassette", "x.json"])
        .arg(questions())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("steer replay"));
}

/// `steer eval --ingest` on a folder of its own: one record found, one
/// missed, one drafted that nobody expected; every count follows.
#[test]
fn eval_ingest_scores_an_annotated_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("note.md"),
        "# A note\n\nNVIDIA invested up to $5 billion in Acme Robotics.\nAcme Robotics' revenue reached $800 million in 2025.\nThe weather was fine.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("expected.toml"),
        r#"
[[expect]]
document = "note.md"
type = "deal"
party = "NVIDIA"
counterparty = "Acme Robotics"
kind = "investment"
amount_usd = 5e9
line = 3

[[expect]]
document = "note.md"
type = "statement"
party = "Acme Robotics"
line = 5
"#,
    )
    .unwrap();
    let out = common::steer()
        .args(["eval", "--json", "--ingest"])
        .arg(dir.path())
        .output()
        .unwrap();
    common::assert_success(&out);
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["total"]["expected"], 2, "{card}");
    assert_eq!(card["total"]["found"], 1, "{card}");
    assert_eq!(card["by_type"]["deal"]["found"], 1, "{card}");
    assert_eq!(card["missed"][0]["line"], "5", "{card}");
    // The revenue figure was drafted but not expected: it lowers precision.
    assert_eq!(card["total"]["proposed"], 2, "{card}");
    assert_eq!(card["total"]["correct"], 1, "{card}");
    assert_eq!(card["wrong"][0]["line"], "4", "{card}");

    // A floor above what it scores fails; a misnamed document is refused.
    let floored = common::steer()
        .args(["eval", "--floor", "0.9", "--ingest"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(floored.status.code(), Some(1));
    std::fs::write(
        dir.path().join("expected.toml"),
        "[[expect]]\ndocument = \"gone.md\"\ntype = \"deal\"\nparty = \"x\"\nline = 1\n",
    )
    .unwrap();
    let refused = common::steer()
        .args(["eval", "--ingest"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("`gone.md` is not a document"));
    // A misspelt record type would never match: refused, with where.
    std::fs::write(
        dir.path().join("expected.toml"),
        "[[expect]]\ndocument = \"note.md\"\ntype = \"deals\"\nparty = \"x\"\nline = 1\n",
    )
    .unwrap();
    let refused = common::steer()
        .args(["eval", "--ingest"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("record 1 of `note.md`: type \"deals\""),
        "{said}"
    );
}

/// The annotated folders in fixtures/ingest: the offline extractor meets
/// recall 0.85 and precision 0.8 in each language of each. `unseen` was
/// written before the rules, `holdout` and `fresh` after (see their
/// expected.toml).
#[test]
fn the_offline_extractor_meets_the_floor_in_each_language_of_each_folder() {
    for folder in ["unseen", "holdout", "fresh"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/ingest")
            .join(folder);
        let out = common::steer()
            .args(["eval", "--json", "--ingest"])
            .arg(&dir)
            .output()
            .unwrap();
        common::assert_success(&out);
        let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for lang in ["en", "ja"] {
            let c = &card["by_lang"][lang];
            let n = |k: &str| c[k].as_f64().unwrap_or_default();
            assert!(n("expected") > 0.0, "{folder} has {lang} records: {card}");
            assert!(
                n("found") / n("expected") >= 0.85,
                "{folder} {lang} recall: {card}"
            );
            assert!(
                n("correct") / n("proposed") >= 0.8,
                "{folder} {lang} precision: {card}"
            );
        }
    }
}

/// The model path is scored the same way, through a cassette: the model
/// (authored: no provider is reachable here) turns one investment around,
/// and the card says which record it missed and which it drafted wrong.
#[test]
fn eval_ingest_scores_a_model_through_a_cassette() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let out = common::steer()
        .args(["eval", "--json", "--ingest"])
        .arg(root.join("ingest/fresh"))
        .arg("--from-cassette")
        .arg(root.join("cassettes/eval-ingest-model.json"))
        .output()
        .unwrap();
    common::assert_success(&out);
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(card["drafter"], "offline extractor", "{card}");
    assert_eq!(card["total"]["expected"], 8, "{card}");
    assert_eq!(card["total"]["found"], 7, "{card}");
    assert_eq!(card["by_lang"]["en"]["found"], 4, "{card}");
    assert_eq!(card["missed"][0]["document"], "02-matome-ja.md", "{card}");
    assert_eq!(card["missed"][0]["line"], "5", "{card}");
    assert_eq!(card["wrong"][0]["line"], "5", "{card}");
}
