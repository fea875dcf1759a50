//! The words that say what a sentence is about: the kind of a deal, the
//! metric of a figure; and how bounds and periods are written in records.

use super::super::text::has;
use crate::dataset::{Bound, Per};

/// Deal kinds by cue words (English words folded to lower case; Japanese
/// as substrings), most specific first.
const DEAL_CUES: &[(&str, &[&str])] = &[
    ("venture", &["venture", "ベンチャー"]),
    (
        "chip_purchase",
        &[
            "chip",
            "gpu",
            "tpu",
            "accelerator",
            "チップ",
            "半導体",
            "アクセラレータ",
        ],
    ),
    (
        "capacity_guarantee",
        &[
            "rent back",
            "lease",
            "guarantee",
            "貸し出",
            "リース",
            "保証",
        ],
    ),
    (
        "debt",
        &["bond", "bonds", "loan", "debt", "社債", "融資", "借入"],
    ),
    (
        "licensing",
        &["licens", "license", "ライセンス", "モデルを得る"],
    ),
    (
        "equity_stake",
        &["stake", "acquir", "持分", "株式を取得", "株式", "買収"],
    ),
    (
        "investment",
        &["invest", "raised", "put in", "投資", "出資"],
    ),
    (
        "compute_contract",
        &[
            "compute",
            "data center",
            "data centre",
            "cloud",
            "コンピュート",
            "データセンター",
            "クラウド",
        ],
    ),
    ("service_contract", &["service", "サービス"]),
];

pub(super) const METRICS: &[(&str, &[&str])] = &[
    (
        "market_value_change",
        &["時価総額", "market cap", "market value", "株価"],
    ),
    (
        "valuation",
        &[
            "評価額",
            "企業価値",
            "評価され",
            "valuation",
            "valued",
            "valuing",
            "ipo",
            "上場",
        ],
    ),
    (
        "compute_commitments",
        &["コミット", "約束", "commitment", "コンピュート契約"],
    ),
    ("revenue", &["売上", "収益", "収入", "revenue", "sales"]),
    (
        "price",
        &["月額", "料金", "価格", "price", "tier", "ティア"],
    ),
];

/// A deal's kind by its cue words; chips rented as capacity ("a contract
/// for GPU capacity", GPUクラウド) are compute, not a chip purchase.
pub(super) fn deal_kind(hay: &str) -> &'static str {
    // 株式会社 is part of a name, not shares changing hands.
    let hay = &hay.replace("株式会社", "");
    let kind = DEAL_CUES
        .iter()
        .find(|(_, cues)| has(hay, cues))
        .map_or("service_contract", |(k, _)| *k);
    let bought = has(
        hay,
        &["buy", "bought", "purchas", "order", "購入", "調達", "買"],
    );
    let rented = has(
        hay,
        &[
            "capacity",
            "cloud",
            "rent",
            "クラウド",
            "計算能力",
            "利用契約",
        ],
    );
    if kind == "chip_purchase" && rented && !bought {
        "compute_contract"
    } else {
        kind
    }
}

pub(super) fn bound_str(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "exact",
        Bound::Approx => "approx",
        Bound::UpTo => "up_to",
        Bound::AtLeast => "at_least",
    }
}

pub(super) fn per_str(p: Per) -> &'static str {
    match p {
        Per::Total => "total",
        Per::Year => "year",
        Per::Month => "month",
    }
}
