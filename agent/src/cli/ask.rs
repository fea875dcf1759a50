//! `steer ask`, `steer resume`, `steer sessions`: drive a run from the
//! command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde_json::{Value, json};
use steer_tools::Toolbox;

use super::{CliError, for_terminal, toolbox};
use crate::cassette::Recorder;
use crate::model::openai::production_service;
use crate::model::{Endpoint, Model, OpenAiModel};
use crate::offline;
use crate::run::{Decision, Driver, Limits, Outcome, Policy, Report, Run, RunError, Turn};
use crate::session::{self, Event, SessionLog};
use crate::terminal::Advanced;
use crate::tr;

/// Exit status when a run stops at a checkpoint nobody can answer here.
pub const EXIT_PAUSED: u8 = 3;

const DEFAULT_MODEL: &str = "gpt-4.1-mini";

/// Seconds before a model request times out, unless `--timeout` says.
pub const DEFAULT_TIMEOUT_SECS: u64 = 120;

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
}

impl ModelOptions {
    /// The language setting (`auto` unless `--lang`, `STEER_LANG` or the
    /// config file says).
    pub fn lang(&self) -> Result<crate::i18n::LangSetting, CliError> {
        match &self.lang {
            Some(l) => l.parse().map_err(CliError::usage),
            None => Ok(crate::i18n::LangSetting::Auto),
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
    /// Most tokens in the run, when the provider reports usage.
    #[arg(long, value_name = "TOKENS")]
    pub max_tokens: Option<u64>,
    #[command(flatten)]
    pub options: RunOptions,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Session id (or a unique part of it), as `steer sessions` lists it.
    pub id: String,
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
    #[command(flatten)]
    pub options: RunOptions,
}

fn parse_policy(s: &str) -> Result<Policy, String> {
    s.parse()
}

/// The model a command talks to. `resumed` is the session being resumed:
/// its recorded model is the default, and a cassette replay skips the
/// exchanges its log already holds.
pub fn model_for(
    options: &ModelOptions,
    timeout: u64,
    resumed: Option<&Opened>,
    data: Option<&PathBuf>,
    record: Option<&Path>,
) -> Result<Arc<dyn Model>, CliError> {
    let recorded = resumed.map(|o| o.model.as_str());
    let key = std::env::var("OPENAI_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let chosen = options.model.clone().or(recorded.map(str::to_string));
    let endpoint = Endpoint {
        base_url: options.base_url.clone(),
        api_key: key.clone(),
        model: chosen.clone().unwrap_or_else(|| DEFAULT_MODEL.to_string()),
        timeout: Duration::from_secs(timeout),
        max_retries: 3,
    };
    let secrets = api_key_secret();
    if let Some(path) = &options.from_cassette {
        if record.is_some() {
            return Err(CliError::usage(
                "--from-cassette replays a recording; it cannot be combined with `steer record`",
            ));
        }
        let skip = resumed.map_or(0, Opened::model_replies);
        return replayed_model(path, options.model.clone(), endpoint, skip);
    }
    // Nothing configured, or asked for by name: the embedded offline
    // planner, plugged in below async-openai like any endpoint.
    let nothing_configured = key.is_none() && options.base_url.is_none();
    if chosen.as_deref() == Some(offline::MODEL) || (nothing_configured && chosen.is_none()) {
        let data = Arc::new(super::dataset(data)?);
        let endpoint = Endpoint {
            model: offline::MODEL.to_string(),
            ..endpoint
        };
        let planner = crate::cassette::Answering::new(offline::OfflinePlanner::new(data));
        return Ok(match record {
            Some(path) => Arc::new(
                OpenAiModel::with_service(
                    &endpoint,
                    Recorder::new(
                        planner,
                        path.to_path_buf(),
                        "recorded with `steer record` from steer's offline planner",
                        secrets,
                    ),
                )
                .without_feedback(),
            ),
            None => Arc::new(OpenAiModel::with_service(&endpoint, planner).without_feedback()),
        });
    }
    if nothing_configured {
        return Err(CliError::usage(format!(
            "model `{}` needs an endpoint: set OPENAI_API_KEY, or point --base-url / OPENAI_BASE_URL at an OpenAI-compatible server (Ollama, vLLM, llama.cpp); `-m offline` uses the built-in offline planner",
            endpoint.model
        )));
    }
    Ok(match record {
        Some(path) => {
            let comment = format!(
                "recorded with `steer record` from {} (model {})",
                options.base_url.as_deref().unwrap_or("api.openai.com"),
                endpoint.model
            );
            Arc::new(OpenAiModel::with_service(
                &endpoint,
                Recorder::new(
                    production_service(&endpoint),
                    path.to_path_buf(),
                    &comment,
                    secrets,
                ),
            ))
        }
        None => Arc::new(OpenAiModel::new(&endpoint)),
    })
}

/// A model answering from the cassette at `path`, under the model name it
/// was recorded with (unless `-m` names another).
fn replayed_model(
    path: &Path,
    chosen: Option<String>,
    endpoint: Endpoint,
    skip: usize,
) -> Result<Arc<dyn Model>, CliError> {
    let cassette = crate::cassette::Cassette::load(path).map_err(CliError::usage)?;
    let recorded = cassette
        .interactions
        .first()
        .and_then(|i| i.request.body["model"].as_str())
        .map(str::to_string);
    let Some(model) = chosen.or(recorded) else {
        return Err(CliError::usage(format!(
            "cassette {} records no model request",
            path.display()
        )));
    };
    let endpoint = Endpoint {
        model,
        max_retries: 0,
        ..endpoint
    };
    let replayer =
        crate::cassette::Replayer::new(cassette, &path.display().to_string()).starting_at(skip);
    // A recording of the offline planner cannot act on feedback either.
    let offline_recording = endpoint.model == offline::MODEL;
    let model = OpenAiModel::with_service(&endpoint, crate::cassette::Answering::new(replayer));
    Ok(Arc::new(if offline_recording {
        model.without_feedback()
    } else {
        model
    }))
}

/// The API key, as a literal secret to scrub from logs and cassettes.
pub fn api_key_secret() -> Vec<String> {
    std::env::var("OPENAI_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .into_iter()
        .collect()
}

/// The async runtime steer's commands run on.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))
}

fn read_request(text: &str) -> Result<String, CliError> {
    let request = if text == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| CliError::usage(format!("cannot read the request from stdin: {e}")))?;
        s
    } else {
        text.to_string()
    };
    let request = request.trim().to_string();
    if request.is_empty() {
        return Err(CliError::usage("the request is empty"));
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
            code: EXIT_PAUSED,
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
    let toolbox = toolbox(data)?;
    let model = model_for(model_options, args.options.timeout, None, data, record)?;
    let limits = Limits {
        max_steps: args.max_steps,
        max_model_calls: args.max_model_calls,
        max_tokens: args.max_tokens,
        ..Limits::default()
    };
    let lang = model_options.lang()?.resolve(Some(&request));
    let new = NewRun {
        request,
        policy: args.checkpoints.clone(),
        limits,
        context: Vec::new(),
        lang,
    };
    let driver = start_session(new, model, toolbox, data, model_options)?;
    drive(driver, &args.options, None)
}

/// What a new session records in its first event and runs.
pub struct NewRun {
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    /// Earlier turns of the chat this request follows up.
    pub context: Vec<Turn>,
    /// The language the run speaks and reports in.
    pub lang: crate::i18n::Lang,
}

/// Creates the session log and a driver for a new run.
pub fn start_session(
    new: NewRun,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<Driver, CliError> {
    let id = session::new_id();
    let dir = model_options
        .session_dir
        .clone()
        .unwrap_or_else(session::default_dir);
    let start = Event::Start {
        id: id.clone(),
        request: new.request.clone(),
        policy: new.policy.to_string(),
        limits: new.limits.clone(),
        model: model.name(),
        data: data.map_or("built-in".to_string(), |d| d.display().to_string()),
        created: session::now(),
        context: new.context.clone(),
        lang: new.lang,
    };
    let log = SessionLog::create(&dir, &id, start, api_key_secret())
        .map_err(|e| CliError::failure(e.to_string()))?;
    let run = Run::new(
        &id,
        &new.request,
        toolbox.specs().cloned().collect(),
        new.policy,
        new.limits,
    )
    .with_context(&new.context)
    .with_lang(new.lang);
    Ok(Driver::new(run, model, toolbox, Some(log)))
}

/// A logged session that has not finished, read back.
pub struct Opened {
    pub path: PathBuf,
    pub events: Vec<Event>,
    pub id: String,
    pub request: String,
    pub policy: Policy,
    pub limits: Limits,
    /// The model the session was started with.
    pub model: String,
    pub context: Vec<Turn>,
    pub lang: crate::i18n::Lang,
    /// This process's hold on the session, passed on to its log.
    pub lock: session::SessionLock,
    /// A torn last line the log ends with (its line, the length before
    /// it), set aside by [`resume_driver`] once the rest replays.
    pub torn: Option<(usize, u64)>,
}

impl Opened {
    /// How many model replies the log holds.
    pub fn model_replies(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::ModelReply { .. }))
            .count()
    }
}

/// Finds session `id` (or a unique part of it) and reads its log; a
/// finished session is refused with where its report is.
pub fn open_session(model_options: &ModelOptions, id: &str) -> Result<Opened, CliError> {
    let dir = model_options
        .session_dir
        .clone()
        .unwrap_or_else(session::default_dir);
    let path = session::find(&dir, id).map_err(|e| CliError::usage(e.to_string()))?;
    // The lock comes before the read: what is read stays true until this
    // process lets go, so two resumes can never both append.
    let lock = session::lock(&path).map_err(|e| CliError::failure(e.to_string()))?;
    let read = session::read_log(&path).map_err(|e| CliError::failure(e.to_string()))?;
    let events = read.events;
    let Some(Event::Start {
        id,
        request,
        policy,
        limits,
        model,
        context,
        lang,
        ..
    }) = events.first().cloned()
    else {
        return Err(CliError::failure(format!(
            "{}: the log has no start event",
            path.display()
        )));
    };
    if events.iter().any(|e| matches!(e, Event::Report { .. })) {
        return Err(CliError::usage(format!(
            "session {id} has already finished; its report is in {}",
            path.display()
        )));
    }
    let policy: Policy = policy.parse().map_err(CliError::failure)?;
    Ok(Opened {
        path,
        events,
        id,
        request,
        policy,
        limits,
        model,
        context,
        lang,
        lock,
        torn: read.torn,
    })
}

/// A driver that replays `opened`'s log, then carries on live, and a note
/// for the user when a torn last line was set aside. The whole log is
/// checked against the replay first: a log the run no longer matches is
/// refused before anything in it changes (no repair, no append).
pub fn resume_driver(
    opened: Opened,
    model: Arc<dyn Model>,
    toolbox: Toolbox,
) -> Result<(Driver, Option<String>), CliError> {
    let run = Run::new(
        &opened.id,
        &opened.request,
        toolbox.specs().cloned().collect(),
        opened.policy,
        opened.limits,
    )
    .with_context(&opened.context)
    .with_lang(opened.lang);
    Driver::new(run.clone(), model.clone(), toolbox.clone(), None)
        .with_replay(opened.events.clone())
        .verify_replay()
        .map_err(run_error)?;
    let repaired = match opened.torn {
        Some((line, keep)) => Some(
            session::repair_torn(&opened.path, line, keep)
                .map_err(|e| CliError::failure(e.to_string()))?,
        ),
        None => None,
    };
    let log = SessionLog::reopen(&opened.path, opened.events.len())
        .map_err(|e| CliError::failure(e.to_string()))?
        .with_secrets(api_key_secret())
        .with_lock(opened.lock);
    let driver = Driver::new(run, model, toolbox, Some(log)).with_replay(opened.events);
    Ok((driver, repaired))
}

pub fn resume(
    args: ResumeArgs,
    data: Option<&PathBuf>,
    model_options: &ModelOptions,
) -> Result<(), CliError> {
    let opened = open_session(model_options, &args.id)?;
    let toolbox: Toolbox = toolbox(data)?;
    let model = model_for(
        model_options,
        args.options.timeout,
        Some(&opened),
        data,
        None,
    )?;
    let (driver, repaired) = resume_driver(opened, model, toolbox)?;
    if let Some(note) = repaired {
        eprintln!("steer: {}", for_terminal(&note));
    }
    let answer = if args.abort {
        Some(Decision::Abort)
    } else if let Some(feedback) = args.reject {
        Some(Decision::Reject { feedback })
    } else if let Some(option) = args.choose {
        Some(Decision::Choose { option })
    } else if args.approve {
        Some(Decision::Approve)
    } else {
        None
    };
    drive(driver, &args.options, answer)
}

/// Advances the run to its end, answering pauses with `first` (once), with
/// `--yes`, interactively on a terminal, or not at all (exit 3).
fn drive(
    mut driver: Driver,
    options: &RunOptions,
    mut first: Option<Decision>,
) -> Result<(), CliError> {
    let rt = runtime()?;
    let streaming = !options.json && std::io::stdout().is_terminal();
    // Spinners only where a person watches stderr, never in --json output.
    let spinners = crate::terminal::Spinners::new(!options.json && std::io::stderr().is_terminal());
    driver = driver.on_progress(spinners.sink());
    // What the model streamed, so the report is then printed once, whole.
    let streamed = Arc::new(std::sync::Mutex::new(String::new()));
    if streaming {
        let spinners = spinners.clone();
        let streamed = streamed.clone();
        driver = driver.on_text(Arc::new(move |t: &str| {
            spinners.clear();
            print!("{t}");
            let _ = std::io::stdout().flush();
            if let Ok(mut s) = streamed.lock() {
                s.push_str(t);
            }
        }));
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    // With a person at the terminal, Ctrl-C cancels the running step and
    // leaves the session paused, as in the chat.
    let mut interrupts = match interactive {
        true => Some(crate::terminal::Interrupts::new(&rt)?),
        false => None,
    };
    loop {
        let outcome = match interrupts.as_mut() {
            Some(i) => i.advance(&rt, &mut driver),
            None => rt.block_on(driver.advance()).map(Advanced::Outcome),
        };
        spinners.clear();
        let outcome = match outcome.map_err(|e| advance_error(e, &driver.run.id))? {
            Advanced::Outcome(outcome) => outcome,
            Advanced::Cancelled => {
                return Err(CliError {
                    code: EXIT_PAUSED,
                    message: tr!(driver.run.lang, "cli-cancelled", id = &driver.run.id),
                });
            }
        };
        match outcome {
            Outcome::Done(report) => {
                let streamed = streamed.lock().map(|s| s.clone()).unwrap_or_default();
                print_report(&driver, &report, options.json, &streamed)?;
                return Ok(());
            }
            Outcome::Pause(cp) => {
                if let Some(d) = first.take() {
                    // A refused answer changes nothing: the session stays
                    // paused at the same card and can be answered again.
                    driver.decide(d, false).map_err(|e| {
                        CliError::usage(tr!(
                            driver.run.lang,
                            "cli-still-paused",
                            error = e.to_string(),
                            id = &driver.run.id,
                            number = cp.number
                        ))
                    })?;
                } else if options.yes {
                    driver
                        .decide(cp.automatic_decision(), true)
                        .map_err(run_error)?;
                } else if interactive {
                    let styled = crate::terminal::styled(&std::io::stderr());
                    let term = console::Term::stderr();
                    if crate::terminal::answer_checkpoint(&mut driver, &cp, &term, styled)
                        == crate::terminal::Answered::LeftPaused
                    {
                        return Err(CliError {
                            code: EXIT_PAUSED,
                            message: tr!(driver.run.lang, "cli-left-paused", id = &driver.run.id),
                        });
                    }
                } else {
                    let cx = crate::terminal::CardContext {
                        reads_feedback: driver.reads_feedback(),
                        lang: driver.run.lang,
                    };
                    eprintln!("{}", crate::terminal::card(&cp, cx));
                    let mut answers = vec!["--approve"];
                    if !crate::terminal::choosable(&cp).is_empty() {
                        answers.push("--choose N");
                    }
                    if !cp.reject_is_feedback() || cx.reads_feedback {
                        answers.push("--reject \"FEEDBACK\"");
                    }
                    answers.push("--abort");
                    eprintln!(
                        "{}",
                        tr!(
                            cx.lang,
                            "cli-paused",
                            number = cp.number,
                            kind = cp.kind_name(),
                            id = &driver.run.id,
                            answers = answers.join(" | ")
                        )
                    );
                    return Err(CliError {
                        code: EXIT_PAUSED,
                        message: tr!(cx.lang, "cli-paused-short", id = &driver.run.id),
                    });
                }
            }
        }
    }
}

fn print_report(
    driver: &Driver,
    report: &Report,
    json: bool,
    streamed: &str,
) -> Result<(), CliError> {
    let run = &driver.run;
    if json {
        let plan: Vec<Value> = run.order.iter().filter_map(|id| run.steps.get(id)).map(|s| json!({"id": s.step.id, "tool": s.step.tool, "arguments": serde_json::from_str::<Value>(&s.step.arguments).unwrap_or(Value::Null), "status": s.status})).collect();
        let checkpoints: Vec<Value> = run.decisions.iter().map(|d| json!({"number": d.checkpoint, "kind": d.kind, "decision": d.decision, "automatic": d.automatic, "detail": d.detail})).collect();
        let out = json!({
            "session": run.id,
            "log": driver.log_path().map(|p| p.display().to_string()),
            "report": report.markdown,
            "aborted": report.aborted,
            "plan": {"version": run.plan_version, "goal": run.plan.as_ref().map(|p| p.goal.clone()), "steps": plan},
            "tool_calls": run.tool_calls,
            "checkpoints": checkpoints,
            "sources": report.sources,
            "unverified_numbers": report.unverified_numbers,
        });
        let text =
            serde_json::to_string_pretty(&out).map_err(|e| CliError::failure(e.to_string()))?;
        println!("{}", scrubbed(&text));
        return Ok(());
    }
    println!("{}", scrubbed(report.after_streamed(streamed)));
    eprintln!(
        "{}",
        tr!(
            run.lang,
            "cli-session-line",
            id = &run.id,
            path = driver
                .log_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )
    );
    Ok(())
}

/// Output for stdout with the API key and key-shaped tokens scrubbed: the
/// last net under the model's own scrubbing (`steer ask > report.md` must
/// never write a key to disk).
fn scrubbed(text: &str) -> String {
    crate::cassette::redact_text(text, &api_key_secret())
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

/// `steer replay SCRIPT...`: each session script against its cassette.
pub fn replay(scripts: &[PathBuf], data: Option<&PathBuf>) -> Result<(), CliError> {
    let rt = runtime()?;
    let toolbox = toolbox(data)?;
    let mut failed = 0;
    for path in scripts {
        let outcome = crate::script::load(path).and_then(|(script, cassette_path)| {
            let cassette = crate::cassette::Cassette::load(&cassette_path)?;
            let name = cassette_path.display().to_string();
            rt.block_on(crate::script::replay(
                &script,
                cassette,
                &name,
                toolbox.clone(),
            ))
        });
        match outcome {
            Ok(r) => println!(
                "ok    {} ({} tool calls, {} checkpoints)",
                path.display(),
                r.run.tool_calls.len(),
                r.run.decisions.len()
            ),
            Err(e) => {
                failed += 1;
                println!(
                    "FAIL  {}
{}",
                    path.display(),
                    indent(&e)
                );
            }
        }
    }
    if failed > 0 {
        return Err(CliError::failure(format!(
            "{failed} of {} session script(s) diverged",
            scripts.len()
        )));
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn sessions(dir: Option<&Path>) -> Result<(), CliError> {
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(session::default_dir);
    let paths = session::list(&dir).map_err(|e| CliError::failure(e.to_string()))?;
    if paths.is_empty() {
        println!("no sessions in {}", dir.display());
        return Ok(());
    }
    let mut rows = Vec::new();
    for p in paths {
        let id = p
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        match session::read(&p) {
            Ok(events) => {
                let (request, created) = match events.first() {
                    Some(Event::Start {
                        request, created, ..
                    }) => (request.clone(), created.clone()),
                    _ => (String::new(), String::new()),
                };
                // The last event tells: after a decision, a reply or a
                // result the process was stopped mid-work (interrupted),
                // not waiting at a checkpoint.
                let status = match events.last() {
                    Some(Event::Report { report }) if report.aborted => "aborted".to_string(),
                    Some(Event::Report { .. }) => "done".to_string(),
                    Some(Event::Pause { checkpoint }) => {
                        format!("paused: {}", checkpoint.kind_name())
                    }
                    Some(Event::Cancelled { .. }) => "paused: cancelled".to_string(),
                    _ => "interrupted".to_string(),
                };
                let short: String = request.chars().take(60).collect();
                rows.push(vec![id, created, status, short]);
            }
            Err(e) => rows.push(vec![
                id,
                String::new(),
                "unreadable".to_string(),
                e.to_string(),
            ]),
        }
    }
    println!(
        "{}",
        crate::render::table(&["session", "started", "status", "request"], rows)
    );
    Ok(())
}
