//! The offline planner's vocabulary: the words that signal an intent, a
//! metric or the form of a question, in English (matched as lower-case
//! words, plurals included) and Japanese (matched as substrings: Japanese
//! has no spaces), and how a request splits into parts.

use steer_tools::dataset::Metric;

use super::intent::{Form, Intent};

pub const CUES: &[(Intent, &[&str])] = &[
    (
        Intent::Funding,
        &[
            "fund",
            "funding",
            "afford",
            "pay for",
            "pay its",
            "cover",
            "commitment",
            "commitments",
            "growth",
            "1.4t",
            "trillion",
            "払え",
            "払う",
            "賄",
            "資金",
            "コミットメント",
            "コンピュート契約",
            "兆ドル",
        ],
    ),
    (
        Intent::Exposure,
        &[
            "exposure",
            "exposed",
            "most to lose",
            "fail to pay",
            "fails to pay",
            "failing to pay",
            "failed to pay",
            "can't pay",
            "cannot pay",
            "unable to pay",
            "default",
            "defaults",
            "counterparty risk",
            "owed",
            "エクスポージャー",
            "払えなかった",
            "払えない場合",
            "支払えなくな",
            "破綻",
            "デフォルト",
            "焦げ付",
            "影響を受け",
            "打撃",
        ],
    ),
    (
        Intent::Statements,
        &[
            "backstop",
            "guarantee",
            "bailout",
            "bail out",
            "contradict",
            "contradiction",
            "consistent",
            "inconsistent",
            "said",
            "say",
            "says",
            "statement",
            "government support",
            "loan",
            "発言",
            "矛盾",
            "保証",
            "救済",
            "バックストップ",
            "一貫",
            "政府",
            "言った",
            "述べ",
        ],
    ),
    (
        Intent::Disagreement,
        &[
            "disagree",
            "disagrees",
            "disagreed",
            "disagreement",
            "oppose",
            "opposes",
            "opposed",
            "push back",
            "pushed back",
            "反対",
            "異論",
            "反論",
            "意見が異な",
            "意見が違",
            "同意しない",
        ],
    ),
    (
        Intent::Circular,
        &[
            "circular",
            "round-trip",
            "round trip",
            "roundtripping",
            "round-tripping",
            "cycle",
            "loop",
            "money flow",
            "vendor financing",
            "循環",
            "還流",
            "ループ",
            "ぐるぐる",
        ],
    ),
    (
        Intent::Comparison,
        &[
            "compare",
            "compared",
            "comparison",
            "versus",
            "vs",
            "against",
            "比較",
            "比べ",
            "に対して",
        ],
    ),
    (
        Intent::Terms,
        &[
            "agreement",
            "terms",
            "partnership",
            "exclusive",
            "exclusivity",
            "royalty",
            "契約条件",
            "提携",
            "合意",
            "独占",
            "条件",
        ],
    ),
    (
        Intent::Deals,
        &[
            "deal",
            "invest",
            "investment",
            "contract",
            "pay",
            "pays",
            "paid",
            "取引",
            "投資",
            "契約",
            "出資",
            "支払",
        ],
    ),
];

/// "Which companies it invests in buy from it": both kinds of words.
const INVESTS: &[&str] = &[
    "invest",
    "invests",
    "invested",
    "investing",
    "investment",
    "backs",
    "backed",
    "出資",
    "投資",
];
const BUYS: &[&str] = &[
    "buy",
    "buys",
    "bought",
    "buying",
    "purchase",
    "purchases",
    "買",
    "購入",
];

/// Words that name a metric, the first in the text winning.
pub const METRICS: &[(Metric, &[&str])] = &[
    (
        Metric::MarketValueChange,
        &[
            "market cap",
            "market-cap",
            "market value",
            "market capitalisation",
            "market capitalization",
            "stock",
            "share price",
            "時価総額",
            "株価",
        ],
    ),
    (
        Metric::Valuation,
        &[
            "valuation",
            "valued",
            "worth",
            "評価額",
            "企業価値",
            "バリュエーション",
        ],
    ),
    (
        Metric::OwnershipStake,
        &[
            "stake",
            "ownership",
            "owns",
            "持ち分",
            "出資比率",
            "保有比率",
        ],
    ),
    (
        Metric::MarketShare,
        &["market share", "share of", "シェア", "市場占有率"],
    ),
    (
        Metric::WeeklyActiveUsers,
        &["users", "user base", "ユーザー", "利用者"],
    ),
    (Metric::Price, &["price", "priced", "価格", "料金"]),
    (
        Metric::Revenue,
        &["revenue", "sales", "outlook", "売上", "収益", "収入"],
    ),
    (
        Metric::ComputeCommitments,
        &["commitment", "コミットメント"],
    ),
];

