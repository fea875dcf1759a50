//! `/save`: the last report as Markdown, with each chart the run's tools
//! drew written as an SVG file beside it and linked from the Markdown.

use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::run::{Report, StepChart};
use crate::tr;

/// Writes the report to `path` (default `steer-SESSION.md` here; a
/// directory gets that name inside it) and the charts beside it; returns
/// the files written, the report first.
pub fn write(
    session: &str,
    report: &Report,
    charts: &[StepChart],
    path: Option<&str>,
    lang: Lang,
) -> Result<Vec<PathBuf>, String> {
    let refused = |what: &str, path: &Path, e: std::io::Error| {
        tr!(
            lang,
            what,
            path = path.display().to_string(),
            why = crate::localised::io_reason(&e, lang)
        )
    };
    let path = match path {
        Some(p) if p.ends_with('/') || Path::new(p).is_dir() => {
            Path::new(p).join(format!("steer-{session}.md"))
        }
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(format!("steer-{session}.md")),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| refused("io-cannot-create", parent, e))?;
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
            .map_err(|e| refused("io-cannot-write", &svg_path, e))?;
        let alt = tr!(
            lang,
            "chat-chart-alt",
            title = c.chart.title.as_str(),
            step = c.step.as_str()
        );
        markdown.push_str(&format!("\n![{alt}]({name})\n"));
        written.push(svg_path);
    }
    std::fs::write(&path, markdown).map_err(|e| refused("io-cannot-write", &path, e))?;
    written.insert(0, path);
    Ok(written)
}
