//! How text becomes search terms, the same for the records indexed and
//! the question asked: NFKC (full-width letters read as ASCII), Latin
//! words lowercased, stop words out, English stemming (tantivy's Snowball
//! stemmer: "guarantees", "guaranteed", "guarantee" meet); Japanese and
//! other CJK runs as character bigrams, so a question matches a record
//! with no dictionary (a run of one character is kept as it is).

use tantivy::tokenizer::{
    Language, LowerCaser, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The name the analyzer is registered under in every index.
pub const NAME: &str = "steer";

/// Words that carry no topic in a question.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "has",
    "have",
    "had",
    "what",
    "which",
    "who",
    "whom",
    "why",
    "how",
    "when",
    "where",
    "much",
    "many",
    "its",
    "it",
    "their",
    "they",
    "them",
    "this",
    "that",
    "these",
    "those",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "from",
    "by",
    "at",
    "as",
    "and",
    "or",
    "but",
    "about",
    "into",
    "over",
    "than",
    "any",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "there",
    "according",
    "say",
    "said",
    "says",
    "tell",
    "me",
    "us",
    "our",
    "we",
    "you",
    "your",
    "i",
    "going",
    "long",
    "until",
    "after",
    "before",
    "each",
    "every",
    "all",
    "other",
    "others",
    "some",
    "more",
    "most",
    "not",
    "no",
    "yes",
    "so",
    "if",
    "per",
    "company",
    "companies",
    "ai",
];

/// The analyzer: [`Split`], then lowercase, stop words, English stems.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(Split::default())
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(STOP.iter().map(|w| w.to_string())))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The terms of a text, in order, repeats kept.
pub fn terms(text: &str) -> Vec<String> {
    // Built once: the stop-word set is shared, a clone per call is cheap
    // (the report reads the terms of every row and sentence it ranks).
    static SHARED: std::sync::OnceLock<TextAnalyzer> = std::sync::OnceLock::new();
    let mut analyzer = SHARED.get_or_init(analyzer).clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xff66..=0xff9f)
}

/// Splits text into Latin words (of two or more letters or digits) and
/// CJK bigrams. Offsets are those of the NFKC form, which is all the
/// index needs (it keeps no positions).
#[derive(Clone, Default)]
pub struct Split {
    tokens: Vec<Token>,
}

pub struct SplitStream<'a> {
    tokens: &'a mut Vec<Token>,
    at: usize,
}

impl Tokenizer for Split {
    type TokenStream<'a> = SplitStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SplitStream<'a> {
        self.tokens.clear();
        split(text, &mut self.tokens);
        SplitStream {
            tokens: &mut self.tokens,
            at: usize::MAX,
        }
    }
}

impl TokenStream for SplitStream<'_> {
    fn advance(&mut self) -> bool {
        self.at = self.at.wrapping_add(1);
        self.at < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at]
    }
}

fn split(text: &str, out: &mut Vec<Token>) {
    let norm: String = text.nfkc().collect();
    let mut push = |from: usize, to: usize, text: String| {
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position: out.len(),
            text,
            position_length: 1,
        });
    };
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(norm.len(), |(at, _)| *at);
    // The previous Latin word, when only a space or a hyphen separates it
    // from the next: "bail out" also reads as "bailout", "data centers"
    // as "datacenters", "co-founder" as "cofounder".
    let mut previous: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        let (from, c) = chars[i];
        if c.is_alphanumeric() && !is_cjk(c) {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_alphanumeric() && !is_cjk(chars[j].1) {
                j += 1;
            }
            if j - i >= 2 {
                let to = end_of(j);
                // Offsets come from char_indices, so these are char
                // boundaries; `get` keeps a mistake from panicking.
                let word = norm.get(from..to).unwrap_or("");
                push(from, to, word.to_string());
                let stop = |w: &str| STOP.contains(&w.to_lowercase().as_str());
                if let Some((a, b)) = previous
                    && from - b <= 2
                    && matches!(
                        norm.get(b..from).map(|g| g.trim_matches(' ')),
                        Some("" | "-")
                    )
                    && let Some(before) = norm.get(a..b)
                    && !stop(before)
                    && !stop(word)
                {
                    push(a, to, format!("{before}{word}"));
                }
                previous = Some((from, to));
            } else {
                previous = None;
            }
            i = j;
        } else if is_cjk(c) {
            previous = None;
            let mut j = i;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            if j - i == 1 {
                push(from, end_of(j), c.to_string());
            }
            for k in i..j.saturating_sub(1) {
                push(
                    chars[k].0,
                    end_of(k + 2),
                    norm[chars[k].0..end_of(k + 2)].to_string(),
                );
            }
            i = j;
        } else {
            if !matches!(c, ' ' | '-') {
                previous = None;
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_stemmed_and_japanese_paired() {
        assert_eq!(terms("Guarantees"), terms("guaranteed"));
        assert_eq!(terms("guaranteed"), terms("guarantee"));
        assert_eq!(terms("prices"), terms("price"));
        assert_eq!(terms("供給過剰"), ["供給", "給過", "過剰"]);
        assert_eq!(terms("株"), ["株"]);
        // Two words read as one too: "bail out" meets "bailout".
        assert!(terms("bail out").contains(&terms("bailout")[0]));
        assert!(terms("data centers").contains(&terms("datacenters")[0]));
        assert!(!terms("bail, out").contains(&terms("bailout")[0]));
        assert!(terms("What is the").is_empty());
    }

    #[test]
    fn full_width_reads_as_ascii_and_mixed_runs_split() {
        assert_eq!(terms("ＯｐｅｎＡＩ"), terms("OpenAI"));
        assert_eq!(terms("NVIDIAの投資"), ["nvidia", "の投", "投資"]);
        assert!(terms("co-founder").contains(&terms("cofounder")[0]));
    }

    proptest::proptest! {
        #![proptest_config(steer_tools::testing::config())]

        /// Any text (Japanese, full-width, emoji, combining marks, long)
        /// is split without a panic, into non-empty terms.
        #[test]
        fn any_text_splits_without_panic(text in steer_tools::testing::text()) {
            for t in terms(&text) {
                proptest::prop_assert!(!t.is_empty());
            }
        }
    }

    #[test]
    fn a_long_mixed_text_is_split() {
        let text = "ＮＶＩＤＩＡが出資🚀 bail out、データセンター ".repeat(500);
        let t = terms(&text);
        assert!(t.contains(&"nvidia".to_string()));
        assert!(t.iter().any(|x| x == "出資"));
    }
}
