//! The rules that carry the extractor past the documents it was built
//! around, each in English and in Japanese where both languages have it.

use super::*;

fn drafted(text: &str) -> Vec<Draft> {
    extract(
        "004",
        Some("2026-02-02"),
        text,
        &Dataset::builtin().unwrap(),
    )
}

fn of(drafts: &[Draft], kind: RecordType) -> Vec<&Value> {
    drafts
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| &d.record)
        .collect()
}

fn deal(drafts: &[Draft]) -> (String, String, String) {
    let deals = of(drafts, RecordType::Deal);
    assert_eq!(deals.len(), 1, "{drafts:#?}");
    let s = |k: &str| deals[0][k].as_str().unwrap_or_default().to_string();
    (s("from"), s("to"), s("kind"))
}

fn entity<'a>(drafts: &'a [Draft], name: &str) -> Option<&'a Value> {
    of(drafts, RecordType::Entity)
        .into_iter()
        .find(|e| e["name"] == name)
}

#[test]
fn we_and_tousha_are_the_documents_own_company() {
    // A filing says "we"; the heading names who "we" are, and is cited.
    let drafts = drafted(
        "# Harbor Networks Inc. annual report\n\nIn June we entered into a licensing agreement with Cohere under which we pay $75 million per year.",
    );
    assert_eq!(
        deal(&drafts),
        (
            "harbor-networks".into(),
            "cohere".into(),
            "licensing".into()
        )
    );
    let d = of(&drafts, RecordType::Deal)[0];
    assert_eq!(
        d["sources"],
        json!(["004:1", "004:3"]),
        "the heading names the payer"
    );
    // "we" inside someone's quoted words is not the document's.
    let drafts = drafted(
        "# Harbor Networks Inc. annual report\n\n\"We pay Oracle a lot,\" a Cohere engineer said of their deal.",
    );
    assert!(of(&drafts, RecordType::Deal).is_empty(), "{drafts:#?}");
    // 当社 (and a press release's 以下、当社) is the heading's company.
    let drafts = drafted(
        "# 株式会社ホシノ電機、新工場について\n\n当社は、クアンタム・シリコン社から5000万ドル分のAIチップを購入します。",
    );
    let (from, to, kind) = deal(&drafts);
    assert_eq!(
        Some(&json!(from)),
        entity(&drafts, "ホシノ電機").map(|e| &e["id"])
    );
    assert_eq!(to, "kuantamu-shirikon");
    assert_eq!(kind, "chip_purchase");
}

#[test]
fn a_company_is_known_without_its_legal_form_and_by_its_short_name() {
    let drafts = drafted(
        "Harbor Networks Inc. acquired a 20% stake in Delta Optics Ltd. for $410 million.\nPinecrest Systems agreed to pay Delta Optics $3 billion.\n\"We own the hardware,\" said Pinecrest chief executive Laura Kim.",
    );
    assert!(entity(&drafts, "Delta Optics").is_some(), "{drafts:#?}");
    let pinecrest = entity(&drafts, "Pinecrest Systems").expect("drafted");
    assert_eq!(
        pinecrest["aliases"],
        json!(["Pinecrest Systems", "Pinecrest"])
    );
    assert!(
        entity(&drafts, "Pinecrest").is_none(),
        "one company, not two"
    );
    let statement = of(&drafts, RecordType::Statement)[0];
    assert_eq!(statement["speaker"], "laura-kim");
    assert_eq!(statement["organisation"], "pinecrest-systems");
    // ソフトバンクグループ is called ソフトバンク too.
    let drafts = drafted(
        "ソフトバンクグループは、オープンAIに4兆円を出資すると発表した。\nソフトバンクの孫正義会長は「革命だ」と語った。",
    );
    let group = entity(&drafts, "ソフトバンクグループ").expect("drafted");
    assert!(
        group["aliases"]
            .as_array()
            .is_some_and(|a| a.contains(&json!("ソフトバンク"))),
        "{group}"
    );
}

#[test]
fn names_shaped_like_companies_are_never_people() {
    // "Orchid AI said" is a company speaking; a title inside a run of
    // capitalised words splits the company from its officer.
    let drafts = drafted(
        "Orchid AI said it had raised $650 million from Tiger Global.\n\"Compute is the new rent,\" Cobalt Reasoning CEO Priya Nair told investors.",
    );
    assert_eq!(
        entity(&drafts, "Orchid AI").map(|e| &e["kind"]),
        Some(&json!("company"))
    );
    assert_eq!(
        entity(&drafts, "Priya Nair").map(|e| &e["kind"]),
        Some(&json!("person"))
    );
    assert_eq!(
        entity(&drafts, "Cobalt Reasoning").map(|e| &e["kind"]),
        Some(&json!("company"))
    );
    assert_eq!(
        deal(&drafts),
        (
            "tiger-global".into(),
            "orchid-ai".into(),
            "investment".into()
        )
    );
    // サクラAI, ひかりエナジー: companies, with readable ids.
    let drafts = drafted(
        "サクラAIは昨年、KDDIから250億円の出資を受けた。\nメタが電力会社ひかりエナジーと500億円の電力購入契約を締結。",
    );
    let sakura = entity(&drafts, "サクラAI").expect("drafted");
    assert_eq!(sakura["id"], "sakura-ai");
    assert!(entity(&drafts, "ひかりエナジー").is_some(), "{drafts:#?}");
    let deals = of(&drafts, RecordType::Deal);
    assert_eq!(deals.len(), 2, "{drafts:#?}");
    assert_eq!(
        (deals[0]["from"].as_str(), deals[0]["to"].as_str()),
        (Some("kddi"), Some("sakura-ai"))
    );
    assert_eq!(
        deals[0]["kind"], "investment",
        "株式会社 or not, an 出資 is an investment"
    );
}

