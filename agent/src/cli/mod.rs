//! Command-line definitions and dispatch.

pub mod ask;
pub mod config;
mod eval;
mod ingest;
mod replay;
mod sessions;
mod show;

mod tools;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use steer_tools::Toolbox;

use crate::tr;

/// Exit status when a run stops at a checkpoint nobody can answer here.
pub const EXIT_PAUSED: u8 = 3;
/// Exit status when a run ended at a limit: its partial report was
/// printed, but it did not finish.
pub const EXIT_LIMIT: u8 = 4;
/// Exit status for a bad request (bad flags, bad tool call): the caller
/// must change what it sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit status for everything else that failed (an invalid dataset, I/O).
pub const EXIT_FAILURE: u8 = 1;

/// An error on its way to the terminal: the message and the exit status.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_FAILURE,
            message: message.into(),
        }
    }
}

/// steer: hand over a big question about AI-industry finance; the agent
/// plans the analysis over typed tools, runs it, and stops only where you
/// should decide. Every number cites its source.
#[derive(Debug, Parser)]
#[command(
    name = "steer",
    version,
    about,
    max_term_width = 100,
    after_help = "With no command, on a terminal, steer opens the chat: type a request, answer its checkpoints with one key, /help for the commands."
)]
pub struct Cli {
    /// Dataset directory to use instead of the built-in one (same format as
    /// fixtures/data; see the book's "Dataset format" chapter).
    #[arg(long, global = true, value_name = "DIR", env = "STEER_DATA")]
    pub data: Option<PathBuf>,

    #[command(flatten)]
    pub model: ask::ModelOptions,

    /// The largest file (or standard input) steer reads, e.g. 64M or 1G:
    /// replaces every kind's default cap (documents 64 MiB, dataset files
    /// 512 MiB, cassettes and session logs 256 MiB, scripts and stdin
    /// 16 MiB, config 1 MiB).
    #[arg(long, global = true, value_name = "SIZE", env = steer_tools::input::SIZE_ENV,
          value_parser = steer_tools::input::parse_size)]
    pub max_input_size: Option<u64>,

    /// Read devices, FIFOs and sockets named as inputs; refused by default
    /// (reading one can block or never end). The size caps still apply.
    #[arg(long, global = true)]
    pub allow_special_files: bool,

    /// With no command on a terminal, steer opens the chat.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, inspect and call the research tools directly, without a model.
    #[command(subcommand)]
    Tools(tools::ToolsCommand),
    /// Run a research request: plan, pause where you should decide, report.
    Ask(ask::AskArgs),
    /// Run a request like `ask`, recording the model exchanges to a cassette.
    Record(ask::RecordArgs),
    /// Replay session scripts (fixtures/sessions/*.toml) offline against their cassettes.
    Replay {
        /// Session script files.
        #[arg(required = true)]
        scripts: Vec<PathBuf>,
    },
    /// Run a question set through the planner (the configured model, or the
    /// offline planner) with every checkpoint approved, and print a
    /// scorecard: tool choice, facts, citations, refusals, cost.
    Eval(eval::EvalArgs),
    /// Add documents to a dataset directory: steer drafts the deals,
    /// figures, statements and entities each supports, with their lines,
    /// checks them against those lines, and writes what you accept.
    Ingest(ingest::IngestArgs),
    /// Print the lines a citation points to (`001:75-77`).
    Source(ingest::SourceArgs),
    /// Continue a paused or interrupted session, answering its checkpoint.
    Resume(ask::ResumeArgs),
    /// Re-read a session: its report as it was, for the terminal, as
    /// Markdown, JSON or one self-contained HTML file.
    Show(show::ShowArgs),
    /// List sessions and their status (search, filter, steering
    /// statistics); export, import or prune sessions.
    Sessions(SessionsArgs),
    /// Show the effective configuration and where each value came from.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print shell completions for steer.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Serve the research tools and the planned research run to other
    /// agents over MCP (stdio, or streamable HTTP with --http).
    Mcp {
        #[command(flatten)]
        serve: crate::service::serve::ServeArgs,
    },
    /// Package steer for other agents (Claude Code, Codex).
    #[command(subcommand)]
    Plugin(PluginCommand),
}

