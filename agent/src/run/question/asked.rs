//! A question the run raised and what became of it: the answer, and
//! the sentence the report gives it.

use serde::{Deserialize, Serialize};

use super::Question;
use crate::i18n::Lang;
use crate::tr;

/// A question the run raised, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    /// As the latest results that raised it put it.
    pub question: Question,
    /// The card that asks it; `None` while the policy does not pause for it.
    pub checkpoint: Option<u32>,
    pub answer: Option<Answer>,
    /// Whether `question` comes from the latest results of its steps: a
    /// step run again without raising it leaves an answered question whose
    /// consequences describe arguments no longer used.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub checkpoint: u32,
    pub automatic: bool,
    /// The checkpoint whose approve-for-the-session answered this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered_by: Option<u32>,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum Resolution {
    /// An option taken: the steps ran again with it.
    Chose { option: String },
    /// Approved as it stands: the option in use, if the question has one.
    Kept { option: Option<String> },
    /// The step's arguments edited by hand.
    Edited { step: String },
    /// Feedback handed to the model.
    Rejected { feedback: String },
}

impl Asked {
    /// What was decided, as the report says it, in `lang`.
    pub fn decided(&self, lang: Lang) -> String {
        let Some(a) = &self.answer else {
            return match self.question.used() {
                Some(o) => tr!(lang, "asked-not-asked-used", option = o.name_in(lang)),
                None => tr!(lang, "asked-not-asked"),
            };
        };
        let who = match (a.automatic, a.covered_by) {
            (_, Some(n)) => tr!(
                lang,
                "asked-by-session",
                checkpoint = a.checkpoint,
                session = n
            ),
            (true, None) => tr!(lang, "asked-by-yes", checkpoint = a.checkpoint),
            (false, None) => tr!(lang, "asked-by-you", checkpoint = a.checkpoint),
        };
        match &a.resolution {
            Resolution::Chose { option } => tr!(lang, "asked-chose", option = option, who = who),
            Resolution::Kept { option: Some(o) } => {
                tr!(lang, "asked-kept", option = o, who = who)
            }
            Resolution::Kept { option: None } => {
                tr!(lang, "asked-kept-disagreement", who = who)
            }
            Resolution::Edited { step } => tr!(lang, "asked-edited", step = step, who = who),
            Resolution::Rejected { feedback } => {
                tr!(lang, "asked-rejected", feedback = feedback, who = who)
            }
        }
    }
}
