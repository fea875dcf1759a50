//! Statements: a person's words, quoted ("…," said X) or spoken in a
//! transcript ("X, chief executive officer: We …"), with the speaker and
//! the organisation they speak for as two fields.

use serde_json::{Value, json};

use super::super::names::Mention;
use super::super::text::{has, lower};
use super::SPEAKS_FOR;
use super::slug;
use crate::dataset::EntityKind;

/// What a sentence offers a statement: its text, the names in it and what
/// the text around it is about.
pub(super) struct Said<'a> {
    pub(super) sentence: &'a str,
    /// `sentence` lower-cased (same length in characters).
    pub(super) hay: &'a str,
    pub(super) mentions: &'a [Mention],
    pub(super) orgs: &'a [&'a Mention],
    /// The organisation the text was last about.
    pub(super) about: Option<&'a str>,
    /// The organisation the document's heading names.
    pub(super) headline: Option<&'a str>,
    /// Whether the sentence states an amount or already yielded a record.
    pub(super) numeric: bool,
}

impl Said<'_> {
    /// The statement record the sentence supports, if any.
    pub(super) fn statement(
        &self,
        source: &str,
        number: usize,
        date: Option<&str>,
    ) -> Option<Value> {
        let p = self
            .mentions
            .iter()
            .find(|m| m.kind == EntityKind::Person)?;
        let (text, quoted) = match quotation(self.sentence) {
            Some(q) => (q, true),
            // Speech in a transcript is a statement only when it states
            // no amount (a CFO reading out revenue or capital spending
            // gives a figure, or one the dataset does not hold).
            None if !self.numeric => (spoken(self.sentence, p.at)?, false),
            None => return None,
        };
        let hay = self.hay;
        let channel = if has(hay, &["投稿", "ツイート", "tweet", "posted", "wrote on"]) {
            "post"
        } else if has(hay, &["インタビュー", "interview"]) {
            "interview"
        } else if has(hay, &["書簡", "letter"]) {
            "letter"
        } else if has(hay, &["ポッドキャスト", "podcast"]) {
            "podcast"
        } else {
            "statement"
        };
        // Who the words are for: the speaker's known organisation; else,
        // when a title or "our" says the speaker speaks for one, the
        // organisation named beside them (outside their words), the one
        // the document is about (its heading), or the one the text was
        // last about (a CEO speaks for the company); else the speaker.
        let words_at = if quoted {
            hay.find(&lower(&text))
                .map_or(0..0, |at| at..at + text.len())
        } else {
            p.at..hay.len()
        };
        let organisation = p
            .organisation
            .clone()
            .or_else(|| {
                has(hay, SPEAKS_FOR)
                    .then(|| {
                        self.orgs
                            .iter()
                            .filter(|m| !words_at.contains(&m.at) && m.named_on.is_none())
                            .min_by_key(|m| m.at.abs_diff(p.at))
                            .map(|m| m.id.clone())
                            .or_else(|| self.headline.map(str::to_string))
                            .or_else(|| self.about.map(str::to_string))
                    })
                    .flatten()
            })
            .unwrap_or_else(|| p.id.clone());
        Some(json!({
            "id": slug(&[&p.id, &format!("{source}-{number}")]),
            "speaker": p.id,
            "organisation": organisation,
            "date": date.unwrap_or("2025"),
            "channel": channel,
            "audience": "public",
            "text": text,
            "sources": [format!("{source}:{number}")],
        }))
    }
}

/// The words in quotation marks, when the sentence quotes someone:
/// 「…」, "…", “…”, long enough to be a statement.
fn quotation(sentence: &str) -> Option<String> {
    for (open, close) in [('「', '」'), ('“', '”'), ('"', '"')] {
        let Some(start) = sentence.find(open) else {
            continue;
        };
        let rest = &sentence[start + open.len_utf8()..];
        if let Some(end) = rest.find(close) {
            let text = rest[..end].trim();
            if text.chars().count() >= 8 {
                return Some(text.to_string());
            }
        }
    }
    None
}

/// A transcript's speech: the words after the speaker's name (at byte
/// `at`, at the start of the line) and a colon, with an optional title
/// between ("Tom Okafor, chief executive officer: We …", 「山田社長：…」).
fn spoken(sentence: &str, at: usize) -> Option<String> {
    let opening = sentence.get(..at)?;
    if !opening
        .trim_start_matches(['-', '*', '・', ' '])
        .trim()
        .is_empty()
    {
        return None;
    }
    let rest = sentence.get(at..)?;
    // The name and a title are short; a colon further on is in the words.
    let colon = rest
        .char_indices()
        .take(60)
        .find(|(_, c)| matches!(c, ':' | '：'))
        .map(|(i, c)| i + c.len_utf8())?;
    let words = rest[colon..].trim();
    (words.chars().count() >= 8).then(|| words.to_string())
}
