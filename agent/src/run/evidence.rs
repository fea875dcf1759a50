//! What a report is checked against: the run's steps and their results,
//! and how numbers and citations are read from them and from an answer
//! (the report's number check and its claims both read them this way).

use std::collections::BTreeMap;

use serde_json::Value;

use super::question::Asked;
use super::state::{DecisionRecord, StepState};
use crate::i18n::Lang;

/// What a report is built from: the run's steps and their results, the
/// decisions and questions, the off-plan calls and the language (the
/// machine lends it; the report never sees the machine).
pub struct Evidence<'a> {
    pub steps: &'a BTreeMap<String, StepState>,
    /// Step ids in plan order.
    pub order: &'a [String],
    pub decisions: &'a [DecisionRecord],
    pub questions: &'a [Asked],
    pub off_plan: &'a [String],
    pub lang: Lang,
}

/// The numbers a result states, including those inside strings (dates,
/// periods); citations left out.
pub fn value_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.extend(n.as_f64()),
        // Most strings of a result (names, ids) hold no digit; only
        // the others are read for numbers.
        Value::String(s) if s.bytes().any(|b| b.is_ascii_digit()) => {
            out.extend(numbers_in(s).into_iter().flat_map(|n| n.readings));
        }
        Value::Array(a) => a.iter().for_each(|x| value_numbers(x, out)),
        // A source reference (its label, line numbers, file name) is
        // where a figure comes from, not a figure: its numbers must
        // not vouch for a number in the answer.
        Value::Object(m)
            if m.get("label").and_then(Value::as_str).is_some_and(|l| {
                l.split_once(' ')
                    .is_some_and(|(source, lines)| is_label(source, lines))
            }) => {}
        Value::Object(m) => m.values().for_each(|x| value_numbers(x, out)),
        _ => {}
    }
}

/// Every source `label` in a tool result, in order of appearance.
pub fn labels_in(v: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(l)) = m.get("label")
                    && !out.contains(l)
                {
                    out.push(l.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out
}

/// A number as written, and the values it may stand for ("61%" is 61 or
/// 0.61; "$1.4T" is 1.4e12; "12B" is 12e9).
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub text: String,
    pub readings: Vec<f64>,
    /// Half a unit of the last written digit, in the number's own scale.
    pub precision: f64,
}

pub fn numbers_in(text: &str) -> Vec<Written> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Japanese writes numbers straight after words (年率48.7%): only
        // a Latin letter, a digit or a point before a digit continues a token.
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || chars[i] == ','
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            if chars[i] != ',' {
                digits.push(chars[i]);
            }
            i += 1;
        }
        let Ok(value) = digits.parse::<f64>() else {
            continue;
        };
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
        let precision = 0.5 * 10f64.powi(-decimals);
        // "800 million": a scale word after one space belongs to the number.
        let spaced: String = chars[i..]
            .iter()
            .skip(1)
            .take_while(|c| c.is_alphabetic())
            .collect();
        let scale_word = chars.get(i) == Some(&' ')
            && matches!(
                spaced.to_lowercase().as_str(),
                "thousand" | "million" | "billion" | "trillion"
            );
        if scale_word {
            i += 1;
        }
        let suffix: String = chars[i..]
            .iter()
            .take_while(|c| c.is_alphabetic() || **c == '%')
            .take(8)
            .collect();
        let lower = suffix.to_lowercase();
        let japanese_scale = |c: char| match c {
            '兆' => Some(1e12),
            '億' => Some(1e8),
            '万' => Some(1e4),
            _ => None,
        };
        let (scale, mut value, mut precision, mut unit_chars) = match lower.as_str() {
            "t" | "tn" | "trillion" => (1e12, value, precision, suffix.chars().count()),
            "b" | "bn" | "billion" => (1e9, value, precision, suffix.chars().count()),
            "m" | "mn" | "million" => (1e6, value, precision, suffix.chars().count()),
            "k" | "thousand" => (1e3, value, precision, suffix.chars().count()),
            _ => match lower.chars().next().and_then(japanese_scale) {
                // The unit is the one character (then ドル, if written).
                Some(scale) => (scale, value, precision, 1),
                None => (1.0, value, precision, suffix.chars().count()),
            },
        };
        // 1兆4000億ドル: the 億 part belongs to the same amount.
        if scale == 1e12 {
            let rest: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let n = rest.chars().count();
            if n > 0
                && chars.get(i + 1 + n) == Some(&'億')
                && let Ok(oku) = rest.parse::<f64>()
            {
                value += oku * 1e8 / 1e12;
                precision = 0.5 * 1e8 / 1e12;
                unit_chars = 2 + n;
            }
        }
        if scale >= 1e4 && lower.chars().next().and_then(japanese_scale).is_some() {
            let after: String = chars[i + unit_chars..].iter().take(2).collect();
            if after == "ドル" {
                unit_chars += 2;
            }
        }
        let mut readings = vec![value * scale];
        if suffix.starts_with('%') {
            readings.push(value / 100.0);
        }
        let end = (i + unit_chars).min(chars.len());
        i = end.max(i);
        out.push(Written {
            text: chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
            readings,
            precision: precision * scale,
        });
    }
    out
}

pub fn verified(w: &Written, known: &[f64]) -> bool {
    w.readings.iter().any(|r| {
        let precision = if (*r - w.readings[0]).abs() > f64::EPSILON {
            w.precision / 100.0
        } else {
            w.precision
        };
        // Prose writes a sign as words ("lost $250B" for -2.5e11).
        known
            .iter()
            .any(|k| (k.abs() - r.abs()).abs() <= precision.max(1e-9 * k.abs()))
    })
}

/// Source labels as the tools write them: `001 l.75` or `001 l.75-77`.
/// Whether `source lines` is a source label (`001 l.75-77`).
pub fn is_label(source: &str, lines: &str) -> bool {
    let is_source = !source.is_empty()
        && source
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let is_lines = lines
        .strip_prefix("l.")
        .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit() || c == '-'));
    is_source && is_lines
}
