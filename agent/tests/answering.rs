#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Answering from the evidence (issue #29): a yes/no question is answered
//! Yes, No, "the sources differ" or "not stated" from the record that
//! says so, first; a Japanese question gets a Japanese answer throughout,
//! from the dataset's Japanese renderings.

mod common;

use steer::i18n::Lang;
use steer::run::{Decision, Outcome, Report};

async fn report_in(request: &str, lang: Lang) -> Report {
    let mut driver = common::offline_driver_in(request, &[], lang);
    loop {
        match driver
            .advance()
            .await
            .unwrap_or_else(|e| panic!("{request}: {e}"))
        {
            Outcome::Pause(_) => driver.decide(Decision::Approve, true).unwrap(),
            Outcome::Done(report) => {
                assert!(
                    report.unverified_numbers.is_empty(),
                    "{request}: {:?}",
                    report.unverified_numbers
                );
                return report;
            }
        }
    }
}

/// The text of the answer section, after its heading.
fn answer(report: &Report) -> String {
    let md = &report.markdown;
    let start = ["## Answer\n\n", "## 回答\n\n"]
        .iter()
        .find_map(|h| md.find(h).map(|at| at + h.len()))
        .unwrap_or_else(|| panic!("no answer section: {md}"));
    let end = md[start..].find("\n## ").map_or(md.len(), |e| start + e);
    md[start..end].to_string()
}

#[tokio::test]
async fn a_yes_no_question_is_answered_from_the_record_that_says_so() {
    let cases = [
        // A denial in the record: No, whatever the question's wording.
        (
            "Is the White House willing to bail out AI companies?",
            Lang::En,
            "**No.**",
            "no federal bailout",
        ),
        (
            "Will there be a federal bailout for AI?",
            Lang::En,
            "**No.**",
            "no federal bailout",
        ),
        (
            "ホワイトハウスはAI企業を救済するつもりか？",
            Lang::Ja,
            "**いいえ。**",
            "救済はない",
        ),
        // An affirmation: Yes.
        (
            "Is Google going to sell its TPUs to other companies?",
            Lang::En,
            "**Yes.**",
            "Ironwood",
        ),
        (
            "Does NVIDIA guarantee to buy CoreWeave's unused capacity?",
            Lang::En,
            "**Yes.**",
            "unused",
        ),
        (
            "GoogleはTPUをほかの企業に販売するのか？",
            Lang::Ja,
            "**はい。**",
            "Ironwood",
        ),
        // The deciding passage is shown when the answer would not show it.
        (
            "Is OpenAI profitable?",
            Lang::En,
            "**No.**",
            "makes no profit",
        ),
    ];
    for (request, lang, verdict, evidence) in cases {
        let report = report_in(request, lang).await;
        let a = answer(&report);
        assert!(a.starts_with(verdict), "{request}: {a}");
        assert!(a.contains(evidence), "{request}: {a}");
    }
}

#[tokio::test]
async fn a_yes_no_question_the_records_do_not_settle_says_so() {
    // OpenAI's deals hold nothing about a dividend.
    let report = report_in("Does OpenAI pay a dividend to NVIDIA?", Lang::En).await;
    let a = answer(&report);
    assert!(
        a.starts_with("**Not stated.**"),
        "a record that does not answer is no Yes: {a}"
    );
    // A consistency question is still answered by the contradictions.
    let report = report_in(
        "Has OpenAI been consistent about government support?",
        Lang::En,
    )
    .await;
    assert!(answer(&report).starts_with("**No.** OpenAI has contradicted itself"));
}

#[tokio::test]
async fn a_japanese_question_gets_japanese_text_throughout() {
    let cases = [
        // Deal descriptions, the figure's period and the source's caveat.
        (
            "OracleとOpenAIの契約について教えて",
            vec!["データセンターのサービス契約", "ある箇所での言い方による"],
            vec!["data-centre service contract", "as one passage puts it"],
        ),
        // Figure periods, caveats and why figures differ.
        (
            "OpenAIの売上高はいくら？",
            vec!["現在の年間売上", "数字の根拠が異なります", "下限(「以上」)"],
            vec!["current annual revenue", "the bases differ", "is a floor"],
        ),
        // A statement's paraphrase, marked as one.
        (
            "サックスはAIの救済について何と言った？",
            vec!["救済はない", "の要旨"],
            vec!["There will be no federal bailout"],
        ),
    ];
    for (request, want, not) in cases {
        let report = report_in(request, Lang::Ja).await;
        let md = &report.markdown;
        for w in want {
            assert!(md.contains(w), "{request}: {w} not in {md}");
        }
        for n in not {
            assert!(!md.contains(n), "{request}: English {n} in {md}");
        }
    }
}

#[tokio::test]
async fn plan_goals_and_option_details_are_in_the_readers_language() {
    let mut driver =
        common::offline_driver_in("OpenAIは売上で1.4兆ドルの契約を賄えるか？", &[], Lang::Ja);
    while let Outcome::Pause(_) = driver.advance().await.unwrap() {
        driver.decide(Decision::Approve, true).unwrap();
    }
    let plan = driver.run.plan.as_ref().unwrap();
    assert!(plan.goal.contains("を明らかにする"), "{}", plan.goal);
    assert!(
        plan.steps.iter().all(|s| !s.rationale.is_ascii()),
        "{:?}",
        plan.steps
    );
    let report = driver.run.report.as_ref().unwrap();
    // The options of the revenue-base question: the periods in Japanese.
    assert!(
        report.markdown.contains("現在の年間売上"),
        "{}",
        report.markdown
    );
    assert!(
        report.markdown.contains("1.4兆ドル(今後8年間)"),
        "{}",
        report.markdown
    );
    assert!(
        !report.markdown.contains("over the next 8 years"),
        "{}",
        report.markdown
    );
}