#[test]
fn a_deal_takes_the_amount_in_its_own_clause() {
    let drafts = drafted(
        "1/ Big day: Ridgeline AI just closed a $300M round. Sequoia led, and NVIDIA put in $50M.",
    );
    let d = of(&drafts, RecordType::Deal);
    assert_eq!(d.len(), 1, "{drafts:#?}");
    assert_eq!(
        (d[0]["from"].as_str(), d[0]["to"].as_str()),
        (Some("nvidia"), Some("ridgeline-ai"))
    );
    assert_eq!(d[0]["value_usd"], 5e7);
    assert!(
        entity(&drafts, "Big").is_none(),
        "a list mark opens the line"
    );
    // Japanese: 1億2000万ドル is one amount.
    let drafts =
        drafted("ホシノ電機は、クアンタム・シリコン社の株式15%を1億2000万ドルで取得した。");
    let d = of(&drafts, RecordType::Deal);
    assert_eq!(d[0]["value_usd"], 1.2e8, "{drafts:#?}");
    assert_eq!(d[0]["kind"], "equity_stake");
}

#[test]
fn a_supplier_is_paid_and_backlog_is_owed_by_the_customer() {
    let drafts = drafted(
        "AMD will supply Pinecrest Systems with accelerators worth $1.1 billion under a deal.",
    );
    assert_eq!(
        deal(&drafts),
        (
            "pinecrest-systems".into(),
            "amd".into(),
            "chip_purchase".into()
        )
    );
    let drafts =
        drafted("エヌビディアがミライクラウドにGPUを供給する契約を結んだ。契約額は1500億円。");
    let (from, to, _) = deal(&drafts);
    assert_eq!(
        (from.as_str(), to.as_str()),
        ("miraikuraudo", "nvidia"),
        "{drafts:#?}"
    );
    let drafts = drafted(
        "# Stratus Cloud earnings call\nMaya Chen: Our remaining performance obligations include a $9 billion contract with OpenAI for GPU capacity.",
    );
    assert_eq!(
        deal(&drafts),
        (
            "openai".into(),
            "stratus-cloud".into(),
            "compute_contract".into()
        ),
        "GPU capacity is rented, not bought"
    );
}

#[test]
fn amounts_in_yen_make_figures_kept_as_written() {
    let drafts = drafted(
        "# 株式会社ミライクラウド 決算説明会\nミライクラウドの2025年度の売上高は3200億円だった。\n同社の売上高は約80億円増えた。",
    );
    let figures = of(&drafts, RecordType::Figure);
    assert_eq!(figures[0]["value_note"], "3200億円", "{drafts:#?}");
    assert!(figures[0].get("value").is_none(), "no yen are converted");
    assert_eq!(figures[0]["metric"], "revenue");
    assert_eq!(figures[1]["bound"], "approx");
    // In English, "the company" in a figure's clause is the sentence's
    // subject, not whoever was named last.
    let drafts = drafted(
        "Orchid AI said it had raised $650 million from Tiger Global, valuing the company at $6 billion.",
    );
    let figures = of(&drafts, RecordType::Figure);
    assert_eq!(figures.len(), 1, "{drafts:#?}");
    assert_eq!(
        (
            figures[0]["subject"].as_str(),
            figures[0]["metric"].as_str()
        ),
        (Some("orchid-ai"), Some("valuation"))
    );
}

#[test]
fn transcript_speech_is_a_statement_unless_it_states_an_amount() {
    let drafts = drafted(
        "# Stratus Cloud earnings call\nMaya Chen, chief financial officer: Capital expenditures were $7.5 billion.\nTom Okafor, chief executive officer: We will stay disciplined on pricing.",
    );
    let statements = of(&drafts, RecordType::Statement);
    assert_eq!(statements.len(), 1, "{drafts:#?}");
    assert_eq!(statements[0]["speaker"], "tom-okafor");
    assert_eq!(statements[0]["organisation"], "stratus-cloud");
    assert_eq!(
        statements[0]["text"],
        "We will stay disciplined on pricing."
    );
    let drafts = drafted(
        "# 株式会社ミライクラウド 決算説明会\n佐藤健一社長: 国内の需要は想定を上回っています。",
    );
    let statements = of(&drafts, RecordType::Statement);
    assert_eq!(statements.len(), 1, "{drafts:#?}");
    assert_eq!(statements[0]["text"], "国内の需要は想定を上回っています。");
    assert_ne!(statements[0]["organisation"], statements[0]["speaker"]);
}

#[test]
fn quoted_words_never_make_a_deal() {
    let drafts = drafted("\"Oracle will invest in Cohere,\" said an analyst at Bernstein.");
    assert!(of(&drafts, RecordType::Deal).is_empty(), "{drafts:#?}");
    let drafts = drafted("アナリストは「オラクルはコヒアに出資するだろう」と語った。");
    assert!(of(&drafts, RecordType::Deal).is_empty(), "{drafts:#?}");
    // Investors are not an investment.
    let drafts = drafted("Cohere told investors that Oracle remains a customer.");
    assert!(of(&drafts, RecordType::Deal).is_empty(), "{drafts:#?}");
}

#[test]
fn a_quote_in_japanese_before_the_amounts_does_not_move_them() {
    // Quoted words are blanked byte for byte; the amounts are counted in
    // characters: the clause is still found right.
    let drafts = drafted(
        "Helios Compute 「需要は想定を大きく上回る」 closed a $300M round; Google put in $50M.",
    );
    let d = of(&drafts, RecordType::Deal);
    assert_eq!(d.len(), 1, "{drafts:#?}");
    assert_eq!(d[0]["from"], "google");
    assert_eq!(d[0]["value_usd"], 5e7, "{drafts:#?}");
}
