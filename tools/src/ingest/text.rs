//! Text helpers the extractor's parts share: lower-casing that keeps a
//! text's length in characters, the cheap NFKC look, the cue list of
//! transactions, a search for any of several words, sentences, and the
//! years and terms a text states.

pub(super) use crate::dataset::names::plainly_nfkc;

/// One character lower-cased, as one character (İ becomes i), so text
/// keeps its length in characters and an offset found in the lower-cased
/// copy is the same in the original. ASCII and CJK, most of every
/// document, skip the Unicode tables.
pub(super) fn lower_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if ('\u{3000}'..='\u{9fff}').contains(&c) {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// `text` lower-cased character by character (see [`lower_char`]).
pub(super) fn lower(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// Words that make a sentence about a transaction at all.
pub(super) const TRANSACTION: &[&str] = &[
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
    // "X raised $1B from Y": Y invests in X.
    "raised",
    "guarantee",
    "acquir",
    "stake",
    "suppl",
    "put in",
    "買収",
    "取得",
    "供給",
    "保証",
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

/// Whether `hay` holds any of `words`.
pub(super) fn has(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
}

/// The first year (four digits) `text` names.
pub(super) fn first_year(text: &str) -> Option<i32> {
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

/// A term in years `hay` states ("8 years", "8年間", "8-year").
pub(super) fn term_years(hay: &str) -> Option<u32> {
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

/// The sentences of a line, as slices of it (a quotation is kept whole).
pub(super) fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '「' | '“' => quote += 1,
            '」' | '”' => quote -= 1,
            _ => {}
        }
        if quote <= 0 && matches!(c, '。' | '！' | '？' | '!' | '?') {
            let end = i + c.len_utf8();
            out.push(&line[start..end]);
            start = end;
        }
    }
    if !line[start..].trim().is_empty() {
        out.push(&line[start..]);
    }
    out
}
