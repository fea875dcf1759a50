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

/// Money as a reader of `lang` writes it: [`usd`] in English, `1.4兆ドル`,
/// `3000億ドル`, `3300万ドル` in Japanese (兆 = 10^12, 億 = 10^8, 万 = 10^4),
/// up to three decimals.
pub fn usd_in(lang: crate::OutputLang, amount: f64) -> String {
    if lang == crate::OutputLang::En {
        return usd(amount);
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    let (scaled, unit) = [(1e12, "兆"), (1e8, "億"), (1e4, "万")]
        .iter()
        .find(|(scale, _)| a >= *scale)
        .map_or((a, ""), |(scale, unit)| (a / scale, *unit));
    let text = format!("{scaled:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{sign}{text}{unit}ドル")
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
    use super::{usd, usd_in};
    use crate::OutputLang;

    #[test]
    fn money_in_japanese_uses_cho_oku_and_man() {
        assert_eq!(usd_in(OutputLang::Ja, 1.4e12), "1.4兆ドル");
        assert_eq!(usd_in(OutputLang::Ja, 5e11), "5000億ドル");
        assert_eq!(usd_in(OutputLang::Ja, 3.3e7), "3300万ドル");
        assert_eq!(usd_in(OutputLang::Ja, -2.5e11), "-2500億ドル");
        assert_eq!(usd_in(OutputLang::En, 5e11), "$500B");
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
