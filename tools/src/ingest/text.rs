//! Text helpers the extractor's parts share: lower-casing that keeps a
//! text's length in characters, the cheap NFKC look, the cue list of
//! transactions and a search for any of several words.

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
