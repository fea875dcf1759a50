//! The language steer speaks to people in, and its message catalogs.
//!
//! Messages live in Project Fluent catalogs, `agent/i18n/en.ftl` and
//! `agent/i18n/ja.ftl`, compiled into the binary; a test fails when a
//! message or one of its variables exists in one catalog and not the
//! other. What steer shows a person (cards, the chat, the CLI's own lines,
//! the report steer writes) goes through [`tr`]; dataset fields and quoted
//! statements are shown as stored.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language steer speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language `text` is written in, when it says: Japanese when it
    /// holds kana or kanji, English when it holds Latin letters and no
    /// Japanese, none when it holds neither.
    pub fn of_text(text: &str) -> Option<Lang> {
        let japanese = text.chars().any(|c| {
            matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff66}'..='\u{ff9f}')
        });
        if japanese {
            Some(Lang::Ja)
        } else if text.chars().any(|c| c.is_ascii_alphabetic()) {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`):
    /// Japanese for `ja*`, else English.
    pub fn of_locale() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.to_ascii_lowercase().starts_with("ja") {
                    Lang::Ja
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// `--lang`, `STEER_LANG`, `lang` in the config: a language, or `auto`
/// (the request's script, else the locale).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LangSetting {
    #[default]
    Auto,
    Fixed(Lang),
}

impl LangSetting {
    /// The language for a request (`None`: no request yet, as in the
    /// chat's own lines before one is typed).
    pub fn resolve(self, request: Option<&str>) -> Lang {
        match self {
            LangSetting::Fixed(l) => l,
            LangSetting::Auto => request
                .and_then(Lang::of_text)
                .unwrap_or_else(Lang::of_locale),
        }
    }
}

impl FromStr for LangSetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(LangSetting::Auto),
            "en" | "english" => Ok(LangSetting::Fixed(Lang::En)),
            "ja" | "japanese" | "日本語" => Ok(LangSetting::Fixed(Lang::Ja)),
            _ => Err(crate::tr!(
                speaking(),
                "lang-unknown",
                lang = steer_tools::shown(s).to_string()
            )),
        }
    }
}

impl fmt::Display for LangSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LangSetting::Auto => f.write_str("auto"),
            LangSetting::Fixed(l) => l.fmt(f),
        }
    }
}

/// The catalogs as written, for the completeness test.
pub const CATALOGS: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../i18n/en.ftl")),
    (Lang::Ja, include_str!("../i18n/ja.ftl")),
];

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        CATALOGS
            .iter()
            .map(|(lang, source)| {
                let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks around values would show as noise in a
                // terminal and in Markdown.
                bundle.set_use_isolating(false);
                // A catalog that does not parse keeps what did parse; the
                // completeness test fails on it.
                let resource =
                    FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
                let _ = bundle.add_resource(resource);
                bundle
            })
            .collect()
    });
    match lang {
        Lang::En => &bundles[0],
        Lang::Ja => &bundles[1],
    }
}

/// A message argument: text or a number.
pub enum Arg<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s.into())
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(s.into())
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s.as_str().into())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u32, u64, usize, i32, i64, f64);

/// The message `id` in `lang` with `args`. A message missing from the
/// catalog shows as its id in brackets (the completeness test keeps that
/// from shipping).
pub fn tr(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return format!("[{id}]");
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.to_string())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// A dataset word (a deal kind, metric, basis, channel, stance or topic
/// id such as `government_support`) as a reader of `lang` says it: the
/// catalog's `word-ID`, else the id with spaces for underscores, so that
/// no raw id reaches prose.
pub fn word(lang: Lang, id: &str) -> String {
    let key = format!("word-{id}");
    match bundle(lang).get_message(&key).and_then(|m| m.value()) {
        Some(_) => tr(lang, &key, &[]),
        None => id.replace('_', " "),
    }
}

/// `tr!(lang, ID)` or `tr!(lang, ID, name = value, ...)`, ID a message id.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr) => {
        $crate::i18n::tr($lang, $id, &[])
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($lang, $id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// Items joined as a reader of `lang` lists them ("A, B and C").
pub fn list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => crate::tr!(
            lang,
            "off-list-and",
            init = init.join(&crate::tr!(lang, "off-list-separator")),
            last = last.as_str()
        ),
    }
}

/// An amount of US dollars as a reader of `lang` writes it: `$1.4T`, or
/// `1.4兆ドル` (the tools' formatter, so a report and a tool's note agree).
pub fn usd(lang: Lang, amount: f64) -> String {
    steer_tools::format::usd_in(lang.tools(), amount)
}

/// A count (users, chips) as a reader of `lang` writes a large one:
/// `800 million`, `8億`.
pub fn count(lang: Lang, n: f64) -> String {
    steer_tools::format::count_in(lang.tools(), n)
}

/// The language this process speaks its own messages in (errors,
/// warnings, tables) where no run's language applies: set once by the
/// command line from `--lang` / `STEER_LANG` / the config file (`auto`:
/// the locale's). Messages built deep in the code, far from any option,
/// read it, as gettext reads the locale.
static SPEAKING: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

pub fn set_speaking(lang: Lang) {
    let code = match lang {
        Lang::En => 0,
        Lang::Ja => 1,
    };
    SPEAKING.store(code, std::sync::atomic::Ordering::Relaxed);
}

impl Lang {
    /// The language the tools word their charts, notes and reasons in.
    pub fn tools(self) -> steer_tools::OutputLang {
        match self {
            Lang::En => steer_tools::OutputLang::En,
            Lang::Ja => steer_tools::OutputLang::Ja,
        }
    }
}

pub fn speaking() -> Lang {
    match SPEAKING.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Lang::Ja,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_naturally_in_japanese() {
        assert_eq!(usd(Lang::Ja, 1.4e12), "1.4兆ドル");
        assert_eq!(usd(Lang::Ja, 3e11), "3000億ドル");
        assert_eq!(usd(Lang::Ja, 1.2e10), "120億ドル");
        assert_eq!(usd(Lang::Ja, 4.96046e11), "4960億ドル");
        assert_eq!(usd(Lang::En, 4.96046e11), "$496B");
        assert_eq!(usd(Lang::En, 1.51875e11), "$152B");
        assert_eq!(usd(Lang::En, 2.5e9), "$2.5B");
        assert_eq!(usd(Lang::En, 200.0), "$200");
        assert_eq!(count(Lang::En, 8e8), "800 million");
        assert_eq!(count(Lang::Ja, 8e8), "8億");
        assert_eq!(count(Lang::En, 42.0), "42");
        assert_eq!(usd(Lang::Ja, -2.5e11), "-2500億ドル");
        assert_eq!(usd(Lang::Ja, 5e6), "500万ドル");
        assert_eq!(usd(Lang::En, 1.4e12), "$1.4T");
    }

    #[test]
    fn auto_follows_the_request_then_the_locale() {
        assert_eq!(
            LangSetting::Auto.resolve(Some("マイクロソフトとOpenAIの契約条件を教えて")),
            Lang::Ja
        );
        assert_eq!(
            LangSetting::Auto.resolve(Some("Who pays Oracle?")),
            Lang::En
        );
        assert_eq!(
            LangSetting::Fixed(Lang::En).resolve(Some("マイクロソフト")),
            Lang::En
        );
        assert_eq!(
            "ja".parse::<LangSetting>(),
            Ok(LangSetting::Fixed(Lang::Ja))
        );
        assert!("fr".parse::<LangSetting>().is_err());
    }
}
