#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer ingest` end to end, on documents the project writes itself:
//! drafted, checked, written with --yes, then found by the tools and
//! shown by `steer source`.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;

fn steer(dir: &Path, args: &[&str]) -> Output {
    common::steer()
        .env("XDG_DATA_HOME", dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

const ENGLISH: &str = "# Weekly AI deals, 2026-01-12\n\
\n\
NVIDIA invested $2 billion in Acme Robotics this week.\n\
Acme Robotics will buy NVIDIA chips with part of it.\n\
\"We will keep building compute for years,\" Sam Altman said in an interview.\n";

const JAPANESE: &str = "AI業界ニュース 2026年1月12日\n\
ソフトバンク社はOpenAIに最大300億ドルを出資すると発表した。\n\
「計算資源への投資をこれからも続けます」とサム・アルトマンは述べた。\n";

#[test]
fn documents_become_sources_and_accepted_records_reach_the_tools() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let en = tmp.path().join("weekly.md");
    let ja = tmp.path().join("news-ja.txt");
    std::fs::write(&en, ENGLISH).unwrap();
    std::fs::write(&ja, JAPANESE).unwrap();
    let d = data.to_str().unwrap();

    // A dry run lists proposals with their lines and writes nothing.
    let out = ok(&steer(
        tmp.path(),
        &[
            "ingest",
            en.to_str().unwrap(),
            "--into",
            d,
            "--dry-run",
            "--json",
        ],
    ));
    let batch: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(batch["source"]["title"], "Weekly AI deals, 2026-01-12");
    assert_eq!(batch["source"]["date"], "2026-01-12");
    assert_eq!(batch["source"]["language"], "en");
    assert_eq!(batch["source"]["line_count"], 5);
    assert_eq!(batch["source"]["sha256"].as_str().unwrap().len(), 64);
    let proposals = batch["proposals"].as_array().unwrap();
    let deal = proposals
        .iter()
        .find(|p| p["type"] == "deal" && p["record"]["value_usd"] == 2e9)
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(deal["record"]["from"], "nvidia");
    assert_eq!(deal["evidence"]["lines"], "3");
    assert!(
        deal["evidence"]["text"]
            .as_str()
            .unwrap()
            .contains("$2 billion")
    );
    assert_eq!(deal["status"], "proposed");
    assert!(
        proposals
            .iter()
            .any(|p| p["type"] == "entity" && p["record"]["name"] == "Acme Robotics"),
        "{out}"
    );
    assert!(
        proposals
            .iter()
            .any(|p| p["type"] == "statement" && p["record"]["speaker"] == "sam-altman"),
        "{out}"
    );
    assert!(!data.exists(), "a dry run writes nothing");
    let out = ok(&steer(
        tmp.path(),
        &[
            "ingest",
            en.to_str().unwrap(),
            "--into",
            d,
            "--dry-run",
            "--json",
            "--lang",
            "ja",
        ],
    ));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["source"]["language"], "ja",
        "--lang names the document's language"
    );

    // Accepted with --yes: both documents, the dataset created as a copy
    // of the built-in one.
    ok(&steer(
        tmp.path(),
        &[
            "ingest",
            en.to_str().unwrap(),
            ja.to_str().unwrap(),
            "--into",
            d,
            "--yes",
        ],
    ));
    assert!(data.join("documents/weekly.md").exists());
    assert!(data.join("documents/news-ja.txt").exists());
    let sources = std::fs::read_to_string(data.join("sources.toml")).unwrap();
    assert!(
        sources.starts_with("# Source documents."),
        "the file's own comments stay: {sources}"
    );
    assert!(sources.contains("sha256 = "), "{sources}");

    // The tools find the new deals.
    let out = ok(&steer(
        tmp.path(),
        &[
            "--data",
            d,
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"NVIDIA","counterparty":"Acme Robotics"}"#,
            "--json",
        ],
    ));
    let v: Value = serde_json::from_str(&out).unwrap();
    // The investment, and the chip purchase the next line states.
    assert_eq!(v["matched"], 2, "{out}");
    let investment = v["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "investment")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(investment["value_usd"], 2e9);
    let label = investment["sources"][0]["label"]
        .as_str()
        .unwrap()
        .to_string();
    let out = ok(&steer(
        tmp.path(),
        &[
            "--data",
            d,
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"OpenAI","counterparty":"ソフトバンク"}"#,
            "--json",
        ],
    ));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matched"], 1, "{out}");
    assert_eq!(v["deals"][0]["value_usd"], 30e9);
    assert_eq!(v["deals"][0]["bound"], "up_to");

    // `steer source` prints the cited lines of an ingested document.
    let out = ok(&steer(tmp.path(), &["--data", d, "source", &label]));
    assert!(
        out.contains("NVIDIA invested $2 billion in Acme Robotics"),
        "{out}"
    );

    // A report's citations expand to the lines they point to.
    let out = ok(&steer(
        tmp.path(),
        &[
            "--data",
            d,
            "ask",
            "--yes",
            "How much has NVIDIA invested in Acme Robotics?",
            "--show-sources",
        ],
    ));
    assert!(out.contains("## Cited lines"), "{out}");
    assert!(
        out.contains("    3  NVIDIA invested $2 billion in Acme Robotics this week."),
        "{out}"
    );

    // The same file again proposes nothing new.
    let out = steer(
        tmp.path(),
        &[
            "ingest",
            en.to_str().unwrap(),
            "--into",
            d,
            "--yes",
            "--json",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("same text as source"));
    let again: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert!(again["proposals"].as_array().unwrap().is_empty());
}

