//! A question set: requests with what a good answer holds, read from TOML
//! and checked before anything runs (every problem named with its
//! question).

use std::path::Path;

use serde::Deserialize;

/// One question and what its answer must hold.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A short name for the scorecard (default: its position, q1, q2, ...).
    #[serde(default)]
    pub id: String,
    /// The request, as a user would type it.
    pub request: String,
    /// What kind of question it is (free text, for the per-kind summary).
    #[serde(default)]
    pub kind: String,
    /// Tools the run must call.
    #[serde(default)]
    pub tools: Vec<String>,
    /// Text the report must contain (case-insensitive).
    #[serde(default)]
    pub facts: Vec<String>,
    /// Source labels the report must cite ("001 l.6").
    #[serde(default)]
    pub sources: Vec<String>,
    /// Whether a planner should decline this request.
    #[serde(default)]
    pub refuse: bool,
    /// `en`, `ja` or `auto` (default: auto, the request's script).
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    question: Vec<Question>,
}

/// Reads and checks a question set.
pub fn read(path: &Path) -> Result<Vec<Question>, String> {
    let text = steer_tools::input::read_to_string(path, steer_tools::input::InputKind::Script)
        .map_err(|e| crate::localised::input_error(&e, crate::i18n::speaking()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses a question set; every problem is listed, each naming its question.
pub fn parse(text: &str) -> Result<Vec<Question>, String> {
    let lang = crate::i18n::speaking();
    let file: File = toml::from_str(text).map_err(|e| {
        let detail = e.message().trim();
        match crate::localised::toml_line(text, &e) {
            Some(line) => crate::tr!(lang, "set-bad-toml-at", line = line, detail = detail),
            None => crate::tr!(lang, "set-bad-toml", detail = detail),
        }
    })?;
    let mut questions = file.question;
    if questions.is_empty() {
        return Err(crate::tr!(lang, "set-empty"));
    }
    let mut problems = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, q) in questions.iter_mut().enumerate() {
        if q.id.trim().is_empty() {
            q.id = format!("q{}", i + 1);
        }
        let at = crate::tr!(lang, "set-question", n = i + 1, id = q.id.as_str());
        let mut problem = |id: &str| problems.push(format!("{at}: {}", crate::tr!(lang, id)));
        if !ids.insert(q.id.clone()) {
            problem("set-id-twice");
        }
        if q.request.trim().is_empty() {
            problem("set-empty-request");
        }
        if let Some(l) = &q.lang
            && l.parse::<crate::i18n::LangSetting>().is_err()
        {
            problems.push(format!(
                "{at}: {}",
                crate::tr!(lang, "set-bad-lang", lang = l.as_str())
            ));
        }
        if q.refuse && !(q.tools.is_empty() && q.facts.is_empty() && q.sources.is_empty()) {
            problems.push(format!(
                "{at}: {}",
                crate::tr!(lang, "set-refuse-and-expect")
            ));
        }
        if !q.refuse && q.tools.is_empty() && q.facts.is_empty() {
            problems.push(format!(
                "{at}: {}",
                crate::tr!(lang, "set-nothing-to-score")
            ));
        }
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_reads_with_defaults() {
        let q = parse(
            "[[question]]\nrequest = \"Who pays Oracle?\"\ntools = [\"deal_lookup\"]\n\n[[question]]\nrequest = \"Weather?\"\nrefuse = true\n",
        )
        .unwrap();
        assert_eq!(q[0].id, "q1");
        assert_eq!(q[1].id, "q2");
        assert!(q[1].refuse);
    }

    #[test]
    fn every_problem_names_its_question() {
        let e = parse(
            "[[question]]\nid = \"a\"\nrequest = \"\"\nlang = \"fr\"\n\n[[question]]\nid = \"a\"\nrequest = \"x\"\nrefuse = true\nfacts = [\"y\"]\n",
        )
        .unwrap_err();
        assert!(e.contains("question 1 (`a`): `request` is empty"), "{e}");
        assert!(e.contains("question 1 (`a`): `lang` \"fr\""), "{e}");
        assert!(e.contains("question 2 (`a`): the id is used twice"), "{e}");
        assert!(
            e.contains("question 2 (`a`): a question expected to be refused"),
            "{e}"
        );
        assert!(
            parse("[[question]]\nrequest = \"x\"\nfact = [\"y\"]\n")
                .unwrap_err()
                .contains("unknown field `fact`")
        );
        assert!(parse("").unwrap_err().contains("no [[question]]"));
    }
}
