//! The evidence check: does a record's citation say what the record says?
//! Its lines must exist, state its amount (in any notation: $1.4T,
//! 1.4兆ドル, 1兆4000億ドル), name its parties (by name or alias), and
//! not contradict its period or its bound (a record "over 8 years" cited
//! to a line that says no term; "reported" revenue cited to a line that
//! calls it next year's; an exact amount the line says is "up to").
//! The same check runs on proposed records and on the built-in dataset.

use std::collections::HashMap;

use super::amounts::{AmountUnit, amounts, same_amount};
use crate::dataset::names::normalise;
use crate::dataset::{Bound, Citation, Dataset, Unit};

/// The documents a dataset's citations point into, by source id, as
/// lines (line 1 first).
#[derive(Debug, Clone, Default)]
pub struct Documents {
    docs: HashMap<String, Vec<String>>,
    /// Each line in the form names are compared in, made when first
    /// asked for (a check of thousands of drafts reads the same lines).
    folded: HashMap<String, Vec<std::sync::OnceLock<String>>>,
}

impl Documents {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds source `id`'s text.
    pub fn add(&mut self, id: &str, text: &str) {
        use unicode_normalization::UnicodeNormalization;
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                if super::text::plainly_nfkc(l) {
                    l.to_string()
                } else {
                    l.nfkc().collect()
                }
            })
            .collect();
        self.folded.insert(
            id.to_string(),
            lines.iter().map(|_| std::sync::OnceLock::new()).collect(),
        );
        self.docs.insert(id.to_string(), lines);
    }

    pub fn has(&self, id: &str) -> bool {
        self.docs.contains_key(id)
    }

    /// The text of a citation's lines, joined; `None` when the document or
    /// the lines are not there.
    pub fn cited(&self, c: &Citation) -> Option<String> {
        let lines = self.docs.get(&c.source)?;
        let first = c.first_line as usize;
        let last = c.last_line as usize;
        if first == 0 || last < first || last > lines.len() {
            return None;
        }
        Some(lines[first - 1..last].join("\n"))
    }

    /// A citation's lines with up to `before` lines ahead of them: a
    /// transcript names its subject, then says "they".
    pub fn with_context(&self, c: &Citation, before: u32) -> Option<String> {
        let start = c.first_line.saturating_sub(before).max(1);
        self.cited(&Citation {
            source: c.source.clone(),
            first_line: start,
            last_line: c.last_line,
        })
    }

    /// [`Documents::with_context`] in the form names are compared in
    /// ([`normalise`]d).
    fn folded_with_context(&self, c: &Citation, before: u32) -> Option<String> {
        let lines = self.docs.get(&c.source)?;
        let folded = self.folded.get(&c.source)?;
        let first = c.first_line.saturating_sub(before).max(1) as usize;
        let last = c.last_line as usize;
        if last < first || last > lines.len() {
            return None;
        }
        Some(
            (first - 1..last)
                .map(|i| folded[i].get_or_init(|| normalise(&lines[i])).as_str())
                .collect(),
        )
    }

    pub fn line_count(&self, id: &str) -> Option<usize> {
        self.docs.get(id).map(Vec::len)
    }
}

/// What a record claims, as far as the check can read it.
#[derive(Debug, Clone, Default)]
pub struct Claim<'a> {
    /// An amount in US dollars, or a percentage.
    pub amount: Option<(f64, AmountUnit)>,
    pub bound: Bound,
    /// Entity ids that the cited lines must name.
    pub parties: Vec<&'a str>,
    /// A term the lines stating the amount must state ("8 years").
    pub term_years: Option<u32>,
    /// Years in the record's own words for the period ("by 2030").
    pub period_years: Vec<String>,
    /// The record says the figure is measured (reported) for its year.
    pub reported: bool,
    pub citations: &'a [Citation],
}

/// Something a citation does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `001:75-77`, or empty when about the record as a whole.
    pub citation: String,
    pub problem: String,
}

fn label(c: &Citation) -> String {
    if c.first_line == c.last_line {
        format!("{}:{}", c.source, c.first_line)
    } else {
        format!("{}:{}-{}", c.source, c.first_line, c.last_line)
    }
}

/// Names of entities that are proposed, not yet in the dataset (id →
/// names as written).
pub type NewNames = HashMap<String, Vec<String>>;