#[test]
fn bad_documents_and_directories_are_refused_with_why() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("scan.pdf");
    std::fs::write(&bin, [0x25, 0x50, 0xff, 0xfe, 0x00]).unwrap();
    let out = steer(
        tmp.path(),
        &[
            "ingest",
            bin.to_str().unwrap(),
            "--into",
            tmp.path().join("d").to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not UTF-8 text (byte 2)"));
    let doc = tmp.path().join("a.txt");
    std::fs::write(&doc, "NVIDIA invested $1 billion in Oracle.\n").unwrap();
    let not_data = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&not_data).unwrap();
    std::fs::write(not_data.join("notes.txt"), "mine").unwrap();
    let out = steer(
        tmp.path(),
        &[
            "ingest",
            doc.to_str().unwrap(),
            "--into",
            not_data.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a dataset directory"));
    // Without a terminal and without --yes nothing is written.
    let d = tmp.path().join("d2");
    let out = steer(
        tmp.path(),
        &[
            "ingest",
            doc.to_str().unwrap(),
            "--into",
            d.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing written"));
    // A built-in source's document is not shipped: steer says where to look.
    let out = steer(tmp.path(), &["source", "001:75-77"]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("001_09aef9e9a777c1c7.txt at lines 75-77"), "{e}");
    let seeds = steer_tools::testing::seeds();
    let out = ok(&steer(
        tmp.path(),
        &["source", "001 l.75", "--documents", seeds.to_str().unwrap()],
    ));
    assert!(out.contains("   75  "), "{out}");
    // In a report: the built-in documents are named, or read from --documents.
    let out = ok(&steer(
        tmp.path(),
        &[
            "ask",
            "--yes",
            "All deals involving Oracle",
            "--show-sources",
        ],
    ));
    assert!(
        out.contains("001 l.83: the dataset does not ship source 001's document"),
        "{out}"
    );
    let out = ok(&steer(
        tmp.path(),
        &[
            "ask",
            "--yes",
            "All deals involving Oracle",
            "--show-sources",
            "--documents",
            seeds.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("   83  "), "{out}");
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

#[test]
fn ingest_session_scripts_answer_card_by_card() {
    use steer::ingest::script;
    let dir = fixtures().join("sessions/ingest");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "{paths:?}");
    for path in &paths {
        let tmp = tempfile::tempdir().unwrap();
        let s = script::load(path).unwrap();
        if let Err(e) = script::replay(&s, &tmp.path().join("data")) {
            panic!("{}: {e}", path.display());
        }
    }
    // The cards script answers approve, edit, reject and abort; its log
    // holds each answer, the refused edit included.
    let tmp = tempfile::tempdir().unwrap();
    let s = script::load(&dir.join("cards.toml")).unwrap();
    let r = script::replay(&s, &tmp.path().join("data")).unwrap();
    let actions: Vec<String> = r
        .log
        .iter()
        .filter_map(|e| match e {
            steer::ingest::session::Logged::Decision(d) => {
                Some(serde_json::to_value(&d.answer).unwrap()["action"].to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        actions,
        ["approve", "edit", "edit", "edit", "reject", "abort"].map(|a| format!("\"{a}\""))
    );
    assert!(r.refused[0].contains("not written"), "{:?}", r.refused);
    // A script whose expectation is wrong fails, saying where.
    let mut wrong = s.clone();
    wrong
        .expect
        .accepted
        .push("acme-robotics-oracle-compute-contract".into());
    let tmp = tempfile::tempdir().unwrap();
    let e = script::replay(&wrong, &tmp.path().join("data")).unwrap_err();
    assert!(
        e.contains("acme-robotics-oracle-compute-contract is Rejected, expected Accepted"),
        "{e}"
    );
}

#[test]
fn an_ingest_stopped_midway_resumes_without_writing_twice() {
    use steer::ingest::session::{
        self, Answer, Confirm, Decided, Ingest, Logged, Past, Reply, Sink,
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let sessions = tmp.path().join("sessions");
    let doc = fixtures().join("ingest/weekly-en.md");
    steer::ingest::write::ensure(&data).unwrap();
    let options = steer::service::SessionOptions {
        session_dir: Some(sessions.clone()),
        ..Default::default()
    };
    let files = [doc.clone()];
    let (id, mut log) =
        steer::service::start_ingest(&options, &data, &files, "offline extractor", None).unwrap();

    /// Approves two cards, then the process "stops".
    struct TwoThenStop(usize);
    impl Confirm for TwoThenStop {
        fn answer(&mut self, _: &steer::ingest::Batch, _: usize) -> Result<Reply, String> {
            self.0 += 1;
            if self.0 > 2 {
                return Err("stopped".into());
            }
            Ok(Reply::Person(Answer::Approve))
        }
        fn refused(&mut self, note: &str) {
            panic!("{note}")
        }
    }
    let job = Ingest {
        dir: &data,
        files: &files,
        drafter: &steer::ingest::Offline,
        lang: None,
    };
    let e = session::run(&job, Past::default(), &mut TwoThenStop(0), &mut log).unwrap_err();
    assert_eq!(e, "stopped");
    // Stopped again between logging the third answer and writing it.
    log.log(Logged::Decision(Decided {
        file: 0,
        proposal: 2,
        answer: Answer::Approve,
        automatic: false,
    }))
    .unwrap();
    drop(log);
    let listed = ok(&steer(
        tmp.path(),
        &["sessions", "--session-dir", sessions.to_str().unwrap()],
    ));
    assert!(listed.contains("interrupted"), "{listed}");

    // Resumed: the two written records are not written again, the third
    // is written now, the rest accepted with --yes.
    let out = ok(&steer(
        tmp.path(),
        &[
            "resume",
            &id,
            "--yes",
            "--json",
            "--session-dir",
            sessions.to_str().unwrap(),
        ],
    ));
    let batch: Value = serde_json::from_str(&out).unwrap();
    let statuses: Vec<&str> = batch["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == "accepted"), "{out}");
    let entities = std::fs::read_to_string(data.join("entities.toml")).unwrap();
    assert_eq!(entities.matches("id = \"acme-robotics\"").count(), 1);
    assert_eq!(entities.matches("id = \"jensen-huang\"").count(), 1);
    let deals = std::fs::read_to_string(data.join("deals.toml")).unwrap();
    assert_eq!(
        deals
            .matches("id = \"nvidia-acme-robotics-investment\"")
            .count(),
        1
    );
    let sources = std::fs::read_to_string(data.join("sources.toml")).unwrap();
    assert_eq!(sources.matches("id = \"004\"").count(), 1);
    let listed = ok(&steer(
        tmp.path(),
        &["sessions", "--session-dir", sessions.to_str().unwrap()],
    ));
    assert!(listed.contains("done"), "{listed}");
    let again = steer(
        tmp.path(),
        &[
            "resume",
            &id,
            "--yes",
            "--session-dir",
            sessions.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already finished"));
}

#[test]
fn a_model_drafts_through_the_strict_function_and_its_drafts_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    let doc = fixtures().join("ingest/weekly-en.md");
    let cassette = fixtures().join("cassettes/ingest-model.json");
    let out = ok(&steer(
        tmp.path(),
        &[
            "ingest",
            doc.to_str().unwrap(),
            "--into",
            d,
            "--yes",
            "--json",
            "--from-cassette",
            cassette.to_str().unwrap(),
        ],
    ));
    let batch: Value = serde_json::from_str(&out).unwrap();
    // The $20B "compute contract" the model made up is not on line 7
    // (which says about $12 billion): dropped, with why.
    assert_eq!(batch["dropped"], 1, "{out}");
    assert!(
        batch["dropped_why"][0]
            .as_str()
            .unwrap()
            .contains("acme-robotics-oracle-compute: no cited line states the amount"),
        "{out}"
    );
    let proposals = batch["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 5, "{out}");
    assert!(proposals.iter().all(|p| p["status"] == "accepted"), "{out}");
    // Names the model wrote become ids (known or proposed), nulls are gone.
    let deal = proposals.iter().find(|p| p["type"] == "deal").unwrap();
    assert_eq!(deal["record"]["from"], "nvidia");
    assert_eq!(deal["record"]["to"], "acme-robotics");
    assert!(deal["record"].get("caveat").is_none(), "{out}");
    assert_eq!(deal["evidence"]["lines"], "6");
    let out = ok(&steer(
        tmp.path(),
        &[
            "--data",
            d,
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"Acme Robotics"}"#,
            "--json",
        ],
    ));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matched"], 1, "{out}");
    assert_eq!(v["deals"][0]["value_usd"], 5e9, "{out}");
    let figures = std::fs::read_to_string(data.join("figures.toml")).unwrap();
    assert!(figures.contains("id = \"acme-robotics-revenue-2025\""));
}

/// `steer ingest DOC --into DIR/data --dry-run` (`--json` when asked): its
/// output.
fn dry_run(dir: &Path, doc: &Path, json: bool) -> String {
    let data = dir.join("data");
    let mut args = vec![
        "ingest",
        doc.to_str().unwrap(),
        "--into",
        data.to_str().unwrap(),
        "--dry-run",
    ];
    if json {
        args.push("--json");
    }
    ok(&steer(dir, &args))
}

#[test]
fn the_review_lists_the_lines_nothing_was_drafted_from() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("memo.md");
    std::fs::write(
        &doc,
        "# Memo\n\nNVIDIA invested $5 billion in Acme Robotics.\nThe closing of the deal is set for next year.\nソフトバンクグループは総額4兆円の計画を発表した。\n",
    )
    .unwrap();
    let json = dry_run(tmp.path(), &doc, true);
    let batch: Value = serde_json::from_str(&json).unwrap();
    let lines: Vec<&str> = batch["not_drafted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["lines"].as_str().unwrap())
        .collect();
    assert_eq!(lines, ["4", "5"], "{json}");
    let text = dry_run(tmp.path(), &doc, false);
    assert!(
        text.contains("not drafted (2)") && text.contains("l.5 “ソフトバンクグループ"),
        "{text}"
    );
}

#[test]
fn inferred_drafts_are_marked_low_confidence_and_come_last() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("kessan.md");
    // Line 3's buyer is 同社 (the company the text is about): inferred.
    // Line 4 names both parties and the amount: stated.
    std::fs::write(
        &doc,
        "# 株式会社ミライクラウド 決算説明会\n\n同社はエヌビディアから1500億円分のGPUを購入する契約を結んだ。\nNVIDIA invested $5 billion in Acme Robotics.\n",
    )
    .unwrap();
    let json = dry_run(tmp.path(), &doc, true);
    let batch: Value = serde_json::from_str(&json).unwrap();
    let deals: Vec<(&str, &str, &str)> = batch["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["type"] == "deal")
        .map(|p| {
            (
                p["evidence"]["lines"].as_str().unwrap(),
                p["confidence"].as_str().unwrap(),
                p["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(deals.len(), 2, "{json}");
    assert_eq!((deals[0].0, deals[0].1), ("4", "high"), "{json}");
    assert_eq!(
        (deals[1].0, deals[1].1),
        ("3", "low"),
        "the inferred one last: {json}"
    );
    assert!(deals[1].2.contains("not named on this line"), "{json}");
    let text = dry_run(tmp.path(), &doc, false);
    assert!(text.contains("[low confidence:"), "{text}");
}
