#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The offline planner: the main job on a machine with nothing configured.

mod common;

use std::process::Stdio;

use serde_json::Value;
use steer::i18n::Lang;
use steer::model::ModelError;
use steer::run::{Decision, Outcome, Report, Run, RunError, Turn};

/// Runs `request` through the runtime with the offline planner behind
/// async-openai, approving every pause.
async fn run(request: &str) -> Result<(Report, Run), RunError> {
    run_after(&[], request).await
}

/// Like [`run`], as a follow-up to earlier turns of a chat.
async fn run_after(turns: &[Turn], request: &str) -> Result<(Report, Run), RunError> {
    drive(common::offline_driver(request, turns)).await
}

async fn drive(mut driver: steer::run::Driver) -> Result<(Report, Run), RunError> {
    loop {
        match driver.advance().await? {
            Outcome::Pause(_) => driver.decide(Decision::Approve, true)?,
            Outcome::Done(report) => return Ok((report, driver.run)),
        }
    }
}

fn steps(run: &Run) -> Vec<(String, Value)> {
    run.order
        .iter()
        .filter_map(|id| run.steps.get(id))
        .map(|s| {
            (
                s.step.tool.clone(),
                serde_json::from_str(&s.step.arguments).unwrap(),
            )
        })
        .collect()
}

async fn check(request: &str, expect: &[(&str, &str, &str)]) -> Report {
    let (report, run) = run(request)
        .await
        .unwrap_or_else(|e| panic!("{request}: {e}"));
    let planned = steps(&run);
    for (tool, key, value) in expect {
        assert!(
            planned
                .iter()
                .any(|(t, a)| t == tool && a[*key].as_str() == Some(value)),
            "{request}: expected {tool} with {key}={value}; planned {planned:?}"
        );
    }
    assert!(
        report.markdown.contains("offline planner"),
        "{request}: the report must say where it came from"
    );
    assert!(
        report.unverified_numbers.is_empty(),
        "{request}: numbers no tool produced: {:?}",
        report.unverified_numbers
    );
    assert!(
        report.unknown_sources.is_empty(),
        "{request}: {:?}",
        report.unknown_sources
    );
    assert!(
        run.tool_calls.iter().all(|c| c.ok),
        "{request}: {:?}",
        run.tool_calls
    );
    report
}

#[tokio::test]
async fn funding_in_english_japanese_and_rewordings() {
    for q in [
        "Can OpenAI fund its compute commitments?",
        "Will OpenAI be able to pay for $1.4T of compute over 8 years?",
        "Is OpenAI's revenue enough to cover what it has committed?",
        "OpenAIは1.4兆ドルのコンピュート契約を払えるのか",
    ] {
        let report = check(
            q,
            &[
                ("revenue_projection", "company", "openai"),
                ("statement_comparison", "mode", "figures"),
                ("deal_lookup", "kind", "compute_contract"),
            ],
        )
        .await;
        assert!(
            report
                .markdown
                .contains("| OpenAI compute commitments | $1.4T over 8 years |"),
            "{q}"
        );
        assert!(
            report.markdown.contains("61.0%") && report.markdown.contains("48.7%"),
            "{q}"
        );
    }
}

#[tokio::test]
async fn statements_on_a_backstop() {
    for q in [
        "OpenAI's statements on government backstops: do they contradict each other?",
        "Has OpenAI been consistent about wanting a federal loan guarantee?",
        "OpenAIの政府保証についての発言は矛盾しているか",
    ] {
        let report = check(
            q,
            &[("statement_comparison", "topic", "government_support")],
        )
        .await;
        assert!(
            report
                .markdown
                .contains("contradictions within one organisation"),
            "{q}"
        );
        assert!(report.markdown.contains("002 l.24-28"), "{q}");
    }
}

