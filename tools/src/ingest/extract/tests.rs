pub(super) fn drafted(text: &str) -> Vec<Draft> {
    extract(
        "004",
        Some("2026-02-02"),
        text,
        &Dataset::builtin().unwrap(),
    )
}

fn payers(drafts: &[Draft]) -> Vec<(String, String)> {
    drafts
        .iter()
        .filter(|d| d.kind == RecordType::Deal)
        .map(|d| {
            let s = |k: &str| d.record[k].as_str().unwrap_or_default().to_string();
            (s("from"), s("to"))
        })
        .collect()
}

#[test]
fn the_payer_is_who_acts_on_the_deal() {
    // English: the organisation before the verb pays, whatever is
    // named first on the line.
    let drafts = drafted("Kestrel Robotics: NVIDIA invested $700 million in Kestrel Robotics.");
    assert_eq!(
        payers(&drafts),
        [("nvidia".into(), "kestrel-robotics".into())]
    );
    let drafts = drafted(
        "Oracle pays to rent capacity from Helios Compute.\nToday Helios Compute raised $1.2 billion from Google to build data centres.",
    );
    let deal = drafts
        .iter()
        .find(|d| d.kind == RecordType::Deal && d.evidence.lines == "2")
        .unwrap();
    assert_eq!(deal.record["from"], "google");
    assert_eq!(deal.record["to"], "helios-compute");
    assert_eq!(
        deal.record["kind"], "investment",
        "raised money is invested"
    );
    // Japanese: が marks who pays; receiving from someone turns it.
    let drafts = drafted("アマゾンがアンソロピックに80億ドルを追加出資した。");
    assert_eq!(payers(&drafts), [("amazon".into(), "anthropic".into())]);
    let drafts = drafted("オラクルはエヌビディアから50億ドルの出資を受けた。");
    assert_eq!(payers(&drafts), [("nvidia".into(), "oracle".into())]);
}

