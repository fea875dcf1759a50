//! The chat: `steer` with no command on a terminal.
//!
//! Each request runs the same runtime as `steer ask` (a session log per
//! request); follow-ups carry the earlier requests and answers. Pauses
//! are answered with one key; a running step is cancelled with Ctrl-C and
//! the session stays resumable from its log.

mod command;
mod line;
mod save;
mod views;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use console::{Style, Term};
use rustyline::error::ReadlineError;
use steer_tools::{Dataset, Toolbox};

use command::Command;

use crate::i18n::{Lang, LangSetting};
use crate::model::{Model, ModelError};
use crate::run::{Driver, Limits, Policy, Report, RunError, StepChart, Turn};
use crate::service::{self, NewRun, ServiceError, SessionOptions};
use crate::service::{Before, Ended};
use crate::terminal::{self, Interrupts, Markdown, Spinners};
use crate::tr;

/// A finished run, kept for `/save`, `/sources` and `/plan`.
struct Finished {
    id: String,
    report: Report,
    charts: Vec<StepChart>,
}

struct Chat {
    /// `--lang` (or `STEER_LANG`, or the config file).
    lang: LangSetting,
    /// The language the chat speaks now: the setting, or with `auto` the
    /// latest request's, else the locale's.
    speaking: Lang,
    dataset: Arc<Dataset>,
    toolbox: Toolbox,
    data: service::Data,
    options: SessionOptions,
    model: Arc<dyn Model>,
    policy: Policy,
    timeout: u64,
    turns: Vec<Turn>,
    /// This chat's id: each turn's session records it, so `steer
    /// sessions` lists the turns under their chat.
    chat_id: String,
    /// The run in progress: paused at a checkpoint, or just finished.
    current: Option<Driver>,
    /// A session cancelled with Ctrl-C: `/resume` continues it from its log.
    interrupted: Option<String>,
    last: Option<Finished>,
    styled: bool,
    spinners: Spinners,
    interrupts: Interrupts,
    rt: tokio::runtime::Runtime,
}

/// Runs the chat until `/exit` or Ctrl-D.
pub fn run(
    data: Option<PathBuf>,
    options: SessionOptions,
    policy: Policy,
    timeout: u64,
) -> Result<(), ServiceError> {
    let data = service::Data::new(data.as_ref());
    let dataset = data.dataset()?;
    let toolbox = data.toolbox()?;
    let model = service::model_for(&options, timeout, None, &data, None)?;
    let rt = service::runtime()?;
    let tools: Vec<String> = toolbox.specs().map(|s| s.name.clone()).collect();
    let interrupts = Interrupts::new(&rt)?;
    let lang = options.lang()?;
    let mut chat = Chat {
        lang,
        speaking: lang.resolve(None),
        dataset,
        toolbox,
        data,
        options,
        model,
        policy,
        timeout,
        turns: Vec::new(),
        chat_id: crate::session::new_id(),
        current: None,
        interrupted: None,
        last: None,
        styled: terminal::styled(&std::io::stdout()),
        spinners: Spinners::new(std::io::stderr().is_terminal()),
        interrupts,
        rt,
    };
    let mut editor = line::editor(tools).map_err(|e| {
        ServiceError::failure(tr!(
            crate::i18n::speaking(),
            "chat-no-editor",
            error = e.to_string()
        ))
    })?;
    let history = line::history_path();
    // A missing history file is the first run, not an error.
    let _ = editor.load_history(&history);
    println!("{}", chat.banner());
    loop {
        match editor.readline("steer> ") {
            Ok(input) => {
                let input = line::joined(&input);
                let text = input.trim();
                if text.is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(text);
                if text.starts_with('/') {
                    match command::parse(text, chat.speaking) {
                        Ok(Command::Exit) => break,
                        Ok(c) => chat.command(c),
                        Err(e) => chat.error(&e),
                    }
                } else {
                    chat.request(text.to_string());
                }
            }
            // Ctrl-C at the prompt clears the line.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                return Err(ServiceError::failure(tr!(
                    chat.speaking,
                    "chat-cannot-read",
                    error = e.to_string()
                )));
            }
        }
    }
    if let Some(parent) = history.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = editor.save_history(&history) {
        eprintln!(
            "steer: cannot save the history to {}: {e}",
            history.display()
        );
    }
    if let Some(id) = chat.paused_id() {
        println!("{}", tr!(chat.speaking, "chat-paused-at-exit", id = &id));
    }
    Ok(())
}

