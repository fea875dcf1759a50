//! Splitting statements into claims and claims into word tokens.

/// A word of a text: lower-cased, with its byte range in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The words of `text` (letters, digits, apostrophes and hyphens), with
/// typographic apostrophes made plain so "don’t" and "don't" agree.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let raw = &text[s..i];
                let word: String = raw
                    .trim_matches(|c| c == '\'' || c == '’' || c == '-')
                    .to_lowercase()
                    .replace('’', "'");
                if !word.is_empty() {
                    // Keep the range of the trimmed word, so quotes around a
                    // word stay outside it (they mark a mention).
                    let lead = raw.len() - raw.trim_start_matches(['\'', '’', '-']).len();
                    let trail = raw.len() - raw.trim_end_matches(['\'', '’', '-']).len();
                    out.push(Token {
                        word,
                        start: s + lead,
                        end: i - trail,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Byte ranges of the claims in `text`: sentences, split again before a
/// contrasting "but" (the clause after it often takes the opposite stance)
/// and at semicolons. A full stop inside a number ($1.4T) does not end a
/// sentence; one followed by a space and a capital or the end does. The
/// Japanese full stops and marks (。！？ and their full-width forms) always
/// end one. Every range starts and ends on a character boundary.
pub fn claims(text: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let after = i + c.len_utf8();
        let ends_sentence = match c {
            '.' | '!' | '?' => next.is_none_or(|n| matches!(n, ' ' | '\n' | '"' | '\'')),
            ';' | '。' | '！' | '？' | '；' => true,
            _ => false,
        };
        let rest = &text[i..];
        if ends_sentence {
            cuts.push(after);
        } else if rest.starts_with(", but ") {
            cuts.push(i + 2);
        } else if rest.starts_with(" but ") && prev.is_some_and(|p| p != ',') {
            cuts.push(i + 1);
        }
        prev = Some(c);
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let (s, e) = (w[0], w[1]);
            let piece = text.get(s..e)?;
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty() && trimmed.chars().any(char::is_alphanumeric))
                .then(|| (s + lead, s + lead + trimmed.len()))
        })
        .collect()
}

/// Token-index ranges where `phrase` (already tokenised) occurs in `toks`.
pub fn find_phrase(toks: &[Token], phrase: &[String]) -> Vec<(usize, usize)> {
    if phrase.is_empty() || phrase.len() > toks.len() {
        return Vec::new();
    }
    (0..=toks.len() - phrase.len())
        .filter(|&i| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| toks[i + k].word == *w)
        })
        .map(|i| (i, i + phrase.len()))
        .collect()
}

pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokens(phrase).into_iter().map(|t| t.word).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim_texts(text: &str) -> Vec<&str> {
        claims(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn sentences_split_but_not_numbers() {
        assert_eq!(
            claim_texts("It costs $1.4T. We pay it; they do not."),
            ["It costs $1.4T.", "We pay it;", "they do not."]
        );
    }

    #[test]
    fn but_starts_a_new_claim() {
        assert_eq!(
            claim_texts("We support fabs, but that is different from loans to us."),
            [
                "We support fabs,",
                "but that is different from loans to us."
            ]
        );
        assert_eq!(claim_texts("Small but real"), ["Small", "but real"]);
    }

    #[test]
    fn tokens_keep_quotes_outside_and_normalise_apostrophes() {
        let text = "I used the word 'backstop' and don’t care";
        let toks = tokens(text);
        let backstop = toks.iter().find(|t| t.word == "backstop").unwrap();
        assert_eq!(&text[backstop.start..backstop.end], "backstop");
        assert!(toks.iter().any(|t| t.word == "don't"));
    }

    #[test]
    fn japanese_text_splits_on_its_own_full_stops() {
        assert_eq!(
            claim_texts("政府の融資保証は求めていない。エヌビディアは違う！本当？"),
            [
                "政府の融資保証は求めていない。",
                "エヌビディアは違う！",
                "本当？"
            ]
        );
        assert_eq!(
            claim_texts("NVIDIA (エヌビディア) paid, but 政府 did not."),
            ["NVIDIA (エヌビディア) paid,", "but 政府 did not."]
        );
    }
}
