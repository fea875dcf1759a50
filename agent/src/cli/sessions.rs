//! `steer sessions`: the owner's sessions, searched and filtered, their
//! steering statistics; export, import and prune.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::{CliError, SessionsArgs, SessionsCommand};
use crate::i18n::speaking;
use crate::service::{self, SessionRow};
use crate::show::Shown;
use crate::show::stats::{SessionStats, SteeringStats};
use crate::tr;

/// A time back from now (`7d`, `12h`, `2w`) or a date (`2026-12-01`,
/// or a full RFC 3339 time).
fn since(when: &str) -> Result<SystemTime, CliError> {
    if let Ok(span) = humantime::parse_duration(when) {
        return SystemTime::now().checked_sub(span).ok_or_else(|| {
            CliError::usage(tr!(
                speaking(),
                "sessions-too-far-back",
                flag = "--since",
                value = when
            ))
        });
    }
    let full = if when.len() == 10 {
        format!("{when}T00:00:00Z")
    } else {
        when.to_string()
    };
    humantime::parse_rfc3339_weak(&full)
        .map_err(|_| CliError::usage(tr!(speaking(), "sessions-since-invalid", value = when)))
}

fn started(row: &SessionRow) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(&row.started).ok()
}

/// Text as searched: NFKC, lower case (full-width and case folded).
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
}

const STATUSES: &[&str] = &["done", "aborted", "paused", "interrupted", "unreadable"];

