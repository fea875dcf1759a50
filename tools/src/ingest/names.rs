//! Names in a document: the dataset's (every name and alias at once,
//! folded), and the ones it does not know yet, proposed as new entities.

use super::romaji::romaji;
use crate::dataset::{Dataset, EntityKind};

use super::never::{ENGLISH_ORG_WORDS, LEGAL_FORMS, TITLES};
use super::text::{TRANSACTION, has, lower};

/// A name found in a sentence.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) at: usize,
    pub(super) id: String,
    pub(super) kind: EntityKind,
    /// For people: the organisation they speak for.
    pub(super) organisation: Option<String>,
    /// The line that names it, when the sentence only refers to it
    /// (同社, "we", a dropped subject): cited beside the sentence's own.
    pub(super) named_on: Option<usize>,
}

/// Names as they are searched: NFKC, lower case.
pub(super) fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
}

fn ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The dataset's names, folded, longest first (so "OpenAI Inc." wins over
/// "OpenAI"), with the entity each stands for.
pub(super) struct Names {
    all: Vec<(String, String, EntityKind, Option<String>)>,
    /// Every name at once (leftmost-longest: "OpenAI Inc." over "OpenAI").
    matcher: Option<aho_corasick::AhoCorasick>,
}

impl Names {
    pub(super) fn new(data: &Dataset, extra: &[(String, String, EntityKind)]) -> Names {
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
            // A few hundred names: a full DFA is small and the fastest
            // to run over every sentence of a long document.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(all.iter().map(|(n, ..)| n.as_str()))
            .ok();
        Names { all, matcher }
    }

    fn mentions(&self, sentence: &str) -> Vec<Mention> {
        self.mentions_in(&fold(sentence))
    }

    /// [`Names::mentions`] in text already folded.
    pub(super) fn mentions_in(&self, hay: &str) -> Vec<Mention> {
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
                    named_on: None,
                });
            }
        }
        out
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
    // Only a name written in Latin letters alone: "サクラAI" is not "ai".
    let ascii = slug(&[name]);
    if ascii.len() >= 2 && name.is_ascii() {
        return ascii;
    }
    if let Some(romaji) = romaji(name) {
        return romaji;
    }
    use sha2::Digest;
    let hash = sha2::Sha256::digest(name.as_bytes());
    format!(
        "entity-{:02x}{:02x}{:02x}{:02x}",
        hash[0], hash[1], hash[2], hash[3]
    )
}

/// Words after a name that make it a person's.
const SPEAKS: &[&str] = &[
    " said", " says", " told", " wrote", " posted", ", ceo", ", cfo",
];

/// Whether `rest` starts with さん.
fn san(rest: &[char]) -> bool {
    rest.starts_with(&['さ', 'ん'])
}

