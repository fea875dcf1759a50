//! The offline extractor: reads a document sentence by sentence and
//! proposes records (deals, figures, statements, entities) from what it
//! recognises: the dataset's names and aliases (Japanese included),
//! amounts with their bounds and periods, cue words for the kind and
//! direction of a deal, the metric and basis of a figure, quotation marks
//! and speech verbs for statements. It proposes; a human confirms. Every
//! proposal names the line it comes from and the words that support it.

use serde_json::{Value, json};

use super::amounts::{Amount, AmountUnit, amounts};
use crate::dataset::{Bound, Dataset, EntityKind, Per};

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

/// A name found in a sentence.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    id: String,
    kind: EntityKind,
    /// For people: the organisation they speak for.
    organisation: Option<String>,
}

/// Names as they are searched: NFKC, lower case.
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
}

fn ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The dataset's names, folded, longest first (so "OpenAI Inc." wins over
/// "OpenAI"), with the entity each stands for.
struct Names {
    all: Vec<(String, String, EntityKind, Option<String>)>,
    /// Every name at once (leftmost-longest: "OpenAI Inc." over "OpenAI").
    matcher: Option<aho_corasick::AhoCorasick>,
}

impl Names {
    fn new(data: &Dataset, extra: &[(String, String, EntityKind)]) -> Names {
        let mut all = Vec::new();
        for e in &data.entities {
            for n in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let folded = fold(n);
                if folded.chars().count() >= 2 {
                    all.push((folded, e.id.clone(), e.kind, e.organisation.clone()));
                }
            }
        }
        for (name, id, kind) in extra {
            all.push((fold(name), id.clone(), *kind, None));
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(all.iter().map(|(n, ..)| n.as_str()))
            .ok();
        Names { all, matcher }
    }

    fn mentions(&self, sentence: &str) -> Vec<Mention> {
        self.mentions_in(&fold(sentence))
    }

    /// [`Names::mentions`] in text already folded.
    fn mentions_in(&self, hay: &str) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let Some(matcher) = &self.matcher else {
            return out;
        };
        for m in matcher.find_iter(hay) {
            let (name, id, kind, org) = &self.all[m.pattern().as_usize()];
            // An ASCII name is a word: not part of a longer one.
            if name.is_ascii() {
                let before = hay[..m.start()].chars().next_back();
                let after = hay[m.end()..].chars().next();
                if before.is_some_and(ascii_word) || after.is_some_and(ascii_word) {
                    continue;
                }
            }
            if !out.iter().any(|x| &x.id == id) {
                out.push(Mention {
                    at: m.start(),
                    id: id.clone(),
                    kind: *kind,
                    organisation: org.clone(),
                });
            }
        }
        out
    }
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
    ("equity_stake", &["stake", "持分", "株式を取得", "株式"]),
    ("investment", &["invest", "投資", "出資"]),
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

/// Words that make a sentence about a transaction at all.
const TRANSACTION: &[&str] = &[
    "invest",
    "buy",
    "bought",
    "purchase",
    "contract",
    "deal",
    "pay",
    "paid",
    "agreement",
    "signed",
    "lease",
    "rent",
    "bond",
    "loan",
    "licens",
    "出資",
    "投資",
    "購入",
    "買",
    "契約",
    "取引",
    "支払",
    "合意",
    "締結",
    "貸し出",
    "社債",
    "融資",
    "リース",
];

/// Words that turn the direction: "B receives investment from A".
const FROM_SECOND: &[&str] = &[
    "から出資を受け",
    "から投資を受け",
    "receives",
    "received",
    "raised from",
    "から資金",
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

fn has(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
}

fn first_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let w: String = chars[i..i + 4].iter().collect();
        let boundary = i == 0 || !chars[i - 1].is_ascii_digit();
        let after = chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        w.parse::<i32>()
            .ok()
            .filter(|y| boundary && after && (2000..=2100).contains(y))
    })
}

