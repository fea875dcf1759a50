#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer tools ...` end to end, as a user runs it.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn steer() -> Command {
    Command::from_std(common::steer())
}

#[test]
fn list_shows_the_three_tools_with_descriptions() {
    steer()
        .args(["tools", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("deal_lookup").and(predicate::str::contains("Looks up deals")),
        )
        .stdout(
            predicate::str::contains("revenue_projection")
                .and(predicate::str::contains("statement_comparison")),
        );
    let out = steer().args(["tools", "list", "--json"]).output().unwrap();
    let specs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(specs.as_array().unwrap().len(), 3);
    assert!(specs[0]["strict_parameters"]["additionalProperties"] == false);
}

#[test]
fn schema_prints_plain_and_strict() {
    let plain = steer()
        .args(["tools", "schema", "deal_lookup"])
        .output()
        .unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain["$defs"].is_object());
    let strict = steer()
        .args(["tools", "schema", "deal_lookup", "--strict"])
        .output()
        .unwrap();
    let strict: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    assert!(strict.get("$defs").is_none());
    steer()
        .args(["tools", "schema", "deal_lokup"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `deal_lookup`"));
}

#[test]
fn bad_kind_exits_2_naming_the_field_and_values() {
    steer()
        .args(["tools", "call", "deal_lookup", r#"{"kind":"loan"}"#])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "`kind` must be one of investment, compute_contract",
        ))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn truncated_json_exits_2_with_the_position() {
    steer()
        .args(["tools", "call", "deal_lookup", r#"{"party":"#])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not valid JSON")
                .and(predicate::str::contains("line 1 column 9")),
        );
}

#[test]
fn call_reads_arguments_from_stdin_and_prints_json() {
    let out = steer()
        .args(["tools", "call", "deal_lookup", "-", "--json"])
        .write_stdin(r#"{"party":"nvidia","counterparty":"OpenAI"}"#)
        .output()
        .unwrap();
    common::assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["deals"][0]["id"], "nvidia-openai-investment");
}

#[test]
fn call_prints_readable_tables_by_default() {
    steer()
        .args([
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"nvidia","counterparty":"openai"}"#,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("$100B").and(predicate::str::contains("001 l.75-77")));
}

#[test]
fn an_invalid_data_dir_is_refused_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let deals = dir.path().join("deals.toml");
    let text = fs::read_to_string(&deals)
        .unwrap()
        .replacen("to = \"openai\"", "to = \"opnai\"", 1)
        .replacen("value_usd = 33_000", "value_usd = -33_000", 1);
    fs::write(&deals, text).unwrap();
    steer()
        .args(["tools", "call", "deal_lookup", "{}", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has 2 problems"))
        .stderr(predicate::str::contains(
            "unknown entity `opnai` (did you mean `OpenAI`?)",
        ))
        .stderr(predicate::str::contains("non-negative"));
}

#[test]
fn japanese_and_full_width_names_find_the_company() {
    for party in ["マイクロソフト", "ｍｉｃｒｏｓｏｆｔ", "ﾏｲｸﾛｿﾌﾄ"] {
        steer()
            .args([
                "tools",
                "call",
                "deal_lookup",
                &format!(r#"{{"party":"{party}"}}"#),
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains("party: Microsoft"))
            .stdout(predicate::str::contains("matched: 4"));
    }
    // A misspelt katakana name is suggested in katakana.
    steer()
        .args([
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"マイクロソフ"}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"マイクロソフト\""));
}

#[test]
fn charts_come_from_the_tools_in_tools_call_and_in_ask() {
    let dir = tempfile::tempdir().unwrap();
    // A tool that draws nothing: said, and nothing written.
    let none = dir.path().join("none.svg");
    steer()
        .args([
            "tools",
            "call",
            "deal_lookup",
            r#"{"mode":"totals","party":"nvidia"}"#,
            "--chart",
            none.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("no chart to write"));
    assert!(!none.exists());
    // One party's deals are drawn around it: the exposure's shape.
    let graph = dir.path().join("graph.svg");
    steer()
        .args([
            "tools",
            "call",
            "deal_lookup",
            r#"{"party":"nvidia"}"#,
            "--chart",
            graph.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Deals of NVIDIA"));
    let drawn = fs::read_to_string(&graph).unwrap();
    assert!(
        drawn.starts_with("<svg") && drawn.contains("marker-end"),
        "{drawn}"
    );
    // A projection draws its chart: under the tables, and as SVG.
    let svg = dir.path().join("projection.svg");
    steer()
        .args([
            "tools",
            "call",
            "revenue_projection",
            r#"{"company":"OpenAI","scenarios":[{"name":"base","growth":{"model":"cagr","rate":0.5}}]}"#,
            "--chart",
            svg.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("cumulative revenue by scenario"));
    assert!(fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    // The report of `steer ask` ends with the charts its tools drew.
    let ask_svg = dir.path().join("ask.svg");
    let out = steer()
        .env("XDG_DATA_HOME", dir.path())
        .args([
            "ask",
            "--yes",
            "Can OpenAI fund its compute commitments?",
            "--chart",
            ask_svg.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("OpenAI: cumulative revenue by scenario vs cumulative commitments ($B)"),
        "{text}"
    );
    assert!(fs::read_to_string(&ask_svg).unwrap().starts_with("<svg"));
}

#[test]
fn show_gives_the_guide_and_examples_to_copy() {
    steer()
        .args(["tools", "show", "revenue_projection"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Using it well:")
                .and(predicate::str::contains("`assumption_material`"))
                .and(predicate::str::contains(
                    "steer tools call revenue_projection '{\"company\":\"OpenAI\"",
                )),
        );
    steer()
        .args(["tools", "show", "revenue_projektion"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("revenue_projection"));
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_status_sigpipe_gives() {
    // The reader is gone before steer writes (`steer ... | head -c1`):
    // no panic message, even for a developer with RUST_BACKTRACE set.
    for backtrace in ["0", "1"] {
        let mut child = common::steer()
            .args(["tools", "list", "--json"])
            .env("RUST_BACKTRACE", backtrace)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}
