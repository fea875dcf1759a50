//! Dollar amounts in English and Japanese text, with the words around
//! them that bound them ("up to", 最大, 約, 以上) or make them yearly
//! (a year, 年間): `$30 billion`, `$1.4T`, `$300B a year`, `180億ドル`,
//! `1兆4000億ドル`, `最大225億ドル`, `年間8億ドル`. Percentages too (27%,
//! 27パーセント), for stakes and shares.

use crate::dataset::{Bound, Per};

/// An amount found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub unit: AmountUnit,
    pub bound: Bound,
    pub per: Per,
    /// Character offsets of the amount as written (bound words included).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountUnit {
    Usd,
    Percent,
}

fn scale_word(word: &str) -> Option<f64> {
    match word {
        "t" | "tn" | "trillion" => Some(1e12),
        "b" | "bn" | "billion" => Some(1e9),
        "m" | "mn" | "million" => Some(1e6),
        "k" | "thousand" => Some(1e3),
        _ => None,
    }
}

fn ja_scale(c: char) -> Option<f64> {
    match c {
        '兆' => Some(1e12),
        '億' => Some(1e8),
        '万' => Some(1e4),
        _ => None,
    }
}

/// Reads digits (commas allowed, one decimal point) at `i`; the value and
/// where they end.
fn number_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut text = String::new();
    while j < chars.len()
        && (chars[j].is_ascii_digit()
            || (chars[j] == ',' && chars.get(j + 1).is_some_and(char::is_ascii_digit))
            || (chars[j] == '.' && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
    {
        if chars[j] != ',' {
            text.push(chars[j]);
        }
        j += 1;
    }
    text.parse().ok().map(|v| (v, j))
}

const BEFORE_UP_TO: &[&str] = &["up to ", "as much as ", "最大", "最大で", "上限"];
const BEFORE_ABOUT: &[&str] = &[
    "about ",
    "around ",
    "roughly ",
    "approximately ",
    "nearly ",
    "some ",
    "~",
    "約",
    "およそ",
    "ほぼ",
];
const BEFORE_AT_LEAST: &[&str] = &["at least ", "more than ", "over ", "above ", "少なくとも"];
const AFTER_AT_LEAST: &[&str] = &["以上", "を超え", "超", " or more", "+"];
const BEFORE_YEARLY: &[&str] = &["年間", "年に", "毎年", "年"];
const AFTER_YEARLY: &[&str] = &[
    " a year",
    " per year",
    " annually",
    " each year",
    "/year",
    "/yr",
    "-per-year",
    " a-year",
    "per year",
    "/年",
];
const AFTER_MONTHLY: &[&str] = &[" a month", " per month", "/month", "/月"];
const BEFORE_MONTHLY: &[&str] = &["月間", "月額", "毎月"];

fn ends_with_any(before: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| before.ends_with(*w))
        .map(|w| w.chars().count())
}

fn starts_with_any(after: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| after.starts_with(*w))
        .map(|w| w.chars().count())
}

