//! `steer ask`, `steer resume`, `steer sessions`: drive a run from the
//! command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use super::{CliError, for_terminal};
use crate::run::{Decision, Driver, Limits, Policy, Report, RunError};
use crate::service::{
    self, Automatic, Before, DEFAULT_TIMEOUT_SECS, Decide, Ended, FirstThen, NewRun, Nobody,
    SessionOptions,
};
use crate::tr;

/// Model and session options, accepted before or after the subcommand.
#[derive(Debug, Args, Clone, Default)]
pub struct ModelOptions {
    /// Model name, as the endpoint knows it.
    #[arg(short = 'm', long, env = "STEER_MODEL", global = true)]
    pub model: Option<String>,
    /// Any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, OpenRouter, Azure).
    #[arg(long, env = "OPENAI_BASE_URL", value_name = "URL", global = true)]
    pub base_url: Option<String>,
    /// Where session logs are kept (default: the XDG data dir, steer/sessions).
    #[arg(long, value_name = "DIR", global = true)]
    pub session_dir: Option<PathBuf>,
    /// Answer model requests from a recorded cassette instead of an
    /// endpoint: an offline replay of a recorded chat. A request that
    /// differs from the recording stops the run with a diff.
    #[arg(
        long,
        value_name = "CASSETTE",
        env = "STEER_FROM_CASSETTE",
        global = true
    )]
    pub from_cassette: Option<PathBuf>,
    /// The language steer speaks and reports in: en, ja, or auto (the
    /// request's script, else the locale).
    #[arg(long, env = "STEER_LANG", value_name = "LANG", global = true)]
    pub lang: Option<String>,
    /// What session logs survive: `flush` (default; a killed process
    /// loses nothing written) or `sync` (also a power cut, at the cost of
    /// a disk sync per event).
    #[arg(
        long,
        env = "STEER_DURABILITY",
        value_name = "flush|sync",
        global = true
    )]
    pub durability: Option<String>,
    /// Where sessions are kept: `file:DIR` (default: the session
    /// directory) or `postgres://USER@HOST/DB`, for several machines or
    /// `steer mcp --http` replicas sharing sessions.
    #[arg(long, env = "STEER_STORE", value_name = "URL", global = true)]
    pub store: Option<String>,
}

impl ModelOptions {
    /// The settings as the session service takes them.
    pub fn session(&self) -> SessionOptions {
        SessionOptions {
            model: self.model.clone(),
            base_url: self.base_url.clone(),
            session_dir: self.session_dir.clone(),
            from_cassette: self.from_cassette.clone(),
            lang: self.lang.clone(),
            durability: self.durability.clone(),
            owner: None,
            store: self.store.clone(),
            opened: Default::default(),
        }
    }
}

/// How a run is driven and printed.
#[derive(Debug, Args, Clone)]
pub struct RunOptions {
    /// Approve every checkpoint (recorded as automatic).
    #[arg(long)]
    pub yes: bool,
    /// Print one JSON object (report, plan, tool calls, checkpoints, sources).
    #[arg(long)]
    pub json: bool,
    /// Seconds before a model request times out.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS, value_name = "SECS")]
    pub timeout: u64,
    /// After the report, print the lines each cited source label points to
    /// (from the dataset's documents/, or --documents).
    #[arg(long)]
    pub show_sources: bool,
    /// A folder holding source documents by file name, for --show-sources.
    #[arg(long, value_name = "DIR", requires = "show_sources")]
    pub documents: Option<PathBuf>,
    /// Also write the chart(s) the run's tools drew as SVG: FILE.svg, then
    /// FILE-2.svg, ... (the report ends with them as text either way).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The research request, or `-` to read it from stdin.
    pub request: String,
    /// Where to pause: plan,conflicts,assumptions,offplan (default), all, or none.
    #[arg(long, default_value = "plan,conflicts,assumptions,offplan", value_parser = parse_policy)]
    pub checkpoints: Policy,
    /// Most tool executions in the run.
    #[arg(long, default_value_t = Limits::default().max_steps)]
    pub max_steps: u64,
    /// Most model calls in the run.
    #[arg(long, default_value_t = Limits::default().max_model_calls)]
    pub max_model_calls: u64,
    /// Most tokens in the run (as the provider reports them, estimated
    /// from the text where it does not).
    #[arg(long, value_name = "TOKENS")]
    pub max_tokens: Option<u64>,
    /// Most seconds of work in the run (model calls and tools; not the
    /// time a person takes at a card).
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().max_wall_secs)]
    pub max_wall: u64,
    #[command(flatten)]
    pub options: RunOptions,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Session id (or a unique part of it), as `steer sessions` lists it.
    #[arg(required_unless_present = "last")]
    pub id: Option<String>,
    /// The most recent session.
    #[arg(long, conflicts_with = "id")]
    pub last: bool,
    /// Approve the pending checkpoint.
    #[arg(long, conflicts_with_all = ["reject", "abort"])]
    pub approve: bool,
    /// Reject the pending checkpoint with this feedback for the model.
    #[arg(long, value_name = "FEEDBACK", conflicts_with = "abort")]
    pub reject: Option<String>,
    /// Abort the run.
    #[arg(long)]
    pub abort: bool,
    /// Use option N of the pending conflict or assumption (its number on the card).
    #[arg(long, value_name = "N", conflicts_with_all = ["approve", "reject", "abort"])]
    pub choose: Option<u32>,
    /// At a limit: raise it to N and go on (`--approve` there stops the
    /// run with what was done).
    #[arg(long, value_name = "N", conflicts_with_all = ["approve", "reject", "abort", "choose"])]
    pub raise_limit: Option<u64>,
    #[command(flatten)]
    pub options: RunOptions,
}

