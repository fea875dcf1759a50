//! The CLI reference, from the clap definitions.

use std::fmt::Write as _;

use clap::CommandFactory;

use super::tables::cell;
use super::{GENERATED, Page};

pub(super) fn cli_section(cmd: &clap::Command, path: &str, out: &mut String, depth: usize) {
    let _ = writeln!(out, "{} `{path}`\n", "#".repeat(depth.min(4)));
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        let _ = writeln!(out, "{about}\n");
    }
    let mut usage = cmd.clone().bin_name(path.to_string());
    let _ = writeln!(
        out,
        "```text\n{}\n```\n",
        usage
            .render_usage()
            .to_string()
            .trim_start_matches("Usage: ")
    );
    let args: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| {
            !a.is_hide_set()
                && !a.is_global_set()
                && a.get_id() != "help"
                && a.get_id() != "version"
        })
        .collect();
    if !args.is_empty() {
        out.push_str("| argument | description |\n|---|---|\n");
        for a in args {
            let name = match (a.get_short(), a.get_long()) {
                (Some(s), Some(l)) => format!("`-{s}`, `--{l}`"),
                (None, Some(l)) => format!("`--{l}`"),
                _ => format!("`{}`", a.get_id().as_str().to_uppercase()),
            };
            let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|d| d.to_string_lossy().to_string())
                .collect();
            if !defaults.is_empty() && a.get_action().takes_values() {
                help.push_str(&format!(" (default: `{}`)", defaults.join(",")));
            }
            if let Some(env) = a.get_env() {
                help.push_str(&format!(" (env: `{}`)", env.to_string_lossy()));
            }
            let _ = writeln!(out, "| {name} | {} |", cell(&help));
        }
        out.push('\n');
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        cli_section(sub, &format!("{path} {}", sub.get_name()), out, depth + 1);
    }
}

pub fn cli_page() -> Page {
    let cmd = crate::cli::Cli::command();
    let mut md = String::from(GENERATED);
    md.push_str("# Command-line reference\n\nGenerated from steer's own argument definitions.\n\n## Options for every command\n\n| option | description |\n|---|---|\n");
    for a in cmd.get_arguments().filter(|a| a.is_global_set()) {
        let name = match (a.get_short(), a.get_long()) {
            (Some(s), Some(l)) => format!("`-{s}`, `--{l}`"),
            (_, Some(l)) => format!("`--{l}`"),
            _ => a.get_id().to_string(),
        };
        let env = a
            .get_env()
            .map(|e| format!(" (env: `{}`)", e.to_string_lossy()))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "| {name} | {}{env} |",
            cell(&a.get_help().map(|h| h.to_string()).unwrap_or_default())
        );
    }
    md.push('\n');
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        cli_section(sub, &format!("steer {}", sub.get_name()), &mut md, 2);
    }
    Page {
        path: "reference/cli.md".to_string(),
        text: md,
    }
}