/// The names each entity goes by, normalised once (a check runs over
/// thousands of drafts): its id, name and aliases, and those of the
/// people who speak for it; entities proposed alongside by the names
/// they are written with.
pub struct Known {
    own: HashMap<String, Vec<String>>,
    speakers: HashMap<String, Vec<String>>,
}

impl Known {
    pub fn new(data: &Dataset, new: &NewNames) -> Known {
        let forms = |e: &crate::dataset::Entity| -> Vec<String> {
            std::iter::once(&e.id)
                .chain(std::iter::once(&e.name))
                .chain(e.aliases.iter())
                .map(|n| normalise(n))
                .filter(|n| n.chars().count() >= 2)
                .collect()
        };
        let mut own: HashMap<String, Vec<String>> = data
            .entities
            .iter()
            .map(|e| (e.id.clone(), forms(e)))
            .collect();
        let mut speakers: HashMap<String, Vec<String>> = HashMap::new();
        for p in &data.entities {
            if let Some(org) = &p.organisation {
                speakers.entry(org.clone()).or_default().extend(forms(p));
            }
        }
        for (id, written) in new {
            own.insert(id.clone(), written.iter().map(|n| normalise(n)).collect());
            speakers.remove(id);
        }
        Known { own, speakers }
    }

    /// Whether `text` (as written) names entity `id`, or a person who
    /// speaks for it.
    pub fn names(&self, id: &str, text: &str) -> bool {
        self.named_in(id, &normalise(text))
    }

    /// Whether `hay` ([`normalise`]d text) names entity `id`, or a person
    /// who speaks for it.
    fn named_in(&self, id: &str, hay: &str) -> bool {
        match self.own.get(id) {
            Some(names) => names
                .iter()
                .chain(self.speakers.get(id).into_iter().flatten())
                .any(|n| hay.contains(n.as_str())),
            None => hay.contains(&normalise(id)),
        }
    }
}

/// Whether `text` names entity `id` (its id, name or an alias), or a
/// person who speaks for it.
pub fn names(data: &Dataset, id: &str, text: &str) -> bool {
    Known::new(data, &NewNames::new()).named_in(id, &normalise(text))
}

/// Lines ahead of a citation searched for the names of its parties.
const CONTEXT_LINES: u32 = 3;

/// Whether `text` states `value` in any notation.
pub fn states(text: &str, value: f64, unit: AmountUnit) -> bool {
    amounts(text)
        .iter()
        .any(|a| a.unit == unit && same_amount(a.value, value))
}

/// The bound `text` gives `value`, when it states it.
fn bound_in(text: &str, value: f64, unit: AmountUnit) -> Option<Bound> {
    amounts(text)
        .into_iter()
        .find(|a| a.unit == unit && same_amount(a.value, value))
        .map(|a| a.bound)
}

