#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Loading and validating datasets.

use std::fs;
use std::path::{Path, PathBuf};

use steer_tools::Dataset;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data")
}

/// A copy of the project's dataset in a temporary directory.
fn copy_dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn builtin_and_directory_datasets_agree() {
    let builtin = Dataset::builtin().unwrap();
    let dir = Dataset::load_dir(&fixtures()).unwrap();
    assert_eq!(builtin.deals.len(), dir.deals.len());
    assert_eq!(builtin.statements.len(), dir.statements.len());
    assert_eq!(builtin.sources.len(), 4);
    assert!(builtin.deals.len() >= 20);
}

#[test]
fn every_record_cites_a_known_source() {
    let ds = Dataset::builtin().unwrap();
    let cites = ds
        .deals
        .iter()
        .map(|d| &d.sources)
        .chain(ds.figures.iter().map(|f| &f.sources))
        .chain(ds.statements.iter().map(|s| &s.sources));
    for sources in cites {
        assert!(!sources.is_empty());
        for c in sources {
            let source = ds.source(&c.source).unwrap();
            assert!(c.last_line <= source.line_count);
        }
    }
}

/// 1. unknown entity, 2. duplicate id, 3. bad date.
fn three_faults(p: &Path) {
    replace(
        p,
        "deals.toml",
        "from = \"oracle\"\nto = \"nvidia\"",
        "from = \"oracel\"\nto = \"nvidia\"",
    );
    replace(
        p,
        "deals.toml",
        "id = \"xai-nvidia-chips\"",
        "id = \"nvidia-xai-venture\"",
    );
    replace(
        p,
        "statements.toml",
        "date = \"2025-11-06\"",
        "date = \"2025-11-31\"",
    );
}

/// A negative amount, an unknown source, a citation past its source's end
/// and a kind that does not exist.
fn four_faults(p: &Path) {
    replace(
        p,
        "deals.toml",
        "value_usd = 33_000_000_000.0",
        "value_usd = -33_000_000_000.0",
    );
    replace(
        p,
        "deals.toml",
        "sources = [\"001:83\"]",
        "sources = [\"009:83\"]",
    );
    replace(
        p,
        "figures.toml",
        "sources = [\"000:95\"]",
        "sources = [\"000:950\"]",
    );
    replace(p, "deals.toml", "kind = \"licensing\"", "kind = \"loan\"");
}

/// A missing required file, a TOML syntax error and an unknown speaker.
fn syntax_faults(p: &Path) {
    fs::remove_file(p.join("topics.toml")).unwrap();
    replace(
        p,
        "figures.toml",
        "[[figure]]\nid = \"openai-weekly-users\"",
        "[[figure]\nid = \"openai-weekly-users\"",
    );
    replace(
        p,
        "statements.toml",
        "speaker = \"david-sacks\"",
        "speaker = \"david-sachs\"",
    );
}

#[test]
fn three_injected_faults_are_all_reported_with_file_and_line() {
    let dir = copy_dataset();
    let p = dir.path();
    three_faults(p);
    let err = Dataset::load_dir(p).unwrap_err();
    assert_eq!(err.problems.len(), 3, "{err}");
    let text = err.to_string();
    let deals = p.join("deals.toml").display().to_string();
    let statements = p.join("statements.toml").display().to_string();
    let unknown_line = line_of(p, "deals.toml", "from = \"oracel\"");
    assert!(text.contains(&format!("{deals}:{unknown_line}: deal `oracle-nvidia-chips` field `from`: unknown entity `oracel` (did you mean `Oracle`?)")), "{text}");
    let dup_line = text
        .lines()
        .find(|l| l.contains("duplicate deal id `nvidia-xai-venture`"))
        .unwrap();
    assert!(dup_line.contains(&format!("{deals}:")), "{dup_line}");
    let bad_date_line = line_of(p, "statements.toml", "2025-11-31");
    assert!(
        text.contains(&format!("{statements}:{bad_date_line}:")),
        "{text}"
    );
    assert!(text.contains("day 31"), "{text}");
}

#[test]
fn more_faults_negative_value_missing_source_and_out_of_range_lines() {
    let dir = copy_dataset();
    let p = dir.path();
    four_faults(p);
    let err = Dataset::load_dir(p).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems.len(), 4, "{text}");
    assert!(
        text.contains("must be a non-negative amount, got -33000000000"),
        "{text}"
    );
    assert!(text.contains("unknown source `009`"), "{text}");
    assert!(
        text.contains("past the end of source `000`, which has 164 lines"),
        "{text}"
    );
    assert!(text.contains("unknown variant `loan`"), "{text}");
    assert!(err.problems.iter().all(|p| p.line.is_some()), "{text}");
}

