//! Conflicting figures: one subject and metric, several values.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Basis, Bound, Dataset, Figure, Metric, SourceRef, Unit};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FigureView {
    pub id: String,
    pub value: Option<f64>,
    pub value_note: Option<String>,
    pub unit: Unit,
    pub bound: Bound,
    pub basis: Basis,
    pub year: Option<i32>,
    pub period: String,
    /// Who gives the figure, when not the subject itself.
    pub attributed_to: Option<String>,
    pub note: Option<String>,
    /// Why the figure is what it is, as the sources explain it.
    pub reason: Option<String>,
    /// The sources' own hedge about the figure, in their words.
    pub caveat: Option<String>,
    pub sources: Vec<SourceRef>,
}

/// All figures for one subject, metric and year, side by side.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FigureComparison {
    pub subject: String,
    pub metric: Metric,
    pub year: Option<i32>,
    /// Figures with a stated value, smallest first.
    pub figures: Vec<FigureView>,
    /// Figures the sources describe without a number.
    pub unquantified: Vec<FigureView>,
    /// max / min − 1 over the stated values.
    pub spread: Option<f64>,
    /// The spread is beyond the tolerance.
    pub conflict: bool,
    /// Why the values may differ (basis, bounds, periods, attribution).
    pub explanations: Vec<String>,
}

fn view(data: &Dataset, f: &Figure) -> FigureView {
    FigureView {
        id: f.id.clone(),
        value: f.value,
        value_note: f.value_note.clone(),
        unit: f.unit,
        bound: f.bound,
        basis: f.basis,
        year: f.year,
        period: f.period.clone(),
        attributed_to: f
            .attributed_to
            .as_deref()
            .map(|id| data.name_of(id).to_string()),
        note: f.note.clone(),
        reason: f.reason.clone(),
        caveat: f.caveat.clone(),
        sources: data.source_refs(&f.sources),
    }
}

fn explain(figures: &[FigureView]) -> Vec<String> {
    let mut out = Vec::new();
    let mut bases: Vec<Basis> = Vec::new();
    for f in figures {
        if !bases.contains(&f.basis) {
            bases.push(f.basis);
        }
    }
    if bases.len() > 1 {
        let listed: Vec<String> = figures
            .iter()
            .map(|f| format!("`{}` is {}", f.id, f.basis.as_str()))
            .collect();
        let mut text = format!("the bases differ: {}", listed.join(", "));
        if bases.contains(&Basis::Annualized) && bases.contains(&Basis::Reported) {
            text.push_str("; an annualized run-rate scales a recent month or quarter to a year, so for a growing company it exceeds the revenue reported for the year");
        }
        if bases.contains(&Basis::Projected) {
            text.push_str("; a projection is a forecast, not a measurement");
        }
        out.push(text);
    }
    for basis in &bases {
        let same: Vec<&FigureView> = figures.iter().filter(|f| f.basis == *basis).collect();
        let (Some(lo), Some(hi)) = (same.first(), same.last()) else {
            continue;
        };
        if same.len() > 1 && lo.value != hi.value {
            out.push(format!(
                "`{}` and `{}` are both {} yet differ: the sources disagree or describe different periods (\"{}\" vs \"{}\")",
                lo.id,
                hi.id,
                basis.as_str(),
                lo.period,
                hi.period
            ));
        }
    }
    for f in figures {
        match f.bound {
            Bound::AtLeast => out.push(format!(
                "`{}` is a floor (\"more than\"), not a point value",
                f.id
            )),
            Bound::UpTo => out.push(format!(
                "`{}` is a ceiling (\"up to\"), not a point value",
                f.id
            )),
            Bound::Approx => out.push(format!("`{}` is approximate", f.id)),
            Bound::Exact => {}
        }
        if let Some(who) = &f.attributed_to {
            out.push(format!("`{}` is attributed to {who}", f.id));
        }
    }
    out
}

/// Subject, metric and year: figures that should agree.
type GroupKey = (String, Metric, Option<i32>);

/// Compares figures per (subject, metric, year).
pub(super) fn compare(
    data: &Dataset,
    subject: Option<&str>,
    metric: Option<Metric>,
    tolerance: f64,
) -> Vec<FigureComparison> {
    let mut groups: Vec<(GroupKey, Vec<&Figure>)> = Vec::new();
    for f in &data.figures {
        if subject.is_some_and(|s| f.subject != s) || metric.is_some_and(|m| f.metric != m) {
            continue;
        }
        let key = (f.subject.clone(), f.metric, f.year);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    let explicit = subject.is_some() || metric.is_some();
    groups
        .into_iter()
        .filter(|(_, fs)| explicit || fs.len() > 1)
        .map(|((subject, metric, year), fs)| {
            let mut stated: Vec<FigureView> = fs
                .iter()
                .filter(|f| f.value.is_some())
                .map(|f| view(data, f))
                .collect();
            stated.sort_by(|a, b| {
                a.value
                    .unwrap_or_default()
                    .total_cmp(&b.value.unwrap_or_default())
            });
            let unquantified: Vec<FigureView> = fs
                .iter()
                .filter(|f| f.value.is_none())
                .map(|f| view(data, f))
                .collect();
            let values: Vec<f64> = stated.iter().filter_map(|f| f.value).collect();
            let spread = match (values.first(), values.last()) {
                (Some(&min), Some(&max)) if values.len() > 1 && min > 0.0 => Some(max / min - 1.0),
                _ => None,
            };
            let conflict = spread.is_some_and(|s| s > tolerance);
            let explanations = if conflict {
                explain(&stated)
            } else {
                Vec::new()
            };
            FigureComparison {
                subject: data.name_of(&subject).to_string(),
                metric,
                year,
                figures: stated,
                unquantified,
                spread,
                conflict,
                explanations,
            }
        })
        .collect()
}