fn term_years(hay: &str) -> Option<u32> {
    for (marker, after) in [("年間", true), (" years", true), ("-year", true)] {
        if let Some(i) = hay.find(marker) {
            let digits: String = hay[..i]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if after && !digits.is_empty() && digits.len() <= 2 {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// Sentences of a line, with their character offsets.
fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote = 0i32;
    for c in line.chars() {
        current.push(c);
        match c {
            '「' | '“' => quote += 1,
            '」' | '”' => quote -= 1,
            _ => {}
        }
        if quote <= 0 && matches!(c, '。' | '！' | '？' | '!' | '?') {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

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

/// An id made from words: lower case ASCII letters, digits and `-`.
pub fn slug(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        for c in w.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A name a new entity gets an id from: its ASCII letters, else a short
/// hash of the name as written (a Japanese name keeps its spelling as an
/// alias).
pub fn entity_id(name: &str) -> String {
    let ascii = slug(&[name]);
    if ascii.len() >= 2 {
        return ascii;
    }
    use sha2::Digest;
    let hash = sha2::Sha256::digest(name.as_bytes());
    format!(
        "entity-{:02x}{:02x}{:02x}{:02x}",
        hash[0], hash[1], hash[2], hash[3]
    )
}

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "And",
    "But",
    "For",
    "With",
    "From",
    "When",
    "What",
    "Which",
    "Who",
    "Why",
    "How",
    "Its",
    "Their",
    "They",
    "There",
    "Here",
    "Our",
    "We",
    "You",
    "He",
    "She",
    "It",
    "In",
    "On",
    "At",
    "By",
    "As",
    "If",
    "So",
    "Of",
    "To",
    "An",
    "Or",
    "Not",
    "CEO",
    "CFO",
    "CTO",
    "AI",
    "API",
    "GPU",
    "GPUs",
    "TPU",
    "TPUs",
    "IPO",
    "US",
    "USD",
    "Mr",
    "Ms",
    "Dr",
    "Inc",
    "Corp",
    "Ltd",
    "LLC",
    "I",
    "OK",
    "Yes",
    "No",
    "Also",
    "However",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Pro",
    "Plus",
];

/// Names the document uses that the dataset does not know: capitalised
/// English words (more than once, or beside a transaction word), and
/// katakana names marked as a company or a person (〜社, 〜氏, 〜さん).
fn new_names(lines: &[String], names: &Names) -> Vec<(String, EntityKind, usize)> {
    let mut counts: Vec<(String, EntityKind, usize, usize, bool)> = Vec::new();
    let mut known: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    for (n, line) in lines.iter().enumerate() {
        let transaction = has(&line.to_lowercase(), TRANSACTION);
        let mut push =
            |name: String,
             kind: EntityKind,
             counts: &mut Vec<(String, EntityKind, usize, usize, bool)>| {
                // Known names are looked up once each.
                let known = *known
                    .entry(name.clone())
                    .or_insert_with(|| !names.mentions(&name).is_empty());
                if known {
                    return;
                }
                match counts.iter_mut().find(|c| c.0 == name) {
                    Some(c) => {
                        c.2 += 1;
                        c.4 |= transaction;
                    }
                    None => counts.push((name, kind, 1, n + 1, transaction)),
                }
            };
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_uppercase() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
                // "Ground News": capitalised words in a row are one name.
                let start = i;
                let mut word = String::new();
                let mut j = i;
                loop {
                    let part: String = chars[j..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    word.push_str(&part);
                    j += part.chars().count();
                    let next_cap = chars.get(j) == Some(&' ')
                        && chars.get(j + 1).is_some_and(char::is_ascii_uppercase);
                    if !next_cap {
                        break;
                    }
                    word.push(' ');
                    j += 1;
                }
                i = j.max(i + 1);
                // The first word of a line (after Markdown marks) or of a
                // sentence is capitalised anyway.
                let line_start = chars[..start]
                    .iter()
                    .all(|c| c.is_whitespace() || matches!(c, '#' | '*' | '-' | '>'));
                let sentence_start = line_start || {
                    let before: String = chars[..start].iter().rev().take(2).collect();
                    before.trim_start().starts_with(['.', '!', '?'])
                };
                let first = word.split(' ').next().unwrap_or("");
                if word.len() >= 3 && !NOT_NAMES.contains(&first) && !sentence_start {
                    push(word, EntityKind::Company, &mut counts);
                }
                continue;
            }
            if matches!(c as u32, 0x30a1..=0x30fa) {
                let run: String = chars[i..]
                    .iter()
                    .take_while(|c| matches!(**c as u32, 0x30a1..=0x30fc))
                    .collect();
                let n = run.chars().count();
                let marker = chars.get(i + n).copied();
                let kind = match marker {
                    Some('社') => Some(EntityKind::Company),
                    Some('氏') => Some(EntityKind::Person),
                    _ if chars[i + n..].iter().take(2).collect::<String>() == "さん" => {
                        Some(EntityKind::Person)
                    }
                    _ => None,
                };
                if let (Some(kind), true) = (kind, n >= 3) {
                    push(run, kind, &mut counts);
                }
                i += n.max(1);
                continue;
            }
            i += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, kind, count, _, transaction)| {
            *count >= 2 || *transaction || *kind == EntityKind::Person
        })
        .map(|(name, kind, _, line, _)| (name, kind, line))
        .collect()
}

/// Everything the extractor proposes from `text`, source `source`
/// (dated `date`, a `YYYY[-MM[-DD]]` string, when the document says).
pub fn extract(source: &str, date: Option<&str>, text: &str, data: &Dataset) -> Vec<Draft> {
    use unicode_normalization::UnicodeNormalization;
    // Most lines are in NFKC already; the quick check spares the copy.
    let lines: Vec<String> = text
        .lines()
        .map(|l| match unicode_normalization::is_nfkc_quick(l.chars()) {
            unicode_normalization::IsNormalized::Yes => l.to_string(),
            _ => l.nfkc().collect(),
        })
        .collect();
    let base = Names::new(data, &[]);
    let mut out = Vec::new();
    let mut extra = Vec::new();
    for (name, kind, line) in new_names(&lines, &base) {
        let id = entity_id(&name);
        if data.entity(&id).is_some() || extra.iter().any(|(_, i, _)| i == &id) {
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
    let year = date
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    // The company the text was last about, and on which line: "they" in
    // the next few lines means it.
    let mut about: Option<String> = None;
    let mut about_line = 0usize;
    for (n, line) in lines.iter().enumerate() {
        let number = n + 1;
        let cite = format!("{source}:{number}");
        if number > about_line + 3 {
            about = None;
        }
        for sentence in sentences(line) {
            // The lines are NFKC already: folding is lower-casing.
            // Amounts are located by character: lower-case character by
            // character, so the count stays the same even for İ.
            let hay: String = sentence
                .chars()
                .map(|c| c.to_lowercase().next().unwrap_or(c))
                .collect();
            let mentions = names.mentions_in(&hay);
            let orgs: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.kind != EntityKind::Person && m.kind != EntityKind::Group)
                .collect();
            let found = amounts(&sentence);
            let usd: Vec<&Amount> = found.iter().filter(|a| a.unit == AmountUnit::Usd).collect();
            let evidence = Evidence {
                lines: number.to_string(),
                text: snippet(&sentence),
            };
            // A deal: two organisations and a transaction word.
            if orgs.len() >= 2 && has(&hay, TRANSACTION) {
                let kind = DEAL_CUES
                    .iter()
                    .find(|(_, cues)| has(&hay, cues))
                    .map_or("service_contract", |(k, _)| *k);
                let (mut from, mut to) = (orgs[0].id.clone(), orgs[1].id.clone());
                if has(&hay, FROM_SECOND) {
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
                    evidence: evidence.clone(),
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
                    .map(|m| m.id.clone())
                    .or_else(|| about.clone());
                let Some(subject) = subject else { continue };
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
                    "sources": [cite],
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
                    evidence: evidence.clone(),
                });
            }
            if let Some(m) = orgs.last() {
                about = Some(m.id.clone());
                about_line = number;
            }
            // A statement: a person named, and their words quoted.
            let speaker = mentions.iter().find(|m| m.kind == EntityKind::Person);
            if let (Some(p), Some(quoted)) = (speaker, quotation(&sentence)) {
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
                let organisation = p.organisation.clone().unwrap_or_else(|| p.id.clone());
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
                    evidence,
                });
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn deals(text: &str) -> Vec<Value> {
        let data = Dataset::builtin().unwrap();
        extract("900", Some("2025-11"), text, &data)
            .into_iter()
            .filter(|d| d.kind == RecordType::Deal)
            .map(|d| d.record)
            .collect()
    }

    #[test]
    fn full_width_text_emoji_and_length_changing_letters_are_read() {
        // Full-width digits and names, as Japanese documents write them.
        let d = deals("ＮＶＩＤＩＡは１８０億ドルをＯｒａｃｌｅに出資した。");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0]["from"].as_str(), d[0]["to"].as_str()),
            (Some("nvidia"), Some("oracle"))
        );
        assert_eq!(d[0]["value_usd"], 18e9);
        // Emoji and a letter whose lower case is longer (İ) do not move
        // the amount to another place.
        let d = deals("🚀 İstanbul: NVIDIA invested $2 billion in Oracle.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0]["value_usd"], 2e9);
        assert_eq!(d[0]["sources"][0], "900:1");
    }
}
