//! `steer tools list|schema|call`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Value, json};

use super::{CliError, toolbox};
use crate::render;
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum ToolsCommand {
    /// List the tools with their descriptions.
    List {
        /// Print the specs as JSON (name, title, description, schemas).
        #[arg(long)]
        json: bool,
    },
    /// Show how to use a tool: what it does, when to use it, its workflow
    /// guide and worked examples to run with `steer tools call`.
    Show {
        /// Tool name, as `steer tools list` shows it.
        name: String,
    },
    /// Print a tool's argument schema (plain JSON Schema 2020-12).
    Schema {
        /// Tool name, as `steer tools list` shows it.
        name: String,
        /// Print the OpenAI strict-mode rendering instead.
        #[arg(long)]
        strict: bool,
        /// Print the output schema instead of the argument schema.
        #[arg(long, conflicts_with = "strict")]
        output: bool,
    },
    /// Call a tool with JSON arguments and print its result.
    Call {
        /// Tool name, as `steer tools list` shows it.
        name: String,
        /// Arguments as a JSON object, or `-` to read them from stdin.
        #[arg(default_value = "{}")]
        args: String,
        /// Print the result as JSON instead of tables.
        #[arg(long)]
        json: bool,
        /// Also write the chart(s) the tool draws for this result as SVG
        /// (revenue_projection draws one): FILE.svg, then FILE-2.svg, ...
        #[arg(long, value_name = "FILE.svg")]
        chart: Option<PathBuf>,
    },
}

pub fn run(cmd: ToolsCommand, data: Option<&PathBuf>) -> Result<(), CliError> {
    let toolbox = toolbox(data)?;
    match cmd {
        ToolsCommand::List { json } => {
            if json {
                let specs: Vec<&steer_tools::ToolSpec> = toolbox.specs().collect();
                print_json(&json!(specs))
            } else {
                let rows: Vec<Vec<String>> = toolbox
                    .specs()
                    .map(|s| {
                        let summary = s.summary_in(crate::i18n::speaking().tools());
                        vec![s.name.clone(), summary.replace('\n', " ")]
                    })
                    .collect();
                let lang = crate::i18n::speaking();
                println!(
                    "{}",
                    render::table(
                        &[
                            &tr!(lang, "cli-col-tool"),
                            &tr!(lang, "cli-col-description")
                        ],
                        rows
                    )
                );
                Ok(())
            }
        }
        ToolsCommand::Show { name } => {
            let spec = toolbox.spec(&name)?;
            print!("{}", show(spec));
            Ok(())
        }
        ToolsCommand::Schema {
            name,
            strict,
            output,
        } => {
            let spec = toolbox.spec(&name)?;
            let schema = if strict {
                &spec.strict_parameters
            } else if output {
                &spec.output
            } else {
                &spec.parameters
            };
            print_json(schema)
        }
        ToolsCommand::Call {
            name,
            args,
            json,
            chart,
        } => {
            let args = if args == "-" {
                super::read_stdin("cli-stdin-arguments")?
            } else {
                args
            };
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| {
                    CliError::failure(tr!(
                        crate::i18n::speaking(),
                        "cli-no-runtime",
                        error = e.to_string()
                    ))
                })?;
            let result = runtime.block_on(toolbox.call_json(&name, &args));
            match result {
                Ok(value) => {
                    if json {
                        print_json(&value)?;
                    } else {
                        let lang = crate::i18n::speaking();
                        println!(
                            "{}",
                            render::value(&render::in_reader_language(&value, lang))
                        );
                    }
                    let charts = toolbox.charts(&name, &value, crate::i18n::speaking().tools());
                    if !json {
                        for c in &charts {
                            println!("\n{}", chart_text(c));
                        }
                    }
                    match &chart {
                        Some(path) => write_charts(&charts, path),
                        None => Ok(()),
                    }
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// A chart as text under its title (unless its text opens with it).
pub(super) fn chart_text(c: &steer_tools::Chart) -> String {
    if c.text.starts_with(&c.title) {
        c.text.clone()
    } else {
        format!("{}\n{}", c.title, c.text)
    }
}

/// Writes `charts` as SVG: the first to `path`, the next to `path-2.svg`
/// and so on; says so on stderr, or that there was nothing to draw.
pub(super) fn write_charts(
    charts: &[steer_tools::Chart],
    path: &std::path::Path,
) -> Result<(), CliError> {
    if charts.is_empty() {
        eprintln!(
            "steer: no chart to write to {}: the tools drew none for these results (revenue_projection draws one when it has scenarios; deal_lookup one for a party's deals, its cycles or its neighbourhood)",
            path.display()
        );
        return Ok(());
    }
    for (i, c) in charts.iter().enumerate() {
        let target = if i == 0 {
            path.to_path_buf()
        } else {
            let stem = path
                .file_stem()
                .map_or("chart".to_string(), |s| s.to_string_lossy().to_string());
            path.with_file_name(format!("{stem}-{}.svg", i + 1))
        };
        let lang = crate::i18n::speaking();
        let path = target.display().to_string();
        std::fs::write(&target, &c.svg).map_err(|e| {
            CliError::failure(tr!(
                lang,
                "io-cannot-write",
                path = path.as_str(),
                why = crate::localised::io_reason(&e, lang)
            ))
        })?;
        eprintln!("{}", tr!(lang, "cli-chart-written", path = path.as_str()));
    }
    Ok(())
}

fn print_json(value: &Value) -> Result<(), CliError> {
    println!("{}", super::json_text(value)?);
    Ok(())
}

/// A tool explained for a person at the terminal: its description, its
/// guide and its examples as commands to copy.
fn show(spec: &steer_tools::ToolSpec) -> String {
    let mut out = format!("{} — {}\n\n{}\n", spec.name, spec.title, spec.description);
    if !spec.guide.is_empty() {
        out.push_str(&format!("\nUsing it well:\n{}", spec.guide));
    }
    if !spec.examples.is_empty() {
        out.push_str("\nExamples:\n");
        for e in &spec.examples {
            out.push_str(&format!(
                "  # {}\n  steer tools call {} '{}'\n",
                e.caption, spec.name, e.arguments
            ));
        }
    }
    out
}
