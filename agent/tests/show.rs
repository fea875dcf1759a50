#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer show` and `steer sessions`: a session read back as it was, the
//! HTML report rendered by a real browser, search, filters, prune, and
//! steering statistics that equal what scripted sessions did.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;

use serde_json::Value;

/// `steer --model offline ARGS --session-dir DIR`.
fn steer(dir: &Path, args: &[&str]) -> Output {
    common::steer()
        .args(["--model", "offline"])
        .args(args)
        .arg("--session-dir")
        .arg(dir)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    common::assert_success(&out);
    String::from_utf8(out.stdout).unwrap()
}

fn seeds() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds")
}

/// Every `href="#x"` of `html` and every `id="x"`.
fn links_and_anchors(html: &str) -> (Vec<String>, BTreeSet<String>) {
    let grab = |marker: &str| {
        html.match_indices(marker)
            .filter_map(|(at, _)| {
                let rest = &html[at + marker.len()..];
                rest.find('"').map(|end| rest[..end].to_string())
            })
            .collect::<Vec<_>>()
    };
    (grab("href=\"#"), grab(" id=\"").into_iter().collect())
}

#[test]
fn the_main_job_is_shown_as_it_was_and_shared_as_one_html_file() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let asked = ok(steer(
        &sessions,
        &["ask", "--yes", "Can OpenAI fund its compute commitments?"],
    ));
    // Markdown: the question, the report as it was printed, the
    // checkpoints with who answered.
    let md = ok(steer(&sessions, &["show", "--last", "--format", "md"]));
    assert!(
        md.contains("> Can OpenAI fund its compute commitments?"),
        "{md}"
    );
    let answer_line = asked
        .lines()
        .find(|l| l.contains("61.0%"))
        .expect("the report states the growth it needs");
    assert!(md.contains(answer_line.trim()), "{md}");
    assert!(
        md.contains("Checkpoint 1: plan v1 (plan review): approved — answered automatically"),
        "{md}"
    );
    // JSON: the report's claims and the checkpoints as data.
    let json: Value = serde_json::from_str(&ok(steer(
        &sessions,
        &["show", "--last", "--format", "json"],
    )))
    .unwrap();
    assert!(
        json["report"]["claims"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{json}"
    );
    assert_eq!(json["checkpoints"][0]["answer"], "approved");
    assert_eq!(json["charts"][0]["step"], "s2", "{json}");

    // HTML: one file, no network, the chart inline, every citation a link
    // to an anchor in the appendix, which quotes the seeds' lines.
    let page = dir.path().join("r.html");
    let out = steer(
        &sessions,
        &[
            "show",
            "--last",
            "--format",
            "html",
            "-o",
            page.to_str().unwrap(),
            "--documents",
            seeds().to_str().unwrap(),
        ],
    );
    common::assert_success(&out);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "nothing is fetched"
    );
    assert!(!html.contains("<script"), "no script");
    assert!(html.contains("<svg"), "the chart is inline");
    let (links, anchors) = links_and_anchors(&html);
    assert!(links.len() >= 3, "{links:?}");
    for link in &links {
        assert!(anchors.contains(link), "#{link} has no anchor");
    }
    assert!(html.contains("id=\"src-001-l-6\""), "{anchors:?}");
    // The appendix quotes line 6 of source 001 as the user's file has it.
    let line6 = std::fs::read_to_string(seeds().join("001_09aef9e9a777c1c7.txt")).unwrap();
    let line6 = line6.lines().nth(5).unwrap();
    assert!(html.contains(&line6.chars().take(30).collect::<String>()));
    assert!(html.contains("id=\"checkpoint-1\""));

    // Without the documents, the dataset's paraphrase, marked as one.
    let plain = ok(steer(&sessions, &["show", "--last", "--format", "html"]));
    assert!(plain.contains("The dataset's paraphrase"), "{plain}");

    render_in_chromium(&page, &html, dir.path());
}

