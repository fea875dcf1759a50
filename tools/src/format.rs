//! Formatting shared by tool summaries and front-ends.

/// `$100B`, `$1.4T`, `$33M`, `$200`: money at a glance, up to three decimals.
pub fn usd(amount: f64) -> String {
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    let (scaled, suffix) = if a >= 1e12 {
        (a / 1e12, "T")
    } else if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else {
        (a, "")
    };
    let text = if suffix.is_empty() {
        format!("{scaled:.2}")
    } else {
        format!("{scaled:.3}")
    };
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{sign}${text}{suffix}")
}

/// An amount of US dollars as a reader of `lang` writes it: `$1.4T`, or
/// `1.4兆ドル`, `3000億ドル`, `120億ドル` (兆 = 10^12, 億 = 10^8, 万 = 10^4),
/// to three significant digits as an analyst writes it; the exact figure
/// stays in the JSON. The one formatter of money for readers: the agent's
/// reports and the tools' notes both use it.
pub fn usd_in(lang: crate::OutputLang, amount: f64) -> String {
    let (scales, unit_first): (&[(f64, &str)], bool) = match lang {
        crate::OutputLang::En => (&[(1e12, "T"), (1e9, "B"), (1e6, "M")], true),
        crate::OutputLang::Ja => (&[(1e12, "兆"), (1e8, "億"), (1e4, "万")], false),
    };
    let (sign, text, unit) = scaled(amount, scales);
    if unit_first {
        format!("{sign}${text}{unit}")
    } else {
        format!("{sign}{text}{unit}ドル")
    }
}

/// A count (users, chips) as a reader of `lang` writes a large one:
/// `800 million`, `8億`.
pub fn count_in(lang: crate::OutputLang, n: f64) -> String {
    let scales: &[(f64, &str)] = match lang {
        crate::OutputLang::En => &[(1e12, " trillion"), (1e9, " billion"), (1e6, " million")],
        crate::OutputLang::Ja => &[(1e12, "兆"), (1e8, "億"), (1e4, "万")],
    };
    let (sign, text, unit) = scaled(n, scales);
    format!("{sign}{text}{unit}")
}

/// The sign, the digits and the unit of `value` in the largest of
/// `scales` it reaches, to three significant digits.
fn scaled(value: f64, scales: &[(f64, &'static str)]) -> (&'static str, String, &'static str) {
    let sign = if value < 0.0 { "-" } else { "" };
    let a = value.abs();
    let (scaled, unit) = scales
        .iter()
        .find(|(scale, _)| a >= *scale)
        .map_or((a, ""), |(scale, unit)| (a / scale, *unit));
    let decimals = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{scaled:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    (sign, text, unit)
}

/// A figure's value in its unit: money as [`usd`], percentages with `%`.
pub fn amount(value: f64, unit: crate::dataset::Unit) -> String {
    use crate::dataset::Unit;
    match unit {
        Unit::Usd => usd(value),
        Unit::Percent => format!("{value}%"),
        Unit::Count | Unit::Ratio => format!("{value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{count_in, usd, usd_in};
    use crate::OutputLang;

    #[test]
    fn money_in_japanese_uses_cho_oku_and_man() {
        assert_eq!(usd_in(OutputLang::Ja, 1.4e12), "1.4兆ドル");
        assert_eq!(usd_in(OutputLang::Ja, 5e11), "5000億ドル");
        assert_eq!(usd_in(OutputLang::Ja, 3.3e7), "3300万ドル");
        assert_eq!(usd_in(OutputLang::Ja, -2.5e11), "-2500億ドル");
        assert_eq!(usd_in(OutputLang::En, 5e11), "$500B");
        assert_eq!(usd_in(OutputLang::En, 1.4e12), "$1.4T");
        assert_eq!(count_in(OutputLang::En, 8e8), "800 million");
        assert_eq!(count_in(OutputLang::Ja, 8e8), "8億");
    }

    #[test]
    fn money_is_short_and_exact_enough() {
        assert_eq!(usd(100e9), "$100B");
        assert_eq!(usd(1.4e12), "$1.4T");
        assert_eq!(usd(151.875e9), "$151.875B");
        assert_eq!(usd(-250e9), "-$250B");
        assert_eq!(usd(200.0), "$200");
    }
}
