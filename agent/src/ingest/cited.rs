//! The lines a citation points to, read from the documents: for `steer
//! source`, `ask --documents` and the HTML report's appendix.

use std::path::{Path, PathBuf};

use steer_tools::Dataset;
use steer_tools::dataset::Citation;
use steer_tools::input::{self, InputKind};

/// The lines `citation` (`001:75-77` or `001 l.75-77`) points to, headed by
/// its source, from the dataset directory's `documents/` or from
/// `documents` (a folder holding documents by file name). A document the
/// dataset does not ship is named with its lines, for the reader to open.
pub fn cited_lines(
    data: &Dataset,
    dir: Option<&Path>,
    documents: Option<&Path>,
    citation: &str,
) -> Result<String, String> {
    let cited = cited(data, dir, documents, citation)?;
    let mut out = format!("{} — {}\n", cited.source, cited.title);
    for (n, line) in &cited.lines {
        out.push_str(&format!("{n:>5}  {line}\n"));
    }
    Ok(out)
}

/// The lines a citation points to, with their numbers, and its source.
#[derive(Debug, Clone)]
pub struct Cited {
    pub source: String,
    pub title: String,
    pub lines: Vec<(usize, String)>,
}

/// [`cited_lines`], as data.
pub fn cited(
    data: &Dataset,
    dir: Option<&Path>,
    documents: Option<&Path>,
    citation: &str,
) -> Result<Cited, String> {
    let parsed: Citation = citation.trim().replace(" l.", ":").parse().map_err(|_| {
        crate::tr!(
            crate::i18n::speaking(),
            "cited-not-a-citation",
            citation = citation
        )
    })?;
    let Some(s) = data.source(&parsed.source) else {
        return Err(crate::tr!(
            crate::i18n::speaking(),
            "cited-no-source",
            source = parsed.source.as_str(),
            origin = data.origin.to_string()
        ));
    };
    let places: Vec<PathBuf> = documents
        .map(|d| d.join(&s.file))
        .into_iter()
        .chain(dir.map(|d| d.join("documents").join(&s.file)))
        .collect();
    // A document that is there but refused (too large, a device) is an
    // error of its own, not "not shipped".
    let mut doc = None;
    for place in &places {
        match input::read_to_string(place, InputKind::Document) {
            Ok(text) => {
                doc = Some(text);
                break;
            }
            Err(input::InputError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    let Some(doc) = doc else {
        return Err(crate::tr!(
            crate::i18n::speaking(),
            "cited-not-shipped",
            source = s.id.as_str(),
            file = s.file.as_str(),
            first = parsed.first_line,
            last = parsed.last_line
        ));
    };
    let lines: Vec<&str> = doc.lines().collect();
    let (first, last) = (parsed.first_line as usize, parsed.last_line as usize);
    if first == 0 || last > lines.len() || first > last {
        return Err(crate::tr!(
            crate::i18n::speaking(),
            "cited-outside",
            file = s.file.as_str(),
            lines = lines.len(),
            citation = citation
        ));
    }
    Ok(Cited {
        source: s.id.clone(),
        title: s.title.clone(),
        lines: (first..=last)
            .map(|n| (n, lines[n - 1].to_string()))
            .collect(),
    })
}
