//! Katakana names in Latin letters, for entity ids a person can read.

/// A katakana name in Hepburn-like romaji, words split at ・
/// (アクメ・ロボティクス → akume-robotikusu); `None` when the name holds
/// anything but katakana.
pub(super) fn romaji(name: &str) -> Option<String> {
    const BASE: &[(char, &str)] = &[
        ('ア', "a"),
        ('イ', "i"),
        ('ウ', "u"),
        ('エ', "e"),
        ('オ', "o"),
        ('カ', "ka"),
        ('キ', "ki"),
        ('ク', "ku"),
        ('ケ', "ke"),
        ('コ', "ko"),
        ('ガ', "ga"),
        ('ギ', "gi"),
        ('グ', "gu"),
        ('ゲ', "ge"),
        ('ゴ', "go"),
        ('サ', "sa"),
        ('シ', "shi"),
        ('ス', "su"),
        ('セ', "se"),
        ('ソ', "so"),
        ('ザ', "za"),
        ('ジ', "ji"),
        ('ズ', "zu"),
        ('ゼ', "ze"),
        ('ゾ', "zo"),
        ('タ', "ta"),
        ('チ', "chi"),
        ('ツ', "tsu"),
        ('テ', "te"),
        ('ト', "to"),
        ('ダ', "da"),
        ('ヂ', "ji"),
        ('ヅ', "zu"),
        ('デ', "de"),
        ('ド', "do"),
        ('ナ', "na"),
        ('ニ', "ni"),
        ('ヌ', "nu"),
        ('ネ', "ne"),
        ('ノ', "no"),
        ('ハ', "ha"),
        ('ヒ', "hi"),
        ('フ', "fu"),
        ('ヘ', "he"),
        ('ホ', "ho"),
        ('バ', "ba"),
        ('ビ', "bi"),
        ('ブ', "bu"),
        ('ベ', "be"),
        ('ボ', "bo"),
        ('パ', "pa"),
        ('ピ', "pi"),
        ('プ', "pu"),
        ('ペ', "pe"),
        ('ポ', "po"),
        ('マ', "ma"),
        ('ミ', "mi"),
        ('ム', "mu"),
        ('メ', "me"),
        ('モ', "mo"),
        ('ヤ', "ya"),
        ('ユ', "yu"),
        ('ヨ', "yo"),
        ('ラ', "ra"),
        ('リ', "ri"),
        ('ル', "ru"),
        ('レ', "re"),
        ('ロ', "ro"),
        ('ワ', "wa"),
        ('ヲ', "o"),
        ('ン', "n"),
        ('ヴ', "vu"),
        ('ァ', "a"),
        ('ィ', "i"),
        ('ゥ', "u"),
        ('ェ', "e"),
        ('ォ', "o"),
        ('ャ', "ya"),
        ('ュ', "yu"),
        ('ョ', "yo"),
    ];
    let mut out = String::new();
    let mut double = false;
    let mut last = ' ';
    for c in name.chars() {
        let before = std::mem::replace(&mut last, c);
        match c {
            '・' | ' ' => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            'ッ' => double = true,
            // "サクラAI": Latin letters and digits are kept, set apart.
            c if c.is_ascii_alphanumeric() => {
                if !before.is_ascii_alphanumeric() && !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            // A long vowel is written once (the id is for telling apart).
            'ー' => {}
            _ => {
                let (_, r) = BASE.iter().find(|(k, _)| *k == c)?;
                // A small kana merges with the syllable before: キャ → kya,
                // ティ → ti, ファ → fa.
                if matches!(c, 'ャ' | 'ュ' | 'ョ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ') {
                    let keep_y = matches!(c, 'ャ' | 'ュ' | 'ョ');
                    if before == 'ウ' && !keep_y {
                        // ウィ, ウェ, ウォ: wi, we, wo.
                        out.pop();
                        out.push('w');
                        out.push_str(r);
                    } else if out.ends_with("shi") || out.ends_with("chi") || out.ends_with("ji") {
                        out.pop();
                        out.push_str(&r[r.len() - 1..]);
                    } else if out.ends_with(['i', 'u', 'e', 'o']) && !out.is_empty() {
                        out.pop();
                        out.push_str(if keep_y { r } else { &r[r.len() - 1..] });
                    } else {
                        out.push_str(r);
                    }
                    continue;
                }
                if double && let Some(first) = r.chars().next() {
                    out.push(first);
                }
                double = false;
                out.push_str(r);
            }
        }
    }
    let out = out.trim_matches('-').to_string();
    (out.len() >= 2).then_some(out)
}
