//! `/save`: the last report as Markdown, with each chart the run's tools
//! drew written as an SVG file beside it and linked from the Markdown.

use std::path::{Path, PathBuf};

use crate::run::{Report, StepChart};

/// Writes the report to `path` (default `steer-SESSION.md` here; a
/// directory gets that name inside it) and the charts beside it; returns
/// the files written, the report first.
pub fn write(
    session: &str,
    report: &Report,
    charts: &[StepChart],
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
    for (i, c) in charts.iter().enumerate() {
        let name = if charts.len() == 1 {
            format!("{stem}.svg")
        } else {
            format!("{stem}-{}-{}.svg", c.step, i + 1)
        };
        let svg_path = path.with_file_name(&name);
        std::fs::write(&svg_path, &c.chart.svg)
            .map_err(|e| format!("cannot write {}: {e}", svg_path.display()))?;
        markdown.push_str(&format!(
            "\n![{} (step {})]({name})\n",
            c.chart.title, c.step
        ));
        written.push(svg_path);
    }
    std::fs::write(&path, markdown).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    written.insert(0, path);
    Ok(written)
}
