//! Entity names: ids, display names and aliases, matched loosely.

use super::model::Entity;

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The entity id.
    Found(String),
    /// No match; the closest known names, best first.
    Unknown { suggestions: Vec<String> },
}

/// The form names are compared in: Unicode NFKC (full-width Ｏｐｅｎ ＡＩ
/// and half-width ｵﾗｸﾙ become OpenAI and オラクル), lower case, and only
/// letters and digits, so "Microsoft Corp." and "microsoft corp" meet, and
/// so do サム・アルトマン and サムアルトマン. Long-vowel marks go too:
/// Japanese writers differ on them (コンピューター, コンピュータ).
pub fn normalise(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    // Most text (ASCII, kana, kanji) is NFKC already: the evidence check
    // folds every cited line of long documents, so it skips the rewrite.
    if plainly_nfkc(name) {
        name.chars().for_each(|c| fold_into(c, &mut out));
    } else {
        name.nfkc().for_each(|c| fold_into(c, &mut out));
    }
    out
}

/// One NFKC character of [`normalise`]: kept lower-cased when a letter or
/// digit other than ー. ASCII, kana and kanji skip the Unicode tables.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    } else if matches!(c as u32, 0x3041..=0x3096 | 0x30a1..=0x30fa | 0x4e00..=0x9fff) {
        out.push(c);
    } else if c.is_alphanumeric() && c != LONG_VOWEL {
        out.extend(c.to_lowercase());
    }
}

/// Whether `text` is NFKC already by a cheap look: ASCII, kana, common
/// CJK punctuation and unified ideographs have no compatibility form and
/// compose with nothing (the combining sound marks, ゛゜, ゟ, ヿ and the
/// ideographic space do, so they take the full check).
pub(crate) fn plainly_nfkc(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii()
            || matches!(c as u32, 0x3001..=0x3035 | 0x3041..=0x3096 | 0x30a1..=0x30fe | 0x4e00..=0x9fff)
    })
}

/// ー, the katakana long-vowel mark (its half-width form becomes it under NFKC).
const LONG_VOWEL: char = '\u{30fc}';

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    /// Normalised name → entity id.
    exact: super::FastMap<String, String>,
    /// (spelling, entity id, display name) for suggestions.
    spellings: Vec<(String, String, String)>,
}

impl NameIndex {
    /// Builds the index; returns the names claimed by two entities.
    pub fn build(entities: &[Entity]) -> (NameIndex, Vec<(String, String, String)>) {
        let mut index = NameIndex::default();
        let mut clashes = Vec::new();
        for e in entities {
            let names = std::iter::once(&e.id)
                .chain(std::iter::once(&e.name))
                .chain(e.aliases.iter());
            for name in names {
                let key = normalise(name);
                if key.is_empty() {
                    continue;
                }
                match index.exact.get(&key) {
                    Some(other) if other != &e.id => {
                        clashes.push((name.clone(), other.clone(), e.id.clone()))
                    }
                    Some(_) => {}
                    None => {
                        index.exact.insert(key, e.id.clone());
                    }
                }
                index
                    .spellings
                    .push((name.clone(), e.id.clone(), e.name.clone()));
            }
        }
        (index, clashes)
    }

    /// Whether `name` is an entity's id exactly as the id is written (the
    /// common case in a dataset's records), checked without normalising.
    pub fn is_id(&self, name: &str) -> bool {
        // Lower-case ASCII letters and digits are their own normal form.
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && self.exact.get(name).is_some_and(|id| id == name)
    }

    pub fn resolve(&self, name: &str) -> Resolution {
        let key = normalise(name);
        if let Some(id) = self.exact.get(&key) {
            return Resolution::Found(id.clone());
        }
        // A suggestion is shown as the name is usually written, except
        // that a name written in Japanese is suggested in Japanese
        // (マイクロソフ: did you mean マイクロソフト?).
        let mut scored: Vec<(f64, &str, &str)> = self
            .spellings
            .iter()
            .map(|(spelling, id, display)| {
                let shown = if spelling.is_ascii() {
                    display
                } else {
                    spelling
                };
                (
                    similarity(&key, &normalise(spelling)),
                    shown.as_str(),
                    id.as_str(),
                )
            })
            .filter(|(score, _, _)| *score >= SUGGEST_AT)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut suggestions: Vec<String> = Vec::new();
        let mut seen_ids: Vec<&str> = Vec::new();
        for (_, display, id) in scored {
            if !seen_ids.contains(&id) {
                seen_ids.push(id);
                suggestions.push(display.to_string());
            }
            if suggestions.len() == 3 {
                break;
            }
        }
        Resolution::Unknown { suggestions }
    }
}