#[test]
fn places_and_funding_rounds_are_never_parties() {
    let drafts = drafted(
        "Texas approved tax credits for data centres; CoreWeave signed a lease in Texas.\nTexas wants more.\nKestrel Robotics closed its Series C. NVIDIA invested $70 million in Kestrel Robotics (Series C).",
    );
    let named: Vec<String> = drafts
        .iter()
        .filter(|d| d.kind == RecordType::Entity)
        .map(|d| d.record["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        !named
            .iter()
            .any(|n| n == "Texas" || n.starts_with("Series")),
        "{named:?}"
    );
    assert_eq!(
        payers(&drafts),
        [("nvidia".into(), "kestrel-robotics".into())]
    );
}

#[test]
fn a_statement_by_an_officer_is_the_organisations() {
    let statement = |drafts: &[Draft]| {
        drafts
            .iter()
            .find(|d| d.kind == RecordType::Statement)
            .map(|d| {
                let s = |k: &str| d.record[k].as_str().unwrap_or_default().to_string();
                (s("speaker"), s("organisation"))
            })
    };
    // The company named beside the title, not one inside the quote.
    let drafts = drafted(
        "Microsoft invested $2 billion in Northwind Labs, maker of the Gale models.\n\"This capital lets us train the next Gale models,\" said Priya Raman, chief executive officer of Northwind Labs.",
    );
    assert_eq!(
        statement(&drafts),
        Some(("priya-raman".into(), "northwind-labs".into()))
    );
    // With no title, a new speaker speaks for themself: a quoted
    // person is not assumed to be the last company's.
    let drafts = drafted(
        "Acme Robotics signed a contract with Oracle worth $12 billion.\n\"We buy what we can build on,\" Jensen Huang said in an interview.",
    );
    assert_eq!(
        statement(&drafts),
        Some(("jensen-huang".into(), "jensen-huang".into()))
    );
    // Japanese: 社長 speaks for the company the text is about.
    let drafts = drafted(
        "ミドリ社はデータセンターに50億ドルを投資した。\n社長の山田太郎氏は「需要は想定を上回っている」と述べた。",
    );
    let (speaker, organisation) = statement(&drafts).unwrap();
    assert_ne!(speaker, organisation, "{drafts:?}");
}

#[test]
fn halves_read_at_once_draft_what_one_pass_does() {
    let data = Dataset::builtin().unwrap();
    // "They" on the first line of the second half means the company
    // named at the end of the first.
    let mut lines = vec!["Filler words without anything in them."; 2000];
    lines[997] = "OpenAI signed up to $30 billion with Oracle for compute.";
    lines[998] = "NVIDIA and Oracle talked.";
    lines[999] = "Anthropic was mentioned.";
    lines[1000] = "They reported revenue of $5 billion in 2025.";
    lines[1001] = "\"We will build,\" Sam Altman said.";
    let text = lines.join("\n");
    let one = extract_with("009", Some("2025-11"), &text, &data, usize::MAX);
    let two = extract_with("009", Some("2025-11"), &text, &data, 2);
    assert_eq!(one, two);
    assert!(
        one.iter().any(|d| d.record["subject"] == "anthropic"),
        "{one:?}"
    );
    assert!(one.len() >= 3, "{one:?}");
}

use super::*;

fn deals(text: &str) -> Vec<Value> {
    let data = Dataset::builtin().unwrap();
    extract("900", Some("2025-11"), text, &data)
        .into_iter()
        .filter(|d| d.kind == RecordType::Deal)
        .map(|d| d.record)
        .collect()
}

#[test]
fn full_width_text_emoji_and_length_changing_letters_are_read() {
    // Full-width digits and names, as Japanese documents write them.
    let d = deals("ＮＶＩＤＩＡは１８０億ドルをＯｒａｃｌｅに出資した。");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0]["from"].as_str(), d[0]["to"].as_str()),
        (Some("nvidia"), Some("oracle"))
    );
    assert_eq!(d[0]["value_usd"], 18e9);
    // Emoji and a letter whose lower case is longer (İ) do not move
    // the amount to another place.
    let d = deals("🚀 İstanbul: NVIDIA invested $2 billion in Oracle.");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["value_usd"], 2e9);
    assert_eq!(d[0]["sources"][0], "900:1");
}

#[test]
fn japanese_companies_the_company_and_a_dropped_subject() {
    // 株式会社 marks a company named once; 同社 is the company the text is
    // about; a deal with no subject is that company's; yen stay as written.
    let drafts = drafted(
        "# 株式会社ミライクラウド 決算説明会\n同社はエヌビディアから1500億円分のGPUを購入する契約を結んだ。\nまた、オラクルとの間で600億円のデータセンター賃貸契約を締結した。",
    );
    let deals: Vec<(String, String, String)> = drafts
        .iter()
        .filter(|d| d.kind == RecordType::Deal)
        .map(|d| {
            let s = |k: &str| d.record[k].as_str().unwrap_or_default().to_string();
            (s("from"), s("to"), s("value_note"))
        })
        .collect();
    let mirai = entity_id("ミライクラウド");
    assert_eq!(
        deals,
        [
            (mirai.clone(), "nvidia".into(), "1500億円".into()),
            (mirai, "oracle".into(), "600億円".into()),
        ],
        "{drafts:?}"
    );
    // A katakana name with an organisation's kanji word, and an
    // acquisition: a stake, not a service.
    let drafts = drafted("グーグルが東京のAI企業ハヤテ研究所を約2000億円で買収。");
    let deal = drafts.iter().find(|d| d.kind == RecordType::Deal).unwrap();
    assert_eq!(deal.record["from"], "google");
    assert_eq!(deal.record["to"], entity_id("ハヤテ研究所"));
    assert_eq!(deal.record["kind"], "equity_stake");
    assert_eq!(deal.record["value_note"], "2000億円");
    // English "the company" may mean either party: no deal is guessed.
    let drafts = drafted(
        "Last week, Stratus Cloud signed a deal with Oracle.\nThe analyst said the company agreed to buy $4 billion of chips.",
    );
    assert_eq!(payers(&drafts), [("stratus-cloud".into(), "oracle".into())]);
}