/// Names the document uses that the dataset does not know: capitalised
/// English words (more than once, beside a transaction word, or shaped
/// like a company's), and katakana names marked as a company or a person
/// (〜社, 〜氏, 〜さん, 〜グループ, サクラAI). Each comes with its aliases: the
/// name itself and the shorter forms the text also uses ("Pinecrest").
pub(super) fn new_names(
    lines: &[String],
    names: &Names,
    parallel_from: usize,
) -> Vec<(String, EntityKind, usize, Vec<String>)> {
    // A long document is counted in two halves at once, then merged in
    // document order (a name's first line is where the first half saw it).
    let counts = if lines.len() >= parallel_from {
        let mid = lines.len() / 2;
        let (first, second) = std::thread::scope(|s| {
            let first = s.spawn(|| count_names(&lines[..mid], 0, names));
            let second = count_names(&lines[mid..], mid, names);
            (first.join(), second)
        });
        let mut counts = match first {
            Ok(c) => c,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        for later in second.order {
            match counts.at.get(&later.0) {
                Some(&k) => {
                    let c = &mut counts.order[k];
                    c.2 += later.2;
                    c.4 |= later.4;
                }
                None => {
                    counts.at.insert(later.0.clone(), counts.order.len());
                    counts.order.push(later);
                }
            }
        }
        counts
    } else {
        count_names(lines, 0, names)
    };
    let kept: Vec<(String, EntityKind, usize)> = counts
        .order
        .iter()
        .filter(|(_, kind, count, _, transaction)| {
            *count >= 2 || *transaction || *kind == EntityKind::Person
        })
        .map(|(name, kind, _, line, _)| (name.clone(), *kind, *line))
        .collect();
    // "Pinecrest" in a text that names "Pinecrest Systems" is that company
    // called short: an alias of it, not an entity of its own.
    let longer = |short: &str| {
        kept.iter().find(|(name, kind, _)| {
            *kind != EntityKind::Person
                && name.len() > short.len()
                && name.starts_with(short)
                && name[short.len()..].starts_with(' ')
        })
    };
    let mut aliases: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for (name, ..) in &counts.order {
        if let Some((long, ..)) = longer(name) {
            aliases.entry(long.clone()).or_default().push(name.clone());
        }
    }
    kept.iter()
        .filter(|(name, ..)| longer(name).is_none())
        .cloned()
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(name, kind, line)| {
            let mut also = vec![name.clone()];
            also.extend(aliases.remove(&name).unwrap_or_default());
            // ソフトバンクグループ is called ソフトバンク too (a group's
            // name without the word for group).
            if kind != EntityKind::Person
                && let Some(stem) = ["グループ", "ホールディングス"]
                    .iter()
                    .find_map(|w| name.strip_suffix(w))
                && stem.chars().count() >= 3
            {
                also.push(stem.to_string());
            }
            (name, kind, line, also)
        })
        .collect()
}

/// Each unknown name in `lines` (line `offset + 1` first): its kind, how
/// often it appears, its first line, and whether a line with it speaks of
/// a transaction.
/// In first-seen order, with an index by name: a digest names tens of
/// thousands of companies, and a search of the list per mention made
/// ingest quadratic in the document.
#[derive(Default)]
struct Counts {
    order: Vec<(String, EntityKind, usize, usize, bool)>,
    at: std::collections::HashMap<String, usize>,
}

