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
    use super::usd;

    #[test]
    fn money_is_short_and_exact_enough() {
        assert_eq!(usd(100e9), "$100B");
        assert_eq!(usd(1.4e12), "$1.4T");
        assert_eq!(usd(151.875e9), "$151.875B");
        assert_eq!(usd(-250e9), "-$250B");
        assert_eq!(usd(200.0), "$200");
    }
}