/// Words of governments helping companies (the government-support topic
/// when the lexicon's own terms do not occur).
pub const GOVERNMENT: &[&str] = &[
    "backstop",
    "guarantee",
    "bailout",
    "bail out",
    "loan",
    "government",
    "federal",
    "subsidy",
    "subsidies",
    "保証",
    "救済",
    "バックストップ",
    "政府",
    "融資",
];

const WHY: &[&str] = &[
    "why",
    "reason",
    "what caused",
    "how come",
    "なぜ",
    "理由",
    "どうして",
    "なんで",
    "原因",
];
const WHICH: &[&str] = &["which", "who", "whom", "どこ", "どの", "誰", "だれ", "どれ"];
const YES_NO_START: &[&str] = &[
    "is", "are", "was", "were", "does", "do", "did", "can", "could", "has", "have", "will",
    "would", "should",
];
/// Japanese question words: a sentence ending in か with one of these is
/// not a yes/no question.
const JA_WH: &[&str] = &[
    "何",
    "なに",
    "どこ",
    "どの",
    "誰",
    "いくら",
    "なぜ",
    "どう",
    "いつ",
];

type FormTest = fn(&str, &str) -> bool;

pub const FORMS: &[(Form, FormTest)] = &[
    (Form::Why, |_, lower| any(lower, WHY)),
    (Form::Which, |_, lower| any(lower, WHICH)),
    (Form::YesNo, |text, lower| {
        // The first word of the request or of a clause after a colon
        // ("OpenAI's statements: do they contradict each other?").
        let starts_yes_no = lower.split([':', ';', '：']).any(|clause| {
            let first = clause
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
                .find(|w| !w.is_empty())
                .unwrap_or("");
            YES_NO_START.contains(&first)
        });
        let trimmed = text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '?' | '？' | '。' | '.' | '!' | '！')
        });
        starts_yes_no || (trimmed.ends_with('か') && !JA_WH.iter().any(|w| text.contains(w)))
    }),
];

/// Starts that continue the conversation ("and…", "what about…").
const CONTINUES: &[&str] = &[
    "and ",
    "what about",
    "how about",
    "also ",
    "then ",
    "それで",
    "じゃあ",
    "では",
    "それでは",
    "それと",
    "あと",
    "なら",
];

/// Capitalised words that are not names.
pub const COMMON: &[&str] = &[
    "can", "does", "did", "has", "have", "how", "what", "what's", "which", "who", "why", "when",
    "where", "is", "are", "was", "the", "show", "list", "tell", "give", "find", "compare", "all",
    "and", "its", "their", "will", "would", "should", "could", "ceo", "cfo", "ai", "api", "usd",
    "ipo", "i", "also", "then", "but", "or", "if", "it", "they", "in", "on", "of", "for", "to",
];

/// Whether a Japanese word is one of the planner's own words (a cue, a
/// metric, a topic term), or contains one: such a word is a question
/// word, not a name (アクティブユーザー holds ユーザー).
pub fn is_vocabulary(word: &str, data: &steer_tools::Dataset) -> bool {
    let ours = CUES
        .iter()
        .flat_map(|(_, w)| w.iter())
        .chain(METRICS.iter().flat_map(|(_, w)| w.iter()))
        .chain(GOVERNMENT.iter())
        .copied()
        .filter(|w| !w.is_ascii() && w.chars().count() >= 2);
    let topics = data
        .topics
        .iter()
        .flat_map(|t| t.terms.iter())
        .map(String::as_str)
        .filter(|w| !w.is_ascii() && w.chars().count() >= 2);
    ours.chain(topics).any(|w| word.contains(w)) || COMMON_JA.iter().any(|w| word.contains(w))
}

/// Katakana loanwords a finance question uses that are not names.
const COMMON_JA: &[&str] = &[
    "データ",
    "ハードウェア",
    "ソフトウェア",
    "サービス",
    "センター",
    "チップ",
    "クラウド",
    "モデル",
    "ユーザー",
    "アクティブ",
    "プラン",
    "ランレート",
    "コンピュート",
    "インフラ",
    "マーケット",
    "シェア",
    "ビジネス",
    "ニュース",
    "レポート",
    "リスク",
];