/// The rows `args` asks for, oldest first.
fn chosen(
    args: &SessionsArgs,
    options: &service::SessionOptions,
) -> Result<(String, Vec<SessionRow>), CliError> {
    let (place, mut rows) = service::sessions(options)?;
    let reader = service::SessionService::new(options.clone(), service::Data::default(), 0);
    if let Some(status) = &args.status {
        if !STATUSES.contains(&status.as_str()) {
            return Err(CliError::usage(tr!(
                speaking(),
                "sessions-status-invalid",
                value = status.as_str(),
                statuses = STATUSES
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        rows.retain(|r| r.status == *status || r.status.starts_with(&format!("{status}:")));
    }
    if let Some(when) = &args.since {
        let from = since(when)?;
        rows.retain(|r| started(r).is_some_and(|t| t >= from));
    }
    if let Some(query) = &args.query {
        // The request and the report are read from each log: a search
        // reads every listed session once.
        let wanted = folded(query);
        let mut kept = Vec::new();
        for row in rows {
            let Ok((_, events)) = reader.read(&row.id) else {
                continue;
            };
            let holds = events.iter().any(|e| match e {
                crate::run::Event::Start { request, .. } => {
                    folded(request.as_str()).contains(&wanted)
                }
                crate::run::Event::Report { report } => folded(&report.markdown).contains(&wanted),
                crate::run::Event::IngestStart(s) => folded(&s.files.join(" ")).contains(&wanted),
                _ => false,
            });
            if holds {
                kept.push(row);
            }
        }
        rows = kept;
    }
    Ok((place, rows))
}

/// The steering statistics of the research sessions among `rows`.
pub fn stats(
    rows: &[SessionRow],
    options: &service::SessionOptions,
    data: Option<&PathBuf>,
) -> Result<SteeringStats, CliError> {
    let data = service::Data::new(data);
    let toolbox = data.toolbox()?;
    let reader = service::SessionService::new(options.clone(), data, 0);
    let mut sessions = Vec::new();
    for row in rows.iter().filter(|r| r.kind == "research") {
        let (id, events) = reader.read(&row.id)?;
        if let Ok(shown) = Shown::of(&id, &events, &toolbox) {
            sessions.push(SessionStats::of(&shown));
        }
    }
    Ok(SteeringStats::of(sessions))
}

fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    println!("{}", super::json_text(value)?);
    Ok(())
}

pub fn sessions(
    args: &SessionsArgs,
    data: Option<&PathBuf>,
    options: &service::SessionOptions,
) -> Result<(), CliError> {
    let owner = options.owner();
    match &args.command {
        None => {
            let (place, rows) = chosen(args, options)?;
            if args.stats {
                let stats = stats(&rows, options, data)?;
                if args.json {
                    print_json(&stats)?;
                } else {
                    println!("{}", crate::show::stats::table(&stats, speaking()));
                }
            } else if args.json {
                print_json(&rows)?;
            } else {
                println!(
                    "{}",
                    crate::render::sessions(&place, &rows, true, speaking())
                );
            }
        }
        Some(SessionsCommand::Export { id, last }) => {
            let id = super::show::chosen_id(id.as_deref(), *last, options, None)?;
            let store = options.store()?;
            let exported = service::transfer::export_from(store.as_ref(), &id, &owner)?;
            print!("{}", exported.text);
            if let Some(line) = exported.torn_line {
                eprintln!(
                    "steer: line {line} of the log was cut off by a killed writer and is left out; the session resumes from the line before"
                );
            }
        }
        Some(SessionsCommand::Import { file }) => {
            let store = options.store()?;
            let id = service::transfer::import_into(store.as_ref(), file, &owner)?;
            println!(
                "{}",
                tr!(
                    speaking(),
                    "cli-imported",
                    id = id.as_str(),
                    store = store.describe()
                )
            );
        }
        Some(SessionsCommand::Prune { older_than, yes }) => {
            prune(older_than, *yes, options)?;
        }
    }
    Ok(())
}

/// Deletes finished sessions started more than `older_than` ago, after
/// asking (or with `--yes`). Paused and interrupted sessions are kept.
fn prune(older_than: &str, yes: bool, options: &service::SessionOptions) -> Result<(), CliError> {
    let span: Duration = humantime::parse_duration(older_than).map_err(|_| {
        CliError::usage(tr!(speaking(), "sessions-span-invalid", value = older_than))
    })?;
    let cutoff = SystemTime::now().checked_sub(span).ok_or_else(|| {
        CliError::usage(tr!(
            speaking(),
            "sessions-too-far-back",
            flag = "--older-than",
            value = older_than
        ))
    })?;
    let (place, rows) = service::sessions(options)?;
    let old: Vec<&SessionRow> = rows
        .iter()
        .filter(|r| matches!(r.status.as_str(), "done" | "aborted"))
        .filter(|r| started(r).is_some_and(|t| t < cutoff))
        .collect();
    if old.is_empty() {
        println!(
            "{}",
            tr!(
                speaking(),
                "prune-none",
                place = place.as_str(),
                span = older_than
            )
        );
        return Ok(());
    }
    println!(
        "{}\n{}",
        tr!(
            speaking(),
            "prune-listed",
            n = old.len(),
            place = place.as_str(),
            span = older_than
        ),
        crate::render::sessions(
            &place,
            &old.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
            true,
            speaking()
        )
    );
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::usage(tr!(speaking(), "prune-needs-yes")));
        }
        eprint!("{} ", tr!(speaking(), "prune-ask"));
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer).map_err(|e| {
            CliError::failure(tr!(
                speaking(),
                "cli-cannot-read-answer",
                error = e.to_string()
            ))
        })?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("{}", tr!(speaking(), "prune-nothing"));
            return Ok(());
        }
    }
    let store = options.store()?;
    let owner = options.owner();
    let mut deleted = 0;
    for row in old {
        match store.remove(&row.id, &owner) {
            Ok(()) => deleted += 1,
            // One in use or gone since the listing is named, the rest go on.
            Err(e) => eprintln!(
                "steer: {}",
                tr!(
                    speaking(),
                    "prune-kept",
                    id = row.id.as_str(),
                    why = e.to_string()
                )
            ),
        }
    }
    println!("{}", tr!(speaking(), "prune-deleted", n = deleted));
    Ok(())
}
