//! The offline extractor: reads a document sentence by sentence and
//! proposes records (deals, figures, statements, entities) from what it
//! recognises: the dataset's names and aliases (Japanese included),
//! amounts with their bounds and periods, cue words for the kind and
//! direction of a deal, the metric and basis of a figure, quotation marks
//! and speech verbs for statements. It proposes; a human confirms. Every
//! proposal names the line it comes from and the words that support it.

use serde_json::{Value, json};

use super::amounts::{Amount, AmountUnit, amounts};
use super::names::{Mention, Names, new_names};
pub use super::names::{entity_id, slug};
use super::text::{TRANSACTION, first_year, has, lower, plainly_nfkc, sentences, term_years};
use crate::dataset::{Bound, Dataset, EntityKind};

mod cues;
mod roles;
mod statements;
mod unread;
use cues::{METRICS, bound_str, deal_kind, per_str};
use roles::{
    SPEAKS_FOR, deal_amount, from_second, is_japanese, payer_and_payee, self_reference, topic,
    unquoted, yen_amount,
};
use statements::Said;
pub use unread::not_drafted;

/// What kind of record a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    Deal,
    Figure,
    Statement,
    Entity,
}

impl RecordType {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Deal => "deal",
            RecordType::Figure => "figure",
            RecordType::Statement => "statement",
            RecordType::Entity => "entity",
        }
    }

    /// The dataset file the record goes to, and its table name.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            RecordType::Deal => ("deals.toml", "deal"),
            RecordType::Figure => ("figures.toml", "figure"),
            RecordType::Statement => ("statements.toml", "statement"),
            RecordType::Entity => ("entities.toml", "entity"),
        }
    }
}

/// The line(s) a proposal rests on and the words in them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    /// `3` or `3-4`.
    pub lines: String,
    pub text: String,
}

/// A drafted record.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The fields exactly as in the dataset files, `sources` included.
    pub record: Value,
    pub evidence: Evidence,
}

/// The words of `sentence` around an amount, as evidence (at most 160
/// characters).
fn snippet(sentence: &str) -> String {
    let s: String = sentence.trim().chars().take(160).collect();
    if s.chars().count() < sentence.trim().chars().count() {
        format!("{s}…")
    } else {
        s
    }
}

/// Everything the extractor proposes from `text`, source `source`
/// (dated `date`, a `YYYY[-MM[-DD]]` string, when the document says).
pub fn extract(source: &str, date: Option<&str>, text: &str, data: &Dataset) -> Vec<Draft> {
    extract_with(source, date, text, data, PARALLEL_LINES)
}

/// [`extract`], read in two halves at once from `parallel_from` lines.
fn extract_with(
    source: &str,
    date: Option<&str>,
    text: &str,
    data: &Dataset,
    parallel_from: usize,
) -> Vec<Draft> {
    use unicode_normalization::UnicodeNormalization;
    // Most lines are in NFKC already; the quick check spares the copy.
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if plainly_nfkc(l) {
                return l.to_string();
            }
            match unicode_normalization::is_nfkc_quick(l.chars()) {
                unicode_normalization::IsNormalized::Yes => l.to_string(),
                _ => l.nfkc().collect(),
            }
        })
        .collect();
    let base = Names::new(data, &[]);
    let mut out = Vec::new();
    let mut extra = Vec::new();
    // The ids drafted so far, looked up by hash: a digest has thousands.
    let mut drafted = std::collections::HashSet::new();
    for (name, kind, line, aliases) in new_names(&lines, &base, parallel_from) {
        let id = entity_id(&name);
        if data.entity(&id).is_some() || !drafted.insert(id.clone()) {
            continue;
        }
        let kind_str = match kind {
            EntityKind::Person => "person",
            _ => "company",
        };
        out.push(Draft {
            kind: RecordType::Entity,
            record: json!({"id": id, "name": name, "kind": kind_str, "aliases": aliases}),
            evidence: Evidence {
                lines: line.to_string(),
                text: snippet(&lines[line - 1]),
            },
        });
        for alias in aliases {
            extra.push((alias, id.clone(), kind));
        }
    }
    let names = Names::new(data, &extra);
    let scan = |from: usize, to: usize| scan(&lines, from, to, source, date, &names);
    // A long document is read in two halves at once (the machines steer
    // runs on have two cores or more); the second half starts with the
    // lines before it as context, so "they" reads the same either way.
    if lines.len() >= parallel_from {
        let mid = lines.len() / 2;
        let (first, second) = std::thread::scope(|s| {
            let first = s.spawn(|| scan(0, mid));
            let second = scan(mid, lines.len());
            (first.join(), second)
        });
        match first {
            Ok(drafts) => out.extend(drafts),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        out.extend(second);
    } else {
        out.extend(scan(0, lines.len()));
    }
    out
}

