//! What the extractor read past: lines with an amount or a deal word that
//! no proposal cites, listed for a person rather than dropped in silence.

use super::super::amounts::{AmountUnit, amounts};
use super::super::text::{TRANSACTION, has, lower};
use super::roles::yen_amount;
use super::{Evidence, snippet};

/// The lines that state an amount or speak of a deal but that no proposal
/// cites: what a person should read for records the extractor missed
/// ("not drafted: l.12 SoftBank ... 4兆円"). Headings are left out.
pub fn not_drafted<'a>(text: &str, cited: impl IntoIterator<Item = &'a str>) -> Vec<Evidence> {
    use unicode_normalization::UnicodeNormalization;
    let count = text.lines().count();
    let mut covered = vec![false; count + 1];
    for lines in cited {
        let mut ends = lines.split('-').map(|n| n.trim().parse::<usize>());
        if let (Some(Ok(a)), b) = (ends.next(), ends.next()) {
            // A range past the end (a model's draft) stops at the end.
            let b = b.and_then(Result::ok).unwrap_or(a).max(a).min(count);
            if let Some(range) = covered.get_mut(a.min(count + 1)..=b) {
                range.fill(true);
            }
        }
    }
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(n, line)| !covered[*n] && !line.trim_start().starts_with('#'))
        .filter(|(_, line)| {
            // Read as the extractor reads: full-width digits (４兆円) too.
            let line: String = line.nfkc().collect();
            let hay = lower(&line);
            has(&hay, TRANSACTION)
                || yen_amount(&line).is_some()
                || amounts(&line).iter().any(|a| a.unit == AmountUnit::Usd)
        })
        .map(|(n, line)| Evidence {
            lines: n.to_string(),
            text: snippet(line),
        })
        .collect()
}
