//! Reading Japanese claims. Japanese writes no spaces between words, so
//! terms are found as substrings and the stance is read from the words
//! that follow the term (Japanese puts the verb, and its negation, last):
//! the same rules as for English, each reading naming its rule and the
//! exact words that decided it.
//!
//! In order: a quoted term (「バックストップ」) is a mention; a term
//! directly negated (救済なし, 政府保証ではなく) is against; distancing
//! (〜とは言っていない, 誤解) is against; a denial (否定, 反対, 拒否) is
//! against; a request or support (求める, 要請, 望む, 支持, 必要) is for;
//! each flipped by the negations after it (ない, ません, ず, なし; two
//! cancel); an assertion (だ, です, である) is for. Hedges (かもしれない,
//! と思う, 可能性) are listed and never read as negations.

use super::polarity::{Polarity, Reading, Scope, cancelled, negated_by};
use crate::{OutputLang, said};

/// Whether `text` is written (at least partly) in Japanese: kana, or
/// kanji, or half-width katakana.
pub fn is_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff66}'..='\u{ff9f}')
    })
}

const HEDGES: &[&str] = &[
    "かもしれない",
    "かもしれません",
    "と思う",
    "と思います",
    "と考えている",
    "可能性",
    "だろう",
    "でしょう",
    "おそらく",
    "たぶん",
];

/// Words that contain a negator's letters without negating (少ない "few").
const NOT_NEGATIONS: &[&str] = &["少ない", "危ない", "しれない", "しれません"];

/// Negations, longest first so that one is not counted twice.
const NEGATORS: &[&str] = &[
    "なかった",
    "ません",
    "ない",
    "なし",
    "無し",
    "無い",
    "ずに",
    "ず、",
    "ず。",
    "ず",
];

/// A term negated right where it stands.
const TERM_NEGATIONS: &[&str] = &[
    "ではなく",
    "ではない",
    "じゃない",
    "はない",
    "はありません",
    "なし",
    "無し",
    "はいらない",
    "は不要",
    "は必要ない",
];

const DISTANCING: &[&str] = &[
    "とは言っていない",
    "とは言ってない",
    "とは言っておらず",
    "とは言っていません",
    "とは言わない",
    "誤解",
];

const AGAINST: &[&str] = &["否定", "反対", "拒否", "拒ん", "拒む", "不要"];

const FOR: &[&str] = &[
    "求め", "要請", "要求", "望む", "望ん", "望み", "支持", "必要", "申請", "期待",
];

const ASSERTIONS: &[&str] = &["である", "です", "だ"];

const SELF: &[&str] = &["当社", "弊社", "我々", "われわれ", "私たち", "自社"];
const GENERAL: &[&str] = &["業界", "産業", "企業", "経済", "国内"];

/// The first of `words` in `text`, with its byte offset.
fn first_of<'a>(text: &str, words: &[&'a str]) -> Option<(usize, &'a str)> {
    words
        .iter()
        .filter_map(|w| text.find(w).map(|at| (at, *w)))
        .min_by_key(|(at, w)| (*at, std::cmp::Reverse(w.len())))
}

/// `text` with the hedges and look-alike words blanked out (same length,
/// so offsets keep), so their ない is not read as a negation.
fn masked(text: &str) -> String {
    let mut out = text.to_string();
    for w in HEDGES.iter().chain(NOT_NEGATIONS) {
        let blank = " ".repeat(w.len());
        out = out.replace(w, &blank);
    }
    out
}