/// Whether the text names something with a capitalised word after its
/// first (a company the dataset may not know): such a part is about that,
/// not about the part before it.
pub fn names_something(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .skip(1)
        .any(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && !COMMON.contains(&w.to_lowercase().as_str())
        })
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Where `needle` occurs in `haystack` as a word: ASCII word boundaries,
/// a plural `s`/`es` allowed after it; Japanese text around an ASCII name
/// does not block it, and a Japanese needle matches anywhere.
pub fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    if !needle.is_ascii() {
        return haystack.find(needle);
    }
    haystack.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let rest = &haystack[i + needle.len()..];
        let rest = rest
            .strip_prefix("es")
            .filter(|r| !r.starts_with(is_ascii_word))
            .or_else(|| rest.strip_prefix('s'))
            .filter(|r| !r.starts_with(is_ascii_word))
            .unwrap_or(rest);
        !before.is_some_and(is_ascii_word) && !rest.starts_with(is_ascii_word)
    })
}

pub fn first_at(lower: &str, words: &[&str]) -> Option<usize> {
    words.iter().filter_map(|w| find_word(lower, w)).min()
}

pub fn any(lower: &str, words: &[&str]) -> bool {
    first_at(lower, words).is_some()
}

/// Invested in, and buying from: the overlap question.
pub fn overlap(lower: &str) -> bool {
    any(lower, INVESTS) && any(lower, BUYS)
}

/// Pronouns that stand for a company or person named before ("does it
/// invest", "its revenue", "それは", "同社の"). Demonstratives ("this
/// week", "that year") are not among them: they rarely point back to a
/// company.
const PRONOUNS: &[&str] = &[
    "it", "its", "they", "their", "them", "he", "his", "him", "she", "her",
];
const PRONOUNS_JA: &[&str] = &["それ", "同社", "彼", "彼女", "この会社", "あの会社"];

/// Where the first such pronoun is, in the lower-cased text.
pub fn pronoun_at(lower: &str) -> Option<usize> {
    PRONOUNS
        .iter()
        .chain(PRONOUNS_JA)
        .filter_map(|p| find_word(lower, p))
        .min()
}

pub fn refers_back(lower: &str) -> bool {
    let start = lower.trim_start();
    CONTINUES.iter().any(|c| start.starts_with(c))
}

/// The request's parts: sentences and questions, and clauses joined by
/// ", and" / "、また". A clause that only adds names ("…, and Oracle")
/// is joined back by the caller.
pub fn split_parts(request: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = request.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let sentence_end = matches!(c, '?' | '？' | '。' | ';' | '；' | '!' | '！')
            || (c == '.'
                && next.is_some_and(char::is_whitespace)
                && chars.get(i + 2).is_some_and(|n| n.is_ascii_uppercase()));
        if sentence_end {
            push_part(&mut parts, &mut current);
            i += 1;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let lower = rest.to_lowercase();
        if lower.starts_with(", and ") || lower.starts_with(", but ") {
            push_part(&mut parts, &mut current);
            // Keep "and" out of the next part's words, "but" too.
            i += 6;
            continue;
        }
        if rest.starts_with("、また") || rest.starts_with("、そして") {
            push_part(&mut parts, &mut current);
            i += 1;
            continue;
        }
        current.push(c);
        i += 1;
    }
    push_part(&mut parts, &mut current);
    parts
}

fn push_part(parts: &mut Vec<String>, current: &mut String) {
    let text = current
        .trim()
        .trim_start_matches(['、', ','])
        .trim()
        .to_string();
    if text.chars().any(char::is_alphanumeric) {
        parts.push(text);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_with_their_plurals() {
        assert!(find_word("ai bailouts", "bailout").is_some());
        assert!(find_word("the deals", "deal").is_some());
        assert!(find_word("is it a dealer", "deal").is_none());
        assert!(find_word("nvidiaのチップ", "nvidia").is_some());
        assert!(find_word("which", "who").is_none());
    }

    #[test]
    fn parts_follow_sentences_and_joined_questions() {
        assert_eq!(
            split_parts(
                "Can OpenAI fund its $1.4T of compute commitments, and has it been consistent?"
            ),
            [
                "Can OpenAI fund its $1.4T of compute commitments",
                "has it been consistent"
            ]
        );
        assert_eq!(split_parts("What is $1.4T. Really?").len(), 1 + 1);
        assert_eq!(split_parts("Compare A with B.").len(), 1);
        assert_eq!(
            split_parts("払えるのか？また、一貫しているか？"),
            ["払えるのか", "また、一貫しているか"]
        );
        assert!(split_parts("?？").is_empty());
    }
}
