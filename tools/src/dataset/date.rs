//! Dates as the sources give them: a year, a month or a day.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date with optional month and day (`2025`, `2025-11`,
/// `2025-11-05`). Sources often give only a month; inventing a day would
/// fake precision. Ordering puts a partial date before every fuller date
/// inside it (`2025-11` < `2025-11-05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Whether this date falls within `[from, to]`, comparing at the
    /// precision of the bound: `2025-11-05` is within `to = 2025-11`.
    pub fn within(&self, from: Option<&PartialDate>, to: Option<&PartialDate>) -> bool {
        let after = from.is_none_or(|f| self.cmp_at(f) != std::cmp::Ordering::Less);
        let before = to.is_none_or(|t| self.cmp_at(t) != std::cmp::Ordering::Greater);
        after && before
    }

    /// Compares with `bound` ignoring components `bound` (or self) leaves out.
    fn cmp_at(&self, bound: &PartialDate) -> std::cmp::Ordering {
        let year = self.year.cmp(&bound.year);
        if year.is_ne() {
            return year;
        }
        match (self.month, bound.month) {
            (Some(a), Some(b)) if a != b => return a.cmp(&b),
            (Some(_), Some(_)) => {}
            _ => return std::cmp::Ordering::Equal,
        }
        match (self.day, bound.day) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => std::cmp::Ordering::Equal,
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse::<u32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return Err(bad()),
        };
        let year = i32::try_from(year).map_err(|_| bad())?;
        let month = match month {
            Some(m) if (1..=12).contains(&m) => Some(m as u8),
            Some(m) => return Err(format!("`{s}` is not a date: month {m} is not 1..=12")),
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= u32::from(days_in_month(year, m)) => Some(d as u8),
            (Some(m), Some(d)) => {
                return Err(format!(
                    "`{s}` is not a date: day {d} is not 1..={} for that month",
                    days_in_month(year, m)
                ));
            }
            _ => None,
        };
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A date as YYYY, YYYY-MM or YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_and_prints_every_precision() {
        for s in ["2025", "2025-11", "2025-11-05"] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_dates_with_reason() {
        assert!(
            PartialDate::from_str("2025-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(
            PartialDate::from_str("2025-02-30")
                .unwrap_err()
                .contains("day 30")
        );
        assert!(PartialDate::from_str("2024-02-29").is_ok());
        assert!(PartialDate::from_str("Nov 5").is_err());
        assert!(PartialDate::from_str("25-11-05").is_err());
    }

    #[test]
    fn within_compares_at_bound_precision() {
        let day = d("2025-11-05");
        assert!(day.within(Some(&d("2025-11")), Some(&d("2025-11"))));
        assert!(day.within(Some(&d("2025")), None));
        assert!(!day.within(Some(&d("2025-11-06")), None));
        assert!(!day.within(None, Some(&d("2025-10"))));
        assert!(d("2025-11").within(Some(&d("2025-11-05")), Some(&d("2025-11-05"))));
        assert!(d("2025-11") < day);
    }
}