/// The negations in `text`, in order, none counted inside another.
fn negations(text: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut taken = vec![false; text.len()];
    for n in NEGATORS {
        for (at, _) in text.match_indices(n) {
            if taken[at..at + n.len()].iter().all(|t| !t) {
                taken[at..at + n.len()].iter_mut().for_each(|t| *t = true);
                found.push((at, n));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

fn scope_of(text: &str) -> (Scope, Option<String>) {
    if let Some((_, w)) = first_of(text, SELF) {
        return (Scope::OwnOrganisation, Some(w.to_string()));
    }
    if let Some((_, w)) = first_of(text, GENERAL) {
        return (Scope::General, Some(w.to_string()));
    }
    (Scope::Unspecified, None)
}

/// Reads the Japanese claim `text` on the term at byte range `term`.
pub fn read(text: &str, term: (usize, usize), lang: OutputLang) -> Reading {
    let term_text = &text[term.0..term.1];
    let mut hedges: Vec<String> = Vec::new();
    for h in HEDGES {
        if text.contains(h) && !hedges.iter().any(|x| x.contains(h)) {
            hedges.push(h.to_string());
        }
    }
    let (scope, scope_cue) = scope_of(text);
    let reading = |polarity, rule: String| Reading {
        polarity,
        rule,
        hedges: hedges.clone(),
        scope,
        scope_cue: scope_cue.clone(),
    };

    // 1. A quoted term is talked about, not used.
    let before = text[..term.0].chars().next_back();
    let after_char = text[term.1..].chars().next();
    if matches!(before, Some('「' | '『' | '"' | '“'))
        && matches!(after_char, Some('」' | '』' | '"' | '”'))
    {
        return reading(
            Polarity::Neutral,
            said!(
                lang,
                "mention: `{term_text}` is quoted as a word, not used",
                "言及: `{term_text}` は語として引用されており、使われてはいない"
            ),
        );
    }
    let after = masked(&text[term.1..]);
    // 2. The term negated where it stands.
    if let Some(n) = TERM_NEGATIONS.iter().find(|n| after.starts_with(**n)) {
        return reading(
            Polarity::Against,
            said!(
                lang,
                "negated term: `{term_text}{n}`",
                "否定された語: `{term_text}{n}`"
            ),
        );
    }
    // 3. Distancing anywhere in the claim.
    let whole = masked(text);
    if let Some((at, cue)) = first_of(&whole, DISTANCING) {
        let negs = negations(&whole[at + cue.len()..]);
        let polarity = if negs.len() % 2 == 1 {
            Polarity::For
        } else {
            Polarity::Against
        };
        let neg_text = negated_by(&negs, lang);
        return reading(
            polarity,
            said!(
                lang,
                "distancing cue `{cue}` with `{term_text}`{neg_text}",
                "`{term_text}` に距離を置く表現 `{cue}`{neg_text}"
            ),
        );
    }
    // 4-5. Denial, then request or support, after the term; the negations
    // after the cue flip it.
    for (cues, polarity, what) in [
        (
            AGAINST,
            Polarity::Against,
            said!(lang, "denial cue", "否定・拒否の表現"),
        ),
        (
            FOR,
            Polarity::For,
            said!(lang, "request/support cue", "求める・支持する表現"),
        ),
    ] {
        if let Some((at, cue)) = first_of(&after, cues) {
            let negs = negations(&after[at + cue.len()..]);
            let flipped = negs.len() % 2 == 1;
            let polarity = match (polarity, flipped) {
                (p, false) => p,
                (Polarity::For, true) => Polarity::Against,
                (_, true) => Polarity::For,
            };
            let cancel = if !negs.is_empty() && !flipped {
                cancelled(lang)
            } else {
                String::new()
            };
            let neg_text = negated_by(&negs, lang);
            return reading(
                polarity,
                said!(
                    lang,
                    "{what} `{cue}` for `{term_text}`{neg_text}{cancel}",
                    "`{term_text}` への{what} `{cue}`{neg_text}{cancel}"
                ),
            );
        }
    }
    let negs = negations(&after);
    if negs.len() % 2 == 1 {
        return reading(
            Polarity::Against,
            said!(
                lang,
                "negated term: `{term_text}`{}",
                "否定された語: `{term_text}`{}",
                negated_by(&negs, lang)
            ),
        );
    }
    if let Some((_, verb)) = first_of(&after, ASSERTIONS) {
        return reading(
            Polarity::For,
            said!(
                lang,
                "affirmative assertion: `{term_text}` ... `{verb}` without negation",
                "肯定の断定: `{term_text}` … `{verb}`(否定なし)"
            ),
        );
    }
    reading(
        Polarity::Neutral,
        said!(
            lang,
            "no stance cue near `{term_text}`",
            "`{term_text}` の近くに立場を示す表現なし"
        ),
    )
}

/// Byte ranges of `terms` in `text`, longest first, none overlapping
/// another: Japanese has no word boundaries to match on.
pub fn find_terms(text: &str, terms: &[&str]) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lower-casing ASCII keeps byte offsets; anything else changed length
    // is matched on the text as written.
    let haystack = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let mut sorted: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut taken = vec![false; text.len()];
    let mut hits = Vec::new();
    for t in sorted.iter().filter(|t| !t.is_empty()) {
        for (at, _) in haystack.match_indices(t.as_str()) {
            let end = at + t.len();
            // Offsets found in the lower-cased text are used on the text as
            // written: only where they fall between characters there too.
            if !(text.is_char_boundary(at) && text.is_char_boundary(end)) {
                continue;
            }
            if taken[at..end].iter().all(|x| !x) {
                taken[at..end].iter_mut().for_each(|x| *x = true);
                hits.push((at, end));
            }
        }
    }
    hits.sort();
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(text: &str, term: &str) -> Reading {
        let at = text.find(term).unwrap();
        read(text, (at, at + term.len()), OutputLang::En)
    }

    #[test]
    fn the_rule_is_worded_in_the_language_asked() {
        let text = "政府の融資保証は求めていない";
        let at = text.find("融資保証").unwrap();
        let ja = read(text, (at, at + "融資保証".len()), OutputLang::Ja);
        assert_eq!(ja.polarity, Polarity::Against);
        assert!(
            ja.rule.contains("求める・支持する表現 `求め`"),
            "{}",
            ja.rule
        );
        assert!(ja.rule.contains("`ない` で否定"), "{}", ja.rule);
        assert!(!ja.rule.contains("cue"), "{}", ja.rule);
    }

    fn check(text: &str, term: &str, polarity: Polarity, rule_has: &[&str]) -> Reading {
        let r = reading(text, term);
        assert_eq!(r.polarity, polarity, "{text}: {r:?}");
        for w in rule_has {
            assert!(r.rule.contains(w), "{text}: rule {:?} lacks {w}", r.rule);
        }
        r
    }

    #[test]
    fn a_request_negated_is_against_and_made_is_for() {
        check(
            "政府の融資保証は求めていない",
            "融資保証",
            Polarity::Against,
            &["`求め`", "`ない`"],
        );
        check(
            "政府による融資保証を求めた",
            "融資保証",
            Polarity::For,
            &["request/support cue `求め`"],
        );
    }

    #[test]
    fn each_negation_flips_a_request() {
        check(
            "政府保証は求めません",
            "政府保証",
            Polarity::Against,
            &["`ません`"],
        );
        check(
            "政府保証を求めずに成長する",
            "政府保証",
            Polarity::Against,
            &["`ずに`"],
        );
        check(
            "政府保証を求めないわけではない",
            "政府保証",
            Polarity::For,
            &["the negations cancel"],
        );
    }

    #[test]
    fn a_term_negated_where_it_stands_is_against() {
        check("連邦救済なし", "救済", Polarity::Against, &["`救済なし`"]);
        check(
            "政府保証ではなく、民間の融資を求める",
            "政府保証",
            Polarity::Against,
            &["`政府保証ではなく`"],
        );
        check(
            "AIに対する連邦救済はない",
            "救済",
            Polarity::Against,
            &["`救済はない`"],
        );
    }

    #[test]
    fn denial_is_against() {
        check(
            "救済を否定した",
            "救済",
            Polarity::Against,
            &["denial cue `否定`"],
        );
        check("補助金に反対する", "補助金", Polarity::Against, &["`反対`"]);
    }

    #[test]
    fn requests_and_support_are_for() {
        check("補助金を要請した", "補助金", Polarity::For, &["`要請`"]);
        check("税額控除を望む", "税額控除", Polarity::For, &["`望む`"]);
        check("公的支援を支持する", "公的支援", Polarity::For, &["`支持`"]);
    }

    #[test]
    fn distancing_is_against() {
        check(
            "政府保証を求めたとは言っていない",
            "政府保証",
            Polarity::Against,
            &["distancing cue `とは言っていない`"],
        );
        check(
            "バックストップという言葉が誤解を招いた",
            "バックストップ",
            Polarity::Against,
            &["`誤解`"],
        );
    }

    #[test]
    fn hedges_are_listed_and_not_read_as_negations() {
        let r = check(
            "補助金が必要かもしれない",
            "補助金",
            Polarity::For,
            &["`必要`"],
        );
        assert_eq!(r.hedges, ["かもしれない"]);
        let r = check(
            "政府保証を求めると思う",
            "政府保証",
            Polarity::For,
            &["`求め`"],
        );
        assert_eq!(r.hedges, ["と思う"]);
        let r = reading("救済の可能性がある", "救済");
        assert_eq!(r.hedges, ["可能性"]);
    }

    #[test]
    fn a_quoted_term_is_a_mention() {
        check(
            "CFOが政府による「バックストップ」という言葉を使用した",
            "バックストップ",
            Polarity::Neutral,
            &["mention"],
        );
    }

    #[test]
    fn terms_are_found_without_word_boundaries_longest_first() {
        let text = "政府の融資保証は求めていない";
        let hits = find_terms(text, &["保証", "融資保証"]);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].0..hits[0].1], "融資保証");
        assert!(is_japanese(text));
        assert!(!is_japanese("no federal bailout"));
    }
}
