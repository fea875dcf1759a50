//! A drawing of the deals a `deal_lookup` answer is about: the parties on
//! a circle, each payment an arrow from payer to payee with its amount.
//! Drawn for cycles (the loop itself), neighbourhoods and one party's
//! deals (the exposure around it), where the shape of the money is the
//! answer.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{DealLookupOutput, DealView, Mode};
use crate::format::usd;
use crate::{Chart, OutputLang};

/// At most this many parties are drawn; the rest are named under the
/// drawing as left out (a circle of 40 names is not readable).
const MAX_PARTIES: usize = 16;

/// An arrow: payer, payee, the largest stated amount between them, and
/// how many deals it stands for.
struct Arrow {
    from: String,
    to: String,
    amount: Option<f64>,
    deals: usize,
}

fn arrows<'a>(deals: impl Iterator<Item = &'a DealView>) -> Vec<Arrow> {
    let mut by_pair: BTreeMap<(String, String), Arrow> = BTreeMap::new();
    for d in deals {
        let a = by_pair
            .entry((d.from.name.clone(), d.to.name.clone()))
            .or_insert_with(|| Arrow {
                from: d.from.name.clone(),
                to: d.to.name.clone(),
                amount: None,
                deals: 0,
            });
        a.deals += 1;
        if let Some(v) = d.value_usd {
            a.amount = Some(a.amount.map_or(v, |m: f64| m.max(v)));
        }
    }
    by_pair.into_values().collect()
}

/// The drawing of `out`, when its mode draws one and it has deals.
pub(super) fn chart(out: &DealLookupOutput, lang: OutputLang) -> Option<Chart> {
    let (title, arrows) = match out.mode {
        Mode::Cycles => {
            let hops = out.cycles.iter().flat_map(|c| &c.hops);
            let party = out.party.as_ref().map_or("", |p| p.name.as_str());
            (
                match lang {
                    OutputLang::En => format!("Circular money flows through {party}"),
                    OutputLang::Ja => format!("{party} をめぐる資金の循環"),
                },
                arrows(hops.flat_map(|h| &h.deals)),
            )
        }
        Mode::Neighbourhood => {
            let n = out.neighbourhood.as_ref()?;
            (
                match lang {
                    OutputLang::En => format!("Deals around {}", n.center.name),
                    OutputLang::Ja => format!("{} をめぐる取引", n.center.name),
                },
                arrows(n.deals.iter()),
            )
        }
        // An exposure answer: one party's deals (who it pays, who pays
        // it), drawn around it.
        Mode::List => {
            let party = out.party.as_ref()?;
            (
                match lang {
                    OutputLang::En => format!("Deals of {}", party.name),
                    OutputLang::Ja => format!("{} の取引", party.name),
                },
                arrows(out.deals.iter()),
            )
        }
        Mode::Totals => return None,
    };
    if arrows.is_empty() {
        return None;
    }
    let mut parties: Vec<&str> = Vec::new();
    for a in &arrows {
        for p in [&a.from, &a.to] {
            if !parties.contains(&p.as_str()) {
                parties.push(p);
            }
        }
    }
    let left_out = parties.len().saturating_sub(MAX_PARTIES);
    parties.truncate(MAX_PARTIES);
    Some(Chart {
        svg: svg(&title, &parties, &arrows, left_out, lang),
        text: text(&arrows, left_out, lang),
        title,
    })
}

/// Text for SVG: `&`, `<`, `>` and quotes escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn label(a: &Arrow, lang: OutputLang) -> String {
    let amount = a.amount.map_or(
        lang.pick("amount not stated", "金額の明記なし").to_string(),
        usd,
    );
    match (a.deals > 1, lang) {
        (false, _) => amount,
        (true, OutputLang::En) => format!("{amount} ({} deals)", a.deals),
        (true, OutputLang::Ja) => format!("{amount}(取引 {} 件)", a.deals),
    }
}

fn svg(
    title: &str,
    parties: &[&str],
    arrows: &[Arrow],
    left_out: usize,
    lang: OutputLang,
) -> String {
    let (w, h) = (720.0_f64, 560.0_f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0 + 10.0, 200.0);
    let at = |k: usize| {
        let angle = -std::f64::consts::FRAC_PI_2
            + 2.0 * std::f64::consts::PI * k as f64 / parties.len() as f64;
        (cx + r * angle.cos(), cy + r * angle.sin())
    };
    let place = |name: &str| parties.iter().position(|p| *p == name).map(at);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs><rect width="100%" height="100%" fill="white"/><text x="{cx}" y="24" text-anchor="middle" font-size="16" font-family="sans-serif">{t}</text>"##,
        t = escape(title)
    );
    for a in arrows {
        let (Some((x1, y1)), Some((x2, y2))) = (place(&a.from), place(&a.to)) else {
            continue;
        };
        // Stop short of the node circles; a pair paying both ways gets
        // two arrows bent apart.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy, ex, ey) = (
            x1 + ux * 38.0,
            y1 + uy * 38.0,
            x2 - ux * 38.0,
            y2 - uy * 38.0,
        );
        let (mx, my) = ((sx + ex) / 2.0 - uy * 24.0, (sy + ey) / 2.0 + ux * 24.0);
        // A stated amount is written on its arrow; an arrow without one
        // is dashed (the legend says so), so the drawing stays readable.
        let dash = if a.amount.is_none() {
            r#" stroke-dasharray="5,4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r##"<path d="M{sx:.1},{sy:.1} Q{mx:.1},{my:.1} {ex:.1},{ey:.1}" fill="none" stroke="#444" stroke-width="1.5"{dash} marker-end="url(#arrow)"/>"##
        );
        if a.amount.is_some() {
            let _ = write!(
                s,
                r##"<text x="{mx:.1}" y="{my:.1}" text-anchor="middle" font-size="13" font-weight="bold" font-family="sans-serif" fill="#1b1b1b" stroke="white" stroke-width="3" paint-order="stroke">{l}</text>"##,
                l = escape(&label(a, lang))
            );
        }
    }
    for (k, p) in parties.iter().enumerate() {
        let (x, y) = at(k);
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="34" fill="#e8f0fb" stroke="#2a5db0"/><text x="{x:.1}" y="{ty:.1}" text-anchor="middle" font-size="12" font-family="sans-serif">{n}</text>"##,
            ty = y + 4.0,
            n = escape(p)
        );
    }
    let mut legend = lang
        .pick(
            "Arrows run from payer to payee; dashed: no amount stated",
            "矢印は支払う側から受け取る側へ。破線は金額の明記なし",
        )
        .to_string();
    if left_out > 0 {
        legend.push_str(&match lang {
            OutputLang::En => format!("; {left_out} more parties not drawn"),
            OutputLang::Ja => format!("。ほかに {left_out} 社は描いていません"),
        });
    }
    let _ = write!(
        s,
        r##"<text x="12" y="{y}" font-size="12" font-family="sans-serif" fill="#555">{legend}</text>"##,
        y = h - 12.0
    );
    s.push_str("</svg>");
    s
}

fn text(arrows: &[Arrow], left_out: usize, lang: OutputLang) -> String {
    let mut lines: Vec<String> = arrows
        .iter()
        .map(|a| format!("{} → {}: {}", a.from, a.to, label(a, lang)))
        .collect();
    if left_out > 0 {
        lines.push(match lang {
            OutputLang::En => format!("({left_out} more parties not drawn)"),
            OutputLang::Ja => format!("(ほかに {left_out} 社は描いていません)"),
        });
    }
    lines.join("\n")
}
