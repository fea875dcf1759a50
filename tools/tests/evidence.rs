#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The evidence check over the built-in dataset, against the seed
//! documents in ../shared/seeds (beside the project on every developer
//! machine and in CI; never copied into the repository).

use std::path::PathBuf;

use steer_tools::Dataset;
use steer_tools::ingest::{Documents, check_dataset};

fn seeds() -> PathBuf {
    steer_tools::testing::seeds()
}

pub fn documents(data: &Dataset) -> Documents {
    let mut docs = Documents::new();
    for s in &data.sources {
        let path = seeds().join(&s.file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (the seeds sit beside the project)", path.display())
        });
        docs.add(&s.id, &text);
    }
    docs
}

#[test]
fn every_record_of_the_built_in_dataset_is_supported_by_its_lines() {
    let data = Dataset::builtin().unwrap();
    let docs = documents(&data);
    let flagged = check_dataset(&data, &docs);
    let text: Vec<String> = flagged
        .iter()
        .map(|(id, f)| {
            let lines: Vec<String> = f
                .iter()
                .map(|x| format!("  {} {}", x.citation, x.problem))
                .collect();
            format!("{id}:\n{}", lines.join("\n"))
        })
        .collect();
    assert!(flagged.is_empty(), "{}", text.join("\n"));
}

#[test]
fn the_check_finds_what_the_dataset_used_to_claim() {
    use steer_tools::dataset::{Basis, Citation};
    let mut data = Dataset::builtin().unwrap();
    let docs = documents(&data);
    let cite = |s: &str| s.parse::<Citation>().unwrap();
    // As first entered: "over 8 years" cited to lines that give no term
    // (and one that says "up to"); $13B as 2025 revenue, though the line
    // calls it next year's.
    let f = data
        .figures
        .iter_mut()
        .find(|f| f.id == "openai-compute-commitments-8y")
        .unwrap();
    f.sources = ["000:1", "000:11", "002:39", "003:1"].map(cite).to_vec();
    let f = data
        .figures
        .iter_mut()
        .find(|f| f.id == "openai-revenue-13b")
        .unwrap();
    f.basis = Basis::Reported;
    f.year = Some(2025);
    let flagged = check_dataset(&data, &docs);
    let about = |id: &str| -> Vec<String> {
        flagged
            .iter()
            .filter(|(r, _)| r == id)
            .flat_map(|(_, f)| f.iter().map(|x| format!("{} {}", x.citation, x.problem)))
            .collect()
    };
    let eight = about("openai-compute-commitments-8y");
    for c in ["000:1 ", "000:11 ", "003:1 "] {
        assert!(
            eight
                .iter()
                .any(|x| x.starts_with(c) && x.contains("not the 8-year term")),
            "{c}: {eight:?}"
        );
    }
    assert!(eight.iter().any(|x| x.contains("ceiling")), "{eight:?}");
    assert!(!eight.iter().any(|x| x.starts_with("002:39")), "{eight:?}");
    let thirteen = about("openai-revenue-13b");
    assert!(
        thirteen.iter().any(|x| x.contains("next year's")),
        "{thirteen:?}"
    );
    // A citation past the end of its document is named.
    let d = data.deals.iter_mut().next().unwrap();
    d.sources = vec![cite("001:900")];
    let id = d.id.clone();
    let flagged = check_dataset(&data, &docs);
    assert!(
        flagged
            .iter()
            .any(|(r, f)| *r == id && f.iter().any(|x| x.problem.contains("not in the document"))),
        "{flagged:?}"
    );
}
