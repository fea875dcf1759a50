//! `steer eval FILE`: a question set through the configured planner, and
//! the scorecard.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::ask::ModelOptions;
use crate::eval::{self, Scorecard};
use crate::i18n::speaking;
use crate::run::Limits;
use crate::service::DEFAULT_TIMEOUT_SECS;
use crate::tr;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The question set (TOML: [[question]] with request, tools, facts,
    /// sources, refuse; see the book's "Evaluating planners").
    #[arg(required_unless_present = "ingest", conflicts_with = "ingest")]
    pub file: Option<PathBuf>,
    /// Score ingest instead, on an annotated folder of documents
    /// (`expected.toml` beside them): recall and precision of the drafted
    /// records, by record type and language (see the book's "Adding
    /// sources").
    #[arg(long, value_name = "DIR")]
    pub ingest: Option<PathBuf>,
    /// Print the scorecard as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Also print the steering statistics of the eval's sessions (where a
    /// person would have been asked, by kind; `steering` in --json).
    #[arg(long)]
    pub stats: bool,
    /// Exit with status 1 when the overall score (with --ingest: recall or
    /// precision) is below this (0 to 1).
    #[arg(long, value_name = "SCORE", value_parser = parse_floor)]
    pub floor: Option<f64>,
    /// Seconds before a model request times out.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS, value_name = "SECS")]
    pub timeout: u64,
    /// Most model calls for each question; a question that reaches it
    /// ends there and is reported as stopped at the limit.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_model_calls)]
    pub max_model_calls: u64,
    /// Most tokens for each question (estimated where the provider
    /// reports no usage).
    #[arg(long, value_name = "TOKENS")]
    pub max_tokens: Option<u64>,
    /// Most seconds of work for each question.
    #[arg(long, value_name = "SECS", default_value_t = EVAL_MAX_WALL_SECS)]
    pub max_wall: u64,
}

/// Each eval question's wall-time ceiling unless `--max-wall` says
/// otherwise: a question is one run, and a set is many.
const EVAL_MAX_WALL_SECS: u64 = 300;

fn parse_floor(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!("{s:?} is not a score between 0 and 1")),
    }
}

