//! Who does what in a sentence: which organisation pays and which is
//! paid, what a Japanese sentence is about, who a quoted person speaks
//! for, and amounts in yen kept as written.

use super::super::amounts::Amount;
use super::super::names::Mention;
use super::super::text::{TRANSACTION, has};

/// Words that turn the direction: "B receives investment from A".
pub(super) const FROM_SECOND: &[&str] = &[
    "から出資を受け",
    "から投資を受け",
    "receives",
    "received",
    "raised from",
    "から資金",
];

/// Verbs after which "from" names the payer: "X raised $1B from Y" is Y
/// investing in X.
pub(super) const TAKEN_FROM: &[&str] = &["raise", "secure", "receive", "won ", "obtain", "borrow"];

/// Whether the second organisation named pays the first.
pub(super) fn from_second(hay: &str) -> bool {
    has(hay, FROM_SECOND)
        // A supplier is paid: "AMD will supply Pinecrest with chips",
        // 「AがBにGPUを供給する」 (but "supplied by", 「Aから供給を受ける」).
        || (has(hay, &["supply ", "supplies ", "supplying "]) && !hay.contains("supplied by"))
        || (hay.contains("供給") && !hay.contains("から"))
        // Backlog is what customers owe: "our remaining performance
        // obligations include a contract with OpenAI" is OpenAI paying.
        || has(hay, &["performance obligation", "backlog", "受注残"])
        || TAKEN_FROM.iter().any(|verb| {
            hay.find(verb)
                .is_some_and(|at| hay[at..].contains(" from "))
        })
        // "BはAから50億ドルの出資を受けた": the amount comes between.
        || hay.find("から").is_some_and(|at| {
            has(&hay[at..], &["出資を受け", "投資を受け", "資金を調達", "調達した"])
        })
}

/// The first amount in yen `sentence` states, as written (`1500億円`,
/// `4兆円`, `約2000億円` without the 約).
pub(super) fn yen_amount(sentence: &str) -> Option<String> {
    let chars: Vec<char> = sentence.chars().collect();
    let end = chars.iter().position(|c| *c == '円')?;
    let start = chars[..end]
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '兆' | '億' | '万' | '千')))
        .map_or(0, |p| p + 1);
    let digits = chars[start..end].iter().any(char::is_ascii_digit);
    digits.then(|| chars[start..=end].iter().collect())
}

/// The organisation a Japanese sentence is about: the first one whose name
/// は or が follows (the first kana after a name is its particle).
pub(super) fn topic(hay: &str, orgs: &[&Mention]) -> Option<String> {
    if !is_japanese(hay) {
        return None;
    }
    orgs.iter().enumerate().find_map(|(k, m)| {
        let end = orgs.get(k + 1).map_or(hay.len(), |n| n.at).max(m.at);
        let particle = hay
            .get(m.at..end)?
            .chars()
            .find(|c| ('\u{3041}'..='\u{3096}').contains(c));
        matches!(particle, Some('は' | 'が')).then(|| m.id.clone())
    })
}

/// Where `hay` (lower case) first speaks of its own organisation, outside
/// quotation marks: "we", "our" (a press release, a filing, a thread),
/// 当社, 弊社. "us" is left alone: lower-cased, it is also the US.
pub(super) fn self_reference(hay: &str) -> Option<usize> {
    let mut found: Vec<usize> = ["当社", "弊社", "わが社", "我が社"]
        .iter()
        .filter_map(|w| hay.find(w))
        .collect();
    for w in ["we", "our", "we're", "we've", "we'll"] {
        found.extend(hay.match_indices(w).map(|(at, _)| at).filter(|&at| {
            let before = hay[..at].chars().next_back();
            let after = hay[at + w.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric() && (c != '\'' || w.contains('\'')))
        }));
    }
    found.sort_unstable();
    found.into_iter().find(|&at| !quoted_at(hay, at))
}

/// Whether byte `at` of `hay` is inside a quotation.
fn quoted_at(hay: &str, at: usize) -> bool {
    let before = &hay[..at];
    let count = |c: char| before.matches(c).count();
    count('"') % 2 == 1 || count('“') > count('”') || count('「') > count('」')
}

