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
use crate::dataset::{Bound, Dataset, EntityKind, Per};

mod roles;
mod unread;
use roles::{SPEAKS_FOR, from_second, is_japanese, payer_and_payee, topic, yen_amount};
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

/// Deal kinds by cue words (English words folded to lower case; Japanese
/// as substrings), most specific first.
const DEAL_CUES: &[(&str, &[&str])] = &[
    ("venture", &["venture", "ベンチャー"]),
    ("chip_purchase", &["chip", "gpu", "tpu", "チップ", "半導体"]),
    (
        "capacity_guarantee",
        &[
            "rent back",
            "lease",
            "guarantee",
            "貸し出",
            "リース",
            "保証",
        ],
    ),
    (
        "debt",
        &["bond", "bonds", "loan", "debt", "社債", "融資", "借入"],
    ),
    (
        "licensing",
        &["licens", "license", "ライセンス", "モデルを得る"],
    ),
    (
        "equity_stake",
        &["stake", "acquir", "持分", "株式を取得", "株式", "買収"],
    ),
    ("investment", &["invest", "raised", "投資", "出資"]),
    (
        "compute_contract",
        &[
            "compute",
            "data center",
            "data centre",
            "cloud",
            "コンピュート",
            "データセンター",
            "クラウド",
        ],
    ),
    ("service_contract", &["service", "サービス"]),
];

const METRICS: &[(&str, &[&str])] = &[
    (
        "market_value_change",
        &["時価総額", "market cap", "market value", "株価"],
    ),
    (
        "valuation",
        &[
            "評価額",
            "企業価値",
            "評価され",
            "valuation",
            "valued",
            "ipo",
            "上場",
        ],
    ),
    (
        "compute_commitments",
        &["コミット", "約束", "commitment", "コンピュート契約"],
    ),
    ("revenue", &["売上", "収益", "収入", "revenue", "sales"]),
    (
        "price",
        &["月額", "料金", "価格", "price", "tier", "ティア"],
    ),
];

fn bound_str(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "exact",
        Bound::Approx => "approx",
        Bound::UpTo => "up_to",
        Bound::AtLeast => "at_least",
    }
}