#[derive(Debug, clap::Args)]
pub struct SessionsArgs {
    #[command(subcommand)]
    pub command: Option<SessionsCommand>,
    /// One JSON object per session (id, kind, chat, started, status, request).
    #[arg(long, global = true)]
    pub json: bool,
    /// Only sessions whose request or report holds TEXT (case and width
    /// folded: "nvidia" finds "NVIDIA" and "ＮＶＩＤＩＡ").
    #[arg(short = 'q', long = "query", value_name = "TEXT")]
    pub query: Option<String>,
    /// Only sessions with this status: done, aborted, paused, interrupted.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only sessions started since then: a date (2026-12-01) or a span
    /// back from now (7d, 12h).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Steering statistics of the listed research sessions: checkpoints
    /// by kind, how each was answered, a person's time, plans changed,
    /// runs a person's choice changed.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Print a session's log (JSONL) to standard output.
    Export {
        /// The session id, or any unique part of it.
        #[arg(required_unless_present = "last")]
        id: Option<String>,
        /// The most recent session.
        #[arg(long, conflicts_with = "id")]
        last: bool,
    },
    /// Delete finished sessions older than a span (done or aborted; paused
    /// and interrupted ones are kept: they can still be resumed).
    Prune {
        /// How old: 30d, 12h, 2w.
        #[arg(long, value_name = "SPAN")]
        older_than: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Add a session log (as `export` prints it) to the session directory.
    Import {
        /// The log file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print each setting, its value and its source (flag, env, file, default).
    Show,
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Write a ready-to-install plugin (skills, MCP config, manifests) to DIR.
    Export {
        /// Directory to write; created if missing. Existing steer files in it are replaced.
        dir: PathBuf,
        /// The command that starts steer, as the plugin's MCP config should run it.
        #[arg(long, default_value = "steer")]
        command: String,
    },
}

/// An error message as it may reach a terminal: every secret the process
/// knows of (the API key) and every key-shaped token scrubbed, and control
/// characters other than the newlines between listed problems escaped, so
/// a value cannot move the cursor or forge a line.
pub fn for_terminal(message: &str) -> String {
    let scrubbed = crate::cassette::redact_text(message, &crate::service::api_key_secret());
    let mut out = String::with_capacity(scrubbed.len());
    for c in scrubbed.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The language a command line that did not parse asks for: `--lang`
/// among its words, else `STEER_LANG`, else the locale's (the config file
/// is read only once the command line is understood).
fn asked_lang() -> crate::i18n::Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    });
    flag.or_else(|| std::env::var("STEER_LANG").ok())
        .and_then(|l| l.parse::<crate::i18n::LangSetting>().ok())
        .unwrap_or_default()
        .resolve(None)
}

/// A command line clap refused, in the language asked for: help and
/// version are printed by clap as usual; in Japanese the refusal is worded
/// from what clap found (the argument, the value, what is allowed).
fn command_line_error(e: clap::Error) -> CliError {
    use crate::tr;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let lang = asked_lang();
    if lang == crate::i18n::Lang::En {
        e.exit();
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => tr!(lang, "clap-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => tr!(lang, "clap-unknown-command", arg = arg),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                tr!(lang, "clap-invalid-value-plain", arg = arg, value = value)
            } else {
                tr!(
                    lang,
                    "clap-invalid-value",
                    arg = arg,
                    value = value,
                    valid = valid
                )
            }
        }
        ErrorKind::MissingRequiredArgument => tr!(lang, "clap-missing", arg = arg),
        ErrorKind::ArgumentConflict => tr!(
            lang,
            "clap-conflict",
            arg = arg,
            other = get(ContextKind::PriorArg)
        ),
        _ => tr!(lang, "clap-other"),
    };
    CliError::usage(message)
}