/// Jaro-Winkler over normalised forms: forgiving of transpositions
/// ("Nvidai") and shared prefixes, the usual shape of typos in names.
const SUGGEST_AT: f64 = 0.82;

fn similarity(a: &str, b: &str) -> f64 {
    // When one text has 16 times the characters of the other, Jaro-Winkler
    // cannot reach SUGGEST_AT (Jaro <= (1/16 + 2) / 3, plus at most 0.4 of
    // the rest for a shared prefix: under 0.82), and computing it costs
    // O(n^2) on a long text. UTF-8 takes 1 to 4 bytes a character, so 64
    // times the bytes guarantees 16 times the characters.
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.len() > 64 * short.len().max(1) {
        return 0.0;
    }
    strsim::jaro_winkler(a, b)
}

/// The candidate closest to `needle`, if any is close enough to suggest.
pub fn closest<'a>(needle: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = normalise(needle);
    candidates
        .into_iter()
        .map(|c| (similarity(&key, &normalise(c)), c))
        .filter(|(score, _)| *score >= SUGGEST_AT)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_cheap_nfkc_look_agrees_with_the_full_check() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0x20u32..0x3100)
            .chain(0x4e00..0x9fff)
            .filter_map(char::from_u32)
        {
            let s = c.to_string();
            if plainly_nfkc(&s) {
                assert_eq!(s.nfkc().collect::<String>(), s, "U+{:04X}", c as u32);
            }
        }
        // Before a combining sound mark, a kana composes: not plainly NFKC.
        assert!(!plainly_nfkc("か\u{3099}"));
        assert!(!plainly_nfkc("ｱｸﾒ"));
    }

    #[test]
    fn the_fast_fold_is_the_plain_one() {
        use unicode_normalization::UnicodeNormalization;
        let plain = |t: &str| -> String {
            t.nfkc()
                .filter(|c| c.is_alphanumeric() && *c != LONG_VOWEL)
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut text = String::new();
        for c in (0x20u32..0x3100)
            .chain(0x4e00..0x4f00)
            .chain(0xff00..0xffa0)
        {
            if let Some(c) = char::from_u32(c) {
                text.push(c);
                assert_eq!(
                    normalise(&c.to_string()),
                    plain(&c.to_string()),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert_eq!(normalise(&text), plain(&text));
        assert_eq!(
            normalise("か\u{3099}ＯｐｅｎＡＩ İ"),
            plain("か\u{3099}ＯｐｅｎＡＩ İ")
        );
    }

    use super::*;

    fn index() -> NameIndex {
        let entity = |id: &str, name: &str, aliases: &[&str]| Entity {
            id: id.into(),
            name: name.into(),
            kind: super::super::model::EntityKind::Company,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            organisation: None,
            role: None,
        };
        NameIndex::build(&[
            entity("microsoft", "Microsoft", &["マイクロソフト"]),
            entity("sam-altman", "Sam Altman", &["サム・アルトマン"]),
            entity("coreweave", "CoreWeave", &["コアウィーブ"]),
        ])
        .0
    }

    #[test]
    fn width_form_dots_spaces_and_long_vowels_do_not_matter() {
        let i = index();
        for name in [
            "ｍｉｃｒｏｓｏｆｔ",
            "Ｍｉｃｒｏ　ｓｏｆｔ",
            "ﾏｲｸﾛｿﾌﾄ",
            "マイクロソフト",
        ] {
            assert_eq!(
                i.resolve(name),
                Resolution::Found("microsoft".into()),
                "{name}"
            );
        }
        for name in [
            "サムアルトマン",
            "サム アルトマン",
            "ｻﾑ･ｱﾙﾄﾏﾝ",
            "サム･アルトマン",
        ] {
            assert_eq!(
                i.resolve(name),
                Resolution::Found("sam-altman".into()),
                "{name}"
            );
        }
        assert_eq!(
            i.resolve("コアウィブ"),
            Resolution::Found("coreweave".into())
        );
    }

    #[test]
    fn a_misspelt_katakana_name_is_suggested_in_katakana() {
        assert_eq!(
            index().resolve("マイクロソフ"),
            Resolution::Unknown {
                suggestions: vec!["マイクロソフト".into()]
            }
        );
        assert_eq!(
            index().resolve("Microsof"),
            Resolution::Unknown {
                suggestions: vec!["Microsoft".into()]
            }
        );
    }
}
