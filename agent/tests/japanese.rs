#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Under `--lang ja` the tool speaks Japanese: a set of commands, failing
//! ones included, is run and every English sentence the tool writes is
//! found (dataset names, ids, flags and the user's own words may stay).
//!
//! Not every message is translated yet: the ones that are not are listed
//! in `japanese-untranslated.txt` beside this file. The test fails on any
//! English sentence not on that list (a new message must come with its
//! Japanese) and on any line of the list that no longer appears (a
//! translated message leaves the list), so the list only shrinks.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Words that may stand in Japanese text: scenario names, units, tool and
/// field names are matched separately (they hold `_` or digits).
const KEPT: &[&str] = &["bear", "base", "bull", "steer", "offline", "plan"];

/// The English sentences in `text`: two or more words in a row, at least
/// two of them lower-case words of two letters or more, outside
/// backticks and quotation marks (ids, flags, the user's words).
fn english_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut plain = String::new();
        let mut inside: Option<char> = None;
        for c in line.chars() {
            match (inside, c) {
                (None, '`' | '"' | '“' | '「') => {
                    inside = Some(match c {
                        '“' => '”',
                        '「' => '」',
                        other => other,
                    })
                }
                (Some(close), c) if c == close => inside = None,
                (Some(_), _) => {}
                (None, c) => plain.push(c),
            }
        }
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
            let lower = run
                .iter()
                .filter(|w| {
                    w.len() >= 2
                        && w.chars().all(|c| c.is_ascii_lowercase() || c == '\'')
                        && !KEPT.contains(w)
                })
                .count();
            if run.len() >= 2 && lower >= 2 {
                out.push(run.join(" "));
            }
            run.clear();
        };
        for token in plain.split(' ') {
            let word = token
                .trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '(' | ')' | '?' | '!'));
            let is_word = !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                && token.is_ascii();
            if is_word {
                run.push(word);
                // A sentence ends at its own punctuation.
                if token.ends_with(['.', ':', ';', '?', '!']) {
                    flush(&mut run, &mut out);
                }
            } else {
                flush(&mut run, &mut out);
            }
        }
        flush(&mut run, &mut out);
    }
    out
}

#[test]
fn the_detector_finds_english_and_leaves_names_alone() {
    assert_eq!(
        english_sentences("steer: no such session: abc"),
        vec!["no such session".to_string()]
    );
    assert_eq!(
        english_sentences("steer: cannot write /tmp/x: denied"),
        vec!["cannot write".to_string()]
    );
    assert!(english_sentences("OpenAI の 売上 2025 は `openai-revenue-12b` です").is_empty());
    assert!(english_sentences("シナリオ bear, base, bull では賄えない").is_empty());
    assert!(english_sentences("「Can OpenAI fund its compute」と依頼").is_empty());
}

#[test]
fn the_datasets_own_words_are_told_from_the_tools() {
    let texts = dataset_texts();
    assert!(from_dataset("healthcare companies", &texts));
    assert!(from_dataset(
        "the federal government is kind of the insurer",
        &texts
    ));
    assert!(!from_dataset("no such session", &texts));
}

/// Every text the built-in dataset holds (names, paraphrases, statement
/// texts, lexicon terms): shown as stored, so English found inside one is
/// the dataset's, not the tool's.
fn dataset_texts() -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            walk(&text.parse::<toml::Table>().unwrap().into(), &mut out);
        }
    }
    out
}

/// Whether `sentence` (words joined by spaces, punctuation dropped) is
/// part of a dataset text.
fn from_dataset(sentence: &str, texts: &[String]) -> bool {
    let words: Vec<&str> = sentence.split(' ').collect();
    texts.iter().any(|t| {
        let plain: Vec<String> = t
            .split(|c: char| c.is_whitespace())
            .map(|w| {
                w.trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '(' | ')' | '?' | '!'))
                    .to_string()
            })
            .collect();
        plain
            .windows(words.len())
            .any(|w| w.iter().zip(&words).all(|(a, b)| a == b))
    })
}