#[test]
fn syntax_errors_and_missing_files_are_reported_with_the_rest() {
    let dir = copy_dataset();
    let p = dir.path();
    syntax_faults(p);
    let err = Dataset::load_dir(p).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("topics.toml: required file is missing"),
        "{text}"
    );
    assert!(
        text.contains("figures.toml:") && text.contains("not valid TOML"),
        "{text}"
    );
    assert!(text.contains("unknown entity `david-sachs`"), "{text}");
}

#[test]
fn deals_may_come_from_csv() {
    let dir = copy_dataset();
    let p = dir.path();
    fs::remove_file(p.join("deals.toml")).unwrap();
    fs::write(
        p.join("deals.csv"),
        "id,from,to,kind,value_usd,bound,per,description,sources\n\
         nv-oai,NVIDIA,OpenAI,investment,100000000000,up_to,,NVIDIA invests up to $100B,001:75-77;001:111\n\
         msft-nebius,MSFT,Nebius,compute_contract,33e9,,,Microsoft buys capacity,001:105-107\n",
    )
    .unwrap();
    let ds = Dataset::load_dir(p).unwrap();
    assert_eq!(ds.deals.len(), 2);
    assert_eq!(&*ds.deals[1].from, "microsoft");
    assert_eq!(ds.deals[0].sources.len(), 2);

    // Every bad row is reported, each once: one does not hide the others.
    fs::write(
        p.join("deals.csv"),
        "id,from,to,kind,value_usd,description,sources\n\
         x,NVIDIA,OpenAI,investment,lots,d,001:1\n\
         y,NVIDIA,OpenAI,investment,1e9,d\n\
         z,NVIDIA,Nobody,investment,1e9,d,001:1\n\
         w,NVIDIA,OpenAI,loan,1e9,d,001:1\n",
    )
    .unwrap();
    let e = Dataset::load_dir(p).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("deals.csv:2: column `value_usd`: \"lots\" is not a number"),
        "{text}"
    );
    assert!(text.contains("deals.csv:3: not valid CSV"), "{text}");
    assert!(
        text.contains("deals.csv:4: deal `z` field `to`: unknown entity"),
        "{text}"
    );
    assert!(
        text.contains("deals.csv:5: deal `w`: field `kind`"),
        "{text}"
    );
    assert_eq!(e.problems.len(), 4, "{text}");
}

#[test]
fn invalid_utf8_is_reported_with_its_line_and_nothing_else_follows_from_it() {
    let dir = copy_dataset();
    let p = dir.path();
    let path = p.join("entities.toml");
    let mut bytes = fs::read(&path).unwrap();
    let line = fs::read_to_string(&path).unwrap().lines().count() + 1;
    bytes.extend_from_slice(b"# a comment in Latin-1: caf\xe9\n");
    fs::write(&path, bytes).unwrap();
    let e = Dataset::load_dir(p).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains(&format!("entities.toml:{line}: not valid UTF-8")),
        "{text}"
    );
    assert_eq!(
        e.problems.len(),
        1,
        "no missing file, no unknown entities: {text}"
    );
}

/// A misspelt `ja` key, and a caveat rendered for a deal that has none.
fn ja_field_faults(p: &Path) {
    replace(
        p,
        "deals.toml",
        "[deal.ja]\ndescription = \"NVIDIAがOpenAIに",
        "[deal.ja]\ndescripton = \"NVIDIAがOpenAIに",
    );
    replace(
        p,
        "deals.toml",
        "[deal.ja]\ndescription = \"OpenAIがNVIDIAのチップを購入する。",
        "[deal.ja]\ncaveat = \"出典なし\"\ndescription = \"OpenAIがNVIDIAのチップを購入する。",
    );
}

#[test]
fn a_japanese_rendering_of_a_field_the_record_lacks_is_reported() {
    let dir = copy_dataset();
    let p = dir.path();
    ja_field_faults(p);
    let err = Dataset::load_dir(p).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems.len(), 2, "{text}");
    assert!(
        text.contains(
            "`nvidia-openai-investment` field `ja.descripton`: not a text field of this record"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "`openai-nvidia-chips` field `ja.caveat`: the record has no `caveat` to render"
        ),
        "{text}"
    );
}