#[test]
fn a_japanese_sentence_is_about_its_topic_not_its_last_name() {
    // エヌビディア is named last, but ミライクラウド is what the text is
    // about (は): the next deal without a subject is its.
    let drafts = drafted(
        "株式会社ミライクラウドはエヌビディアからGPUを購入する契約を結んだ。\nさらにオラクルと600億円の契約を締結した。",
    );
    assert!(
        payers(&drafts).contains(&(entity_id("ミライクラウド"), "oracle".into())),
        "{:?}",
        payers(&drafts)
    );
}

#[test]
fn a_heading_names_what_the_document_is_about() {
    // English: an earnings call's figures are its company's, though only
    // the heading names it; the speaker with a title is a person.
    let drafts = drafted(
        "# Stratus Cloud, fourth-quarter earnings call\n\nOperator: Our first question.\nAnalyst: Thank you.\nMaya Chen, chief financial officer: Revenue for 2025 was $14.2 billion.",
    );
    let figure = drafts
        .iter()
        .find(|d| d.kind == RecordType::Figure)
        .unwrap();
    assert_eq!(figure.record["subject"], "stratus-cloud");
    assert_eq!(
        figure.record["sources"],
        serde_json::json!(["004:1", "004:5"])
    );
    assert!(drafts.iter().any(|d| d.kind == RecordType::Entity
        && d.record["name"] == "Maya Chen"
        && d.record["kind"] == "person"));
    // Japanese: the president's words are the company's in the heading.
    let drafts = drafted(
        "# 株式会社ミライクラウド 決算説明会\n佐藤健一社長は「国内の需要は想定を上回っている」と述べた。",
    );
    let statement = drafts
        .iter()
        .find(|d| d.kind == RecordType::Statement)
        .unwrap();
    assert_eq!(
        statement.record["organisation"],
        entity_id("ミライクラウド").as_str()
    );
}

#[test]
fn digest_lines_open_with_names_and_guarantees_are_deals() {
    let drafts = drafted(
        "- Lumen Bio licensed models from Anthropic for $150 million a year.\n- CoreWeave guaranteed $2 billion of Helios Compute's debt.",
    );
    let pairs = payers(&drafts);
    assert!(
        pairs.contains(&("lumen-bio".into(), "anthropic".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("coreweave".into(), "helios-compute".into())),
        "{pairs:?}"
    );
    // One capitalised word opening a sentence is not a name.
    assert!(!drafts.iter().any(|d| d.record["name"] == "Analysts"));
}

#[test]
fn lines_with_an_amount_or_a_deal_and_no_draft_are_listed() {
    let text = "# Notes\nNVIDIA invested $5 billion in Acme Robotics.\nThe deal closes next year.\nNothing here.\n出資は2026年から3年に分けて実行される。\n総額は4兆円になる。";
    let drafts = drafted(text);
    let cited: Vec<&str> = drafts
        .iter()
        .filter(|d| d.kind != RecordType::Entity)
        .map(|d| d.evidence.lines.as_str())
        .collect();
    let missed: Vec<String> = not_drafted(text, cited)
        .into_iter()
        .map(|e| e.lines)
        .collect();
    // The drafted line and the plain one are not listed; a deal word in
    // English or Japanese, or an amount in yen, is.
    assert_eq!(missed, ["3", "5", "6"], "{drafts:?}");
    // Full-width digits are read as the extractor reads them; a cited range
    // past the end of the text is bounded by it.
    let text = "概要。\n総額は４兆円になる。";
    assert_eq!(not_drafted(text, ["1-999999999999"]).len(), 0);
    let missed: Vec<String> = not_drafted(text, ["1"])
        .into_iter()
        .map(|e| e.lines)
        .collect();
    assert_eq!(missed, ["2"]);
}
