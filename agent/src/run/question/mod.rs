//! Questions for the human. The tools flag what needs attention item by
//! item; a human decides choices. Items that concern the same choice (the
//! same dataset figures, or the same argument a choice would set) become
//! one [`Question`], asked on one card, and a question once answered is
//! settled for the session: a later result that raises it again (the step
//! re-run with the chosen argument, another step reaching the same figures)
//! asks nothing.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use steer_tools::{Attention, AttentionKind, AttentionTopic, DefaultRule, Effect};

use crate::i18n::{self, Lang};
use crate::tr;

use super::plan::Step;

mod asked;
pub use asked::{Answer, Asked, Resolution};

/// What makes two questions the same choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionKey {
    /// The arguments a choice sets (`base_figure`, `commitments.figure`).
    pub arguments: BTreeSet<String>,
    /// The records the options stand for (figure ids; an option without a
    /// record counts by its label).
    pub records: BTreeSet<String>,
}

impl QuestionKey {
    /// Whether an answer to a question with this key also answers `other`:
    /// the same options, and nothing `other` could set that this one could
    /// not. A disagreement only noted does not answer a later question that
    /// offers to pick among the same figures; a pick answers a later note.
    pub fn answers(&self, other: &QuestionKey) -> bool {
        self.records == other.records && other.arguments.is_subset(&self.arguments)
    }
}

/// A step a choice re-runs, and the change to its arguments (a JSON merge
/// patch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub step: String,
    pub patch: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionOption {
    /// `$20B annualized`.
    pub label: String,
    pub record: Option<String>,
    /// What the sources say it is (distinct descriptions from every step).
    pub details: Vec<String>,
    /// The same in Japanese, where the dataset has it.
    #[serde(default)]
    pub details_ja: Vec<String>,
    /// What taking it changes in the result.
    pub consequence: Option<String>,
    pub sources: Vec<String>,
    /// The results as they stand use this option.
    pub used: bool,
    /// The steps that run again, and how, when this option is chosen;
    /// empty when no argument selects it.
    pub targets: Vec<Target>,
    #[serde(default)]
    pub amount_usd: Option<f64>,
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub qualifier_ja: Option<String>,
    /// The label in Japanese, where the tool gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ja: Option<String>,
    #[serde(default)]
    pub effect: Option<Effect>,
}

impl QuestionOption {
    /// The label with its record: `$20B annualized (openai-revenue-20b-run-rate)`.
    pub fn name(&self) -> String {
        self.name_in(Lang::En)
    }

    /// The label in `lang`: the amount written for its reader where the
    /// tool gave one (120億ドル(annualized)), with its record.
    pub fn name_in(&self, lang: Lang) -> String {
        let label = match (lang, self.amount_usd, &self.qualifier) {
            (Lang::Ja, Some(a), Some(q)) => {
                tr!(
                    lang,
                    "option-label",
                    amount = i18n::usd(lang, a),
                    qualifier = self
                        .qualifier_ja
                        .clone()
                        .unwrap_or_else(|| i18n::word(lang, q))
                )
            }
            (Lang::Ja, _, _) => self.label_ja.clone().unwrap_or_else(|| self.label.clone()),
            _ => self.label.clone(),
        };
        match &self.record {
            Some(r) => format!("{label} ({r})"),
            None => label,
        }
    }

    /// What the sources say it is, in `lang` where every detail has a
    /// rendering in it (else as the tools gave it, never half and half).
    pub fn details_in(&self, lang: Lang) -> &[String] {
        if lang == Lang::Ja && self.details_ja.len() == self.details.len() {
            &self.details_ja
        } else {
            &self.details
        }
    }