/// Renders the page in headless Chromium to a screenshot and a PDF, and
/// reads the DOM it built: the answer, the chart, the checkpoints, and
/// every citation link's anchor are there. `.ci/run` installs Debian's
/// chromium and sets STEER_REQUIRE_BROWSER=1, so on CI a missing browser
/// fails the test; elsewhere it says so and checks the file alone.
fn render_in_chromium(page: &Path, html: &str, dir: &Path) {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(browser) = browser else {
        assert!(
            std::env::var_os("STEER_REQUIRE_BROWSER").is_none(),
            "STEER_REQUIRE_BROWSER is set but no chromium is installed"
        );
        eprintln!("no chromium here: the HTML was checked as a file only");
        return;
    };
    let url = format!("file://{}", page.display());
    let run = |extra: &[String]| {
        let out = std::process::Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.join("chromium-profile").display()
            ))
            .args(extra)
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let shot = dir.join("r.png");
    let pdf = dir.join("r.pdf");
    run(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=1200,2400".into(),
    ]);
    run(&[
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".into(),
    ]);
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a real screenshot"
    );
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    assert!(
        pdf_bytes.starts_with(b"%PDF") && pdf_bytes.len() > 10_000,
        "a real PDF"
    );
    let dom = String::from_utf8(run(&["--dump-dom".into()]).stdout).unwrap();
    assert!(
        dom.contains("Can OpenAI fund its compute commitments?"),
        "{dom}"
    );
    assert!(dom.contains("61.0%"));
    assert!(dom.contains("<svg"));
    assert!(dom.contains("checkpoint-1"));
    let (links, anchors) = links_and_anchors(&dom);
    assert_eq!(
        links.len(),
        links_and_anchors(html).0.len(),
        "the browser kept every link"
    );
    for link in &links {
        assert!(
            anchors.contains(link),
            "#{link} has no anchor in the rendered page"
        );
    }
}

#[test]
fn cycle_and_exposure_answers_draw_the_deal_graph_and_show_refuses_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    ok(steer(
        &sessions,
        &["ask", "--yes", "Is there circular financing around NVIDIA?"],
    ));
    let html = ok(steer(&sessions, &["show", "--last", "--format", "html"]));
    assert!(
        html.contains("Circular money flows through NVIDIA"),
        "{html}"
    );
    assert!(
        html.contains("marker-end=\"url(#c1-arrow)\""),
        "ids are the chart's own"
    );
    let (links, anchors) = links_and_anchors(&html);
    for link in &links {
        assert!(anchors.contains(link), "#{link}");
    }
    // An exposure answer draws the party's deals around it.
    ok(steer(
        &sessions,
        &[
            "ask",
            "--yes",
            "If OpenAI couldn't pay, who would be most exposed?",
        ],
    ));
    let html = ok(steer(&sessions, &["show", "--last", "--format", "html"]));
    assert!(html.contains("Deals of OpenAI"), "{html}");
    // An ingest is not a report.
    let doc = dir.path().join("note.md");
    std::fs::write(&doc, "NVIDIA invested $2 billion in Acme Robotics.\n").unwrap();
    let data = dir.path().join("data");
    ok(steer(
        &sessions,
        &[
            "ingest",
            doc.to_str().unwrap(),
            "--into",
            data.to_str().unwrap(),
            "--yes",
        ],
    ));
    let listed: Value =
        serde_json::from_str(&ok(steer(&sessions, &["sessions", "--json"]))).unwrap();
    let ingest = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "ingest")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = steer(&sessions, &["show", &ingest]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is an ingest"));
    // --last in show skips the ingest; in export it takes it.
    let shown = ok(steer(&sessions, &["show", "--last", "--format", "md"]));
    assert!(shown.contains("most exposed"), "{shown}");
    let exported = ok(steer(&sessions, &["sessions", "export", "--last"]));
    assert!(exported.contains("\"ingest_start\""), "{exported}");
}

#[test]
fn sessions_are_searched_filtered_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    ok(steer(
        &sessions,
        &["ask", "--yes", "Is there circular financing around NVIDIA?"],
    ));
    ok(steer(
        &sessions,
        &["ask", "--yes", "How much did SoftBank invest in OpenAI?"],
    ));
    let paused = steer(
        &sessions,
        &["ask", "Can OpenAI fund its compute commitments?"],
    );
    assert_eq!(paused.status.code(), Some(3));
    let rows = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["sessions", "--json"];
        all.extend_from_slice(args);
        serde_json::from_str::<Value>(&ok(steer(&sessions, &all)))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(rows(&[]).len(), 3);
    // The search reads requests and reports, folding case and width.
    let found = rows(&["-q", "ｓｏｆｔｂａｎｋ"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["request"].as_str().unwrap().contains("SoftBank"));
    let in_reports = rows(&["-q", "coreweave"]);
    assert_eq!(
        in_reports.len(),
        1,
        "only the cycles report names CoreWeave: {in_reports:?}"
    );
    assert_eq!(rows(&["--status", "paused"]).len(), 1);
    assert_eq!(rows(&["--status", "done"]).len(), 2);
    assert_eq!(rows(&["--since", "1h"]).len(), 3);
    assert_eq!(rows(&["--since", "2999-01-01"]).len(), 0);
    let bad = steer(&sessions, &["sessions", "--status", "finished"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("one of `done`, `aborted`, `paused`"));

    // Prune: nothing is old enough; without --yes and no terminal it
    // refuses; with --yes, finished sessions go and the paused one stays.
    let none = ok(steer(
        &sessions,
        &["sessions", "prune", "--older-than", "30d"],
    ));
    assert!(none.contains("no finished session"), "{none}");
    let asked = steer(&sessions, &["sessions", "prune", "--older-than", "0s"]);
    assert_eq!(asked.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&asked.stderr).contains("--yes"));
    assert_eq!(rows(&[]).len(), 3, "nothing deleted without --yes");
    let pruned = ok(steer(
        &sessions,
        &["sessions", "prune", "--older-than", "0s", "--yes"],
    ));
    assert!(pruned.contains("deleted 2 session(s)"), "{pruned}");
    let left = rows(&[]);
    assert_eq!(left.len(), 1);
    assert!(left[0]["status"].as_str().unwrap().starts_with("paused"));
}

