//! Words for people in the language a tool speaks.

/// `said!(lang, "English {x}", "日本語 {x}")`: the sentence in `lang`,
/// formatted like `format!` (names in braces are captured from the
/// caller). Both wordings sit side by side so a change to one is seen
/// beside the other.
#[macro_export]
macro_rules! said {
    ($lang:expr, $en:literal, $ja:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::OutputLang::En => format!($en $(, $arg)*),
            $crate::OutputLang::Ja => format!($ja $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::OutputLang;

    #[test]
    fn said_formats_in_the_language_asked_with_captured_names() {
        let n = 3;
        assert_eq!(said!(OutputLang::En, "{n} deals", "取引 {n} 件"), "3 deals");
        assert_eq!(
            said!(OutputLang::Ja, "{n} deals", "取引 {n} 件"),
            "取引 3 件"
        );
        assert_eq!(
            said!(OutputLang::Ja, "{} of {}", "{1} 件中 {0} 件", 2, 5),
            "5 件中 2 件"
        );
    }
}