    /// What taking it changes, in `lang`.
    pub fn consequence_in(&self, lang: Lang) -> Option<String> {
        let Some(e) = &self.effect else {
            return self.consequence.clone();
        };
        let pct = |r: f64| format!("{:.1}%", r * 100.0);
        let mut parts = Vec::new();
        if let Some(rate) = e.required_rate {
            parts.push(match (e.over_years, e.from_base_usd) {
                (Some(years), Some(base)) => tr!(
                    lang,
                    "effect-needs-from",
                    rate = pct(rate),
                    years = years,
                    base = i18n::usd(lang, base)
                ),
                _ => tr!(lang, "effect-needs", rate = pct(rate)),
            });
        } else if e.covered_anyway {
            parts.push(tr!(lang, "effect-covered"));
        } else if e.not_coverable {
            parts.push(tr!(lang, "effect-not-coverable"));
        }
        for f in &e.funded {
            parts.push(tr!(
                lang,
                "effect-funded",
                year = f.year.to_string(),
                scenarios = f.scenarios.join(", ")
            ));
        }
        if !e.unfunded.is_empty() {
            parts.push(tr!(
                lang,
                "effect-unfunded",
                scenarios = e.unfunded.join(", ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join(&tr!(lang, "off-clause-separator")))
    }
}

/// An attention item merged into a question, with the step that raised it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Raised {
    pub step: String,
    pub tool: String,
    pub summary: String,
    #[serde(default)]
    pub topic: Option<AttentionTopic>,
}

impl Raised {
    /// The item's one line in `lang`.
    pub fn title(&self, lang: Lang) -> String {
        match &self.topic {
            Some(topic) => topic_title(topic, lang),
            None => self.summary.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// One line: what is to be decided.
    pub summary: String,
    /// The step a choice or an edit changes (the first one that offers a
    /// choice, else the first that raised the question).
    pub step: Step,
    pub raised_by: Vec<Raised>,
    /// Sources disagree.
    pub conflict: bool,
    /// The choice changes the conclusion.
    pub material: bool,
    pub options: Vec<QuestionOption>,
    /// What the results use meanwhile, and why.
    pub default: Option<String>,
    #[serde(default)]
    pub default_rule: Option<DefaultRule>,
    /// What it is about, as data (the lead item's).
    #[serde(default)]
    pub topic: Option<AttentionTopic>,
    pub key: QuestionKey,
    /// This question's place among those the same results raised (1-based),
    /// and how many there were, so a card can say another one follows.
    pub position: u32,
    pub of: u32,
}

impl Question {
    /// The option numbers (1-based, as on the card) an argument selects.
    pub fn choosable(&self) -> Vec<u32> {
        self.options
            .iter()
            .zip(1u32..)
            .filter(|(o, _)| !o.targets.is_empty())
            .map(|(_, n)| n)
            .collect()
    }

    pub fn used(&self) -> Option<&QuestionOption> {
        self.options.iter().find(|o| o.used)
    }

    /// The question's one line in `lang`: the tool's words in English, a
    /// phrasing from the catalog where the tool said what it is about.
    pub fn title(&self, lang: Lang) -> String {
        match &self.topic {
            Some(topic) => topic_title(topic, lang),
            None => self.summary.clone(),
        }
    }

    /// What the results use meanwhile and why, in `lang`.
    pub fn default_in(&self, lang: Lang) -> Option<String> {
        let (Some(rule), Some(used)) = (self.default_rule, self.used()) else {
            return self.default.clone();
        };
        let option = used.name_in(lang);
        Some(match rule {
            DefaultRule::BaseRule => tr!(lang, "default-base-rule", option = option),
            DefaultRule::MostCited => tr!(lang, "default-most-cited", option = option),
            DefaultRule::Arguments => tr!(lang, "default-arguments", option = option),
            DefaultRule::OnlyFigure => tr!(lang, "default-only-figure", option = option),
        })
    }

    /// Every step whose result raised it.
    pub fn steps(&self) -> BTreeSet<&str> {
        self.raised_by.iter().map(|r| r.step.as_str()).collect()
    }
}

/// A topic's one line in `lang`.
fn topic_title(topic: &AttentionTopic, lang: Lang) -> String {
    match topic {
        AttentionTopic::RevenueBase {
            company,
            contested,
            material,
        } => {
            let id = match (contested, material) {
                (true, true) => "topic-revenue-base-both",
                (true, false) => "topic-revenue-base-contested",
                _ => "topic-revenue-base-material",
            };
            tr!(lang, id, company = company)
        }
        AttentionTopic::CommitmentsFraming { company } => {
            tr!(lang, "topic-commitments", company = company)
        }
        AttentionTopic::ProjectedBase { company } => {
            tr!(lang, "topic-projected-base", company = company)
        }
        AttentionTopic::Figures {
            subject,
            metric,
            year,
        } => tr!(
            lang,
            "topic-figures",
            subject = subject,
            metric = crate::i18n::word(lang, metric),
            year = year.map(|y| format!(" ({y})")).unwrap_or_default()
        ),
        AttentionTopic::Contradiction {
            organisation,
            topic,
            pairs,
        } => tr!(
            lang,
            "topic-contradiction",
            organisation = organisation,
            topic = crate::i18n::word(lang, topic),
            pairs = *pairs
        ),
    }
}

/// removing is not choosing).
fn set_paths(patch: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Value::Object(map) = patch {
        for (k, v) in map {
            let path = crate::run::plan::dotted(prefix, k);
            match v {
                Value::Null => {}
                Value::Object(_) => set_paths(v, &path, out),
                _ => {
                    out.insert(path);
                }
            }
        }
    }
}

fn record_of(o: &steer_tools::AttentionOption) -> String {
    o.record
        .clone()
        .unwrap_or_else(|| format!("label:{}", o.label))
}

fn key_of(a: &Attention) -> QuestionKey {
    let mut arguments = BTreeSet::new();
    for o in &a.options {
        if let Some(p) = &o.choose {
            set_paths(p, "", &mut arguments);
        }
    }
    QuestionKey {
        arguments,
        records: a.options.iter().map(record_of).collect(),
    }
}

/// Merges the attention items of one batch of results into questions, in
/// the order the items came. Items join when they share a record, or when
/// one step raised both and a choice would set the same argument.
pub fn gather(items: &[(Step, Attention)]) -> Vec<Question> {
    let keys: Vec<QuestionKey> = items.iter().map(|(_, a)| key_of(a)).collect();
    // Union-find over the items; the lists are a handful long.
    let mut group: Vec<usize> = (0..items.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for i in 0..items.len() {
        for j in (i + 1)..items.len() {
            let shares_records = !keys[i].records.is_disjoint(&keys[j].records);
            let same_argument = items[i].0.id == items[j].0.id
                && !keys[i].arguments.is_disjoint(&keys[j].arguments);
            if shares_records || same_argument {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[b] = a;
            }
        }
    }
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        let r = root(&mut group, i);
        if !roots.contains(&r) {
            roots.push(r);
        }
    }
    let of = roots.len() as u32;
    roots
        .into_iter()
        .zip(1u32..)
        .map(|(r, position)| {
            let members: Vec<usize> = (0..items.len())
                .filter(|i| root(&mut group, *i) == r)
                .collect();
            let mut q = merge(items, &keys, &members);
            q.position = position;
            q.of = of;
            q
        })
        .collect()
}

fn merge(items: &[(Step, Attention)], keys: &[QuestionKey], members: &[usize]) -> Question {
    // The item that offers a choice leads: its step is the one to change.
    let lead = members
        .iter()
        .copied()
        .find(|i| items[*i].1.options.iter().any(|o| o.choose.is_some()))
        .unwrap_or(members[0]);
    let mut order = vec![lead];
    order.extend(members.iter().copied().filter(|i| *i != lead));
    let mut options: Vec<QuestionOption> = Vec::new();
    let mut key = QuestionKey::default();
    for &i in &order {
        let (step, a) = &items[i];
        key.arguments.extend(keys[i].arguments.iter().cloned());
        key.records.extend(keys[i].records.iter().cloned());
        for o in &a.options {
            let record = record_of(o);
            let at = match options.iter().position(|x| {
                x.record
                    .clone()
                    .unwrap_or_else(|| format!("label:{}", x.label))
                    == record
            }) {
                Some(at) => at,
                None => {
                    options.push(QuestionOption {
                        label: o.label.clone(),
                        record: o.record.clone(),
                        details: Vec::new(),
                        details_ja: Vec::new(),
                        consequence: None,
                        sources: Vec::new(),
                        used: false,
                        targets: Vec::new(),
                        amount_usd: None,
                        qualifier: None,
                        qualifier_ja: None,
                        label_ja: o.label_ja.clone(),
                        effect: None,
                    });
                    options.len() - 1
                }
            };
            let merged = &mut options[at];
            if !o.detail.is_empty() && !merged.details.contains(&o.detail) {
                merged.details.push(o.detail.clone());
            }
            if let Some(ja) = &o.detail_ja
                && !merged.details_ja.contains(ja)
            {
                merged.details_ja.push(ja.clone());
            }
            if merged.consequence.is_none() {
                merged.consequence = o.consequence.clone();
            }
            if merged.effect.is_none() {
                merged.effect = o.effect.clone();
            }
            merged.amount_usd = merged.amount_usd.or(o.amount_usd);
            if merged.qualifier.is_none() {
                merged.qualifier = o.qualifier.clone();
                merged.qualifier_ja = o.qualifier_ja.clone();
            }
            for s in &o.sources {
                if !merged.sources.contains(s) {
                    merged.sources.push(s.clone());
                }
            }
            merged.used |= o.used;
            if let Some(patch) = &o.choose
                && !merged.targets.iter().any(|t| t.step == step.id)
            {
                merged.targets.push(Target {
                    step: step.id.clone(),
                    patch: patch.clone(),
                });
            }
        }
    }
    let (lead_step, lead_item) = &items[lead];
    Question {
        summary: lead_item.summary.clone(),
        step: lead_step.clone(),
        raised_by: order
            .iter()
            .map(|i| Raised {
                step: items[*i].0.id.clone(),
                tool: items[*i].0.tool.clone(),
                summary: items[*i].1.summary.clone(),
                topic: items[*i].1.topic.clone(),
            })
            .collect(),
        conflict: order
            .iter()
            .any(|i| items[*i].1.kind == AttentionKind::Conflict),
        material: order
            .iter()
            .any(|i| items[*i].1.material || items[*i].1.kind == AttentionKind::Assumption),
        options,
        default: order.iter().find_map(|i| items[*i].1.default.clone()),
        default_rule: order.iter().find_map(|i| items[*i].1.default_rule),
        topic: lead_item.topic.clone(),
        key,
        position: 1,
        of: 1,
    }
}
#[cfg(test)]
mod tests;
