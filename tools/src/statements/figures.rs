//! Conflicting figures: one subject and metric, several values.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dataset::{Basis, Bound, Dataset, Figure, Metric, SourceRef, Unit};
use crate::{OutputLang, said};

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
    /// Japanese renderings of this record's text fields (field name to
    /// text), where the dataset has them; absent otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ja: BTreeMap<String, String>,
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
    /// The same, as data.
    #[serde(default)]
    pub explained: Vec<Explanation>,
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
        ja: f.ja.clone(),
        sources: data.source_refs(&f.sources),
    }
}

/// Why figures that should agree may differ, as data (a front-end words
/// it in its reader's language); [`Explanation::worded`] is the
/// `explanations` text, in the language the tool speaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Explanation {
    /// The figures were arrived at differently (reported, annualized, ...).
    BasesDiffer {
        /// Each figure's id and basis.
        figures: Vec<(String, Basis)>,
    },
    /// Two figures of one basis differ.
    SameBasisDiffer {
        low: String,
        high: String,
        basis: Basis,
        low_period: String,
        high_period: String,
    },
    /// A floor ("more than"), a ceiling ("up to") or an approximation.
    Bounded { id: String, bound: Bound },
    /// The figure is someone's claim about the subject.
    Attributed { id: String, who: String },
}

impl Explanation {
    pub fn worded(&self, lang: OutputLang) -> String {
        match self {
            Explanation::BasesDiffer { figures } => {
                let bases: Vec<Basis> = figures.iter().map(|(_, b)| *b).collect();
                let listed: Vec<String> = figures
                    .iter()
                    .map(|(id, b)| {
                        let basis = b.worded(lang);
                        said!(lang, "`{id}` is {basis}", "`{id}` は{basis}")
                    })
                    .collect();
                let listed = listed.join(lang.pick(", ", "、"));
                let mut text = said!(
                    lang,
                    "the bases differ: {listed}",
                    "基準が異なります: {listed}"
                );
                if bases.contains(&Basis::Annualized) && bases.contains(&Basis::Reported) {
                    text.push_str(lang.pick(
                        "; an annualized run-rate scales a recent month or quarter to a year, so for a growing company it exceeds the revenue reported for the year",
                        "。年換算のランレートは直近の月や四半期を一年分に引き延ばしたもので、成長中の企業ではその年に報告される売上を上回ります",
                    ));
                }
                if bases.contains(&Basis::Projected) {
                    text.push_str(lang.pick(
                        "; a projection is a forecast, not a measurement",
                        "。予測値は見通しであり、実測ではありません",
                    ));
                }
                text
            }
            Explanation::SameBasisDiffer {
                low,
                high,
                basis,
                low_period,
                high_period,
            } => {
                let basis = basis.worded(lang);
                said!(
                    lang,
                    "`{low}` and `{high}` are both {basis} yet differ: the sources disagree or describe different periods (\"{low_period}\" vs \"{high_period}\")",
                    "`{low}` と `{high}` はどちらも{basis}なのに異なります: 出典の見解が違うか、別の期間を述べています(「{low_period}」と「{high_period}」)"
                )
            }
            Explanation::Bounded { id, bound } => match bound {
                Bound::AtLeast => said!(
                    lang,
                    "`{id}` is a floor (\"more than\"), not a point value",
                    "`{id}` は下限(「〜超」)で、点の値ではありません"
                ),
                Bound::UpTo => said!(
                    lang,
                    "`{id}` is a ceiling (\"up to\"), not a point value",
                    "`{id}` は上限(「最大」)で、点の値ではありません"
                ),
                Bound::Approx | Bound::Exact => {
                    said!(lang, "`{id}` is approximate", "`{id}` は概数です")
                }
            },
            Explanation::Attributed { id, who } => {
                said!(
                    lang,
                    "`{id}` is attributed to {who}",
                    "`{id}` は {who} によるものとされています"
                )
            }
        }
    }
}

fn explain(figures: &[FigureView]) -> Vec<Explanation> {
    let mut out = Vec::new();
    let mut bases: Vec<Basis> = Vec::new();
    for f in figures {
        if !bases.contains(&f.basis) {
            bases.push(f.basis);
        }
    }
    if bases.len() > 1 {
        out.push(Explanation::BasesDiffer {
            figures: figures.iter().map(|f| (f.id.clone(), f.basis)).collect(),
        });
    }
    for basis in &bases {
        let same: Vec<&FigureView> = figures.iter().filter(|f| f.basis == *basis).collect();
        let (Some(lo), Some(hi)) = (same.first(), same.last()) else {
            continue;
        };
        if same.len() > 1 && lo.value != hi.value {
            out.push(Explanation::SameBasisDiffer {
                low: lo.id.clone(),
                high: hi.id.clone(),
                basis: *basis,
                low_period: lo.period.clone(),
                high_period: hi.period.clone(),
            });
        }
    }
    for f in figures {
        if f.bound != Bound::Exact {
            out.push(Explanation::Bounded {
                id: f.id.clone(),
                bound: f.bound,
            });
        }
        if let Some(who) = &f.attributed_to {
            out.push(Explanation::Attributed {
                id: f.id.clone(),
                who: who.clone(),
            });
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
    lang: OutputLang,
) -> Vec<FigureComparison> {
    let mut groups: Vec<(GroupKey, Vec<&Figure>)> = Vec::new();
    for f in &data.figures {
        if subject.is_some_and(|s| &*f.subject != s) || metric.is_some_and(|m| f.metric != m) {
            continue;
        }
        let key = (f.subject.to_string(), f.metric, f.year);
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
            let explained = if conflict {
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
                explanations: explained.iter().map(|e| e.worded(lang)).collect(),
                explained,
            }
        })
        .collect()
}