/// What the command line leaves to the binary: nothing more, the chat or
/// the MCP server (front-ends of their own, which the command line does
/// not import).
pub enum Next {
    Done,
    Chat {
        data: Option<PathBuf>,
        options: crate::service::SessionOptions,
        policy: crate::run::Policy,
    },
    Mcp {
        data: Option<PathBuf>,
        options: crate::service::SessionOptions,
        /// Where and how to serve.
        serve: crate::service::serve::ServeArgs,
    },
}

/// Standard input as text, up to its cap (`what`, a message id, names it
/// in the error).
fn read_stdin(what: &str) -> Result<String, CliError> {
    use steer_tools::input::{InputKind, read_stream_to_string};
    read_stream_to_string(std::io::stdin(), "standard input", InputKind::Stdin).map_err(|e| {
        CliError::usage(tr!(
            crate::i18n::speaking(),
            "cli-cannot-read-stdin",
            what = tr!(crate::i18n::speaking(), what),
            error = crate::localised::input_error(&e, crate::i18n::speaking())
        ))
    })
}

/// `value` as pretty JSON for stdout. steer's own types always serialise;
/// should one not, the user is told rather than given half a document.
fn json_text(value: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| {
        CliError::failure(tr!(
            crate::i18n::speaking(),
            "cli-json-failed",
            error = e.to_string()
        ))
    })
}

/// Parses the command line, applies the config file, and runs a command;
/// with no command, says how to start the chat.
pub fn main() -> Result<Next, CliError> {
    use clap::{CommandFactory, FromArgMatches};
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return Err(command_line_error(e)),
    };
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| CliError::usage(e.to_string()))?;
    // Before anything is read, the config file included.
    steer_tools::input::set_caps(steer_tools::input::Caps {
        max_bytes: cli.max_input_size,
        allow_special: cli.allow_special_files,
    });
    // Errors found while reading the config file are said in the language
    // asked for on the command line or in the environment (the file may be
    // what cannot be read); a value that is not a language falls back to
    // STEER_LANG, then the locale.
    let early = [cli.model.lang.clone(), std::env::var("STEER_LANG").ok()]
        .into_iter()
        .flatten()
        .find_map(|l| l.parse::<crate::i18n::LangSetting>().ok())
        .unwrap_or(crate::i18n::LangSetting::Auto);
    crate::i18n::set_speaking(early.resolve(None));
    let settings = config::apply(&mut cli, &matches)?;
    if let Ok(setting) = cli.model.session().lang() {
        crate::i18n::set_speaking(setting.resolve(None));
    }
    match cli.command {
        Some(Command::Config(ConfigCommand::Show)) => {
            config::show(&settings);
            Ok(Next::Done)
        }
        Some(Command::Mcp { serve }) => Ok(Next::Mcp {
            options: cli.model.session(),
            data: cli.data,
            serve,
        }),
        Some(command) => run(command, cli.data, cli.model).map(|()| Next::Done),
        None => chat(cli.data, cli.model, &settings),
    }
}

/// `steer` alone: the chat on a terminal; elsewhere, how to run a request.
fn chat(
    data: Option<PathBuf>,
    model: ask::ModelOptions,
    settings: &[config::Setting],
) -> Result<Next, CliError> {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CliError::usage(tr!(
            crate::i18n::speaking(),
            "cli-chat-needs-terminal"
        )));
    }
    // The file's policy, if it sets one (flags for it exist only on `ask`).
    let policy = match settings
        .iter()
        .find(|s| s.key == "checkpoints")
        .and_then(|s| s.value.as_deref())
    {
        Some(p) => p
            .parse()
            .map_err(|e| config::bad_value(&config::path(), "checkpoints", &e))?,
        None => crate::run::Policy::default(),
    };
    Ok(Next::Chat {
        data,
        options: model.session(),
        policy,
    })
}