fn per_str(p: Per) -> &'static str {
    match p {
        Per::Total => "total",
        Per::Year => "year",
        Per::Month => "month",
    }
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
    for (name, kind, line) in new_names(&lines, &base, parallel_from) {
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
            record: json!({"id": id, "name": name, "kind": kind_str, "aliases": [name]}),
            evidence: Evidence {
                lines: line.to_string(),
                text: snippet(&lines[line - 1]),
            },
        });
        extra.push((name, id, kind));
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
            let found = amounts(sentence);
            let usd: Vec<&Amount> = found.iter().filter(|a| a.unit == AmountUnit::Usd).collect();
            // Made only for a sentence that yields a draft (few do).
            let evidence = || Evidence {
                lines: number.to_string(),
                text: snippet(sentence),
            };
            // A deal: two organisations and a transaction word.
            if orgs.len() >= 2 && has(&hay, TRANSACTION) {
                let kind = DEAL_CUES
                    .iter()
                    .find(|(_, cues)| has(&hay, cues))
                    .map_or("service_contract", |(k, _)| *k);
                let (mut from, mut to) = payer_and_payee(&hay, &orgs);
                if from_second(&hay) {
                    std::mem::swap(&mut from, &mut to);
                }
                let mut record = json!({
                    "id": slug(&[&from, &to, kind]),
                    "from": from,
                    "to": to,
                    "kind": kind,
                    "description": sentence.trim(),
                    "sources": [cite],
                });
                if let Some(a) = usd.first() {
                    record["value_usd"] = json!(a.value);
                    record["bound"] = json!(bound_str(a.bound));
                    record["per"] = json!(per_str(a.per));
                } else if let Some(yen) = yen_amount(sentence) {
                    // Yen are not converted: the amount is kept as written.
                    record["value_note"] = json!(yen);
                }
                if let Some(t) = term_years(&hay) {
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
            let taken = usize::from(orgs.len() >= 2 && has(&hay, TRANSACTION));
            // Character offsets (amounts) to byte offsets (the text).
            let offsets: Vec<usize> = if usd.is_empty() {
                Vec::new()
            } else {
                hay.char_indices().map(|(b, _)| b).collect()
            };
            let byte = |chars: usize| offsets.get(chars).copied().unwrap_or(hay.len());
            for (k, a) in usd.iter().enumerate().skip(taken) {
                let from = if k == 0 { 0 } else { byte(usd[k - 1].end) };
                let to = usd.get(k + 1).map_or(hay.len(), |b| byte(b.start));
                let (at, end) = (byte(a.start), byte(a.end));
                if from > at || at > to {
                    continue;
                }
                let window = &hay[from..to];
                let Some((metric, _)) = METRICS.iter().find(|(_, cues)| has(window, cues)) else {
                    continue;
                };
                let subject = orgs
                    .iter()
                    .rev()
                    .find(|m| m.at < at && m.at >= from)
                    .or_else(|| orgs.iter().find(|m| m.at >= from && m.at < to))
                    .map(|m| m.id.clone());
                // Named elsewhere: the line that names it is cited too.
                let (subject, named_on) = match subject {
                    Some(id) => (Some(id), None),
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
                let value = if *metric == "market_value_change" && falls {
                    -a.value
                } else {
                    a.value
                };
                let figure_year = first_year(window).or(year);
                let mut record = json!({
                    "id": slug(&[&subject, metric, &figure_year.map(|y| y.to_string()).unwrap_or_default()]),
                    "subject": subject,
                    "metric": metric,
                    "value": value,
                    "unit": "usd",
                    "bound": bound_str(a.bound),
                    "basis": basis,
                    "period": format!("as stated in source {source}, line {number}"),
                    "sources": sources,
                });
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
                about = Some(id);
                about_line = number;
            }
            // A statement: a person named, and their words quoted.
            let speaker = mentions.iter().find(|m| m.kind == EntityKind::Person);
            if let (Some(p), Some(quoted)) = (speaker, quotation(sentence)) {
                let channel = if has(&hay, &["投稿", "ツイート", "tweet", "posted", "wrote on"])
                {
                    "post"
                } else if has(&hay, &["インタビュー", "interview"]) {
                    "interview"
                } else if has(&hay, &["書簡", "letter"]) {
                    "letter"
                } else if has(&hay, &["ポッドキャスト", "podcast"]) {
                    "podcast"
                } else {
                    "statement"
                };
                // Who the words are for: the speaker's known organisation;
                // else, when a title or "our" says the speaker speaks for
                // one, the organisation named beside them or the one the
                // text is about (a CEO speaks for the company); else the
                // speaker alone.
                let quoted_at = hay
                    .find(&lower(&quoted))
                    .map_or(0..0, |at| at..at + quoted.len());
                let organisation = p
                    .organisation
                    .clone()
                    .or_else(|| {
                        has(&hay, SPEAKS_FOR)
                            .then(|| {
                                orgs.iter()
                                    .filter(|m| !quoted_at.contains(&m.at))
                                    .min_by_key(|m| m.at.abs_diff(p.at))
                                    .map(|m| m.id.clone())
                                    .or_else(|| about.clone())
                                    .or_else(|| headline.as_ref().map(|h| h.0.clone()))
                            })
                            .flatten()
                    })
                    .unwrap_or_else(|| p.id.clone());
                out.push(Draft {
                    kind: RecordType::Statement,
                    record: json!({
                        "id": slug(&[&p.id, &format!("{source}-{number}")]),
                        "speaker": p.id,
                        "organisation": organisation,
                        "date": date.unwrap_or("2025"),
                        "channel": channel,
                        "audience": "public",
                        "text": quoted,
                        "sources": [cite],
                    }),
                    evidence: evidence(),
                });
            }
        }
    }
    out.drain(..context_drafts);
    out
}

/// How many lines back "they" may reach.
const CONTEXT: usize = 3;

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

#[cfg(test)]
mod tests;