/// A large deals.toml is parsed a thousand records at a time; a record
/// whose multi-line text holds a line that looks like a table header, right
/// where a piece would end, still loads as written.
#[test]
fn a_large_toml_file_loads_whole_even_with_a_header_inside_a_string() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for (name, text) in steer_tools::dataset::BUILTIN_FILES {
        std::fs::write(p.join(name), text).unwrap();
    }
    let mut deals = std::fs::read_to_string(p.join("deals.toml")).unwrap();
    let builtin = deals.lines().filter(|l| l.trim_end() == "[[deal]]").count();
    let extra = 2100;
    for i in 0..extra {
        // The 1,024th header of the file is followed by one inside a string.
        let description = if builtin + i == 1023 {
            "\"\"\"a note that quotes a table\n[[deal]]\nand goes on\"\"\"".to_string()
        } else {
            format!("\"synthetic deal {i}\"")
        };
        deals.push_str(&format!(
            "\n[[deal]]\nid = \"bulk-{i}\"\nfrom = \"nvidia\"\nto = \"openai\"\nkind = \"investment\"\ndescription = {description}\nsources = [\"001:75\"]\n"
        ));
    }
    std::fs::write(p.join("deals.toml"), &deals).unwrap();
    let ds = Dataset::load_dir(p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ds.deals.len(), builtin + extra);
    let quoted = ds.deals.iter().find(|d| d.description.contains("[[deal]]"));
    assert_eq!(
        quoted.map(|d| d.description.as_str()),
        Some("a note that quotes a table\n[[deal]]\nand goes on")
    );
    assert!(ds.deals.iter().any(|d| d.id == "bulk-2099"));
}

/// Breaks a copy of the dataset in place.
type Inject = dyn Fn(&Path);

/// Each problem is also worded in Japanese, at the same file and line; what
/// stays English is quoted (ids and fields in backticks, the user's values
/// in double quotes, the parser's own words in 「」). Run over every fault
/// the tests above inject, and more.
#[test]
fn every_problem_is_worded_in_japanese_too() {
    let other_faults = |p: &Path| {
        replace(p, "deals.toml", "from = \"nvidia\"", "from = \"nvidiaa\"");
        replace(p, "deals.toml", "stake_pct = 27.0", "stake_pct = 270.0");
        replace(
            p,
            "deals.toml",
            "from = \"microsoft\"\nto = \"openai\"",
            "from = \"openai\"\nto = \"openai\"",
        );
        fs::write(p.join("extra.toml"), "").unwrap();
    };
    let csv_faults = |p: &Path| {
        fs::remove_file(p.join("deals.toml")).unwrap();
        fs::write(
            p.join("deals.csv"),
            "id,from,to,kind,value_usd,money_flow,description,sources\n\
             x,NVIDIA,OpenAI,investment,lots,true,d,001:1\n\
             y,NVIDIA,OpenAI,investment,1e9,maybe,d,001:1\n",
        )
        .unwrap();
    };
    let text_faults = |p: &Path| {
        let path = p.join("entities.toml");
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"# a comment in Latin-1: caf\xe9\n");
        fs::write(&path, bytes).unwrap();
        ja_field_faults(p);
    };
    let sets: [(&str, &Inject, usize); 6] = [
        ("three", &three_faults, 3),
        ("four", &four_faults, 4),
        ("syntax", &syntax_faults, 3),
        ("other", &other_faults, 4),
        ("csv", &csv_faults, 2),
        ("text", &text_faults, 3),
    ];
    for (name, inject, expected) in sets {
        let dir = copy_dataset();
        let p = dir.path();
        inject(p);
        let err = Dataset::load_dir(p).unwrap_err();
        assert!(err.problems.len() >= expected, "{name}: {err}");
        for problem in &err.problems {
            assert!(
                !problem.message_ja.is_empty(),
                "{name}: no Japanese: {problem}"
            );
            let ja = problem.worded(steer_tools::OutputLang::Ja);
            let en = problem.worded(steer_tools::OutputLang::En);
            assert_eq!(en, problem.to_string());
            // The same place, then the Japanese message.
            let place = match problem.line {
                Some(line) => format!("{}:{line}: ", problem.file),
                None => format!("{}: ", problem.file),
            };
            assert!(ja.starts_with(&place), "{name}: {ja}");
            let mut outside = String::new();
            let mut quote: Option<char> = None;
            for c in ja[place.len()..].chars() {
                match (quote, c) {
                    (None, '`') => quote = Some('`'),
                    (None, '"') => quote = Some('"'),
                    (None, '「') => quote = Some('」'),
                    (Some(q), c) if c == q => quote = None,
                    (None, c) => outside.push(c),
                    _ => {}
                }
            }
            // Format names (TOML, CSV, UTF) are not English words.
            let english_words = outside
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3 && w.chars().any(|c| c.is_ascii_lowercase()))
                .count();
            assert_eq!(english_words, 0, "{name}: English outside quotes: {ja}");
        }
    }
}