#[tokio::test]
async fn circular_deals_around_nvidia() {
    for q in [
        "Show the circular deals around NVIDIA",
        "Is there round-tripping between Nvidia and its customers?",
        "NVIDIAをめぐる循環取引を教えて",
    ] {
        let report = check(
            q,
            &[
                ("deal_lookup", "mode", "cycles"),
                ("deal_lookup", "party", "nvidia"),
            ],
        )
        .await;
        assert!(
            report
                .markdown
                .contains("NVIDIA → OpenAI → Oracle → NVIDIA"),
            "{q}"
        );
    }
}

#[tokio::test]
async fn anthropic_against_openai() {
    for q in [
        "Compare Anthropic's 2028 projection with OpenAI",
        "Anthropic vs OpenAI revenue",
        "アンソロピックの2028年予測とOpenAIを比較して",
    ] {
        let report = check(
            q,
            &[
                ("statement_comparison", "subject", "anthropic"),
                ("statement_comparison", "subject", "openai"),
            ],
        )
        .await;
        assert!(report.markdown.contains("$70B"), "{q}");
    }
}

#[tokio::test]
async fn terms_of_the_microsoft_openai_agreement() {
    for q in [
        "What are the terms of the Microsoft-OpenAI agreement?",
        "MSFT and OpenAI partnership terms",
        "MicrosoftとOpenAIの提携の条件は？",
    ] {
        let report = check(q, &[("deal_lookup", "counterparty", "openai")]).await;
        assert!(
            report.markdown.contains("27% stake") && report.markdown.contains("until 2030"),
            "{q}"
        );
    }
}

#[tokio::test]
async fn all_deals_of_a_named_company() {
    for q in ["All deals involving Oracle", "Oracle", "オラクルの取引"] {
        let report = check(q, &[("deal_lookup", "party", "oracle")]).await;
        assert!(report.markdown.contains("$300B"), "{q}");
    }
}

#[tokio::test]
async fn a_multi_tool_plan_for_a_compound_question() {
    let (report, run) = run("Can OpenAI fund its $1.4T of compute commitments, and has it been consistent about a government backstop?").await.unwrap();
    let tools: Vec<String> = steps(&run).into_iter().map(|(t, _)| t).collect();
    assert!(
        tools.contains(&"revenue_projection".to_string())
            && tools
                .iter()
                .filter(|t| *t == "statement_comparison")
                .count()
                == 2,
        "{tools:?}"
    );
    assert!(report.unverified_numbers.is_empty());
    assert!(
        run.decisions
            .iter()
            .any(|d| d.kind == "conflicting_sources"),
        "contested bases pause the run"
    );
}

#[tokio::test]
async fn unknown_companies_and_out_of_scope_requests_are_declined_honestly() {
    for (q, needles) in [
        (
            "Is Acme Corp able to fund its data centres?",
            vec![
                "cannot plan this offline",
                "OPENAI_API_KEY or --base-url",
                "intent: revenue against commitments",
                "\"Acme Corp\"",
            ],
        ),
        (
            "What's the weather in Tokyo?",
            vec![
                "cannot plan this offline",
                "Recognised: nothing from the dataset",
            ],
        ),
        ("What deals has Nvidai made?", vec!["did you mean NVIDIA?"]),
        ("Compare OpenAI", vec!["a comparison needs two companies"]),
    ] {
        match run(q).await {
            Err(RunError::Model(ModelError::Declined(message))) => {
                for n in needles {
                    assert!(message.contains(n), "{q}: {message}");
                }
            }
            other => panic!(
                "{q}: expected a refusal, got {:?}",
                other.map(|(r, _)| r.markdown)
            ),
        }
    }
}

