//! Names in a request that the dataset does not hold: said in the answer
//! and in a refusal, never dropped.

use steer_tools::Dataset;
use steer_tools::dataset::Resolution;

use super::cues;

/// Words of the request that look like names but match no entity:
/// capitalised Latin words, and katakana words followed by a particle
/// (ソフトバンクは, トヨタと) that are neither a known name nor one of the
/// planner's own words; reported as written, with suggestions.
pub fn unknown_names(request: &str, data: &Dataset) -> Vec<NotFound> {
    // Full-width letters and half-width katakana read as their usual
    // forms (ＳｏｆｔＢａｎｋ, ｿﾌﾄﾊﾞﾝｸ), as the dataset's names are matched.
    use unicode_normalization::UnicodeNormalization;
    let request: String = request.nfkc().collect();
    let request = request.as_str();
    let mut out = unknown_katakana(request, data);
    // Known names of several words ("White House") are taken out first;
    // what is left groups into runs of capitalised words ("Acme Corp").
    let masked = mask_known(request, data);
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in masked.split([' ', '\t', '\n']) {
        let cut = word.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
        // "Tesla's": the name is before the apostrophe.
        let cut = cut.split('\'').next().unwrap_or(cut);
        let capitalised = cut.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && cut.len() > 2
            && cut
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            && !cues::COMMON.contains(&cut.to_lowercase().as_str());
        if capitalised {
            current.push(cut);
        }
        // A run ends at a word that is not a name, or at punctuation.
        let ends = !capitalised || word.ends_with([',', '?', '.', '!', ';', ':', ')']);
        if ends && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    for run in runs {
        let name = run.join(" ");
        // A name the records speak of ("Project Suncatcher") is in the
        // dataset, though not as an entity.
        if mentioned(&name, data) {
            continue;
        }
        if let Resolution::Unknown { suggestions } = data.resolve(&name) {
            let found = NotFound {
                name,
                suggestion: suggestions.into_iter().next(),
            };
            if !out.contains(&found) {
                out.push(found);
            }
        }
    }
    out
}

/// Whether a record's text (a deal's description, a figure's period or
/// note, a statement) names `name`.
fn mentioned(name: &str, data: &Dataset) -> bool {
    let lower = name.to_lowercase();
    let has = |t: &str| cues::find_word(&t.to_lowercase(), &lower).is_some();
    data.deals.iter().any(|d| has(&d.description))
        || data
            .figures
            .iter()
            .any(|f| has(&f.period) || f.note.as_deref().is_some_and(has))
        || data.statements.iter().any(|s| has(&s.text))
}

/// A name in a request that the dataset does not hold, and the closest
/// known name when there is one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotFound {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// As the user reads it: `"SoftBank"`, `「ソフトバンク」`, with the suggestion.
impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.is_ascii() {
            write!(f, "\"{}\"", self.name)?;
        } else {
            write!(f, "「{}」", self.name)?;
        }
        match &self.suggestion {
            Some(s) => write!(f, " (did you mean {s}?)"),
            None => Ok(()),
        }
    }
}

/// The request with every known entity name and alias blanked out.
fn mask_known(request: &str, data: &Dataset) -> String {
    // Only ASCII names are masked, so only ASCII letters are lowered:
    // every other character keeps its bytes, and a span found in `masked`
    // is the same span of the request, on character boundaries.
    let mut masked = request.to_ascii_lowercase();
    for e in &data.entities {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            if !n.is_ascii() || n.len() < 2 {
                continue;
            }
            let n = n.to_ascii_lowercase();
            while let Some(i) = cues::find_word(&masked, &n) {
                masked.replace_range(i..i + n.len(), &" ".repeat(n.len()));
            }
        }
    }
    // The request's own case back, outside the masked spans.
    masked
        .chars()
        .zip(request.chars())
        .map(|(m, r)| if m == ' ' && r != ' ' { ' ' } else { r })
        .collect()
}

/// Particles that follow a name in a Japanese question.
const PARTICLES: &[char] = &['は', 'が', 'と', 'の', 'に', 'へ', 'も', 'や', 'を', 'で'];

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30a1}'..='\u{30fa}' | 'ー' | '・')
}

/// Katakana words that read as names the dataset does not hold.
fn unknown_katakana(request: &str, data: &Dataset) -> Vec<NotFound> {
    let chars: Vec<char> = request.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_katakana(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_katakana(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let before_particle = chars.get(i).is_none_or(|c| PARTICLES.contains(c));
        // Part of a longer name with Latin letters (ミストラルAI) or a
        // compound with kanji is not a name on its own.
        let joined = start
            .checked_sub(1)
            .and_then(|b| chars.get(b))
            .is_some_and(|c| c.is_alphanumeric());
        if word.chars().count() < 3 || !before_particle || joined {
            continue;
        }
        let known_name = matches!(data.resolve(&word), Resolution::Found(_))
            || data.entities.iter().any(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| !n.is_ascii() && (n.contains(&word) || word.contains(n.as_str())))
            });
        if known_name || cues::is_vocabulary(&word, data) {
            continue;
        }
        let found = NotFound {
            name: word,
            suggestion: None,
        };
        if !out.contains(&found) {
            out.push(found);
        }
    }
    out
}