/// Whether `text` is written in Japanese (any kana or kanji).
pub(super) fn is_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// Who pays whom in an English sentence: the organisation just before the
/// transaction word acts ("Kestrel Robotics: NVIDIA invested $700M in
/// Kestrel Robotics"), the first after it receives. Japanese, whose verb
/// comes last, keeps the order the organisations are named in.
pub(super) fn payer_and_payee(hay: &str, orgs: &[&Mention]) -> (String, String) {
    let named = (orgs[0].id.clone(), orgs[1].id.clone());
    let japanese = is_japanese(hay);
    let Some(verb) = TRANSACTION.iter().filter_map(|cue| hay.find(cue)).min() else {
        return named;
    };
    if japanese {
        return named;
    }
    let before = orgs.iter().rev().find(|m| m.at < verb);
    let after = orgs
        .iter()
        .find(|m| m.at > verb && before.is_none_or(|b| b.id != m.id));
    match (before, after) {
        (Some(b), Some(a)) => (b.id.clone(), a.id.clone()),
        // The payee named only before (each organisation is found once,
        // where it is first named).
        (Some(b), None) => match orgs.iter().find(|m| m.id != b.id) {
            Some(other) => (b.id.clone(), other.id.clone()),
            None => named,
        },
        _ => named,
    }
}

/// Words that say a person speaks for an organisation (a title, or "our"):
/// their statement is the organisation's.
pub(super) const SPEAKS_FOR: &[&str] = &[
    "chief executive",
    "ceo",
    "cfo",
    "chief financial",
    "president",
    "founder",
    "chair",
    "spokes",
    "head of",
    "our ",
    "社長",
    "会長",
    "最高経営責任者",
    "最高財務責任者",
    "代表",
    "広報",
    "幹部",
    "担当者",
];

/// Which of a sentence's dollar amounts a deal is for: the one in the
/// clause of its transaction word, nearest to it ("closed a $300M round.
/// NVIDIA put in $50M" is a $50M deal), else the first. `plain` is the
/// sentence as [`unquoted`] leaves it (the same bytes where it kept them);
/// the amounts' offsets are characters of `hay`, the sentence itself.
pub(super) fn deal_amount(plain: &str, hay: &str, found: &[&Amount]) -> Option<usize> {
    if found.len() <= 1 {
        return (!found.is_empty()).then_some(0);
    }
    let Some(verb) = TRANSACTION.iter().filter_map(|cue| plain.find(cue)).min() else {
        return Some(0);
    };
    // Everything in bytes: `plain` keeps `hay`'s byte offsets, not its
    // character count (a blanked 投 is three spaces).
    let byte_of: Vec<usize> = hay.char_indices().map(|(b, _)| b).collect();
    let at = |chars: usize| byte_of.get(chars).copied().unwrap_or(hay.len());
    let bytes = plain.as_bytes();
    // Clauses end at ; and 。 and at a full stop before a space.
    let ends: Vec<usize> = plain
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, ';' | '。')
                || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let clause = |at: usize| ends.iter().filter(|&&e| e < at).count();
    found
        .iter()
        .enumerate()
        .filter(|(_, a)| clause(at(a.start)) == clause(verb))
        .min_by_key(|(_, a)| at(a.start).abs_diff(verb))
        .map(|(k, _)| k)
        .or(Some(0))
}

/// `hay` with quoted words and words that only look like a transaction
/// ("investors", 投資家) blanked out byte for byte, so every byte offset
/// stays where it was (character offsets do not: see [`deal_amount`]).
pub(super) fn unquoted(hay: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut depth = 0i32;
    let mut straight = false;
    for c in hay.chars() {
        let opens = matches!(c, '「' | '“') || (c == '"' && !straight);
        let closes = matches!(c, '」' | '”') || (c == '"' && straight);
        if c == '"' {
            straight = !straight;
        }
        if opens && c != '"' {
            depth += 1;
        }
        let inside = depth > 0 || straight || closes;
        if closes && c != '"' {
            depth -= 1;
        }
        if inside || opens {
            // Same length in bytes: offsets into `hay` stay valid.
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    for word in ["investor", "投資家"] {
        out = out.replace(word, &" ".repeat(word.len()));
    }
    out
}
