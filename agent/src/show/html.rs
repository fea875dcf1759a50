//! A session as one self-contained HTML file, to keep or hand to a
//! colleague: no network, the style inline, the charts as inline SVG,
//! the question and date on top, the answer first, every source label a
//! link to an appendix entry that quotes the cited lines (with
//! `--documents`) or gives the dataset's paraphrase, marked as one, and
//! the checkpoints with what was decided.

use std::collections::BTreeSet;
use std::path::Path;

use steer_tools::Dataset;

use super::{Shown, steered_line};
use crate::i18n::Lang;

/// Where the cited lines are read from: the dataset's own directory
/// (`documents/`) and a folder of documents the user gave.
#[derive(Debug, Clone, Copy, Default)]
pub struct Documents<'a> {
    pub dataset_dir: Option<&'a Path>,
    pub folder: Option<&'a Path>,
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b}\
header{border-bottom:1px solid #ccc;margin-bottom:1.5rem}\
blockquote.question{font-size:1.2rem;margin:0.5rem 0;padding:0.5rem 1rem;border-left:4px solid #2a5db0;background:#f3f6fb}\
.meta{color:#555;font-size:0.9rem}\
table{border-collapse:collapse;margin:1rem 0;font-size:0.92rem}\
th,td{border:1px solid #ccc;padding:0.3rem 0.5rem;vertical-align:top;text-align:left}\
th{background:#f3f3f3}\
a.cite{color:#2a5db0;text-decoration:none;border-bottom:1px dotted #2a5db0;white-space:nowrap}\
figure{margin:1.5rem 0}\
figure svg{max-width:100%;height:auto}\
.source{border-top:1px solid #eee;padding:0.5rem 0}\
.source pre{white-space:pre-wrap;background:#fafafa;padding:0.5rem;border:1px solid #eee}\
.paraphrase{font-style:italic;color:#444}\
.checkpoints li{margin:0.3rem 0}\
footer{margin-top:2rem;color:#777;font-size:0.85rem}\
@media print{a.cite{border:none}body{margin:0}}";

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The anchor of a source label (`001 l.75-77` → `src-001-l-75-77`).
pub fn anchor(label: &str) -> String {
    let mut out = String::from("src");
    for part in label.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            out.push('-');
            out.push_str(part);
        }
    }
    out
}

/// Every source label the report cites.
fn labels(shown: &Shown) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(r) = &shown.report {
        out.extend(r.sources.iter().cloned());
        for c in &r.claims {
            for rec in &c.records {
                out.extend(rec.sources.iter().cloned());
            }
        }
    }
    out
}

/// `html` with each of `labels` outside tags turned into a link to its
/// appendix entry (the longest label first at each place, so
/// `001 l.75-77` is not read as `001 l.75`).
fn link_labels(html: &str, labels: &BTreeSet<String>) -> String {
    let mut sorted: Vec<&String> = labels.iter().collect();
    sorted.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let mut out = String::with_capacity(html.len() + labels.len() * 40);
    let mut rest = html;
    let mut in_tag = false;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            in_tag = true;
        } else if c == '>' {
            in_tag = false;
        } else if !in_tag
            && let Some(label) = sorted.iter().find(|l| {
                rest.starts_with(l.as_str())
                    && !rest[l.len()..].starts_with(|n: char| n.is_ascii_digit() || n == '-')
            })
        {
            out.push_str(&format!(
                "<a class=\"cite\" href=\"#{}\">{}</a>",
                anchor(label),
                label
            ));
            rest = &rest[label.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Markdown to HTML (tables included), by pulldown-cmark. Raw HTML in the
/// report (a model's text) is shown as text, never run as markup.
fn markdown(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(
        |e| match e {
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            other => other,
        },
    );
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// A chart's SVG with its ids made its own (`c2-arrow`), so two charts on
/// one page do not share a marker or a clip path.
fn own_ids(svg: &str, n: usize) -> String {
    svg.replace("id=\"", &format!("id=\"c{n}-"))
        .replace("url(#", &format!("url(#c{n}-"))
        .replace("href=\"#", &format!("href=\"#c{n}-"))
}

/// The dataset's paraphrase of what records citing `label` say.
fn paraphrases(data: &Dataset, label: &str, lang: Lang) -> Vec<(String, String)> {
    let cites = |sources: &[steer_tools::dataset::Citation]| {
        data.source_refs(sources).iter().any(|r| r.label == label)
    };
    let ja = |m: &std::collections::BTreeMap<String, String>, k: &str| {
        (lang == Lang::Ja).then(|| m.get(k).cloned()).flatten()
    };
    let mut out = Vec::new();
    for d in data.deals.iter().filter(|d| cites(&d.sources)) {
        let text = ja(&d.ja, "description").unwrap_or_else(|| d.description.clone());
        out.push((d.id.clone(), text));
    }
    for f in data.figures.iter().filter(|f| cites(&f.sources)) {
        let text = ja(&f.ja, "note")
            .or_else(|| f.note.clone())
            .unwrap_or_else(|| format!("{} {} ({})", f.subject, f.metric.as_str(), f.period));
        out.push((f.id.clone(), text));
    }
    for s in data.statements.iter().filter(|s| cites(&s.sources)) {
        let text = ja(&s.ja, "text").unwrap_or_else(|| s.text.clone());
        out.push((s.id.clone(), text));
    }
    out
}

/// One appendix entry: the label, its source's title, and the cited lines
/// or the paraphrase.
fn source_entry(shown: &Shown, label: &str, data: &Dataset, docs: Documents<'_>) -> String {
    let lang = shown.lang;
    let cited_for: Vec<String> = shown
        .report
        .iter()
        .flat_map(|r| &r.claims)
        .flat_map(|c| &c.records)
        .filter(|r| r.sources.iter().any(|s| s == label))
        .map(|r| r.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let source_id = label.split_whitespace().next().unwrap_or(label);
    let title = data
        .source(source_id)
        .map_or(String::new(), |s| s.title.clone());
    let mut out = format!(
        "<div class=\"source\" id=\"{}\"><h3>{} — {}</h3>",
        anchor(label),
        escape(label),
        escape(&title)
    );
    let read = crate::ingest::cited(data, docs.dataset_dir, docs.folder, label);
    match read {
        Ok(cited) => {
            out.push_str(&format!(
                "<p>{}</p><pre>",
                crate::tr!(lang, "show-source-lines")
            ));
            for (n, line) in &cited.lines {
                out.push_str(&format!("{n:>5}  {}\n", escape(line)));
            }
            out.push_str("</pre>");
        }
        Err(why) => {
            if docs.folder.is_some() {
                out.push_str(&format!(
                    "<p>{}</p>",
                    escape(&crate::tr!(lang, "show-source-unread", why = why))
                ));
            }
            let said = paraphrases(data, label, lang);
            if !said.is_empty() {
                out.push_str(&format!(
                    "<p>{}</p><ul class=\"paraphrase\">",
                    escape(&crate::tr!(lang, "show-source-paraphrase"))
                ));
                for (id, text) in said {
                    out.push_str(&format!(
                        "<li><code>{}</code>: {}</li>",
                        escape(&id),
                        escape(&text)
                    ));
                }
                out.push_str("</ul>");
            }
        }
    }
    if !cited_for.is_empty() {
        out.push_str(&format!(
            "<p>{}: {}</p>",
            crate::tr!(lang, "show-cited-by"),
            cited_for
                .iter()
                .map(|id| format!("<code>{}</code>", escape(id)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str("</div>");
    out
}

/// The page.
pub fn page(shown: &Shown, data: &Dataset, docs: Documents<'_>) -> String {
    let lang = shown.lang;
    let labels = labels(shown);
    let mut body = String::new();
    body.push_str(&format!(
        "<header><h1>{}</h1><blockquote class=\"question\">{}</blockquote><p class=\"meta\">{}</p></header><main>",
        crate::tr!(lang, "show-title"),
        escape(&shown.request),
        escape(&shown.meta())
    ));
    // The report opens with its own answer heading.
    body.push_str("<section id=\"answer\">");
    match &shown.report {
        Some(r) => body.push_str(&link_labels(&markdown(&r.markdown), &labels)),
        None => body.push_str(&format!(
            "<p>{}</p>",
            escape(&crate::tr!(lang, "show-unfinished", id = shown.id.clone()))
        )),
    }
    body.push_str("</section>");
    if !shown.charts.is_empty() {
        body.push_str(&format!(
            "<section id=\"charts\"><h2>{}</h2>",
            crate::tr!(lang, "show-charts")
        ));
        for (n, c) in shown.charts.iter().enumerate() {
            body.push_str(&format!(
                "<figure id=\"chart-{}\">{}<figcaption>{}</figcaption></figure>",
                n + 1,
                own_ids(&c.svg, n + 1),
                escape(&c.title)
            ));
        }
        body.push_str("</section>");
    }
    if !shown.checkpoints.is_empty() {
        body.push_str(&format!(
            "<section id=\"checkpoints\" class=\"checkpoints\"><h2>{}</h2><ol>",
            crate::tr!(lang, "show-checkpoints")
        ));
        for c in &shown.checkpoints {
            body.push_str(&format!(
                "<li id=\"checkpoint-{}\">{}</li>",
                c.number,
                escape(&steered_line(c, lang))
            ));
        }
        body.push_str("</ol></section>");
    }
    if !labels.is_empty() {
        body.push_str(&format!(
            "<section id=\"sources\"><h2>{}</h2>",
            crate::tr!(lang, "show-sources")
        ));
        for label in &labels {
            body.push_str(&source_entry(shown, label, data, docs));
        }
        body.push_str("</section>");
    }
    body.push_str(&format!(
        "</main><footer>{}</footer>",
        escape(&crate::tr!(lang, "show-generated", id = shown.id.clone()))
    ));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>\n",
        lang.code(),
        escape(&shown.request)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_links_outside_tags_and_the_longest_wins() {
        let labels: BTreeSet<String> = ["001 l.75".to_string(), "001 l.75-77".to_string()]
            .into_iter()
            .collect();
        let html = "<td title=\"001 l.75\">001 l.75-77; 001 l.75</td>";
        let linked = link_labels(html, &labels);
        assert_eq!(
            linked,
            "<td title=\"001 l.75\"><a class=\"cite\" href=\"#src-001-l-75-77\">001 l.75-77</a>; <a class=\"cite\" href=\"#src-001-l-75\">001 l.75</a></td>"
        );
    }

    #[test]
    fn raw_html_in_a_report_is_text() {
        let html = markdown("An answer <script>alert(1)</script> here.");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