fn parse_policy(s: &str) -> Result<Policy, String> {
    s.parse()
}

fn read_request(text: &str) -> Result<String, CliError> {
    let request = if text == "-" {
        super::read_stdin("cli-stdin-request")?
    } else {
        text.to_string()
    };
    let request = request.trim().to_string();
    if request.is_empty() {
        return Err(CliError::usage(tr!(
            crate::i18n::speaking(),
            "cli-empty-request"
        )));
    }
    Ok(request)
}

fn run_error(e: RunError) -> CliError {
    CliError::failure(e.to_string())
}

/// An error while the run advanced. An endpoint that cannot be reached,
/// keeps failing after the retries, asks for a long wait, or cuts its
/// stream leaves nothing half-done: the reply was never logged, so the
/// session is paused there (exit 3) and `steer resume` asks again.
fn advance_error(e: RunError, id: &str) -> CliError {
    match e {
        RunError::Model(crate::model::ModelError::Transport(_)) => CliError {
            code: super::EXIT_PAUSED,
            message: format!(
                "{e}\nthe session is paused before that model call; `steer resume {id}` tries it again"
            ),
        },
        other => run_error(other),
    }
}

pub fn ask(
    args: AskArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
    record: Option<&Path>,
) -> Result<(), CliError> {
    let request = read_request(&args.request)?;
    let options = model_options.session();
    let service = service::SessionService::new(
        options.clone(),
        service::Data::new(data),
        args.options.timeout,
    )
    .recording(record);
    let limits = Limits {
        max_steps: args.max_steps,
        max_model_calls: args.max_model_calls,
        max_tokens: args.max_tokens,
        max_wall_secs: args.max_wall,
        ..Limits::default()
    };
    let lang = options.lang()?.resolve(Some(&request));
    let new = NewRun {
        request,
        policy: args.checkpoints.clone(),
        limits,
        context: Vec::new(),
        lang,
        chat: None,
    };
    let driver = service.start(new)?;
    drive(driver, &args.options, None, service.data())
}

