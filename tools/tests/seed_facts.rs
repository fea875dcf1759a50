#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every fact listed in ../shared/seed-facts.md (the research material in
//! English, beside the project) is reachable: each row of its deals,
//! figures and statements tables names the records of the built-in
//! dataset that hold it. A row added to the page without a record, or a
//! record renamed, fails here.

use steer_tools::Dataset;

/// Each table row, by the start of its first cells, and the records that
/// hold it.
const COVERAGE: &[(&str, &[&str])] = &[
    // Deals and commitments.
    (
        "| OpenAI → compute providers",
        &[
            "openai-compute-commitments-8y",
            "openai-compute-contracts-signed",
            "openai-compute-commitments-up-to",
            "openai-compute-commitments-2030",
        ],
    ),
    (
        "| NVIDIA → OpenAI |",
        &["nvidia-openai-investment", "openai-nvidia-chips"],
    ),
    (
        "| OpenAI → Oracle |",
        &["openai-oracle-compute", "openai-oracle-contract-1b"],
    ),
    ("| Oracle → NVIDIA |", &["oracle-nvidia-chips"]),
    (
        "| NVIDIA ↔ CoreWeave |",
        &["coreweave-nvidia-chips", "nvidia-coreweave-capacity"],
    ),
    (
        "| NVIDIA → xAI, Mistral, Figure |",
        &[
            "nvidia-xai-venture",
            "xai-nvidia-chips",
            "nvidia-mistral-venture",
            "mistral-nvidia-chips",
            "nvidia-figure-venture",
            "figure-nvidia-chips",
        ],
    ),
    (
        "| OpenAI (ventures) → healthcare companies, Harvey, Anysphere |",
        &[
            "openai-healthcare-venture",
            "healthcare-openai-services",
            "openai-harvey-venture",
            "harvey-openai-services",
            "openai-anysphere-venture",
            "anysphere-openai-services",
        ],
    ),
    (
        "| Microsoft → Nebius",
        &["microsoft-nebius-compute", "nvidia-nebius-investment"],
    ),
    ("| Apple → Google |", &["apple-google-gemini"]),
    (
        "| Microsoft ↔ OpenAI |",
        &[
            "microsoft-openai-stake",
            "openai-microsoft-ip-licence",
            "openai-azure-exclusivity",
            "microsoft-openai-stake-27",
        ],
    ),
    (
        "| OpenAI ↔ AMD, Amazon |",
        &["openai-amd-compute", "openai-amazon-compute"],
    ),
    ("| Google → others |", &["tpu-buyers-google-tpus"]),
    // Figures.
    ("| OpenAI revenue | $12B", &["openai-revenue-12b"]),
    (
        "| OpenAI revenue | $13B",
        &["openai-revenue-13b", "altman-bg2-revenue-higher"],
    ),
    (
        "| OpenAI revenue | annualized",
        &["openai-revenue-20b-run-rate", "openai-revenue-2030"],
    ),
    ("| OpenAI valuation |", &["openai-valuation-500b"]),
    ("| OpenAI users |", &["openai-weekly-users"]),
    ("| OpenAI IPO |", &["openai-ipo-1t"]),
    (
        "| Anthropic |",
        &[
            "anthropic-revenue-2028",
            "anthropic-valuation-400b",
            "anthropic-valuation-200b",
            "anthropic-api-share",
        ],
    ),
    ("| Meta |", &["meta-market-value-loss"]),
    (
        "| Microsoft's OpenAI stake |",
        &["microsoft-openai-stake-27"],
    ),
    ("| AI-service revenue |", &["ai-revenue-to-hardware-ratio"]),
    ("| ChatGPT Pro |", &["chatgpt-pro-price"]),
    ("| Google Project Suncatcher |", &["pichai-suncatcher"]),
    // Statements.
    ("| before Nov 5 |", &["altman-insurer-of-last-resort"]),
    ("| Oct 27", &["openai-ostp-letter"]),
    ("| Nov 5 | Sarah Friar, CFO", &["friar-wsj-backstop"]),
    (
        "| Nov 5 | Sarah Friar (clarification)",
        &["friar-clarification"],
    ),
    ("| Nov 6 | Sam Altman", &["altman-no-guarantees"]),
    ("| Nov 6 | David Sacks", &["sacks-no-bailout"]),
    ("| Nov 2025 | Sam Altman", &["altman-bg2-ammunition"]),
    ("| Nov 2025 | Satya Nadella", &["nadella-bg2-power"]),
];

/// The table rows of the page's deals, figures and statements sections.
fn fact_rows() -> Vec<String> {
    let path = steer_tools::testing::seeds().join("../seed-facts.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (beside the project)", path.display()));
    let mut section = "";
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h;
            continue;
        }
        let tables = [
            "Deals and commitments",
            "Figures",
            "Statements (for comparison)",
        ];
        let header = line.starts_with("| parties")
            || line.starts_with("| subject")
            || line.starts_with("| date")
            || line.starts_with("|---");
        if tables.contains(&section) && line.starts_with("| ") && !header {
            rows.push(line.to_string());
        }
    }
    rows
}

#[test]
fn every_fact_of_the_seed_facts_page_is_held_by_a_record() {
    let data = Dataset::builtin().unwrap();
    let ids: std::collections::HashSet<&str> = data
        .deals
        .iter()
        .map(|d| d.id.as_str())
        .chain(data.figures.iter().map(|f| f.id.as_str()))
        .chain(data.statements.iter().map(|s| s.id.as_str()))
        .collect();
    let rows = fact_rows();
    assert!(rows.len() >= 30, "{} rows read", rows.len());
    let mut problems = Vec::new();
    for row in &rows {
        let held: Vec<&&[&str]> = COVERAGE
            .iter()
            .filter(|(start, _)| row.starts_with(start))
            .map(|(_, records)| records)
            .collect();
        match held.as_slice() {
            [records] => {
                for r in records.iter().filter(|r| !ids.contains(*r)) {
                    problems.push(format!(
                        "{row}\n  names `{r}`, which the dataset does not hold"
                    ));
                }
            }
            [] => problems.push(format!("{row}\n  no record holds this fact")),
            _ => problems.push(format!("{row}\n  matches more than one entry")),
        }
    }
    for (start, _) in COVERAGE {
        if !rows.iter().any(|r| r.starts_with(start)) {
            problems.push(format!("`{start}` matches no row of the page"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every record of the built-in dataset carries a Japanese rendering of
/// each text field it has, so a Japanese answer is Japanese throughout.
#[test]
fn every_builtin_record_has_its_japanese_text() {
    let data = steer_tools::Dataset::builtin().unwrap();
    let mut missing = Vec::new();
    let mut need =
        |id: &str, ja: &std::collections::BTreeMap<String, String>, fields: &[(&str, bool)]| {
            for (f, has) in fields {
                if *has && !ja.contains_key(*f) {
                    missing.push(format!("{id}: ja.{f}"));
                }
            }
        };
    for d in &data.deals {
        need(&d.id, &d.ja, &d.ja_fields());
    }
    for f in &data.figures {
        need(&f.id, &f.ja, &f.ja_fields());
    }
    for s in &data.statements {
        need(&s.id, &s.ja, &s.ja_fields());
    }
    assert!(missing.is_empty(), "no Japanese for: {missing:#?}");
}
