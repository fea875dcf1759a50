//! `/save`: the last report as Markdown, with each revenue projection of
//! the run drawn as an SVG file beside it and linked from the Markdown.

use std::path::{Path, PathBuf};

use steer_tools::projection::RevenueProjectionOutput;
use steer_tools::projection::chart;

use crate::run::{Report, Run};

/// A projection the run computed, with the step that computed it.
#[derive(Debug, Clone)]
pub struct Chart {
    pub step: String,
    pub output: RevenueProjectionOutput,
}

/// The revenue projections among the run's results, in plan order.
pub fn charts(run: &Run) -> Vec<Chart> {
    run.order
        .iter()
        .filter_map(|id| run.steps.get(id))
        .filter(|s| s.step.tool == "revenue_projection")
        .filter_map(|s| {
            let output = serde_json::from_value(s.result.clone()?).ok()?;
            Some(Chart {
                step: s.step.id.clone(),
                output,
            })
        })
        .collect()
}

/// Writes the report to `path` (default `steer-SESSION.md` here) and the
/// charts beside it; returns the files written.
pub fn write(
    session: &str,
    report: &Report,
    charts: &[Chart],
    path: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    let path = match path {
        Some(p) if p.ends_with('/') || Path::new(p).is_dir() => {
            Path::new(p).join(format!("steer-{session}.md"))
        }
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(format!("steer-{session}.md")),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| format!("steer-{session}"));
    let mut markdown = report.markdown.trim_end().to_string();
    markdown.push('\n');
    let mut written = Vec::new();
    for c in charts {
        let name = if charts.len() == 1 {
            format!("{stem}.svg")
        } else {
            format!("{stem}-{}.svg", c.step)
        };
        let svg_path = path.with_file_name(&name);
        let svg = chart::svg(&c.output).map_err(|e| format!("cannot draw the chart: {e}"))?;
        std::fs::write(&svg_path, svg)
            .map_err(|e| format!("cannot write {}: {e}", svg_path.display()))?;
        let company = c.output.company.as_deref().unwrap_or("the company");
        markdown.push_str(&format!(
            "\n![Revenue projection of {company} (step {})]({name})\n",
            c.step
        ));
        written.push(svg_path);
    }
    std::fs::write(&path, markdown).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    written.insert(0, path);
    Ok(written)
}