/// `steer ARGS` under `--lang ja` in `dir`: what it wrote, both streams.
fn ja(dir: &Path, args: &[&str]) -> String {
    let out = common::steer()
        .env("STEER_LANG", "ja")
        .env("STEER_CONFIG", dir.join("config.toml"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--model", "offline"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn under_lang_ja_the_tool_writes_no_english_sentence_beyond_the_known_list() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("note.md"),
        "# メモ\n\nエヌビディアはオープンAIに1000億ドルを出資した。\n",
    )
    .unwrap();
    // A question set of two (one to refuse), one with every problem, an
    // annotated ingest folder and a session script with its cassette.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    std::fs::write(
        d.join("questions.toml"),
        "[[question]]\nrequest = \"OpenAIはコンピュートの約束を賄えるか？\"\ntools = [\"revenue_projection\"]\nfacts = [\"1.4兆ドル\"]\n\n[[question]]\nrequest = \"明日の天気は？\"\nrefuse = true\n",
    )
    .unwrap();
    std::fs::write(
        d.join("bad-questions.toml"),
        "[[question]]\nid = \"a\"\nrequest = \"\"\nlang = \"fr\"\n\n[[question]]\nid = \"a\"\nrequest = \"x\"\nrefuse = true\nfacts = [\"y\"]\n",
    )
    .unwrap();
    let ingest_set = d.join("ingest-set");
    std::fs::create_dir_all(&ingest_set).unwrap();
    for entry in std::fs::read_dir(fixtures.join("ingest/fresh")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, ingest_set.join(path.file_name().unwrap())).unwrap();
    }
    let sessions = d.join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::copy(
        fixtures.join("sessions/terms.toml"),
        sessions.join("terms.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("cassettes")).unwrap();
    std::fs::copy(
        fixtures.join("cassettes/terms.json"),
        d.join("cassettes/terms.json"),
    )
    .unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["ask", "--yes", "OpenAIはコンピュートの約束を賄えるか？"],
        vec!["ask", "--yes", "エヌビディアをめぐる循環取引はあるか？"],
        vec!["ask", "OpenAIはコンピュートの約束を賄えるか？"],
        vec!["show", "--last"],
        vec!["sessions"],
        vec!["sessions", "--stats"],
        vec!["sessions", "--status", "finished"],
        vec!["show", "no-such-session"],
        vec!["resume", "no-such-session", "--approve"],
        vec!["tools", "call", "deal_lookup", "{\"party\":\"エヌビデア\"}"],
        vec!["tools", "call", "deal_lookup", "{\"party\":"],
        vec![
            "tools",
            "call",
            "revenue_projection",
            "{\"company\":\"OpenAI\"}",
        ],
        vec!["tools", "call", "no_such_tool", "{}"],
        vec!["source", "001:6"],
        vec!["ingest", "note.md", "--into", "data-dir", "--dry-run"],
        vec!["--data", "/nonexistent", "ask", "--yes", "テスト"],
        vec!["sessions", "prune", "--older-than", "soon"],
        vec!["sessions", "export", "no-such-session"],
        vec!["sessions", "--since", "yesterday-ish"],
        vec![
            "show",
            "--last",
            "--format",
            "html",
            "-o",
            "/nonexistent/dir/r.html",
        ],
        vec!["tools", "call", "deal_lookup", "{\"mode\":\"cycles\"}"],
        vec![
            "tools",
            "call",
            "revenue_projection",
            "{\"company\":\"OpenAI\",\"scenarios\":[]}",
        ],
        vec!["ingest", "missing.md", "--into", "data-dir", "--dry-run"],
        vec!["eval", "--ingest", "/nonexistent"],
        vec!["ask", "--no-such-flag", "テスト"],
        vec!["ask", "--checkpoints", "bogus", "テスト"],
        vec!["--session-dir", "empty-sessions", "resume", "--last"],
        vec!["--store", "bogus://x", "sessions"],
        vec!["mcp", "--http", "not-an-address"],
        // Successful tool calls in every mode: notes, reasons, rule traces.
        vec!["tools", "list"],
        vec!["tools", "call", "deal_lookup", "{\"mode\":\"totals\"}"],
        vec![
            "tools",
            "call",
            "deal_lookup",
            "{\"mode\":\"cycles\",\"party\":\"nvidia\"}",
        ],
        vec![
            "tools",
            "call",
            "deal_lookup",
            "{\"mode\":\"neighbourhood\",\"party\":\"openai\"}",
        ],
        vec![
            "tools",
            "call",
            "statement_comparison",
            "{\"speaker\":\"sam-altman\"}",
        ],
        vec![
            "tools",
            "call",
            "statement_comparison",
            "{\"mode\":\"figures\",\"subject\":\"openai\",\"metric\":\"revenue\"}",
        ],
        vec![
            "tools",
            "call",
            "revenue_projection",
            "{\"company\":\"OpenAI\",\"scenarios\":[{\"name\":\"bear\",\"growth\":{\"model\":\"cagr\",\"rate\":0.2}}]}",
        ],
        vec![
            "ask",
            "--yes",
            "OpenAIが支払えなくなったら、最も影響を受けるのはどこ？",
        ],
        vec![
            "ask",
            "--yes",
            "サム・アルトマンは政府の支援について何と言った？",
        ],
        // Arguments the schema refuses, one of each shape.
        vec!["tools", "call", "deal_lookup", "{\"party\":5}"],
        vec!["tools", "call", "deal_lookup", "{\"mode\":\"bogus\"}"],
        vec!["tools", "call", "deal_lookup", "{\"max_length\":3}"],
        vec!["tools", "call", "deal_lookup", "{\"limit\":-1}"],
        vec![
            "tools",
            "call",
            "revenue_projection",
            "{\"company\":\"OpenAI\",\"scenarios\":[{\"name\":\"x\",\"growth\":{\"model\":\"cagr\",\"rate\":99}}]}",
        ],
        vec!["eval", "questions.toml"],
        vec!["eval", "bad-questions.toml"],
        vec!["eval", "--ingest", "ingest-set"],
        vec!["eval", "--ingest", "data-dir"],
        vec!["replay", "sessions/terms.toml"],
        vec!["config", "show"],
        vec!["--durability", "sometimes", "sessions"],
        vec!["--lang", "klingon", "sessions"],
    ];
    let texts = dataset_texts();
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut scan = |text: &str| {
        for sentence in english_sentences(text) {
            if !from_dataset(&sentence, &texts) {
                found.insert(sentence);
            }
        }
    };
    for args in &runs {
        scan(&ja(d, args));
    }
    // Datasets the loader refuses: a value serde cannot read, a name that
    // is no entity, a citation past its source's end, a stray file.
    let broken = |name: &str, file: &str, from: &str, to: &str| {
        let dir = d.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
        for entry in std::fs::read_dir(&fixtures).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        dir.display().to_string()
    };
    let bad_kind = broken(
        "bad-kind",
        "deals.toml",
        "kind = \"investment\"",
        "kind = \"investmnt\"",
    );
    let bad_party = broken(
        "bad-party",
        "deals.toml",
        "from = \"nvidia\"",
        "from = \"nvidiaa\"",
    );
    let bad_cite = broken(
        "bad-cite",
        "deals.toml",
        "sources = [\"001:",
        "sources = [\"001:9999\", \"001:",
    );
    std::fs::write(Path::new(&bad_cite).join("extra.toml"), "").unwrap();
    let bad_toml = broken("bad-toml", "entities.toml", "[[entity]]", "[[entity]\n");
    for data in [&bad_kind, &bad_party, &bad_cite, &bad_toml] {
        scan(&ja(
            d,
            &["--data", data, "tools", "call", "deal_lookup", "{}"],
        ));
    }
    scan(&ja(
        d,
        &["ingest", "note.md", "--into", "note.md", "--dry-run"],
    ));
    // The MCP server's words to a client: tool errors, an unknown tool, a
    // resource that is not there, a resume with a state it cannot open.
    let mut messages = common::initialize("2025-06-18");
    for (id, name, args) in [
        (
            2,
            "deal_lookup",
            serde_json::json!({"party": 5, "max_length": 3}),
        ),
        (3, "deal_lokup", serde_json::json!({})),
        (
            4,
            "revenue_projection",
            serde_json::json!({"company": "OpenAI"}),
        ),
        (
            5,
            "research_resume",
            serde_json::json!({"state": "not-a-state"}),
        ),
        (6, "research", serde_json::json!({})),
    ] {
        messages.push(
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": name, "arguments": args}}),
        );
    }
    messages.push(
        serde_json::json!({"jsonrpc": "2.0", "id": 7, "method": "resources/read",
        "params": {"uri": "steer://nothing"}}),
    );
    let replies = common::mcp_exchange(
        env!("CARGO_BIN_EXE_steer"),
        &[
            "--lang".into(),
            "ja".into(),
            "--model".into(),
            "offline".into(),
            "mcp".into(),
        ],
        &messages,
    );
    assert_eq!(replies.len(), 7, "{replies:#?}");
    for reply in &replies[1..] {
        let mut said = Vec::new();
        if let Some(m) = reply["error"]["message"].as_str() {
            said.push(m.to_string());
        }
        for c in reply["result"]["content"].as_array().into_iter().flatten() {
            said.extend(c["text"].as_str().map(str::to_string));
        }
        assert!(!said.is_empty(), "nothing said: {reply}");
        scan(&said.join("\n"));
    }
    // A session log that is not one, and an id matching two sessions.
    let logs = d.join("data/steer/sessions");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("01a00000-0000-7000-8000-000000000001.jsonl"),
        "{\"not\": \"an event\"}\n",
    )
    .unwrap();
    std::fs::write(
        logs.join("01a00000-0000-7000-8000-000000000002.jsonl"),
        "not json\n",
    )
    .unwrap();
    for args in [
        &[
            "resume",
            "01a00000-0000-7000-8000-000000000001",
            "--approve",
        ][..],
        &["show", "01a00000-0000-7000-8000-000000000002"],
        &["show", "01a00000-0000-7000"],
        &["sessions", "export", "01a00000"],
        &["sessions"],
    ] {
        scan(&ja(d, args));
    }
    // A config file steer cannot read, then one with a bad value.
    std::fs::write(d.join("config.toml"), "lang = \"ja\"\nbogus_key = 1\n").unwrap();
    scan(&ja(d, &["sessions"]));
    std::fs::write(d.join("config.toml"), "checkpoints = \"sometimes\"\n").unwrap();
    scan(&ja(d, &["ask", "--yes", "テスト"]));
    std::fs::remove_file(d.join("config.toml")).unwrap();
    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/japanese-untranslated.txt");
    if std::env::var_os("STEER_UPDATE_UNTRANSLATED").is_some() {
        let text: String = found.iter().map(|s| format!("{s}\n")).collect();
        std::fs::write(&list_path, text).unwrap();
    }
    let known: BTreeSet<String> = std::fs::read_to_string(&list_path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    eprintln!("{} English sentences remain under --lang ja", found.len());
    assert!(
        new.is_empty(),
        "English under --lang ja, not on the list: {new:#?}"
    );
    assert!(
        gone.is_empty(),
        "translated now: take these off the list: {gone:#?}"
    );
}
