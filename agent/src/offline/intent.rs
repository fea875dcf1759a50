//! What a part of a request asks for ([`Intent`]), how it asks to be
//! answered ([`Form`]) and which record answers it ([`Hit`]): the words
//! the cue vocabulary, retrieval and the understanding of a request are
//! written in.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Intent {
    /// Can the company's revenue cover its commitments?
    Funding,
    /// Who is owed the company's payments (who loses if it cannot pay)?
    Exposure,
    /// What did it say, does it contradict itself?
    Statements,
    /// Who (another organisation) says the opposite?
    Disagreement,
    /// Circular money flows.
    Circular,
    /// The companies a company invests in that also pay it.
    Overlap,
    /// A company's figures of one metric.
    Figures,
    /// Comparing companies' figures or projections.
    Comparison,
    /// The terms of an agreement between two companies.
    Terms,
    /// The deals involving a company.
    Deals,
}

impl Intent {
    /// The catalog id of the intent's description.
    pub fn message(self) -> &'static str {
        match self {
            Intent::Funding => "intent-funding",
            Intent::Exposure => "intent-exposure",
            Intent::Statements => "intent-statements",
            Intent::Disagreement => "intent-disagreement",
            Intent::Circular => "intent-circular",
            Intent::Overlap => "intent-overlap",
            Intent::Figures => "intent-figures",
            Intent::Comparison => "intent-comparison",
            Intent::Terms => "intent-terms",
            Intent::Deals => "intent-deals",
        }
    }

    /// In English, for refusals (which the runtime shows as the model's
    /// error, in English like every error).
    pub fn describe(self) -> String {
        crate::tr!(crate::i18n::Lang::En, self.message())
    }
}

/// How a question asks to be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// "Is there…?", "Can it…?", "〜か？": yes or no first.
    YesNo,
    /// "Which…?", "Who…?", "どこ？": the names, ranked.
    Which,
    /// "Why…?", "なぜ": the figure and the sources' stated reason.
    Why,
    /// Anything else: the facts asked for.
    Open,
}

/// A record of the dataset, by kind and index: what retrieval matched a
/// part of a request to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Deal(usize),
    Figure(usize),
    Statement(usize),
}