/// Runs one command (everything but the chat and `config show`).
pub fn run(
    command: Command,
    data: Option<PathBuf>,
    model: ask::ModelOptions,
) -> Result<(), CliError> {
    match command {
        // Answered by `main` before a command runs.
        Command::Config(ConfigCommand::Show) | Command::Mcp { .. } => Ok(()),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "steer", &mut std::io::stdout());
            Ok(())
        }
        Command::Tools(cmd) => tools::run(cmd, data.as_ref()),
        Command::Ask(args) => ask::ask(args, data.as_ref(), &model, None),
        Command::Record(args) => ask::record(args, data.as_ref(), &model),
        Command::Replay { scripts } => replay::replay(&scripts, data.as_ref()),
        Command::Resume(args) => ask::resume(args, data.as_ref(), &model),
        Command::Eval(args) => eval::eval(args, data.as_ref(), &model),
        Command::Ingest(args) => ingest::ingest(args, &model.session()),
        Command::Source(args) => ingest::source(args, data.as_ref()),
        Command::Show(args) => show::show(args, data.as_ref(), &model.session()),
        Command::Sessions(args) => sessions::sessions(&args, data.as_ref(), &model.session()),
        Command::Plugin(PluginCommand::Export { dir, command }) => {
            let toolbox = toolbox(data.as_ref())?;
            let data = match &data {
                Some(d) => Some(std::path::absolute(d).map_err(|e| {
                    CliError::failure(tr!(
                        crate::i18n::speaking(),
                        "cli-cannot-resolve",
                        path = d.display().to_string(),
                        error = e.to_string()
                    ))
                })?),
                None => None,
            };
            let written = crate::plugin::export(&toolbox, &dir, &command, data.as_deref())?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(())
        }
    }
}

/// Loads the dataset (refusing an invalid one with every problem listed)
/// and builds the research toolbox over it.
pub fn toolbox(data: Option<&PathBuf>) -> Result<Toolbox, CliError> {
    crate::service::Data::new(data)
        .toolbox()
        .map_err(CliError::from)
}

/// A dataset that cannot be loaded is not the command's fault.
impl From<steer_tools::dataset::DatasetError> for CliError {
    fn from(e: steer_tools::dataset::DatasetError) -> Self {
        CliError::failure(crate::localised::dataset_error(&e, crate::i18n::speaking()))
    }
}

/// A directory that is not a dataset was named by the user; the disk
/// refusing is not the user's doing.
impl From<crate::ingest::write::WriteError> for CliError {
    fn from(e: crate::ingest::write::WriteError) -> Self {
        match e {
            crate::ingest::write::WriteError::NotADataset(_) => {
                CliError::usage(crate::localised::write_error(&e, crate::i18n::speaking()))
            }
            e => CliError::failure(crate::localised::write_error(&e, crate::i18n::speaking())),
        }
    }
}

impl From<crate::plugin::PluginError> for CliError {
    fn from(e: crate::plugin::PluginError) -> Self {
        let lang = crate::i18n::speaking();
        CliError::failure(match &e {
            crate::plugin::PluginError::File(f) => crate::localised::file_error(f, lang),
            crate::plugin::PluginError::UnknownTool { .. } => e.to_string(),
        })
    }
}

/// A tool refusing what the caller gave it is a usage error; a tool
/// failing on its own is not.
impl From<steer_tools::ToolError> for CliError {
    fn from(e: steer_tools::ToolError) -> Self {
        let text = crate::localised::tool_error(&e, crate::i18n::speaking());
        if e.is_caller_error() {
            CliError::usage(text)
        } else {
            CliError::failure(text)
        }
    }
}

impl From<crate::service::ServiceError> for CliError {
    fn from(e: crate::service::ServiceError) -> Self {
        match e {
            crate::service::ServiceError::Usage(m) => CliError::usage(m),
            crate::service::ServiceError::Failure(m) => CliError::failure(m),
        }
    }
}