fn count_names(lines: &[String], offset: usize, names: &Names) -> Counts {
    let mut counts = Counts::default();
    let mut known: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    for (n, line) in lines.iter().enumerate() {
        let n = n + offset;
        // Asked only of lines that name someone new (most name no one).
        let transaction = std::cell::OnceCell::new();
        let transaction = || *transaction.get_or_init(|| has(&lower(line), TRANSACTION));
        // `sure`: the text itself says it is a company (株式会社, 〜社,
        // 〜研究所): kept even when named once.
        let mut push = |name: String, kind: EntityKind, sure: bool, counts: &mut Counts| {
            // Known names are looked up once each.
            let known = *known
                .entry(name.clone())
                .or_insert_with(|| !names.mentions(&name).is_empty());
            if known {
                return;
            }
            match counts.at.get(&name) {
                Some(&k) => {
                    let c = &mut counts.order[k];
                    c.2 += 1;
                    c.4 = c.4 || sure || transaction();
                }
                None => {
                    counts.at.insert(name.clone(), counts.order.len());
                    counts
                        .order
                        .push((name, kind, 1, n + 1, sure || transaction()));
                }
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
                // "Cobalt Reasoning CEO Priya Nair": a title inside the
                // run ends the organisation's name; the person is read on
                // the next turn (the title word before them says so).
                if let Some(cut) = word
                    .split(' ')
                    .position(|w| matches!(w, "CEO" | "CFO" | "CTO" | "COO"))
                    .filter(|&k| k > 0)
                {
                    let head: Vec<&str> = word.split(' ').take(cut).collect();
                    let head = head.join(" ");
                    i = start + head.chars().count();
                    j = i;
                    word = head;
                }
                // "CEO Dana Ortiz", "The Orchid AI": a title or a word
                // that is never a name opens the run; the name follows.
                let mut start = start;
                while let Some((head, rest)) = word.split_once(' ')
                    && super::never::NOT_NAMES.contains(&head)
                {
                    start += head.chars().count() + 1;
                    word = rest.to_string();
                }
                // The first word of a line (after Markdown marks) or of a
                // sentence is capitalised anyway.
                // List marks count as the start: "1/ Big day", "2. Then".
                let line_start = chars[..start].iter().all(|c| {
                    c.is_whitespace()
                        || c.is_ascii_digit()
                        || matches!(c, '#' | '*' | '-' | '>' | '/' | '.' | ')' | '・' | '•')
                });
                let sentence_start = line_start || {
                    let before: String = chars[..start].iter().rev().take(2).collect();
                    before.trim_start().starts_with(['.', '!', '?'])
                };
                let first = word.split(' ').next().unwrap_or("").to_string();
                let last = word.rsplit(' ').next().unwrap_or("").to_string();
                // "Orchid AI", "Harbor Networks Inc": shaped like a company.
                let org_shaped = word.contains(' ')
                    && (ENGLISH_ORG_WORDS.contains(&last.as_str())
                        || LEGAL_FORMS.contains(&last.as_str()));
                // Known without its legal form: "Delta Optics Ltd." is
                // "Delta Optics" (a later "Delta Optics" is the same).
                if word.contains(' ') && LEGAL_FORMS.contains(&last.as_str()) {
                    word.truncate(word.len() - last.len() - 1);
                }
                // Two capitalised words in a row open a digest's lines
                // ("Lumen Bio licensed ..."): a name, even there.
                if word.len() >= 3
                    && !super::never::NOT_NAMES.contains(&first.as_str())
                    && !super::never::NEVER_PARTIES.contains(&word.as_str())
                    && (!sentence_start || word.contains(' '))
                {
                    // "Jensen Huang said", "CEO Lisa Su": a person.
                    let after: String = chars[j..]
                        .iter()
                        .take(16)
                        .collect::<String>()
                        .to_lowercase();
                    let before: String = chars[start.saturating_sub(16)..start]
                        .iter()
                        .collect::<String>()
                        .to_lowercase();
                    let before = before.trim_end();
                    // "Maya Chen, chief financial officer": a person too.
                    let titled = after
                        .strip_prefix(", ")
                        .is_some_and(|t| TITLES.iter().any(|w| t.starts_with(w)));
                    // "Pinecrest chief executive Laura Kim": the name before
                    // a title is the officer's organisation.
                    let officer_of = after
                        .strip_prefix(' ')
                        .is_some_and(|t| TITLES.iter().any(|w| t.starts_with(w)));
                    let person = !org_shaped
                        && !officer_of
                        && (titled
                            || SPEAKS.iter().any(|w| after.starts_with(w))
                            || TITLES.iter().any(|w| before.ends_with(w))
                            || ["said", "says"].iter().any(|w| before.ends_with(w)));
                    let kind = if person {
                        EntityKind::Person
                    } else {
                        EntityKind::Company
                    };
                    // A name in a heading is what the document is about.
                    let heading = line.trim_start().starts_with('#');
                    push(word, kind, heading || org_shaped, &mut counts);
                }
                continue;
            }
            // 孫正義氏, 山田さん: a name in kanji marked as a person.
            if matches!(c as u32, 0x4e00..=0x9fff)
                && (i == 0 || !matches!(chars[i - 1] as u32, 0x4e00..=0x9fff))
            {
                // Counted first: a name is made only where a marker follows.
                let n = chars[i..]
                    .iter()
                    .take_while(|c| matches!(**c as u32, 0x4e00..=0x9fff) && **c != '氏')
                    .count();
                // 佐藤健一社長, 孫正義会長: a title, in kanji too, ends the
                // run; the name is what comes before it.
                let run: String = chars[i..i + n].iter().collect();
                let titled = ["社長", "会長", "代表", "議長"]
                    .iter()
                    .find(|t| run.ends_with(**t) && n > 2);
                let name_len = titled.map_or(n, |_| n - 2);
                let marked =
                    titled.is_some() || chars.get(i + n) == Some(&'氏') || san(&chars[i + n..]);
                if (2..=5).contains(&name_len) && marked {
                    push(
                        chars[i..i + name_len].iter().collect(),
                        EntityKind::Person,
                        false,
                        &mut counts,
                    );
                }
                i += n.max(1);
                continue;
            }
            if matches!(c as u32, 0x30a1..=0x30fa) {
                let n = chars[i..]
                    .iter()
                    .take_while(|c| matches!(**c as u32, 0x30a1..=0x30fc))
                    .count();
                // "ハヤテ研究所": a katakana name with a kanji word that
                // makes it an organisation's.
                let rest: String = chars[i + n..].iter().take(4).collect();
                // "サクラAI": a katakana name with an English company word.
                let latin = ["AI", "Labs", "Lab"].into_iter().find(|w| {
                    rest.starts_with(w)
                        && chars
                            .get(i + n + w.len())
                            .is_none_or(|c| !c.is_ascii_alphanumeric())
                });
                let suffix = super::never::ORG_SUFFIXES
                    .iter()
                    .copied()
                    .find(|s| rest.starts_with(*s))
                    .or(latin);
                // 株式会社ミライクラウド, or a name a particle follows on a
                // line about a deal: "ソフトバンクグループは…出資".
                let incorporated =
                    chars[..i].iter().rev().take(4).collect::<String>() == "社会式株";
                // ソフトバンクグループ, ミライクラウド: a katakana name ending in
                // a word companies are named with (after a name of its own).
                let run: String = chars[i..i + n].iter().collect();
                let named_like_a_company = super::never::KATAKANA_ORG_WORDS
                    .iter()
                    .any(|w| run.ends_with(w) && run.chars().count() > w.chars().count() + 1);
                // 電力会社ひかりエナジー: a name led by hiragana, ending in
                // a company word (the hiragana run is not a particle: it
                // is two or more characters and does not end in one).
                let hiragana = |c: &char| ('\u{3041}'..='\u{3096}').contains(c);
                let lead = chars[..i].iter().rev().take_while(|c| hiragana(c)).count();
                let led = super::never::KATAKANA_ORG_WORDS.contains(&run.as_str())
                    && (2..=6).contains(&lead)
                    && !matches!(
                        chars[i - 1],
                        'は' | 'が' | 'を' | 'に' | 'で' | 'と' | 'の' | 'も' | 'へ' | 'や' | 'か'
                    );
                let named_like_a_company = named_like_a_company || led;
                // Where the name starts (the same end either way).
                let at = if led { i - lead } else { i };
                let sure = chars.get(i + n) == Some(&'社')
                    || suffix.is_some()
                    || incorporated
                    || named_like_a_company;
                let kind = match chars.get(i + n) {
                    Some('社') => Some(EntityKind::Company),
                    Some('氏') => Some(EntityKind::Person),
                    _ if san(&chars[i + n..]) => Some(EntityKind::Person),
                    _ if suffix.is_some() || incorporated => Some(EntityKind::Company),
                    _ if named_like_a_company => Some(EntityKind::Company),
                    _ => None,
                };
                if let (Some(kind), true) = (kind, n >= 3 || led) {
                    let mut name: String = chars[at..i + n].iter().collect();
                    if let Some(s) = suffix {
                        name.push_str(s);
                    }
                    push(name, kind, sure, &mut counts);
                }
                i += n.max(1);
                continue;
            }
            i += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katakana_names_get_readable_ids() {
        assert_eq!(entity_id("アクメ・ロボティクス"), "akume-robotikusu");
        assert_eq!(entity_id("ソフトバンク"), "sofutobanku");
        assert_eq!(entity_id("シャープ"), "shapu");
        assert_eq!(entity_id("ファーウェイ"), "fawei");
        assert_eq!(entity_id("Acme Robotics"), "acme-robotics");
        // Kanji have no reading here: a short hash, the name kept as alias.
        assert!(entity_id("孫正義").starts_with("entity-"));
    }
}