pub fn eval(
    args: EvalArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<(), CliError> {
    if let Some(dir) = &args.ingest {
        return ingest(dir, &args, data, model_options);
    }
    let Some(file) = &args.file else {
        return Err(CliError::usage(tr!(speaking(), "cli-eval-what")));
    };
    let questions = eval::set::read(file).map_err(CliError::usage)?;
    let options = model_options.session();
    let card = eval::run(
        &questions,
        &eval::Setup {
            options: &options,
            data,
            timeout: args.timeout,
            limits: Limits {
                max_model_calls: args.max_model_calls,
                max_tokens: args.max_tokens,
                max_wall_secs: args.max_wall,
                ..Limits::default()
            },
        },
    )?;
    if args.json {
        println!("{}", super::json_text(&card)?);
    } else {
        println!("{}", scorecard(&card));
        if args.stats {
            println!(
                "\n{}",
                crate::show::stats::table(&card.steering, crate::i18n::speaking())
            );
        }
    }
    match args.floor {
        Some(floor) if card.totals.score < floor => Err(CliError::failure(tr!(
            speaking(),
            "cli-eval-below-floor",
            score = format!("{:.3}", card.totals.score),
            floor = floor.to_string()
        ))),
        _ => Ok(()),
    }
}

/// `steer eval --ingest DIR`.
fn ingest(
    dir: &std::path::Path,
    args: &EvalArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<(), CliError> {
    let options = model_options.session();
    let rt = crate::service::runtime()?;
    let drafter = crate::service::drafter(&options, args.timeout, rt.handle().clone())?;
    let dataset = steer_tools::dataset::load(data)?;
    let card = eval::ingest::score(dir, drafter.as_ref(), &dataset).map_err(CliError::usage)?;
    if args.json {
        println!("{}", super::json_text(&card)?);
    } else {
        println!("{}", ingest_card(&card));
    }
    match args.floor {
        Some(floor) if card.total.recall() < floor || card.total.precision() < floor => {
            Err(CliError::failure(tr!(
                speaking(),
                "cli-ingest-below-floor",
                recall = format!("{:.3}", card.total.recall()),
                precision = format!("{:.3}", card.total.precision()),
                floor = floor.to_string()
            )))
        }
        _ => Ok(()),
    }
}

/// The ingest scorecard: a row per slice, then what was missed and what
/// was drafted wrongly.
pub fn ingest_card(card: &eval::ingest::IngestCard) -> String {
    let lang = speaking();
    let row = |name: String, c: &eval::ingest::Counts| {
        vec![
            name,
            c.expected.to_string(),
            c.found.to_string(),
            pct(c.recall()),
            c.proposed.to_string(),
            c.correct.to_string(),
            pct(c.precision()),
        ]
    };
    let mut rows = vec![row(tr!(lang, "ingest-card-all"), &card.total)];
    rows.extend(card.by_type.iter().map(|(k, c)| row(k.clone(), c)));
    rows.extend(
        card.by_lang
            .iter()
            .map(|(k, c)| row(tr!(lang, "ingest-card-lang", lang = k.as_str()), c)),
    );
    let header: Vec<String> = [
        "records",
        "expected",
        "found",
        "recall",
        "drafted",
        "right",
        "precision",
    ]
    .iter()
    .map(|c| tr!(lang, "ingest-card-col", column = *c))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = crate::render::table(&header, rows);
    let mut out = format!(
        "{}\n{table}",
        tr!(lang, "ingest-card-title", drafter = card.drafter.as_str())
    );
    let list = |title: &str, misses: &[eval::ingest::Miss]| {
        let mut text = format!(
            "\n{}",
            tr!(lang, "ingest-card-list", title = title, n = misses.len())
        );
        for m in misses {
            text.push_str(&format!("\n  {} l.{}: {}", m.document, m.line, m.what));
        }
        text
    };
    out.push_str(&list(&tr!(lang, "ingest-card-missed"), &card.missed));
    out.push_str(&list(&tr!(lang, "ingest-card-wrong"), &card.wrong));
    out
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The scorecard as a table and its totals, in the language steer speaks.
pub fn scorecard(card: &Scorecard) -> String {
    let lang = speaking();
    let rows = card
        .questions
        .iter()
        .map(|s| {
            let outcome = match (&s.answer.refused, &s.answer.error) {
                (_, Some(e)) if s.answer.limit.is_some() => first_line(e),
                (_, Some(e)) => tr!(lang, "eval-failed", error = first_line(e)),
                (Some(_), _) if s.refusal_ok => tr!(lang, "eval-refused-ok"),
                (Some(m), _) => tr!(lang, "eval-refused", why = first_line(m)),
                (None, _) if !s.refusal_ok => tr!(lang, "eval-not-refused"),
                (None, _) => {
                    let mut missing: Vec<String> = Vec::new();
                    missing.extend(
                        s.tools_missing
                            .iter()
                            .map(|t| tr!(lang, "eval-missing-tool", tool = t.as_str())),
                    );
                    missing.extend(s.facts_missing.iter().map(|f| format!("\"{f}\"")));
                    missing.extend(
                        s.sources_missing
                            .iter()
                            .map(|f| tr!(lang, "eval-missing-source", source = f.as_str())),
                    );
                    missing.extend(
                        s.answer
                            .unverified_numbers
                            .iter()
                            .map(|n| tr!(lang, "eval-unverified", number = n.as_str())),
                    );
                    if missing.is_empty() {
                        tr!(lang, "eval-ok")
                    } else {
                        tr!(lang, "eval-missing", items = missing.join(", "))
                    }
                }
            };
            vec![
                s.answer.id.clone(),
                format!("{:.2}", s.score),
                pct(s.tool_choice),
                pct(s.fact_recall),
                pct(s.citations),
                s.answer.checkpoints.to_string(),
                s.answer.model_calls.to_string(),
                format!("{:.1}", s.answer.wall_ms),
                outcome,
            ]
        })
        .collect();
    let t = &card.totals;
    let header: Vec<String> = [
        "question", "score", "tools", "facts", "sources", "pauses", "calls", "ms", "outcome",
    ]
    .iter()
    .map(|c| tr!(lang, "eval-col", column = *c))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = crate::render::table(&header, rows);
    let totals = tr!(
        lang,
        "eval-totals",
        model = card.model.as_str(),
        n = t.questions,
        score = format!("{:.3}", t.score),
        tools = pct(t.tool_choice),
        facts = pct(t.fact_recall),
        cites = pct(t.citations),
        unverified = t.with_unverified_numbers,
        refused_ok = t.refusals_correct,
        refused = t.refusals_expected,
        wrongly = t.wrongly_refused,
        failed = t.failed,
        limited = t.stopped_at_limit,
        cps = t.checkpoints,
        calls = t.model_calls,
        tokens = t.tokens,
        ms = format!("{:.0}", t.wall_ms)
    );
    format!("{table}\n{totals}")
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let short: String = line.chars().take(100).collect();
    if short.len() < line.len() {
        format!("{short}…")
    } else {
        short
    }
}