impl Chat {
    fn banner(&self) -> String {
        let lang = self.speaking;
        tr!(
            lang,
            "chat-banner",
            version = env!("CARGO_PKG_VERSION"),
            model = self.model.name(),
            replayed = match &self.options.from_cassette {
                Some(p) => tr!(lang, "chat-replayed", path = p.display().to_string()),
                None => String::new(),
            },
            dataset = self.dataset.origin.to_string(),
            deals = self.dataset.deals.len(),
            sources = self.dataset.sources.len()
        )
    }

    fn error(&self, message: &str) {
        let style = Style::new().red().force_styling(self.styled);
        eprintln!("{}", style.apply_to(format!("steer: {message}")));
    }

    fn note(&self, message: &str) {
        let style = Style::new().dim().force_styling(self.styled);
        println!("{}", style.apply_to(message));
    }

    fn paused_id(&self) -> Option<String> {
        self.current
            .as_ref()
            .filter(|d| d.paused())
            .map(|d| d.id().to_string())
            .or_else(|| self.interrupted.clone())
    }

    fn request(&mut self, text: String) {
        if let Some(id) = self.paused_id() {
            self.note(&tr!(self.speaking, "chat-stays-paused", id = &id));
        }
        self.interrupted = None;
        self.speaking = self.lang.resolve(Some(&text));
        let new = NewRun {
            request: text,
            policy: self.policy.clone(),
            limits: Limits::default(),
            context: self.turns.clone(),
            lang: self.speaking,
            chat: Some(self.chat_id.clone()),
        };
        match self.service().start(new) {
            Ok(driver) => self.drive(driver),
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Advances `driver` until it finishes, the user leaves a checkpoint
    /// open, or Ctrl-C cancels the running step.
    fn drive(&mut self, driver: Driver) {
        let rendered = Arc::new(Mutex::new(Markdown::new(self.styled)));
        let sink = {
            let rendered = rendered.clone();
            let spinners = self.spinners.clone();
            let rule = Style::new()
                .dim()
                .force_styling(self.styled)
                .apply_to(tr!(self.speaking, "chat-report"))
                .to_string();
            Arc::new(move |text: &str| {
                spinners.clear();
                if let Ok(mut md) = rendered.lock() {
                    if md.received.is_empty() {
                        println!("{rule}");
                    }
                    print!("{}", md.push(text));
                    let _ = std::io::stdout().flush();
                }
            })
        };
        let mut driver = driver.on_text(sink).on_progress(self.spinners.sink());
        let id = driver.id().to_string();
        // Before each card: the spinners go and the text streamed so far is
        // finished; what streams after the answer is a new piece of text.
        let mut card = {
            let (rendered, spinners, styled) =
                (rendered.clone(), self.spinners.clone(), self.styled);
            Before::new(terminal::Terminal::new(Term::stdout(), styled), move || {
                spinners.clear();
                if let Ok(mut md) = rendered.lock() {
                    print!("{}", md.finish());
                    *md = Markdown::new(styled);
                }
            })
        };
        let ended = self
            .rt
            .block_on(service::drive(&mut driver, &mut card, &mut self.interrupts));
        self.spinners.clear();
        let streamed = match rendered.lock() {
            Ok(mut md) => {
                print!("{}", md.finish());
                md.received.clone()
            }
            Err(_) => String::new(),
        };
        match ended {
            Ended::Cancelled => {
                // The step's future was dropped mid-way; the log holds
                // only what finished, so resuming replays it exactly.
                println!();
                self.note(&tr!(self.speaking, "chat-cancelled", id = &id));
                self.current = None;
                self.interrupted = Some(id);
            }
            Ended::Failed(e) => {
                self.error(&e.to_string());
                self.current = None;
                // A model that declines would decline again: resuming
                // is offered only for failures worth retrying.
                if matches!(e, RunError::Model(ModelError::Declined(_))) {
                    self.interrupted = None;
                } else {
                    self.note(&tr!(self.speaking, "chat-kept", id = &id));
                    self.interrupted = Some(id);
                }
            }
            Ended::Done(report) => {
                self.show_report(&driver, &report, &streamed);
                self.current = Some(driver);
            }
            Ended::Paused {
                refused: Some(why), ..
            } => {
                self.error(&why);
                self.current = Some(driver);
            }
            Ended::Paused {
                checkpoint: cp,
                refused: None,
            } => {
                self.note(&tr!(
                    self.speaking,
                    "chat-left-paused",
                    id = &id,
                    number = cp.number
                ));
                self.current = Some(driver);
            }
        }
    }

    fn show_report(&mut self, driver: &Driver, report: &Report, streamed: &str) {
        let mut md = Markdown::new(self.styled);
        let answer = report.answer.trim();
        if streamed.is_empty() {
            self.note(&tr!(self.speaking, "chat-report"));
        }
        let rest = report.after_streamed(streamed);
        print!("{}", md.push(rest));
        println!("{}", md.finish());
        let charts = driver.charts();
        for c in &charts {
            // The text chart carries its own title.
            println!("\n{}", c.chart.text);
        }
        let lang = self.speaking;
        self.note(&tr!(
            lang,
            "chat-report-footer",
            id = driver.id(),
            charts = match charts.len() {
                0 => String::new(),
                1 => tr!(lang, "chat-and-chart"),
                _ => tr!(lang, "chat-and-charts"),
            }
        ));
        if !report.aborted && !answer.is_empty() {
            self.turns.push(Turn {
                request: driver.request().to_string(),
                answer: answer.to_string(),
            });
        }
        self.last = Some(Finished {
            id: driver.id().to_string(),
            report: report.clone(),
            charts,
        });
    }

    fn command(&mut self, c: Command) {
        match c {
            Command::Help => print!("{}", command::help(self.speaking)),
            Command::Plan => self.plan(),
            Command::Tools => {
                for s in self.toolbox.specs() {
                    println!("  {:<22} {}", s.name, s.summary());
                }
            }
            Command::Sources => self.sources(),
            Command::Ingest(file) => self.ingest(&file),
            Command::Source(citation) => match self
                .data
                .dataset()
                .map_err(|e| e.to_string())
                .and_then(|d| {
                    crate::ingest::cited_lines(
                        &d,
                        self.data.dir().map(PathBuf::as_path),
                        None,
                        &citation,
                    )
                }) {
                Ok(text) => print!("{text}"),
                Err(e) => self.error(&e),
            },
            Command::Checkpoints(None) => {
                println!(
                    "{}",
                    tr!(
                        self.speaking,
                        "chat-checkpoints",
                        policy = self.policy.to_string()
                    )
                );
            }
            Command::Checkpoints(Some(p)) => match p.parse::<Policy>() {
                Ok(policy) => {
                    self.policy = policy;
                    println!(
                        "{}",
                        tr!(
                            self.speaking,
                            "chat-checkpoints-next",
                            policy = self.policy.to_string()
                        )
                    );
                }
                Err(e) => self.error(&e),
            },
            Command::Model(None) => println!(
                "{}",
                tr!(self.speaking, "chat-model", model = self.model.name())
            ),
            Command::Model(Some(name)) => {
                let mut options = self.options.clone();
                options.model = Some(name);
                match service::model_for(&options, self.timeout, None, &self.data, None) {
                    Ok(model) => {
                        self.model = model;
                        self.options = options;
                        println!(
                            "{}",
                            tr!(self.speaking, "chat-model-next", model = self.model.name())
                        );
                    }
                    Err(e) => self.error(&e.to_string()),
                }
            }
            Command::Save(path) => match &self.last {
                Some(f) => {
                    match save::write(&f.id, &f.report, &f.charts, path.as_deref(), self.speaking) {
                        Ok(written) => {
                            for p in written {
                                println!(
                                    "{}",
                                    tr!(
                                        self.speaking,
                                        "chat-wrote",
                                        path = p.display().to_string()
                                    )
                                );
                            }
                        }
                        Err(e) => self.error(&e),
                    }
                }
                None => self.error(&tr!(self.speaking, "chat-no-report-save")),
            },
            Command::Sessions => match self.service().list() {
                Ok((place, rows)) => println!(
                    "{}",
                    crate::render::sessions(&place, &rows, true, self.speaking)
                ),
                Err(e) => self.error(&e.to_string()),
            },
            Command::Resume(id) => self.resume(id),
            Command::New => {
                self.turns.clear();
                self.current = None;
                self.interrupted = None;
                self.last = None;
                println!("{}", tr!(self.speaking, "chat-new"));
            }
            Command::Exit => {}
        }
    }

    /// `/ingest FILE`: the document into the `--data` directory, one card
    /// per proposal; the next requests use the grown dataset.
    fn ingest(&mut self, file: &str) {
        let Some(dir) = self.data.dir().cloned() else {
            self.error(&tr!(self.speaking, "chat-ingest-needs-data"));
            return;
        };
        if let Err(e) = crate::ingest::write::ensure(&dir) {
            return self.error(&e.to_string());
        }
        let files = [std::path::PathBuf::from(file)];
        let finished = service::runtime().and_then(|rt| {
            let drafter = service::drafter(&self.options, self.timeout, rt.handle().clone())?;
            let lang = self
                .options
                .lang
                .as_deref()
                .filter(|l| matches!(*l, "en" | "ja"));
            let (_, mut log) =
                service::start_ingest(&self.options, &dir, &files, &drafter.name(), lang)?;
            let job = crate::ingest::session::Ingest {
                dir: &dir,
                files: &files,
                drafter: drafter.as_ref(),
                lang,
            };
            let mut decide = terminal::Terminal::new(console::Term::stderr(), self.styled);
            service::drive_ingest(
                &job,
                crate::ingest::session::Past::default(),
                &mut decide,
                &mut log,
            )
            .map(|ended| ended.finished)
        });
        match finished {
            Ok(f) => {
                for batch in &f.batches {
                    if let Some(why) = &batch.already {
                        self.error(why);
                    }
                    print!("{}", crate::ingest::summary(batch));
                }
                if f.aborted {
                    println!("{}", tr!(self.speaking, "chat-ingest-aborted"));
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
        // The next requests see the grown dataset.
        self.data = service::Data::new(Some(&dir));
        match self.data.toolbox().and_then(|t| {
            service::model_for(&self.options, self.timeout, None, &self.data, None).map(|m| (t, m))
        }) {
            Ok((toolbox, model)) => {
                self.toolbox = toolbox;
                self.model = model;
                if let Ok(d) = self.data.dataset() {
                    self.dataset = d;
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn resume(&mut self, id: Option<String>) {
        // The run paused in this chat, when it is the one meant.
        let here = self
            .current
            .as_ref()
            .filter(|d| d.paused())
            .map(|d| d.id().to_string());
        match (id, here) {
            (None, Some(_)) => self.continue_here(),
            (Some(wanted), Some(here)) if here.contains(wanted.as_str()) => self.continue_here(),
            (Some(wanted), _) => self.resume_logged(&wanted),
            (None, None) => match self.interrupted.clone() {
                Some(wanted) => self.resume_logged(&wanted),
                None => self.error(&tr!(self.speaking, "chat-nothing-paused")),
            },
        }
    }

    fn continue_here(&mut self) {
        if let Some(driver) = self.current.take() {
            self.drive(driver);
        }
    }

    /// The session service over the chat's options, data and model.
    fn service(&self) -> service::SessionService {
        service::SessionService::new(self.options.clone(), self.data.clone(), self.timeout)
            .with_model(self.model.clone())
    }

    fn resume_logged(&mut self, wanted: &str) {
        let service = self.service();
        let opened = match service.open_run(wanted) {
            Ok(o) => o,
            Err(e) => return self.error(&e.to_string()),
        };
        self.turns = opened.context.clone();
        self.interrupted = None;
        match service.carry_on(opened) {
            Ok((driver, repaired)) => {
                if let Some(note) = repaired {
                    self.note(&note);
                }
                self.drive(driver)
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
