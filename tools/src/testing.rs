//! Strategies for property tests over free text: what users, models and
//! Japanese sources send. Case counts stay small so `cargo test` stays
//! fast; `PROPTEST_CASES=5000 cargo test` runs a larger search.

use proptest::prelude::*;

/// The cases each property runs: `PROPTEST_CASES`, else 48.
pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One character of the kinds that break byte arithmetic: CJK and kana,
/// full-width forms, combining marks, emoji (with joiners and variation
/// selectors), right-to-left marks, control characters and NUL, and the
/// ASCII that text rules look for.
pub fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        3 => prop::char::range('\u{3040}', '\u{30ff}'),
        3 => prop::char::range('\u{4e00}', '\u{9fff}'),
        1 => prop::char::range('\u{ff01}', '\u{ff5e}'),
        1 => prop::char::range('\u{0300}', '\u{036f}'),
        1 => prop::char::range('\u{1f300}', '\u{1faff}'),
        1 => prop::sample::select(vec!['\u{200d}', '\u{fe0f}', '\u{200f}', '\u{202e}', '\u{2066}', '\u{feff}']),
        1 => prop::sample::select(vec!['\0', '\u{1b}', '\r', '\n', '\t', '\u{7f}', '\u{85}']),
        4 => prop::sample::select(vec![' ', '.', ',', ';', '!', '?', '。', '！', '？', '\'', '"', '’', '-', '$', '%', '*', '#', '`', '|', '(', ')']),
        4 => prop::char::range('a', 'z'),
        2 => prop::char::range('0', '9'),
    ]
}

/// Words that steer's text rules react to, so properties reach the
/// branches behind them.
const WORDS: &[&str] = &[
    " but ",
    ", but ",
    " not ",
    " backstop ",
    " loan guarantees ",
    " We ",
    " do not want ",
    "政府",
    "保証",
    "求めていない",
    "ない。",
    "$1.4T",
    " 1.5 trillion ",
    "001 l.75-77",
    "**",
    "## ",
    " OpenAI ",
    " NVIDIA ",
    "エヌビディア",
    "sk-",
    "Bearer ",
    "\u{301}",
    "🇯🇵",
];

/// Free text: mostly short, now and then up to 10,000 characters.
pub fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => tricky_char().prop_map(String::from),
        1 => prop::sample::select(WORDS).prop_map(str::to_string),
    ];
    prop_oneof![
        8 => prop::collection::vec(piece.clone(), 0..80).prop_map(|p| p.concat()),
        1 => prop::collection::vec(piece, 2_000..4_000).prop_map(|p| {
            let mut s: String = p.concat();
            if let Some((cut, _)) = s.char_indices().nth(10_000) {
                s.truncate(cut);
            }
            s
        }),
    ]
}

/// The seed documents (`shared/seeds`, beside the project on every
/// developer machine and in CI; never copied into the repository):
/// `STEER_SEEDS` when set, else the first `shared/seeds` found beside the
/// workspace or a folder above it. Test support: a missing folder stops
/// the test with where it was looked for.
#[allow(clippy::panic)]
pub fn seeds() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("STEER_SEEDS") {
        return dir.into();
    }
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let found = workspace
        .canonicalize()
        .unwrap_or(workspace.clone())
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/seeds"))
        .find(|p| p.is_dir());
    match found {
        Some(p) => p,
        None => panic!(
            "the seed documents are not beside the project ({}/../shared/seeds); set STEER_SEEDS to their folder",
            workspace.display()
        ),
    }
}

/// A long document for benchmarks: the lines of the built-in dataset's
/// seed documents (from [`seeds`]), repeated to `lines` lines. Test
/// support: an unreadable seed stops the benchmark with which.
#[allow(clippy::panic)]
pub fn long_document(lines: usize) -> String {
    let data = crate::Dataset::builtin().unwrap_or_else(|e| panic!("{e}"));
    let dir = seeds();
    let mut all: Vec<String> = Vec::new();
    for s in &data.sources {
        let path = dir.join(&s.file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        all.extend(text.lines().map(str::to_string));
    }
    all.iter()
        .cycle()
        .take(lines)
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A synthetic news digest of about `bytes` bytes, for benchmarks of
/// ingest at any size: short items in English and Japanese, each about a
/// different pair of companies (so nothing repeats and every item can
/// become a record), with amounts, years, quotes and weekly headings.
/// Deterministic: the same size gives the same text.
pub fn digest(bytes: usize) -> String {
    const KANA: &[&str] = &[
        "ア", "カ", "サ", "タ", "ナ", "ハ", "マ", "ラ", "ミ", "ソ", "テ", "ノ", "リ", "ク", "ス",
        "ト",
    ];
    const SUFFIX: &[&str] = &["Labs", "AI", "Robotics", "Systems", "Cloud", "Compute"];
    let english = |k: usize| format!("Vertex{k} {}", SUFFIX[k % SUFFIX.len()]);
    let japanese = |k: usize| {
        let mut name: String = (0..3).map(|i| KANA[(k >> (4 * i)) % KANA.len()]).collect();
        name.push_str("テック");
        name
    };
    let mut out = String::with_capacity(bytes + 256);
    let mut k = 0usize;
    while out.len() < bytes {
        if k.is_multiple_of(40) {
            out.push_str(&format!("\n## Week {} of 2026\n\n", k / 40 + 1));
        }
        let (a, b) = (k * 2 + 1, k * 2 + 2);
        let amount = format!("{}.{}", k % 90 + 1, k % 10);
        let item = match k % 6 {
            0 => format!(
                "- {} invested ${amount} billion in {} this week.\n",
                english(a),
                english(b)
            ),
            1 => format!(
                "- {} signed a {}-year, ${amount} billion cloud contract with {}.\n",
                english(a),
                k % 9 + 2,
                english(b)
            ),
            2 => format!(
                "- {}は{}に{}億ドルを出資すると発表した。\n",
                japanese(a),
                japanese(b),
                k % 500 + 10
            ),
            3 => format!(
                "- {} said its revenue reached ${amount} billion in 2025.\n",
                english(a)
            ),
            4 => format!(
                "- \"We will keep buying compute for years,\" the CEO of {} said.\n",
                english(a)
            ),
            _ => format!(
                "- {}は{}から{}億円でGPUを購入する契約を締結した。\n",
                japanese(a),
                english(b),
                k % 900 + 100
            ),
        };
        out.push_str(&item);
        k += 1;
    }
    out
}