pub fn resume(
    args: ResumeArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<(), CliError> {
    let service = service::SessionService::new(
        model_options.session(),
        service::Data::new(data),
        args.options.timeout,
    );
    let id = super::show::chosen_id(args.id.as_deref(), args.last, service.options(), None)?;
    let (driver, repaired) = match service.resume(&id)? {
        service::Resumed::Run { driver, repaired } => (*driver, repaired),
        service::Resumed::Ingest(opened) => {
            if args.approve
                || args.abort
                || args.reject.is_some()
                || args.choose.is_some()
                || args.raise_limit.is_some()
            {
                return Err(CliError::usage(
                    "an ingest is answered proposal by proposal on its cards (or all at once with --yes); --approve, --reject, --choose and --abort answer a research run's checkpoint",
                ));
            }
            return super::ingest::resume(
                opened,
                service.options(),
                args.options.yes,
                args.options.json,
                args.options.timeout,
            );
        }
    };
    if let Some(note) = repaired {
        eprintln!("steer: {}", for_terminal(&note));
    }
    let answer = if args.abort {
        Some(Decision::Abort)
    } else if let Some(feedback) = args.reject {
        Some(Decision::Reject { feedback })
    } else if let Some(option) = args.choose {
        Some(Decision::Choose { option })
    } else if let Some(to) = args.raise_limit {
        Some(Decision::RaiseLimit { to })
    } else if args.approve {
        Some(Decision::Approve)
    } else {
        None
    };
    drive(driver, &args.options, answer, service.data())
}

/// Advances the run to its end, answering pauses with `first` (once), with
/// `--yes`, interactively on a terminal, or not at all (exit 3).
fn drive(
    mut driver: Driver,
    options: &RunOptions,
    first: Option<Decision>,
    data: &service::Data,
) -> Result<(), CliError> {
    let rt = service::runtime()?;
    let streaming = !options.json && std::io::stdout().is_terminal();
    // Spinners only where a person watches stderr, never in --json output.
    let spinners = crate::terminal::Spinners::new(!options.json && std::io::stderr().is_terminal());
    driver = driver.on_progress(spinners.sink());
    // On a terminal the report is rendered as the chat renders it (bold
    // headings, aligned tables; plain under NO_COLOR) as it streams; the
    // renderer keeps what streamed, so the report is then printed once,
    // whole. Piped, the Markdown is written as it is.
    let rendered = Arc::new(std::sync::Mutex::new(crate::terminal::Markdown::new(
        crate::terminal::styled(&std::io::stdout()),
    )));
    if streaming {
        let spinners = spinners.clone();
        let rendered = rendered.clone();
        driver = driver.on_text(Arc::new(move |t: &str| {
            spinners.clear();
            if let Ok(mut md) = rendered.lock() {
                print!("{}", md.push(t));
            }
            let _ = std::io::stdout().flush();
        }));
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    // With a person at the terminal, Ctrl-C cancels the running step and
    // leaves the session paused, as in the chat.
    let mut interrupts = match interactive {
        true => Some(crate::terminal::Interrupts::new(&rt)?),
        false => None,
    };
    // Who answers: an answer given with the command first, then `--yes`,
    // the card on a terminal, or nobody (the session stays paused).
    let rest: Box<dyn Decide> = if options.yes {
        Box::new(Automatic)
    } else if interactive {
        Box::new(crate::terminal::Terminal::new(
            console::Term::stderr(),
            crate::terminal::styled(&std::io::stderr()),
        ))
    } else {
        Box::new(Nobody)
    };
    let clear = spinners.clone();
    let mut decider = Before::new(FirstThen::new(first, rest), move || clear.clear());
    let ended = match interrupts.as_mut() {
        Some(i) => rt.block_on(service::drive(&mut driver, &mut decider, i)),
        None => rt.block_on(service::drive(
            &mut driver,
            &mut decider,
            &mut service::Uncancellable,
        )),
    };
    spinners.clear();
    match ended {
        Ended::Done(report) => {
            let mut guard = rendered.lock().ok().filter(|_| streaming);
            let shown = match guard.as_deref_mut() {
                Some(md) => Shown::Rendered(md),
                None => Shown::Plain,
            };
            print_report(&driver, &report, options.json, shown)?;
            if options.show_sources && !options.json {
                print!(
                    "{}",
                    scrubbed(&cited_lines(&report, data, options.documents.as_deref())?)
                );
            }
            let charts: Vec<_> = driver.charts().into_iter().map(|c| c.chart).collect();
            if !options.json {
                for c in &charts {
                    println!("\n{}", super::tools::chart_text(c));
                }
            }
            if let Some(path) = &options.chart {
                super::tools::write_charts(&charts, path)?;
            }
            match report.limit {
                // The partial report is printed; the status tells a script
                // the run did not finish.
                Some(stop) => Err(CliError {
                    code: super::EXIT_LIMIT,
                    message: tr!(
                        driver.lang(),
                        "cli-stopped-limit",
                        limit = stop.limit.describe(driver.lang()),
                        used = stop.used,
                        allowed = stop.allowed,
                        id = driver.id()
                    ),
                }),
                None => Ok(()),
            }
        }
        Ended::Failed(RunError::Model(crate::model::ModelError::Declined(reason)))
            if options.json =>
        {
            print_declined(&driver, &reason, data)?;
            Err(run_error(RunError::Model(
                crate::model::ModelError::Declined(reason),
            )))
        }
        Ended::Failed(e) => Err(advance_error(e, driver.id())),
        Ended::Cancelled => Err(CliError {
            code: super::EXIT_PAUSED,
            message: tr!(driver.lang(), "cli-cancelled", id = driver.id()),
        }),
        // A refused answer changes nothing: the session stays paused at
        // the same card and can be answered again.
        Ended::Paused {
            checkpoint: cp,
            refused: Some(error),
        } => Err(CliError::usage(tr!(
            driver.lang(),
            "cli-still-paused",
            error = error,
            id = driver.id(),
            number = cp.number
        ))),
        Ended::Paused { .. } if interactive => Err(CliError {
            code: super::EXIT_PAUSED,
            message: tr!(driver.lang(), "cli-left-paused", id = driver.id()),
        }),
        Ended::Paused {
            checkpoint: cp,
            refused: None,
        } => {
            let cx = crate::terminal::CardContext::plain(driver.reads_feedback(), driver.lang());
            eprintln!("{}", crate::terminal::card(&cp, cx));
            let choosable = !crate::terminal::choosable(&cp).is_empty();
            let answers: Vec<&str> = cp
                .answers(
                    &["approve", "choose", "reject", "raise_limit", "abort"],
                    cx.reads_feedback,
                    choosable,
                )
                .into_iter()
                .map(|name| match name {
                    "choose" => "--choose N",
                    "reject" => "--reject \"FEEDBACK\"",
                    "raise_limit" => "--raise-limit N",
                    "abort" => "--abort",
                    _ => "--approve",
                })
                .collect();
            eprintln!(
                "{}",
                tr!(
                    cx.lang,
                    "cli-paused",
                    number = cp.number,
                    kind = cp.kind_name(),
                    id = driver.id(),
                    answers = answers.join(" | ")
                )
            );
            Err(CliError {
                code: super::EXIT_PAUSED,
                message: tr!(cx.lang, "cli-paused-short", id = driver.id()),
            })
        }
    }
}

/// `--json` for a request the planner declined: one object still, with
/// the reason, the names the dataset does not hold and what it covers, so
/// a script always has something to read.
fn print_declined(driver: &Driver, reason: &str, data: &service::Data) -> Result<(), CliError> {
    let dataset = data.dataset()?;
    let organisations: Vec<&str> = dataset
        .entities
        .iter()
        .filter(|e| e.kind != steer_tools::dataset::EntityKind::Person)
        .map(|e| e.name.as_str())
        .collect();
    let out = serde_json::json!({
        "status": "declined",
        "session": driver.id(),
        "request": driver.request(),
        "reason": reason,
        "not_found": crate::offline::unknown_names(driver.request(), &dataset),
        "covers": {
            "organisations": organisations,
            "deals": dataset.deals.len(),
            "figures": dataset.figures.len(),
            "statements": dataset.statements.len(),
            "sources": dataset.sources.len(),
        },
    });
    let text = super::json_text(&out)?;
    println!("{}", scrubbed(&text));
    Ok(())
}

/// How the report reaches stdout: rendered for a terminal (continuing
/// what streamed), or as Markdown.
enum Shown<'a> {
    Rendered(&'a mut crate::terminal::Markdown),
    Plain,
}

fn print_report(
    driver: &Driver,
    report: &Report,
    json: bool,
    shown: Shown<'_>,
) -> Result<(), CliError> {
    if json {
        let out = service::RunSummary::of(driver, Some(report));
        let text = super::json_text(&out)?;
        println!("{}", scrubbed(&text));
        return Ok(());
    }
    match shown {
        Shown::Rendered(md) => {
            let rest = report.after_streamed(&md.received).to_string();
            let mut out = md.push(&rest);
            out.push_str(&md.finish());
            println!("{}", scrubbed(&out));
        }
        Shown::Plain => println!("{}", scrubbed(&report.markdown)),
    }
    eprintln!(
        "{}",
        tr!(
            driver.lang(),
            "cli-session-line",
            id = driver.id(),
            path = driver
                .log_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )
    );
    Ok(())
}

/// Every source the report cites, with the lines it points to; a source
/// whose document the dataset does not ship says where to read it.
fn cited_lines(
    report: &Report,
    data: &service::Data,
    documents: Option<&Path>,
) -> Result<String, CliError> {
    let dataset = data.dataset()?;
    let mut out = String::from("\n## Cited lines\n\n");
    for label in &report.sources {
        let text = crate::ingest::cited_lines(
            &dataset,
            data.dir().map(PathBuf::as_path),
            documents,
            label,
        )
        .unwrap_or_else(|why| format!("{label}: {why}\n"));
        out.push_str(&format!("```text\n{text}```\n\n"));
    }
    Ok(out)
}

/// Output for stdout with the API key and key-shaped tokens scrubbed: the
/// last net under the model's own scrubbing (`steer ask > report.md` must
/// never write a key to disk).
fn scrubbed(text: &str) -> String {
    crate::cassette::redact_text(text, &service::api_key_secret())
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Where to write the cassette (replaced if it exists).
    #[arg(long, env = "STEER_RECORD", value_name = "PATH")]
    pub cassette: PathBuf,
    #[command(flatten)]
    pub ask: AskArgs,
}

pub fn record(
    args: RecordArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<(), CliError> {
    ask(args.ask, data, model_options, Some(&args.cassette))?;
    eprintln!("cassette written to {}", args.cassette.display());
    Ok(())
}