#[test]
fn the_main_job_runs_on_a_machine_with_nothing_configured() {
    let sessions = tempfile::tempdir().unwrap();
    let question = "Can OpenAI fund its $1.4T of compute commitments, and has it been consistent about a government backstop?";
    let bare = |args: &[&str]| {
        common::steer()
            .env("XDG_DATA_HOME", sessions.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = bare(&["ask", "--yes", question]);
    common::assert_success(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("offline planner")
            && report.contains("| claim | value | source |")
            && report.contains("002 l.39"),
        "{report}"
    );
    // Without a terminal and without --yes it stops at the plan.
    let out = bare(&["ask", question]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Plan v1"));
}

#[tokio::test]
async fn a_follow_up_plans_from_its_own_words_and_the_earlier_subject() {
    let first = "Can OpenAI fund its compute commitments?";
    let (report, _) = run(first).await.unwrap();
    let turns = [Turn {
        request: first.into(),
        answer: report.answer.clone(),
    }];
    // No company named: the earlier request's is meant.
    let (report, run) = run_after(&turns, "And the circular deals?").await.unwrap();
    let steps = steps(&run);
    assert!(
        steps.iter().any(|(tool, a)| tool == "deal_lookup"
            && a["mode"] == "cycles"
            && a["party"] == "openai"),
        "{steps:?}"
    );
    // The review reads only this run's results, not the earlier turn's.
    assert!(!steps.iter().any(|(tool, _)| tool == "revenue_projection"));
    assert!(!report.markdown.contains("61.0%"), "{}", report.markdown);
    // A company named in the follow-up wins over the earlier one.
    let (_, run) = run_after(&turns, "Show the circular deals around NVIDIA")
        .await
        .unwrap();
    let steps = self::steps(&run);
    assert!(
        steps.iter().any(|(_, a)| a["party"] == "nvidia"),
        "{steps:?}"
    );
}

#[test]
fn a_piped_request_prints_only_the_report() {
    use std::io::Write;
    let sessions = tempfile::tempdir().unwrap();
    let ask = |args: &[&str], input: &str| {
        let mut child = common::steer()
            .env("XDG_DATA_HOME", sessions.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = ask(
        &["ask", "--yes", "-"],
        "Show the circular deals around NVIDIA\n",
    );
    common::assert_success(&out);
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("## Claims"),
        "the Markdown as written: {report}"
    );
    assert!(
        report.contains("NVIDIA → OpenAI → Oracle → NVIDIA"),
        "{report}"
    );
    // No terminal decoration on either stream: no escape codes, no spinner.
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !report.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{report}{err}"
    );
    assert!(err.starts_with("session "), "only the session line: {err}");
    // An empty request is refused, and nothing runs.
    let out = ask(&["ask", "-"], "  \n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the request is empty"));
}

/// The markdown of the report's answer section (before the evidence).
fn answer_section(report: &Report) -> String {
    let md = &report.markdown;
    let start = md
        .find("## Answer")
        .or_else(|| md.find("## 回答"))
        .unwrap_or(0);
    let end = ["## Evidence", "## 根拠", "## Claims", "## 主張と出典"]
        .iter()
        .filter_map(|h| md[start..].find(h))
        .min()
        .map_or(md.len(), |e| start + e);
    md[start..end].to_string()
}

#[tokio::test]
async fn each_question_gets_the_answer_it_asked_for() {
    // Exposure: the counterparty owed the most, named first.
    let report = check(
        "Which company has the most exposure to OpenAI failing to pay its commitments?",
        &[("deal_lookup", "direction", "pays")],
    )
    .await;
    let answer = answer_section(&report);
    assert!(
        answer.contains("## Answer\n\nOracle, with $300B"),
        "{answer}"
    );
    assert!(answer.contains("Amazon, AMD and NVIDIA"), "{answer}");
    assert!(
        !answer.contains("61.0%"),
        "not the funding report: {answer}"
    );

    // A figure and the sources' stated reason, quoted.
    let report = check(
        "What's Meta's market-cap loss and why?",
        &[("statement_comparison", "metric", "market_value_change")],
    )
    .await;
    let answer = answer_section(&report);
    assert!(answer.contains("down about $250B"), "{answer}");
    assert!(
        answer.contains("Why, as the source puts it") && answer.contains("believe in Zuck"),
        "{answer}"
    );
    assert!(!report.markdown.contains("deal(s)"));

    // Only a projected revenue figure: used, marked, and asked about.
    let (report, run) = run("Can Anthropic fund its compute deals?").await.unwrap();
    let answer = answer_section(&report);
    assert!(
        answer.contains("The dataset cannot tell.")
            && answer.contains("only revenue figure is a projection ($70B"),
        "{answer}"
    );
    assert!(
        run.decisions
            .iter()
            .any(|d| d.kind == "material_assumption"),
        "{:?}",
        run.decisions
    );
    assert!(report.unverified_numbers.is_empty());

    // Who disagrees: other organisations on the same topic, quoted.
    let report = check(
        "What did David Sacks say about AI bailouts, and who disagrees with him?",
        &[
            ("statement_comparison", "speaker", "david-sacks"),
            ("statement_comparison", "topic", "government_support"),
        ],
    )
    .await;
    let answer = answer_section(&report);
    assert!(
        answer.contains("take the opposite side to David Sacks")
            && answer.contains("Sarah Friar (OpenAI)")
            && answer.contains("There will be no federal bailout for AI."),
        "{answer}"
    );
    assert!(!answer.contains("government_support"), "{answer}");

    // One deal reached from both parties is one claim.
    let report = check(
        "What does Apple pay Google for Gemini?",
        &[("deal_lookup", "counterparty", "google")],
    )
    .await;
    assert_eq!(
        report
            .markdown
            .matches("| Apple → Google: Apple pays Google")
            .count(),
        1,
        "{}",
        report.markdown
    );
    assert!(
        report.markdown.contains("unofficially official"),
        "the source's caveat travels with the claim"
    );

    // A comparison compares.
    let report = check(
        "Compare Anthropic's 2028 revenue outlook with OpenAI's.",
        &[("revenue_projection", "company", "openai")],
    )
    .await;
    let answer = answer_section(&report);
    assert!(
        answer.contains("Anthropic 2028 revenue: $70B (projected")
            && answer.contains("no 2028 revenue figure for OpenAI")
            && answer.contains("above even the highest scenario for OpenAI"),
        "{answer}"
    );

    // Yes or no first, with every hop of the loop and its amount.
    let report = check(
        "Is there a money loop between Nvidia, OpenAI and Oracle?",
        &[("deal_lookup", "mode", "cycles")],
    )
    .await;
    let answer = answer_section(&report);
    assert!(
        answer.contains("**Yes.** The money goes round NVIDIA → OpenAI → Oracle → NVIDIA")
            && answer.contains("OpenAI → Oracle: $300B (compute contract")
            && answer.contains("Oracle → NVIDIA: not stated (tens of billions of dollars)"),
        "{answer}"
    );

    // "Which of the companies NVIDIA invested in buy its chips?", in Japanese.
    let q = "NVIDIAが出資している会社のうち、NVIDIAのチップを買っているのはどこ？";
    let (report, _) = drive(common::offline_driver_in(q, &[], Lang::Ja))
        .await
        .unwrap();
    assert!(report.unverified_numbers.is_empty());
    let answer = answer_section(&report);
    for name in ["OpenAI", "xAI", "Mistral", "Figure"] {
        assert!(answer.contains(name), "{name}: {answer}");
    }
    for not in ["Oracle", "CoreWeave", "Nebius"] {
        assert!(!answer.contains(not), "{not}: {answer}");
    }
    assert!(answer.contains("NVIDIA のチップを買っています"), "{answer}");
}

#[tokio::test]
async fn yes_no_questions_are_answered_yes_or_no_first() {
    let report = check("Can OpenAI fund its compute commitments?", &[]).await;
    assert!(
        answer_section(&report).contains("## Answer\n\n**No.** From OpenAI's $12B base"),
        "{}",
        report.markdown
    );
    let report = check(
        "Has OpenAI been consistent about wanting a federal loan guarantee?",
        &[],
    )
    .await;
    assert!(
        answer_section(&report)
            .contains("**No.** OpenAI has contradicted itself on government support"),
        "{}",
        report.markdown
    );
    let report = check(
        "OpenAI's statements on government backstops: do they contradict each other?",
        &[],
    )
    .await;
    assert!(
        answer_section(&report).contains("OpenAI has contradicted itself"),
        "{}",
        report.markdown
    );
}

#[tokio::test]
async fn a_part_it_cannot_plan_is_named_not_dropped() {
    let (report, _) =
        run("What is Meta's market-cap loss, and can Acme Corp fund its data centres?")
            .await
            .unwrap();
    let md = &report.markdown;
    assert!(md.contains("down about $250B"), "{md}");
    let unanswered = &md[md.find("## Not answered offline").expect(md)..];
    assert!(
        unanswered.contains("\"can Acme Corp fund its data centres\""),
        "{unanswered}"
    );
}

/// The answer section of `request`, asked in `lang`, approving every pause.
async fn answer_in(request: &str, lang: Lang) -> String {
    let (report, _) = drive(common::offline_driver_in(request, &[], lang))
        .await
        .unwrap_or_else(|e| panic!("{request}: {e}"));
    assert!(
        report.unverified_numbers.is_empty(),
        "{request}: {:?}",
        report.unverified_numbers
    );
    answer_section(&report)
}

#[tokio::test]
async fn a_question_no_cue_recognises_is_answered_from_the_record_that_matches() {
    // Each names a company (or none) and asks something no template
    // covers; the dataset holds the record that answers it, which must
    // lead the answer (not the first company's largest deals).
    let cases = [
        (
            "How long until there is a glut of compute, according to Sam Altman?",
            &["2-3", "5-6", "003 l.1"][..],
        ),
        (
            "Is Google going to sell its TPUs to other companies?",
            &["Ironwood", "000 l.62-66"][..],
        ),
        (
            "Does the ChatGPT Pro plan make money?",
            &["$200", "001 l.65"][..],
        ),
        // An industry-wide figure: no company named.
        (
            "How does AI service revenue compare with what is spent on AI hardware?",
            &["001 l.91"][..],
        ),
    ];
    for (request, expected) in cases {
        let answer = answer_in(request, Lang::En).await;
        for e in expected {
            assert!(answer.contains(e), "{request}: no {e} in\n{answer}");
        }
        assert!(
            !answer.contains("largest deals"),
            "{request}: fell back to a deal list\n{answer}"
        );
    }
}

#[tokio::test]
async fn one_word_does_not_pick_the_plan_when_the_named_companies_hold_no_such_record() {
    // "guarantee" is a government-support word, but NVIDIA made no
    // statement: the deal that holds the guarantee answers.
    let answer = answer_in("What does NVIDIA guarantee to CoreWeave?", Lang::En).await;
    assert!(
        answer.contains("unused") && answer.contains("001 l.85-89"),
        "{answer}"
    );
    assert!(!answer.contains("No contradiction"), "{answer}");
    let answer = answer_in(
        "エヌビディアはコアウィーブの使われない容量を買い取ると保証しているか？",
        Lang::Ja,
    )
    .await;
    assert!(answer.contains("001 l.85-89"), "{answer}");
}

#[tokio::test]
async fn a_name_not_in_the_dataset_is_named_in_the_answer() {
    let answer = answer_in("How much did SoftBank invest in OpenAI?", Lang::En).await;
    assert!(
        answer.contains("Not in the dataset: \"SoftBank\""),
        "{answer}"
    );
    let answer = answer_in("ソフトバンクはOpenAIにいくら投資した？", Lang::Ja).await;
    assert!(
        answer.contains("データセットにない名前：「ソフトバンク」"),
        "{answer}"
    );
    // Compared with a company it does not hold: the one it holds is
    // shown, the other named, nothing refused.
    let answer = answer_in("Compare Tesla's AI spending with Microsoft's.", Lang::En).await;
    assert!(answer.contains("\"Tesla\""), "{answer}");
    // A known name of several words is not two unknown words.
    let answer = answer_in(
        "Is the White House willing to bail out AI companies?",
        Lang::En,
    )
    .await;
    assert!(!answer.contains("Not in the dataset"), "{answer}");
    // Capitalised words in a row are one name.
    let declined = run("Is Acme Corp able to fund its data centres?")
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(declined.contains("\"Acme Corp\""), "{declined}");
    // Full-width and half-width forms are the same names.
    let answer = answer_in("ＳｏｆｔＢａｎｋはOpenAIにいくら投資した？", Lang::Ja).await;
    assert!(answer.contains("\"SoftBank\""), "{answer}");
    let answer = answer_in("ｿﾌﾄﾊﾞﾝｸはOpenAIにいくら投資した？", Lang::Ja).await;
    assert!(answer.contains("「ソフトバンク」"), "{answer}");
    // Katakana words of the question itself are not names.
    let answer = answer_in("ChatGPTの週間アクティブユーザーは何人？", Lang::Ja).await;
    assert!(!answer.contains("データセットにない"), "{answer}");
    assert!(answer.contains("8億"), "{answer}");
}

#[tokio::test]
async fn where_a_contract_is_the_subject_a_source_that_disagrees_on_its_size_is_shown() {
    let answer = answer_in("How big is OpenAI's contract with Oracle?", Lang::En).await;
    for e in ["$300B", "$1B", "002 l.34", "001 l.6"] {
        assert!(answer.contains(e), "no {e} in\n{answer}");
    }
    let answer = answer_in("OpenAIとオラクルの契約の規模は？", Lang::Ja).await;
    for e in ["3000億ドル", "10億ドル", "002 l.34"] {
        assert!(answer.contains(e), "no {e} in\n{answer}");
    }
}

#[tokio::test]
async fn nothing_is_cut_or_ranked_silently() {
    let (report, _) = run("What are OpenAI's largest deals by value?")
        .await
        .unwrap();
    let answer = answer_section(&report);
    // A deal with no stated amount is not ranked among the largest, and
    // how many are shown of how many is said.
    assert!(!answer.contains("not stated"), "{answer}");
    assert!(
        answer.contains("2 of 14 shown") && answer.contains("12 state no amount"),
        "{answer}"
    );
    // Rows cut from the claims table are said, with how to see them all.
    assert!(
        report
            .markdown
            .contains("The claims table shows 12 of these 14 deals"),
        "{}",
        report.markdown
    );
    let (report, _) = drive(common::offline_driver_in(
        "エヌビディアの取引は？",
        &[],
        Lang::Ja,
    ))
    .await
    .unwrap();
    let answer = answer_section(&report);
    assert!(answer.contains("12 件のうち 1 件"), "{answer}");
    assert!(!answer.contains("金額の明記なし、"), "{answer}");
}

/// Twelve companies that all pay one another hold over a thousand
/// circular flows of up to four deals through any one of them: the report
/// shows the strongest and says that it is not all of them.
#[tokio::test]
async fn a_cycle_search_cut_by_its_limit_says_so_in_the_report() {
    use std::sync::Arc;
    let names = [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliet", "Kilo", "Lima",
    ];
    let mut files: Vec<(String, String)> = steer_tools::dataset::BUILTIN_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (name, text) in &mut files {
        if name == "entities.toml" {
            for n in names {
                text.push_str(&format!(
                    "\n[[entity]]\nid = \"{}\"\nname = \"{n} Compute\"\nkind = \"company\"\n",
                    n.to_lowercase()
                ));
            }
        }
        if name == "deals.toml" {
            for (i, a) in names.iter().enumerate() {
                for (j, b) in names.iter().enumerate().filter(|(j, _)| *j != i) {
                    text.push_str(&format!(
                        "\n[[deal]]\nid = \"{a}-{b}\"\nfrom = \"{}\"\nto = \"{}\"\nkind = \"compute_contract\"\nvalue_usd = {}.0\ndescription = \"compute\"\nsources = [\"001:75\"]\n",
                        a.to_lowercase(),
                        b.to_lowercase(),
                        (i * 7 + j * 3) % 11 + 1
                    ));
                }
            }
        }
    }
    let data = Arc::new(steer_tools::Dataset::from_files("dense", files).unwrap());
    let (report, _) = drive(common::offline_driver_on(
        data,
        "Show the circular deals around Alpha Compute",
        &[],
        Lang::En,
    ))
    .await
    .unwrap();
    assert!(
        report.markdown.contains("strongest of at least"),
        "{}",
        report.markdown
    );
}

#[tokio::test]
async fn a_paraphrase_is_shown_as_one_never_in_quotation_marks() {
    // The dataset's statements are English paraphrases of Japanese
    // transcripts: not the speakers' words.
    let answer = answer_in("What did Sarah Friar say?", Lang::En).await;
    assert!(
        answer.contains("(paraphrase of 000 l.9-13; 002 l.3-6; 002 l.15;"),
        "{answer}"
    );
    assert!(!answer.contains("\"OpenAI is"), "{answer}");
    let answer = answer_in("サラ・フライヤーは何と言った？", Lang::Ja).await;
    assert!(answer.contains("の要旨"), "{answer}");
    assert!(!answer.contains("「OpenAI"), "{answer}");
    // A project the records speak of is in the dataset, not an unknown
    // name, and is answered from the statement that describes it.
    let answer = answer_in("What is Google's Project Suncatcher?", Lang::En).await;
    assert!(!answer.contains("Not in the dataset"), "{answer}");
    assert!(
        answer.contains("2027") && answer.contains("000 l.144"),
        "{answer}"
    );
}

#[tokio::test]
async fn an_unrelated_follow_up_is_planned_on_its_own_and_a_reference_back_is_followed() {
    let first = "Show the circular deals around NVIDIA";
    let (report, _) = run(first).await.unwrap();
    let turns = [Turn {
        request: first.into(),
        answer: report.answer.clone(),
    }];
    // Nothing points back to NVIDIA: declined, not an NVIDIA plan ("this
    // week" is not a reference to it either).
    for unrelated in [
        "What is the weather in Tokyo?",
        "東京の天気は？",
        "What is the weather like this week?",
    ] {
        match run_after(&turns, unrelated).await {
            Err(RunError::Model(ModelError::Declined(m))) => {
                assert!(m.contains("cannot plan this offline"), "{m}")
            }
            other => panic!(
                "{unrelated}: expected a refusal, got {:?}",
                other.map(|(r, _)| r.markdown)
            ),
        }
    }
    // A pronoun, in either language, points back.
    for follow_up in [
        "How much does it invest in OpenAI?",
        "それはOpenAIにいくら投資している？",
    ] {
        let (_, run) = run_after(&turns, follow_up).await.unwrap();
        let steps = steps(&run);
        assert!(
            steps.iter().any(|(_, a)| a["party"] == "nvidia"),
            "{follow_up}: {steps:?}"
        );
    }
    // After the name, "its" is the company just named.
    let (_, run) = run_after(&turns, "Can OpenAI fund its compute commitments?")
        .await
        .unwrap();
    let steps = steps(&run);
    assert!(
        steps
            .iter()
            .all(|(_, a)| a["party"] != "nvidia" && a["subject"] != "nvidia"),
        "{steps:?}"
    );
}

#[tokio::test]
async fn a_worked_out_date_comes_with_what_the_source_says_and_no_paragraph_twice() {
    // The source dates the letter only as "ten days before" a dated post.
    let answer = answer_in(
        "When did OpenAI send its letter to the White House OSTP?",
        Lang::En,
    )
    .await;
    assert!(
        answer.contains("2025-10-27: sent 'ten days before'") && answer.contains("002 l.24-28"),
        "{answer}"
    );
    // Two parts answered by one paragraph show it once.
    let answer = answer_in(
        "What is OpenAI's valuation? And what is OpenAI's valuation?",
        Lang::En,
    )
    .await;
    assert_eq!(answer.matches("$500B").count(), 1, "{answer}");
}
