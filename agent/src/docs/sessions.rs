//! Pages written from real sessions: the walkthrough, the question
//! cards, the troubleshooting messages and the offline scorecard, each
//! produced by the code that prints them.

use std::fmt::Write as _;

use serde_json::json;
use steer_tools::Toolbox;

use super::{GENERATED, Page};

/// Replays the session script at `path` against its cassette: its request
/// and what happened.
async fn replay_script(
    path: &std::path::Path,
    name: &str,
    toolbox: &Toolbox,
) -> Result<(String, crate::script::Replayed), String> {
    let (script, cassette) = crate::script::load(path)?;
    let cassette = crate::cassette::Cassette::load(&cassette).map_err(|e| e.to_string())?;
    let replayed = crate::script::replay(&script, cassette, name, toolbox.clone()).await?;
    Ok((script.request, replayed))
}

/// The cards of `fixtures/sessions/ask-once.toml` after the plan (the
/// revenue base, then the commitments framing), for the sessions chapter
/// to include: the card it shows is the one steer draws.
pub(super) async fn question_cards(toolbox: &Toolbox) -> Page {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions/ask-once.toml");
    let text = match replay_script(&path, "ask-once", toolbox).await {
        Ok((request, r)) => {
            let cx = crate::terminal::CardContext::plain(r.reads_feedback, r.run.lang);
            let mut text = format!("$ steer ask \"{request}\"\n");
            for (cp, decision) in r.checkpoints.iter().skip(1) {
                let answer = match decision {
                    crate::run::Decision::Choose { option } => format!("{option}"),
                    other => other.name().chars().take(1).collect(),
                };
                let _ = write!(
                    text,
                    "\n── checkpoint {} · {} ──\n{}> {answer}\n",
                    cp.number,
                    cp.kind_name().replace('_', " "),
                    crate::terminal::card(cp, cx)
                );
            }
            text
        }
        Err(e) => format!("the cards could not be generated: {e}\n"),
    };
    Page {
        path: "generated/question-cards.txt".to_string(),
        text,
    }
}