/// From how many lines a document is read in two halves at once.
const PARALLEL_LINES: usize = 2_000;

/// The drafts lines `from..to` (0-based) support; the lines just before
/// `from` are read for context only.
fn scan(
    lines: &[String],
    from: usize,
    to: usize,
    source: &str,
    date: Option<&str>,
    names: &Names,
) -> Vec<Draft> {
    let mut out = Vec::new();
    let year = date
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    // The company the text was last about, and on which line: "they" in
    // the next few lines means it.
    let mut about: Option<String> = None;
    let mut about_line = 0usize;
    // The organisation a heading names: what the whole document is
    // about (an earnings call's company, a press release's), for figures
    // and "our" when nothing nearer says whose.
    let mut headline: Option<(String, usize)> = None;
    // The first organisation the text names, and where.
    let mut first_named: Option<(String, usize)> = None;
    let start = from.saturating_sub(CONTEXT);
    // Drafts from the context lines are not this part's to give.
    let mut context_drafts = 0;
    for (n, line) in lines.iter().enumerate().take(to).skip(start) {
        if n == from {
            context_drafts = out.len();
        }
        let number = n + 1;
        let cite = format!("{source}:{number}");
        if number > about_line + CONTEXT {
            about = None;
        }
        for sentence in sentences(line) {
            // The lines are NFKC already: folding is lower-casing.
            // Amounts are located by character: lower-case character by
            // character, so the count stays the same even for İ.
            let hay = lower(sentence);
            let mut mentions = names.mentions_in(&hay);
            // Whether the sentence's subject was left out (Japanese): the
            // text is still about the same company after it.
            let mut elided = false;
            // 同社: the organisation the text is about (its topic). English
            // "the company" is left alone: it may mean either party.
            if let Some(id) = &about
                && let Some(at) = hay.find("同社")
                && !mentions.iter().any(|m| &m.id == id)
            {
                mentions.push(Mention {
                    at,
                    id: id.clone(),
                    kind: EntityKind::Company,
                    organisation: None,
                    named_on: Some(about_line),
                });
                mentions.sort_by_key(|m| m.at);
            }
            // "We", "our", 当社: the document's own organisation, the one
            // its heading names, else the first it names (a thread's
            // author introduces their company before saying "we").
            if let Some((own, own_line)) = headline.clone().or_else(|| first_named.clone())
                && let Some(at) = self_reference(&hay)
                && !mentions.iter().any(|m| m.id == own)
            {
                mentions.push(Mention {
                    at,
                    id: own,
                    kind: EntityKind::Company,
                    organisation: None,
                    named_on: Some(own_line),
                });
                mentions.sort_by_key(|m| m.at);
            }
            // Japanese drops a subject the text is already about (a deal
            // with an amount and one party named):
            // 「また、オラクルと600億円の契約を締結した」 is that company's deal.
            if let Some(id) = &about
                && is_japanese(&hay)
                && has(&hay, TRANSACTION)
                && mentions
                    .iter()
                    .filter(|m| m.kind != EntityKind::Person && m.kind != EntityKind::Group)
                    .count()
                    == 1
                && !mentions.iter().any(|m| &m.id == id)
                && !hay.contains('が')
                && (yen_amount(sentence).is_some()
                    || amounts(sentence).iter().any(|a| a.unit == AmountUnit::Usd))
            {
                elided = true;
                mentions.insert(
                    0,
                    Mention {
                        at: 0,
                        id: id.clone(),
                        kind: EntityKind::Company,
                        organisation: None,
                        named_on: Some(about_line),
                    },
                );
            }
            let orgs: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.kind != EntityKind::Person && m.kind != EntityKind::Group)
                .collect();
            if headline.is_none() && line.trim_start().starts_with('#') {
                headline = orgs.first().map(|m| (m.id.clone(), number));
            }
            if first_named.is_none() {
                first_named = orgs
                    .iter()
                    .find(|m| m.named_on.is_none())
                    .map(|m| (m.id.clone(), number));
            }
            let drafts_before = out.len();
            let found = amounts(sentence);
            let usd: Vec<&Amount> = found.iter().filter(|a| a.unit == AmountUnit::Usd).collect();
            // Made only for a sentence that yields a draft (few do).
            let evidence = || Evidence {
                lines: number.to_string(),
                text: snippet(sentence),
            };
            // A deal: two organisations and a transaction word. Which of
            // the sentence's amounts it took (the rest may be figures).
            let mut deal_at = None;
            // Read outside quotation marks: quoted words are a statement,
            // and "investors" is not an investment.
            let plain = unquoted(&hay);
            let parties: Vec<&Mention> = orgs
                .iter()
                .copied()
                .filter(|m| plain.as_bytes().get(m.at) != Some(&b' ') || m.named_on.is_some())
                .collect();
            let is_deal = parties.len() >= 2 && has(&plain, TRANSACTION);
            if is_deal {
                let orgs = &parties;
                let original = &hay;
                let hay = &plain;
                let kind = deal_kind(hay);
                let (mut from, mut to) = payer_and_payee(hay, orgs);
                if from_second(hay) {
                    std::mem::swap(&mut from, &mut to);
                }
                // A party only referred to here (同社, "we") is cited
                // where it is named.
                let mut sources: Vec<Value> = orgs
                    .iter()
                    .filter(|m| m.id == from || m.id == to)
                    .filter_map(|m| m.named_on)
                    .filter(|l| *l != number)
                    .map(|l| json!(format!("{source}:{l}")))
                    .collect();
                sources.dedup();
                sources.push(json!(cite));
                let mut record = json!({
                    "id": slug(&[&from, &to, kind]),
                    "from": from,
                    "to": to,
                    "kind": kind,
                    "description": sentence.trim(),
                    "sources": sources,
                });
                deal_at = deal_amount(hay, original, &usd);
                if let Some(a) = deal_at.and_then(|k| usd.get(k)) {
                    record["value_usd"] = json!(a.value);
                    record["bound"] = json!(bound_str(a.bound));
                    record["per"] = json!(per_str(a.per));
                } else if let Some(yen) = yen_amount(sentence) {
                    // Yen are not converted: the amount is kept as written.
                    record["value_note"] = json!(yen);
                    deal_at = Some(0);
                }
                if let Some(t) = term_years(hay) {
                    record["term"] = json!(format!("{t} years"));
                }
                if let Some(d) = date {
                    record["date"] = json!(d);
                }
                out.push(Draft {
                    kind: RecordType::Deal,
                    record,
                    evidence: evidence(),
                });
            }
            // Figures: each amount not taken by a deal, with the metric
            // words around it and the company it is about (named before
            // it, else the one the text was last about: "they").
            // Dollars are figures' values; an amount in yen, when the
            // sentence states no dollars, is kept as written.
            let mut stated: Vec<Stated> = usd
                .iter()
                .map(|a| Stated {
                    start: a.start,
                    end: a.end,
                    bound: a.bound,
                    value: Some(a.value),
                    note: None,
                })
                .collect();
            if stated.is_empty()
                && let Some(yen) = yen_amount(sentence)
                && let Some(byte_at) = sentence.find(&yen)
            {
                let start = sentence[..byte_at].chars().count();
                let approx = sentence[..byte_at].ends_with('約');
                stated.push(Stated {
                    start,
                    end: start + yen.chars().count(),
                    bound: if approx { Bound::Approx } else { Bound::Exact },
                    value: None,
                    note: Some(yen),
                });
            }
            // Character offsets (amounts) to byte offsets (the text).
            let offsets: Vec<usize> = if stated.is_empty() {
                Vec::new()
            } else {
                hay.char_indices().map(|(b, _)| b).collect()
            };
            let byte = |chars: usize| offsets.get(chars).copied().unwrap_or(hay.len());
            for (k, a) in stated.iter().enumerate() {
                if is_deal && (deal_at == Some(k) || deal_at.is_none()) {
                    continue;
                }
                let from = if k == 0 { 0 } else { byte(stated[k - 1].end) };
                let to = stated.get(k + 1).map_or(hay.len(), |b| byte(b.start));
                let (at, end) = (byte(a.start), byte(a.end));
                if from > at || at > to {
                    continue;
                }
                let window = &hay[from..to];
                let Some((metric, _)) = METRICS.iter().find(|(_, cues)| has(window, cues)) else {
                    continue;
                };
                // "X raised $650M from Y, valuing the company at $6B": "the
                // company" is the sentence's subject, not whoever is
                // named last.
                let the_company = has(
                    &hay[from..at],
                    &["the company", "the firm", "the startup", "the group"],
                );
                let subject = orgs
                    .iter()
                    .rev()
                    .find(|m| m.at < at && m.at >= from && !the_company)
                    .or_else(|| orgs.first().filter(|m| the_company && m.at < at))
                    .or_else(|| orgs.iter().find(|m| m.at >= from && m.at < to))
                    .map(|m| (m.id.clone(), m.named_on));
                // Named elsewhere: the line that names it is cited too.
                let (subject, named_on) = match subject {
                    Some((id, named_on)) => (Some(id), named_on),
                    None => match (&about, &headline) {
                        (Some(id), _) => (Some(id.clone()), Some(about_line)),
                        (None, Some((id, line))) => (Some(id.clone()), Some(*line)),
                        (None, None) => (None, None),
                    },
                };
                let Some(subject) = subject else { continue };
                let mut sources = vec![json!(cite)];
                if let Some(line) = named_on.filter(|l| *l != number) {
                    sources.insert(0, json!(format!("{source}:{line}")));
                }
                // "200億ドル…を超えるペース": the basis often follows the amount.
                let near = &hay[from..byte(a.end + 15).max(end)];
                let basis = if has(
                    near,
                    &[
                        "年換算",
                        "年間化",
                        "run-rate",
                        "annualized",
                        "annualised",
                        "ペース",
                    ],
                ) {
                    "annualized"
                } else if has(window, &["噂", "rumor", "rumour", "ipo", "上場"]) {
                    "rumoured"
                } else if has(
                    window,
                    &[
                        "までに",
                        "見込",
                        "予測",
                        "予想",
                        "expected",
                        "projected",
                        "forecast",
                        "will ",
                        "来年",
                        "next year",
                    ],
                ) {
                    "projected"
                } else {
                    "reported"
                };
                let falls = has(
                    window,
                    &["失", "下落", "下が", "lost", "fell", "drop", "wiped"],
                );
                let value = a.value.map(|v| {
                    if *metric == "market_value_change" && falls {
                        -v
                    } else {
                        v
                    }
                });
                let figure_year = first_year(window).or(year);
                let mut record = json!({
                    "id": slug(&[&subject, metric, &figure_year.map(|y| y.to_string()).unwrap_or_default()]),
                    "subject": subject,
                    "metric": metric,
                    "unit": "usd",
                    "bound": bound_str(a.bound),
                    "basis": basis,
                    "period": format!("as stated in source {source}, line {number}"),
                    "sources": sources,
                });
                match (value, &a.note) {
                    (Some(v), _) => record["value"] = json!(v),
                    // The dataset's figures are in dollars and it converts
                    // no currency: the yen stay as written, with no value.
                    (None, Some(note)) => record["value_note"] = json!(note),
                    (None, None) => {}
                }
                if let Some(y) = figure_year {
                    record["year"] = json!(y);
                }
                if let Some(t) = term_years(window).filter(|_| *metric == "compute_commitments") {
                    record["term_years"] = json!(t);
                }
                if has(window, &["報道によると", "reportedly", "伝えられ"]) {
                    record["caveat"] = json!("reportedly");
                }
                out.push(Draft {
                    kind: RecordType::Figure,
                    record,
                    evidence: evidence(),
                });
            }
            // What the text is about next: in Japanese the organisation は
            // or が marks (the topic, not whoever is named last).
            let next = match topic(&hay, &orgs) {
                Some(id) => Some(id),
                None if elided => about.clone(),
                None => orgs.last().map(|m| m.id.clone()),
            };
            if let Some(id) = next {
                // Where it is named: "they" two lines on cites that line,
                // not one that only said "we".
                about_line = match orgs.iter().find(|m| m.id == id) {
                    Some(m) => m.named_on.unwrap_or(number),
                    // A dropped subject: still the line that named it.
                    None => about_line,
                };
                about = Some(id);
            }
            // A statement: a person named, and their words quoted (or,
            // in a transcript, spoken after their name and a colon, when
            // the line is not a figure or a deal already).
            let said = Said {
                sentence,
                hay: &hay,
                mentions: &mentions,
                orgs: &orgs,
                about: about.as_deref(),
                headline: headline.as_ref().map(|h| h.0.as_str()),
                numeric: out.len() > drafts_before
                    || !found.is_empty()
                    || yen_amount(sentence).is_some(),
            };
            if let Some(record) = said.statement(source, number, date) {
                out.push(Draft {
                    kind: RecordType::Statement,
                    record,
                    evidence: evidence(),
                });
            }
        }
    }
    out.drain(..context_drafts);
    out
}

/// An amount a figure may be drafted from: dollars with their value, or
/// yen as written (`note`). Offsets are in characters.
struct Stated {
    start: usize,
    end: usize,
    bound: Bound,
    value: Option<f64>,
    note: Option<String>,
}

/// How many lines back "they" may reach.
const CONTEXT: usize = 3;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_general;