/// Answers the paused session `id` with `answer` (`--approve`,
/// `--choose 2`, `--abort`); the process's exit code.
fn answer(sessions: &Path, id: &str, answer: &[&str]) -> i32 {
    let mut args = vec!["resume", id];
    args.extend_from_slice(answer);
    steer(sessions, &args).status.code().unwrap()
}

fn last_id(sessions: &Path) -> String {
    let rows: Value = serde_json::from_str(&ok(steer(sessions, &["sessions", "--json"]))).unwrap();
    rows.as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn steering_statistics_equal_what_the_scripted_sessions_did() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    // What the scripts do, counted as they do it.
    let mut did: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_person = 0;

    // 1. Everything automatic.
    ok(steer(
        &sessions,
        &["ask", "--yes", "Is there circular financing around NVIDIA?"],
    ));
    // 2. A person approves the plan, then overrides the default revenue
    //    base, then approves whatever else is asked until the run ends.
    assert_eq!(
        steer(
            &sessions,
            &["ask", "Can OpenAI fund its compute commitments?"]
        )
        .status
        .code(),
        Some(3)
    );
    let funding = last_id(&sessions);
    assert_eq!(answer(&sessions, &funding, &["--approve"]), 3);
    *did.entry("approved").or_default() += 1;
    by_person += 1;
    let mut code = answer(&sessions, &funding, &["--choose", "2"]);
    *did.entry("default_overridden").or_default() += 1;
    by_person += 1;
    let mut rounds = 0;
    while code == 3 {
        rounds += 1;
        assert!(rounds < 10, "the run ends");
        code = answer(&sessions, &funding, &["--approve"]);
        *did.entry("approved").or_default() += 1;
        by_person += 1;
    }
    assert_eq!(code, 0);
    // 3. A person aborts at the plan.
    assert_eq!(
        steer(
            &sessions,
            &["ask", "How much did SoftBank invest in OpenAI?"]
        )
        .status
        .code(),
        Some(3)
    );
    let aborted = last_id(&sessions);
    assert_eq!(answer(&sessions, &aborted, &["--abort"]), 0);
    *did.entry("aborted").or_default() += 1;
    by_person += 1;

    let stats: Value =
        serde_json::from_str(&ok(steer(&sessions, &["sessions", "--stats", "--json"]))).unwrap();
    let total = &stats["total"];
    assert_eq!(total["sessions"], 3);
    assert_eq!(total["by_person"], by_person, "{stats}");
    assert_eq!(total["automatic"], 1, "the --yes run's plan: {stats}");
    for (answer, n) in &did {
        let automatic = usize::from(*answer == "approved");
        assert_eq!(total["answers"][answer], n + automatic, "{answer}: {stats}");
    }
    assert_eq!(
        total["runs_changed"], 2,
        "overriding a default and aborting change a run"
    );
    assert_eq!(total["plans_changed"], 0);
    assert_eq!(total["timed"], by_person, "every person's answer is timed");
    assert!(total["by_kind"]["conflicting_sources"].as_u64().unwrap() >= 1);
    assert_eq!(total["by_kind"]["plan_review"], 3);
    let per: Vec<&Value> = stats["sessions"].as_array().unwrap().iter().collect();
    assert_eq!(per[0]["changed_by_person"], false);
    assert_eq!(per[1]["changed_by_person"], true);
    assert_eq!(per[1]["answers"]["default_overridden"], 1);
    // Each checkpoint with its answer and a person's time on it.
    let each = per[1]["each"].as_array().unwrap();
    assert_eq!(each[1]["answer"], "default_overridden", "{stats}");
    assert!(each.iter().all(|c| c["human_ms"].is_u64()), "{stats}");
    // The table says the same for people.
    let table = ok(steer(&sessions, &["sessions", "--stats"]));
    assert!(table.contains("3 sessions"), "{table}");
    assert!(
        table.contains("runs a person's answer changed: 2 of 3"),
        "{table}"
    );
    assert!(table.contains("default_overridden ×1"), "{table}");
}