/// A walkthrough of a real session: the `funding` session script replayed
/// against its cassette, with the cards shown at each pause and the report.
pub(super) async fn walkthrough(toolbox: &Toolbox) -> Page {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sessions/funding.toml");
    let mut md = String::from(GENERATED);
    md.push_str("# Walkthrough: a real session

This page replays the session script `fixtures/sessions/funding.toml` against its cassette (the offline planner, recorded) when the book is generated, so what you read is what steer does.

");
    let replayed = replay_script(&root, "funding", toolbox)
        .await
        .map(|(request, r)| {
            let _ = writeln!(
                md,
                "```sh
steer ask \"{request}\"
```
"
            );
            r
        });
    match replayed {
        Ok(r) => {
            for (cp, decision) in &r.checkpoints {
                let _ = writeln!(
                    md,
                    "## Pause {}: {}

```text
{}```

You answer: **{}**.
",
                    cp.number,
                    cp.kind_name().replace('_', " "),
                    crate::terminal::card(
                        cp,
                        crate::terminal::CardContext::plain(r.reads_feedback, r.run.lang)
                    ),
                    decision.name().replace('_', " ")
                );
            }
            let _ = writeln!(
                md,
                "## The report

{}",
                r.report.markdown.replace("\n## ", "\n### ")
            );
        }
        Err(e) => {
            let _ = writeln!(md, "The walkthrough could not be generated: {e}");
        }
    }
    Page {
        path: "walkthrough.md".to_string(),
        text: md,
    }
}

/// The messages users meet, produced by the code that prints them.
pub(super) async fn troubleshooting(toolbox: &Toolbox) -> Page {
    let mut md = String::from(GENERATED);
    md.push_str(
        "# Troubleshooting

The messages below were produced by steer itself when this page was generated.

",
    );
    md.push_str(
        "## A tool call is refused (exit status 2)

The message names the field and what it accepts; nothing is defaulted silently.

",
    );
    for (args_tool, args) in [
        ("deal_lookup", r#"{"kind":"loan"}"#),
        ("deal_lookup", r#"{"party":"#),
        (
            "revenue_projection",
            r#"{"company":"OpenAI","horizon_years":80}"#,
        ),
        ("deal_lookup", r#"{"party":"Nvidai"}"#),
        ("deal_lokup", "{}"),
    ] {
        let message = match toolbox.call_json(args_tool, args).await {
            Ok(_) => "(accepted)".to_string(),
            Err(e) => e.to_string(),
        };
        let _ = writeln!(
            md,
            "```text
$ steer tools call {args_tool} '{args}'
steer: {message}
```
"
        );
    }
    md.push_str(
        "## The dataset is refused (exit status 1)

Every problem is listed with its file and line; fix them and run again.

",
    );
    let mut files: Vec<(String, String)> = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    for name in [
        "sources.toml",
        "entities.toml",
        "deals.toml",
        "figures.toml",
        "statements.toml",
        "topics.toml",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let text = match name {
            "deals.toml" => text
                .replacen("from = \"oracle\"", "from = \"oracel\"", 1)
                .replacen("value_usd = 33_000", "value_usd = -33_000", 1),
            "statements.toml" => text.replacen("date = \"2025-11-06\"", "date = \"2025-11-31\"", 1),
            _ => text,
        };
        files.push((name.to_string(), text));
    }
    match steer_tools::Dataset::from_files("mydata", files) {
        Ok(_) => md.push_str("(the injected faults were not found)\n\n"),
        Err(e) => {
            let _ = writeln!(
                md,
                "```text
steer: {e}
```
"
            );
        }
    }
    md.push_str("## The offline planner declines

With no model configured, a request the offline planner cannot plan is declined with what it recognised. Configure a model (`OPENAI_API_KEY` or `--base-url`) or rephrase with a company from the dataset.

");
    if let Ok(data) = steer_tools::Dataset::builtin() {
        let planner = crate::offline::OfflinePlanner::new(std::sync::Arc::new(data));
        for q in [
            "What's the weather in Tokyo?",
            "What deals has Nvidai made?",
        ] {
            let body = json!({"messages": [{"role": "user", "content": q}], "tool_choice": {"type": "function", "function": {"name": "submit_plan"}}});
            if let (_, crate::offline::Response::Json(v)) = planner.respond(&body) {
                let _ = writeln!(
                    md,
                    "```text
$ steer ask \"{q}\"
steer: {}
```
",
                    v["error"]["message"].as_str().unwrap_or("")
                );
            }
        }
    }
    md.push_str("## A run pauses without a terminal (exit status 3)

Without a terminal and without `--yes`, steer stops at the first checkpoint and names the session; answer with `steer resume ID --approve`, `--reject \"FEEDBACK\"` or `--abort`, or rerun with `--yes`.

");
    md.push_str("## A session log is damaged

`steer resume` refuses a log it cannot trust and names the line: a line cut off by a killed process (delete it to resume from the event before), a line that is not JSON, or a log written by a newer steer (upgrade).

");
    md.push_str("## A replay diverges

`steer replay` prints the unified diff between the recorded and the actual request. If the change is deliberate (a prompt or a schema changed), regenerate the cassettes with `cargo run -p steer --example write_cassettes` and review their diff; never loosen a script to make it pass.
");
    Page {
        path: "troubleshooting.md".to_string(),
        text: md,
    }
}

/// The offline planner's scorecard on the shipped question set, by kind
/// of question, without wall times (they vary): what "Evaluating
/// planners" reports.
pub(super) async fn eval_offline() -> Page {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/eval/questions.toml");
    let options = crate::service::SessionOptions {
        model: Some(crate::offline::MODEL.to_string()),
        ..Default::default()
    };
    let setup = crate::eval::Setup {
        options: &options,
        data: None,
        timeout: crate::service::DEFAULT_TIMEOUT_SECS,
        limits: crate::run::Limits::default(),
    };
    let card = match crate::eval::set::read(&root) {
        Ok(questions) => crate::eval::run_in(&questions, &setup)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let text = match card {
        Ok(card) => crate::eval::by_kind(&card),
        Err(e) => format!("the scorecard could not be generated: {e}\n"),
    };
    Page {
        path: "generated/eval-offline.txt".to_string(),
        text,
    }
}