/// Every amount in `text` (compare it NFKC-normalised: full-width digits
/// are read as ASCII by the caller's normalisation).
pub fn amounts(text: &str) -> Vec<Amount> {
    // Every amount has a digit (after NFKC): most sentences have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|&c| super::text::lower_char(c)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let dollar = chars[i] == '$'
            || (chars[i] == 'U'
                && chars.get(i + 1) == Some(&'S')
                && chars.get(i + 2) == Some(&'$'));
        let digit_start = chars[i].is_ascii_digit()
            && (i == 0
                || !(chars[i - 1].is_ascii_alphanumeric()
                    || chars[i - 1] == '.'
                    || chars[i - 1] == '$'));
        if !dollar && !digit_start {
            i += 1;
            continue;
        }
        let start = i;
        let at = if dollar {
            i + if chars[i] == '$' { 1 } else { 3 }
        } else {
            i
        };
        let Some((mut value, mut j)) = number_at(&chars, at) else {
            i += 1;
            continue;
        };
        let mut unit = None;
        if dollar {
            // $1.4T, $30 billion, $300B
            let mut k = j;
            if chars.get(k) == Some(&' ') {
                k += 1;
            }
            let word: String = lower[k.min(lower.len())..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if let Some(s) = scale_word(&word) {
                value *= s;
                j = k + word.chars().count();
            }
            unit = Some(AmountUnit::Usd);
        } else if let Some(s) = chars.get(j).copied().and_then(ja_scale) {
            // 1兆4000億ドル, 180億ドル, 1億2000万ドル: each smaller unit
            // that follows adds to the sum.
            value *= s;
            j += 1;
            let mut last = s;
            while let Some((rest, k)) = number_at(&chars, j)
                && let Some(smaller) = chars.get(k).copied().and_then(ja_scale)
                && smaller < last
            {
                value += rest * smaller;
                last = smaller;
                j = k + 1;
            }
            let tail: String = chars[j..].iter().take(2).collect();
            if tail == "ドル" {
                j += 2;
                unit = Some(AmountUnit::Usd);
            } else if !matches!(
                chars.get(j),
                Some(
                    '円' | '元'
                        | 'ウ'
                        | 'ユ'
                        | 'ポ'
                        | '人'
                        | '件'
                        | '台'
                        | '個'
                        | '枚'
                        | '回'
                        | '年'
                )
            ) {
                // "1.4兆の約束": a sum in 兆/億 with no currency, in these
                // sources, is dollars; yen, yuan and counts say so.
                unit = Some(AmountUnit::Usd);
            }
        } else if chars[j..].iter().take(2).collect::<String>() == "ドル" {
            // 200ドル
            j += 2;
            unit = Some(AmountUnit::Usd);
        } else {
            // 30 billion dollars, 27%, 27パーセント
            let mut k = j;
            if chars.get(k) == Some(&' ') {
                k += 1;
            }
            let word: String = lower[k.min(lower.len())..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let rest: String = lower[k.min(lower.len())..].iter().take(20).collect();
            if let Some(s) = scale_word(&word)
                && rest[word.len()..].trim_start().starts_with("dollar")
            {
                value *= s;
                j = k + word.chars().count() + 1 + "dollars".len();
                unit = Some(AmountUnit::Usd);
            } else if chars.get(j) == Some(&'%') {
                j += 1;
                unit = Some(AmountUnit::Percent);
            } else if chars[j..].iter().take(5).collect::<String>() == "パーセント" {
                j += 5;
                unit = Some(AmountUnit::Percent);
            }
        }
        let Some(unit) = unit else {
            i = j.max(i + 1);
            continue;
        };
        let before: String = lower[start.saturating_sub(16)..start].iter().collect();
        let after: String = lower[j..lower.len().min(j + 16)].iter().collect();
        let mut bound = Bound::Exact;
        let mut first = start;
        let mut last = j;
        if let Some(n) = ends_with_any(&before, BEFORE_UP_TO) {
            bound = Bound::UpTo;
            first -= n;
        } else if let Some(n) = ends_with_any(&before, BEFORE_ABOUT) {
            bound = Bound::Approx;
            first -= n;
        } else if let Some(n) = ends_with_any(&before, BEFORE_AT_LEAST) {
            bound = Bound::AtLeast;
            first -= n;
        }
        if let Some(n) = starts_with_any(&after, AFTER_AT_LEAST) {
            bound = Bound::AtLeast;
            last += n;
        }
        let mut per = Per::Total;
        let before_now: String = lower[first.saturating_sub(4)..first].iter().collect();
        if let Some(n) = starts_with_any(&after, AFTER_YEARLY) {
            per = Per::Year;
            last += n;
        } else if let Some(n) = ends_with_any(&before_now, BEFORE_YEARLY) {
            per = Per::Year;
            first -= n;
        } else if let Some(n) = starts_with_any(&after, AFTER_MONTHLY) {
            per = Per::Month;
            last += n;
        } else if let Some(n) = ends_with_any(&before_now, BEFORE_MONTHLY) {
            per = Per::Month;
            first -= n;
        }
        if unit == AmountUnit::Percent {
            per = Per::Total;
        }
        out.push(Amount {
            value,
            unit,
            bound,
            per,
            start: first,
            end: last,
        });
        i = j.max(i + 1);
    }
    out
}

/// Whether two dollar amounts are the same figure as written (to the
/// precision a writer rounds to: half a percent).
pub fn same_amount(a: f64, b: f64) -> bool {
    let (a, b) = (a.abs(), b.abs());
    (a - b).abs() <= 0.005 * a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Amount {
        let a = amounts(text);
        assert_eq!(a.len(), 1, "{text}: {a:?}");
        a[0].clone()
    }

    #[test]
    fn english_amounts_with_their_bounds_and_periods() {
        assert_eq!(one("a $30 billion deal").value, 30e9);
        assert_eq!(one("about $1.4T of compute").value, 1.4e12);
        assert_eq!(one("about $1.4T of compute").bound, Bound::Approx);
        let a = one("a $300B a year contract");
        assert_eq!((a.value, a.per), (300e9, Per::Year));
        let a = one("invests up to $100 billion in");
        assert_eq!((a.value, a.bound), (100e9, Bound::UpTo));
        assert_eq!(one("about $1 billion").bound, Bound::Approx);
        assert_eq!(one("more than $20B").bound, Bound::AtLeast);
        assert_eq!(one("30 billion dollars").value, 30e9);
        assert_eq!(one("27% of OpenAI").unit, AmountUnit::Percent);
        assert!(
            amounts("in 2025, 8 years").is_empty(),
            "years are not amounts"
        );
    }

    #[test]
    fn japanese_amounts_with_their_bounds_and_periods() {
        assert_eq!(one("180億ドルの投資").value, 18e9);
        assert_eq!(one("1.4兆ドル相当").value, 1.4e12);
        assert_eq!(one("1兆4000億ドルの賭け").value, 1.4e12);
        let a = one("最大225億ドル");
        assert_eq!((a.value, a.bound), (22.5e9, Bound::UpTo));
        assert_eq!(one("約40億ドル").bound, Bound::Approx);
        let a = one("年間8億ドルを支払う");
        assert_eq!((a.value, a.per), (8e8, Per::Year));
        assert_eq!(one("200億ドル以上").bound, Bound::AtLeast);
        assert_eq!(one("27パーセント").unit, AmountUnit::Percent);
        assert!(amounts("2028年までに").is_empty());
        assert!(amounts("1000億円").is_empty(), "yen is not dollars");
        assert_eq!(one("月額200ドルの最高ティア").value, 200.0);
        assert_eq!(one("月額200ドルの最高ティア").per, Per::Month);
        assert_eq!(one("今後8年間で1.4兆の約束").value, 1.4e12);
        assert_eq!(one("200億ドルを超えて").bound, Bound::AtLeast);
        assert!(
            amounts("1億人のユーザー").is_empty(),
            "a count is not dollars"
        );
    }

    #[test]
    fn same_amount_allows_a_writers_rounding() {
        assert!(same_amount(1.4e12, 1.4e12));
        assert!(same_amount(-2.5e11, 2.5e11));
        assert!(!same_amount(1.4e12, 1.5e12));
    }
}
