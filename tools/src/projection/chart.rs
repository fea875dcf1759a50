//! Charts of a projection: cumulative available revenue per scenario
//! against cumulative commitments, as SVG (plotters) or compact text.

use plotters::prelude::*;

use super::RevenueProjectionOutput;
use crate::OutputLang;

/// The series a chart shows: (label, (year, USD) points).
type Series = (String, Vec<(i32, f64)>);

fn series(out: &RevenueProjectionOutput, lang: OutputLang) -> (Vec<Series>, Option<Series>) {
    let share = out.revenue_share;
    let scenarios = out
        .scenarios
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.years
                    .iter()
                    .map(|y| (y.year, y.cumulative_revenue_usd * share))
                    .collect(),
            )
        })
        .collect();
    let commitments = out.commitments.as_ref().map(|_| {
        let points = out
            .scenarios
            .first()
            .map(|s| {
                s.years
                    .iter()
                    .map(|y| (y.year, y.cumulative_commitments_usd))
                    .collect()
            })
            .unwrap_or_default();
        (
            lang.pick("commitments (cumulative)", "コミットメント(累計)")
                .to_string(),
            points,
        )
    });
    (scenarios, commitments)
}

/// What the chart shows, in a line (its caption adds the unit).
pub(super) fn name(out: &RevenueProjectionOutput, lang: OutputLang) -> String {
    let who = out
        .company
        .as_deref()
        .unwrap_or(lang.pick("projection", "予測"));
    match lang {
        OutputLang::En => {
            format!("{who}: cumulative revenue by scenario vs cumulative commitments")
        }
        OutputLang::Ja => format!("{who}: シナリオ別の累計売上と累計コミットメント"),
    }
}

fn title(out: &RevenueProjectionOutput, lang: OutputLang) -> String {
    let who = out
        .company
        .as_deref()
        .unwrap_or(lang.pick("Projection", "予測"));
    let share = if out.revenue_share < 1.0 {
        match lang {
            OutputLang::En => format!(" × {:.0}% share", out.revenue_share * 100.0),
            OutputLang::Ja => format!(" × {:.0}%", out.revenue_share * 100.0),
        }
    } else {
        String::new()
    };
    match lang {
        OutputLang::En => {
            format!("{who}: cumulative revenue{share} by scenario vs cumulative commitments ($B)")
        }
        OutputLang::Ja => {
            format!("{who}: シナリオ別の累計売上{share}と累計コミットメント(10億ドル)")
        }
    }
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
];

/// An SVG document of the chart.
pub fn svg(out: &RevenueProjectionOutput, lang: OutputLang) -> Result<String, String> {
    let (scenarios, commitments) = series(out, lang);
    let all = scenarios.iter().chain(commitments.iter());
    let years: Vec<i32> = all
        .clone()
        .flat_map(|(_, p)| p.iter().map(|(y, _)| *y))
        .collect();
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Err("nothing to chart: the projection has no years".to_string());
    };
    let top = all
        .flat_map(|(_, p)| p.iter().map(|(_, v)| *v / 1e9))
        .fold(1.0_f64, f64::max)
        * 1.08;
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (900, 520)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| format!("cannot draw the chart: {e}");
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title(out, lang), ("sans-serif", 18))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(first..last.max(first + 1), 0.0..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(lang.pick("year", "年"))
            .y_desc(lang.pick("US$ billions", "10億ドル"))
            .x_labels(((last - first) as usize + 1).min(16))
            .draw()
            .map_err(err)?;
        for (i, (name, points)) in scenarios.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|(y, v)| (*y, v / 1e9)),
                    color.stroke_width(2),
                ))
                .map_err(err)?
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        if let Some((name, points)) = &commitments {
            chart
                .draw_series(DashedLineSeries::new(
                    points.iter().map(|(y, v)| (*y, v / 1e9)),
                    8,
                    5,
                    BLACK.stroke_width(2),
                ))
                .map_err(err)?
                .label(name.clone())
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(text)
}

/// A compact text chart, `height` rows tall: one column group per year,
/// scenarios drawn as their number (1, 2, ...), commitments as `#`.
pub fn text(out: &RevenueProjectionOutput, height: usize, lang: OutputLang) -> String {
    let (scenarios, commitments) = series(out, lang);
    let height = height.max(4);
    let years: Vec<i32> = scenarios
        .first()
        .or(commitments.as_ref())
        .map(|(_, p)| p.iter().map(|(y, _)| *y).collect())
        .unwrap_or_default();
    if years.is_empty() {
        return String::new();
    }
    let all = scenarios.iter().chain(commitments.iter());
    let top = all
        .flat_map(|(_, p)| p.iter().map(|(_, v)| *v))
        .fold(f64::MIN_POSITIVE, f64::max);
    let col = 5;
    let mut grid = vec![vec![' '; years.len() * col]; height];
    let row_of = |v: f64| {
        height
            - 1
            - ((v / top) * (height - 1) as f64)
                .round()
                .clamp(0.0, (height - 1) as f64) as usize
    };
    let mut plot = |points: &[(i32, f64)], mark: char| {
        for (i, (_, v)) in points.iter().enumerate() {
            let cell = &mut grid[row_of(*v)][i * col + 2];
            // Overlapping marks show as `*`: two series meet there.
            *cell = if *cell == ' ' { mark } else { '*' };
        }
    };
    if let Some((_, points)) = &commitments {
        plot(points, '#');
    }
    for (i, (_, points)) in scenarios.iter().enumerate() {
        plot(
            points,
            char::from_digit(((i + 1) % 10) as u32, 10).unwrap_or('?'),
        );
    }
    let mut lines = vec![title(out, lang)];
    for (r, row) in grid.iter().enumerate() {
        let label = if r == 0 {
            format!("{:>8}", billions(top))
        } else if r == height - 1 {
            format!("{:>8}", "0")
        } else {
            " ".repeat(8)
        };
        lines.push(format!(
            "{label} │{}",
            row.iter().collect::<String>().trim_end()
        ));
    }
    lines.push(format!(
        "{} └{}",
        " ".repeat(8),
        "─".repeat(years.len() * col)
    ));
    let axis: String = years
        .iter()
        .map(|y| format!("{:^col$}", y % 100, col = col))
        .collect();
    lines.push(format!(
        "{}  {axis}  ({}, '{:02}..'{:02})",
        " ".repeat(8),
        lang.pick("year", "年"),
        years[0] % 100,
        years[years.len() - 1] % 100
    ));
    let mut legend: Vec<String> = scenarios
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{} {n}", i + 1))
        .collect();
    if commitments.is_some() {
        legend.push(lang.pick("# commitments", "# コミットメント").to_string());
    }
    legend.push(lang.pick("* overlap", "* 重なり").to_string());
    lines.push(format!("{}  {}", " ".repeat(8), legend.join("   ")));
    lines.join("\n")
}

fn billions(v: f64) -> String {
    if v >= 1e12 {
        format!("${:.1}T", v / 1e12)
    } else {
        format!("${:.0}B", v / 1e9)
    }
}
