//! Entity names: ids, display names and aliases, matched loosely.

use std::collections::HashMap;

use super::model::Entity;

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The entity id.
    Found(String),
    /// No match; the closest known names, best first.
    Unknown { suggestions: Vec<String> },
}

/// Lower-cases and drops everything but letters and digits, so "Microsoft
/// Corp." and "microsoft corp" meet. Non-ASCII letters (Japanese names)
/// are kept.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    /// Normalised name → entity id.
    exact: HashMap<String, String>,
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

    pub fn resolve(&self, name: &str) -> Resolution {
        if let Some(id) = self.exact.get(&normalise(name)) {
            return Resolution::Found(id.clone());
        }
        let key = normalise(name);
        let mut scored: Vec<(f64, &str, &str)> = self
            .spellings
            .iter()
            .map(|(spelling, id, display)| {
                (
                    similarity(&key, &normalise(spelling)),
                    display.as_str(),
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