fn states_term(text: &str, years: u32, period_years: &[String]) -> bool {
    let lower = text.to_lowercase();
    // "8年" but not the 8年 of 2028年.
    let term = [
        format!("{years}年"),
        format!("{years} years"),
        format!("{years}-year"),
        format!("{years} year"),
    ]
    .into_iter()
    .any(|t| {
        lower.match_indices(t.as_str()).any(|(i, _)| {
            !lower[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
        })
    });
    term || period_years.iter().any(|y| lower.contains(y.as_str()))
}

const NEXT_YEAR: &[&str] = &["来年", "next year"];

/// Whether the words just before the amount make it next year's.
fn next_years(text: &str, value: f64, unit: AmountUnit) -> bool {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    amounts(text)
        .iter()
        .filter(|a| a.unit == unit && same_amount(a.value, value))
        .any(|a| {
            let before: String = chars[a.start.saturating_sub(30)..a.start].iter().collect();
            NEXT_YEAR.iter().any(|w| before.contains(w))
        })
}

/// Checks `claim` against `docs`. Citations into documents that are not
/// available are skipped (nothing can be said about them).
pub fn check(data: &Dataset, docs: &Documents, claim: &Claim) -> Vec<Finding> {
    check_with(data, &Known::new(data, &NewNames::new()), docs, claim)
}

/// [`check`] with the names known (where parties may be entities proposed
/// alongside): build [`Known`] once for many claims.
pub fn check_with(data: &Dataset, known: &Known, docs: &Documents, claim: &Claim) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut texts = Vec::new();
    for c in claim.citations {
        if !docs.has(&c.source) {
            continue;
        }
        match docs.cited(c) {
            Some(t) => texts.push((c, t)),
            None => findings.push(Finding {
                citation: label(c),
                problem: format!(
                    "the lines are not in the document ({} lines)",
                    docs.line_count(&c.source).unwrap_or(0)
                ),
            }),
        }
    }
    if texts.is_empty() {
        return findings;
    }
    if let Some((value, unit)) = claim.amount {
        let stating: Vec<&(&Citation, String)> = texts
            .iter()
            .filter(|(_, t)| states(t, value, unit))
            .collect();
        if stating.is_empty() {
            findings.push(Finding {
                citation: String::new(),
                problem: "no cited line states the amount".to_string(),
            });
        }
        for (c, t) in &stating {
            if let Some(years) = claim.term_years
                && !states_term(t, years, &claim.period_years)
            {
                findings.push(Finding {
                    citation: label(c),
                    problem: format!("states the amount but not the {years}-year term"),
                });
            }
            if claim.bound != Bound::UpTo && bound_in(t, value, unit) == Some(Bound::UpTo) {
                findings.push(Finding {
                    citation: label(c),
                    problem: "gives the amount as a ceiling (\"up to\", 最大), not a firm figure"
                        .to_string(),
                });
            }
            if claim.reported && next_years(t, value, unit) {
                findings.push(Finding {
                    citation: label(c),
                    problem: "calls the figure next year's (来年 / next year), not a reported one"
                        .to_string(),
                });
            }
        }
    }
    for party in &claim.parties {
        // A group ("companies buying Google TPUs") is described, not named.
        let group = data
            .entity(party)
            .is_some_and(|e| e.kind == crate::dataset::EntityKind::Group);
        let named = claim.citations.iter().any(|c| {
            docs.folded_with_context(c, CONTEXT_LINES)
                .is_some_and(|t| known.named_in(party, &t))
        });
        if !group && !named {
            findings.push(Finding {
                citation: String::new(),
                problem: format!("no cited line names {}", data.name_of(party)),
            });
        }
    }
    findings
}

/// The claim a dataset deal makes.
pub fn deal_claim(d: &crate::dataset::Deal) -> Claim<'_> {
    Claim {
        amount: d.value_usd.map(|v| (v, AmountUnit::Usd)),
        bound: d.bound,
        parties: vec![&*d.from, &*d.to],
        citations: &d.sources,
        ..Claim::default()
    }
}

/// The claim a dataset figure makes.
pub fn figure_claim(f: &crate::dataset::Figure) -> Claim<'_> {
    let unit = match f.unit {
        Unit::Usd => Some(AmountUnit::Usd),
        Unit::Percent => Some(AmountUnit::Percent),
        Unit::Count | Unit::Ratio => None,
    };
    Claim {
        amount: f.value.zip(unit),
        bound: f.bound,
        parties: vec![&*f.subject],
        term_years: f.term_years,
        period_years: f
            .period
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .map(str::to_string)
            .collect(),
        reported: f.basis == crate::dataset::Basis::Reported,
        citations: &f.sources,
    }
}

/// The claim a dataset statement makes: its speaker is named.
pub fn statement_claim(s: &crate::dataset::Statement) -> Claim<'_> {
    Claim {
        parties: vec![&*s.speaker],
        citations: &s.sources,
        ..Claim::default()
    }
}

/// Every record of `data` the check flags, as (record id, findings).
pub fn check_dataset(data: &Dataset, docs: &Documents) -> Vec<(String, Vec<Finding>)> {
    let mut out = Vec::new();
    let mut push = |id: &str, f: Vec<Finding>| {
        if !f.is_empty() {
            out.push((id.to_string(), f));
        }
    };
    let known = Known::new(data, &NewNames::new());
    for d in &data.deals {
        push(&d.id, check_with(data, &known, docs, &deal_claim(d)));
    }
    for f in &data.figures {
        push(&f.id, check_with(data, &known, docs, &figure_claim(f)));
    }
    for s in &data.statements {
        push(&s.id, check_with(data, &known, docs, &statement_claim(s)));
    }
    out
}
