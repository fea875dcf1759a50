#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Properties over any text: requests the offline planner reads, answers
//! the report checks and renders, secrets split anywhere in a stream.
//! `PROPTEST_CASES=2000 cargo test -p steer --test properties` searches harder.

mod common;

use proptest::prelude::*;
use serde_json::json;
use steer::model::ModelError;
use steer::run::{Outcome, RunError};
use steer_tools::testing::{config, text};

/// The whole runtime over the offline planner, every pause answered as
/// `--yes` would.
fn offline_run(request: &str) -> Result<String, RunError> {
    let mut driver = common::offline_driver(request, &[]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    loop {
        match rt.block_on(driver.advance())? {
            Outcome::Pause(cp) => driver.decide(cp.automatic_decision(), true)?,
            Outcome::Done(report) => return Ok(report.markdown),
        }
    }
}

const KEY: &str = "sk-proj-FAKEfake1234567890abcdef";

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_token_estimate_counts_characters_as_decoding_would(t in text()) {
        // Counted on bytes, eight at a time; must equal the count over
        // decoded characters: a quarter token per ASCII one, one per other.
        let reply = steer::model::ModelReply { content: Some(t.clone()), tool_calls: Vec::new(), usage: None };
        let ascii = t.chars().filter(char::is_ascii).count() as u64;
        let wide = t.chars().count() as u64 - ascii;
        prop_assert_eq!(steer::model::estimate_tokens(&[], &reply), ascii.div_ceil(4) + wide);
    }

    #[test]
    fn any_request_is_answered_or_declined(request in text(), company in prop::sample::select(vec!["", " OpenAI", " NVIDIA", " Oracle", " マイクロソフト", " 循環取引"])) {
        let request = format!("{request}{company}");
        match offline_run(&request) {
            Ok(markdown) => prop_assert!(!markdown.is_empty()),
            Err(RunError::Model(ModelError::Declined(why))) => prop_assert!(!why.is_empty()),
            Err(other) => prop_assert!(false, "{request:?}: {other}"),
        }
    }

    #[test]
    fn any_answer_text_is_checked_rendered_and_scrubbed(answer in text()) {
        for written in steer::run::report::numbers_in(&answer) {
            prop_assert!(answer.contains(written.text.as_str()));
        }
        let mut md = steer::terminal::Markdown::new(true);
        let mut shown = String::new();
        for piece in answer.split_inclusive(['\n', ' ']) {
            shown.push_str(&md.push(piece));
        }
        shown.push_str(&md.finish());
        let plain = steer::cli::for_terminal(&answer);
        prop_assert!(!plain.chars().any(|c| c.is_control() && c != '\n'));
        let with_key = format!("{answer}{KEY}{answer}");
        prop_assert!(!steer::cassette::redact_text(&with_key, &[KEY.to_string()]).contains("FAKEfake"));
    }

    /// A key anywhere in a streamed answer, split at any two points, never
    /// survives in the recorded chunks, and they reassemble to the
    /// scrubbed text.
    #[test]
    fn a_key_split_anywhere_in_a_stream_is_scrubbed(before in text(), after in text(), a in 0usize..40, b in 0usize..40) {
        let whole = format!("{before} {KEY} {after}");
        let chars: Vec<char> = whole.chars().collect();
        let start = before.chars().count() + 1;
        let (x, y) = ((start + a.min(b)).min(chars.len()), (start + a.max(b)).min(chars.len()));
        let pieces = [&chars[..x], &chars[x..y], &chars[y..]].map(|p| p.iter().collect::<String>());
        let lines: Vec<String> = pieces
            .iter()
            .map(|p| json!({"choices": [{"index": 0, "delta": {"content": p}}]}).to_string())
            .collect();
        let out = steer::cassette::redact_stream(&lines, &[KEY.to_string()]);
        let joined: String = out
            .iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["choices"][0]["delta"]["content"].as_str().unwrap().to_string())
            .collect();
        prop_assert!(!joined.contains("FAKEfake") && !out.concat().contains("FAKEfake"));
        prop_assert_eq!(joined, steer::cassette::redact_text(&whole, &[KEY.to_string()]));
    }
}
