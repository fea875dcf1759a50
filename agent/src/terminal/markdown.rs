//! Renders a Markdown report for the terminal as it streams: whole lines
//! are rendered as soon as they are complete, tables once their last row
//! has arrived (their column widths need every row).
//!
//! Styled output uses bold headings and emphasis; unstyled output
//! (`NO_COLOR`, or not a terminal) keeps the text as written, with tables
//! still aligned.

use console::Style;

#[derive(Debug)]
pub struct Markdown {
    styled: bool,
    /// The part of the last line not yet ended by a newline.
    partial: String,
    /// Rows of a table still arriving.
    table: Vec<String>,
    /// Everything received, for the caller to compare with the report.
    pub received: String,
}

impl Markdown {
    pub fn new(styled: bool) -> Markdown {
        Markdown {
            styled,
            partial: String::new(),
            table: Vec::new(),
            received: String::new(),
        }
    }

    /// Takes streamed text; returns what can be shown now.
    pub fn push(&mut self, text: &str) -> String {
        self.received.push_str(text);
        self.partial.push_str(text);
        let mut out = String::new();
        while let Some(i) = self.partial.find('\n') {
            let line: String = self.partial.drain(..=i).collect();
            out.push_str(&self.line(line.trim_end_matches(['\n', '\r'])));
        }
        out
    }

    /// Ends the text: renders what is left.
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.partial);
        let mut out = if rest.is_empty() {
            String::new()
        } else {
            self.line(&rest)
        };
        out.push_str(&self.flush_table());
        out
    }

    fn line(&mut self, line: &str) -> String {
        if line.trim_start().starts_with('|') {
            self.table.push(line.trim().to_string());
            return String::new();
        }
        let mut out = self.flush_table();
        out.push_str(&self.text_line(line));
        out.push('\n');
        out
    }

    fn text_line(&self, line: &str) -> String {
        if !self.styled {
            return line.to_string();
        }
        let trimmed = line.trim_start();
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with(' ') {
            let title = trimmed[level..].trim();
            let style = if level == 1 {
                Style::new().bold().underlined().force_styling(true)
            } else {
                Style::new().bold().force_styling(true)
            };
            return style.apply_to(strip_emphasis(title)).to_string();
        }
        if let Some(quote) = trimmed
            .strip_prefix("> ")
            .or(trimmed.strip_prefix(">").filter(|q| q.is_empty()))
        {
            let dim = Style::new().dim().force_styling(true);
            return format!(
                "{} {}",
                dim.apply_to("▌"),
                dim.apply_to(self.emphasis(quote))
            );
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            let indent = &line[..line.len() - trimmed.len()];
            return format!("{indent}• {}", self.emphasis(item));
        }
        self.emphasis(line)
    }

    /// `**bold**` shown bold (styled) with the markers removed.
    fn emphasis(&self, text: &str) -> String {
        let bold = Style::new().bold().force_styling(true);
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("**") {
            let Some(len) = rest[start + 2..].find("**") else {
                break;
            };
            out.push_str(&rest[..start]);
            out.push_str(&bold.apply_to(&rest[start + 2..start + 2 + len]).to_string());
            rest = &rest[start + 2 + len + 2..];
        }
        out.push_str(rest);
        out
    }

    fn flush_table(&mut self) -> String {
        if self.table.is_empty() {
            return String::new();
        }
        let rows: Vec<Vec<String>> = std::mem::take(&mut self.table)
            .iter()
            .map(|l| cells(l))
            .filter(|cells| !is_separator(cells))
            .collect();
        let Some((header, body)) = rows.split_first() else {
            return String::new();
        };
        let header: Vec<String> = header.iter().map(|c| strip_emphasis(c)).collect();
        let headers: Vec<&str> = header.iter().map(String::as_str).collect();
        let body = body
            .iter()
            .map(|r| r.iter().map(|c| strip_emphasis(c)).collect())
            .collect();
        format!("{}\n", crate::render::table(&headers, body))
    }
}

fn strip_emphasis(text: &str) -> String {
    text.replace("**", "")
}

/// The cells of a Markdown table row; `\|` stays inside its cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                if let (Some(p), Some(cell)) = (chars.next(), cells.last_mut()) {
                    cell.push(p);
                }
            }
            '|' => cells.push(String::new()),
            c => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "# Answer\nOpenAI **cannot** fund it yet.\n\n| claim | value | source |\n|---|---|---|\n| revenue | $13B | 002 l.39 |\n| commitments | $1.4T | 001 l.3 |\nAfter.\n- one\n";

    #[test]
    fn streamed_in_pieces_renders_like_whole() {
        let mut whole = Markdown::new(false);
        let mut expected = whole.push(REPORT);
        expected.push_str(&whole.finish());
        let mut pieces = Markdown::new(false);
        let mut got = String::new();
        for chunk in REPORT.as_bytes().chunks(7) {
            got.push_str(&pieces.push(std::str::from_utf8(chunk).unwrap()));
        }
        got.push_str(&pieces.finish());
        assert_eq!(got, expected);
        assert_eq!(pieces.received, REPORT);
    }

    #[test]
    fn tables_are_aligned_and_text_kept_unstyled() {
        let mut md = Markdown::new(false);
        let mut out = md.push(REPORT);
        out.push_str(&md.finish());
        assert!(
            out.starts_with("# Answer\nOpenAI **cannot** fund it yet.\n"),
            "{out}"
        );
        assert!(!out.contains("|---"), "{out}");
        assert!(out.contains("│ revenue"), "{out}");
        assert!(out.contains("$1.4T"), "{out}");
        assert!(out.ends_with("After.\n- one\n"), "{out}");
        assert!(!out.contains('\u{1b}'), "no escape codes unstyled: {out}");
    }

    #[test]
    fn styled_output_marks_headings_and_bold() {
        let mut md = Markdown::new(true);
        let out = md.push("## Contested\nthe **base** matters\n- item\n");
        assert!(out.contains("\u{1b}[1m"), "{out:?}");
        assert!(!out.contains("##"), "{out:?}");
        assert!(!out.contains("**"), "{out:?}");
        assert!(out.contains("• item"), "{out:?}");
        let out = md.push("> Written offline\n");
        assert!(out.contains("▌") && !out.starts_with('>'), "{out:?}");
    }

    #[test]
    fn a_table_at_the_end_is_flushed() {
        let mut md = Markdown::new(false);
        let mut out = md.push("| a | b |\n|---|---|\n| 1 | x \\| y |");
        assert_eq!(out, "");
        out.push_str(&md.finish());
        assert!(out.contains("x | y"), "{out}");
    }
}
