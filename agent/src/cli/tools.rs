//! `steer tools list|schema|call`.

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Value, json};

use steer_tools::projection::{RevenueProjectionOutput, chart};

use super::{CliError, toolbox};
use crate::render;

#[derive(Debug, Subcommand)]
pub enum ToolsCommand {
    /// List the tools with their descriptions.
    List {
        /// Print the specs as JSON (name, title, description, schemas).
        #[arg(long)]
        json: bool,
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
        /// revenue_projection only: also write the chart as an SVG file.
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
                    .map(|s| vec![s.name.clone(), s.summary().replace('\n', " ")])
                    .collect();
                println!("{}", render::table(&["tool", "description"], rows));
                Ok(())
            }
        }
        ToolsCommand::Schema {
            name,
            strict,
            output,
        } => {
            let spec = toolbox
                .spec(&name)
                .map_err(|e| CliError::usage(e.to_string()))?;
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
            if chart.is_some() && name != REVENUE_PROJECTION {
                return Err(CliError::usage(format!(
                    "--chart only applies to {REVENUE_PROJECTION}"
                )));
            }
            let args = if args == "-" {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text).map_err(|e| {
                    CliError::usage(format!("cannot read arguments from stdin: {e}"))
                })?;
                text
            } else {
                args
            };
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
            let result = runtime.block_on(toolbox.call_json(&name, &args));
            match result {
                Ok(value) => {
                    if json {
                        print_json(&value)?;
                    } else {
                        println!("{}", render::value(&value));
                    }
                    if name == REVENUE_PROJECTION {
                        projection_charts(&value, chart.as_deref(), !json)?;
                    }
                    Ok(())
                }
                Err(e) if e.is_caller_error() => Err(CliError::usage(e.to_string())),
                Err(e) => Err(CliError::failure(e.to_string())),
            }
        }
    }
}

const REVENUE_PROJECTION: &str = "revenue_projection";

/// The compact terminal chart after the tables, and the SVG when asked.
fn projection_charts(
    value: &Value,
    svg_path: Option<&std::path::Path>,
    text: bool,
) -> Result<(), CliError> {
    let out: RevenueProjectionOutput = serde_json::from_value(value.clone())
        .map_err(|e| CliError::failure(format!("cannot read the projection for charting: {e}")))?;
    if text {
        println!("\n{}", chart::text(&out, 12));
    }
    if let Some(path) = svg_path {
        let svg = chart::svg(&out).map_err(CliError::failure)?;
        std::fs::write(path, svg)
            .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("chart written to {}", path.display());
    }
    Ok(())
}

fn print_json(value: &Value) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failure(format!("cannot print JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
