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
use steer_tools::{Attention, AttentionKind};

use super::plan::Step;

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
    /// What taking it changes in the result.
    pub consequence: Option<String>,
    pub sources: Vec<String>,
    /// The results as they stand use this option.
    pub used: bool,
    /// The steps that run again, and how, when this option is chosen;
    /// empty when no argument selects it.
    pub targets: Vec<Target>,
}

impl QuestionOption {
    /// The label with its record: `$20B annualized (openai-revenue-20b-run-rate)`.
    pub fn name(&self) -> String {
        match &self.record {
            Some(r) => format!("{} ({r})", self.label),
            None => self.label.clone(),
        }
    }
}

/// An attention item merged into a question, with the step that raised it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Raised {
    pub step: String,
    pub tool: String,
    pub summary: String,
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

    /// Every step whose result raised it.
    pub fn steps(&self) -> BTreeSet<&str> {
        self.raised_by.iter().map(|r| r.step.as_str()).collect()
    }
}

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
    /// What was decided, as the report says it.
    pub fn decided(&self) -> String {
        let Some(a) = &self.answer else {
            return match self.question.used() {
                Some(o) => format!(
                    "not asked (the checkpoint policy does not pause here); used: {}",
                    o.name()
                ),
                None => "not asked (the checkpoint policy does not pause here)".to_string(),
            };
        };
        let who = match (a.automatic, a.covered_by) {
            (_, Some(n)) => format!(
                "checkpoint {}, under your approve-for-the-session at checkpoint {n}",
                a.checkpoint
            ),
            (true, None) => format!(
                "checkpoint {}, approved automatically (--yes)",
                a.checkpoint
            ),
            (false, None) => format!("your decision at checkpoint {}", a.checkpoint),
        };
        match &a.resolution {
            Resolution::Chose { option } => format!("chosen: {option} — {who}"),
            Resolution::Kept { option: Some(o) } => {
                format!("used: {o}, kept as it stood — {who}")
            }
            Resolution::Kept { option: None } => {
                format!("reported as a disagreement, the run went on — {who}")
            }
            Resolution::Edited { step } => {
                format!("step {step}'s arguments edited by hand — {who}")
            }
            Resolution::Rejected { feedback } => {
                format!("sent back to the model: “{feedback}” — {who}")
            }
        }
    }
}

/// The argument paths a merge patch sets to a value (`null` removes a key;
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
                        consequence: None,
                        sources: Vec::new(),
                        used: false,
                        targets: Vec::new(),
                    });
                    options.len() - 1
                }
            };
            let merged = &mut options[at];
            if !o.detail.is_empty() && !merged.details.contains(&o.detail) {
                merged.details.push(o.detail.clone());
            }
            if merged.consequence.is_none() {
                merged.consequence = o.consequence.clone();
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
        key,
        position: 1,
        of: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use steer_tools::AttentionOption;

    fn step(id: &str, tool: &str) -> Step {
        Step {
            id: id.into(),
            tool: tool.into(),
            arguments: "{}".into(),
            depends_on: vec![],
            rationale: String::new(),
            checkpoint: false,
        }
    }

    fn option(record: &str, choose: Option<Value>) -> AttentionOption {
        AttentionOption {
            label: record.to_uppercase(),
            detail: format!("{record} detail"),
            sources: vec![format!("{record} l.1")],
            choose,
            record: Some(record.into()),
            consequence: None,
            used: false,
        }
    }

    fn item(kind: AttentionKind, summary: &str, options: Vec<AttentionOption>) -> Attention {
        Attention {
            kind,
            summary: summary.into(),
            options,
            default: None,
            material: false,
        }
    }

    fn base(id: &str) -> Option<Value> {
        Some(json!({"base_figure": id, "base_usd": null}))
    }

    #[test]
    fn the_same_figures_from_two_steps_are_one_question() {
        let noted = item(
            AttentionKind::Conflict,
            "sources disagree on revenue",
            vec![option("a", None), option("b", None)],
        );
        let choice = item(
            AttentionKind::Conflict,
            "which base",
            vec![option("a", base("a")), option("b", base("b"))],
        );
        let framing = item(
            AttentionKind::Conflict,
            "framing",
            vec![option(
                "x",
                Some(json!({"commitments": {"figure": "x", "total_usd": null}})),
            )],
        );
        let qs = gather(&[
            (step("s1", "statement_comparison"), noted),
            (step("s2", "revenue_projection"), choice),
            (step("s2", "revenue_projection"), framing),
        ]);
        assert_eq!(qs.len(), 2);
        let q = &qs[0];
        // The step that can act on the choice leads.
        assert_eq!(q.summary, "which base");
        assert_eq!(q.step.id, "s2");
        assert_eq!(q.options.len(), 2);
        assert_eq!(q.options[0].targets.len(), 1);
        assert_eq!(q.choosable(), [1, 2]);
        assert_eq!(q.steps().into_iter().collect::<Vec<_>>(), ["s1", "s2"]);
        assert_eq!(
            q.key.arguments.iter().collect::<Vec<_>>(),
            ["base_figure"],
            "a `null` in the patch removes a key; it is not a choice"
        );
        assert_eq!((q.position, q.of), (1, 2));
        assert_eq!(
            qs[1].key.arguments.iter().collect::<Vec<_>>(),
            ["commitments.figure"]
        );
    }

    #[test]
    fn a_conflict_and_an_assumption_about_one_argument_merge() {
        let mut material = item(
            AttentionKind::Assumption,
            "the base changes the conclusion",
            vec![option("a", base("a")), option("b", base("b"))],
        );
        material.options[0].consequence = Some("needs 61.0% a year".into());
        let conflict = item(
            AttentionKind::Conflict,
            "sources disagree",
            vec![option("a", base("a")), option("b", base("b"))],
        );
        let qs = gather(&[
            (step("s2", "revenue_projection"), conflict),
            (step("s2", "revenue_projection"), material),
        ]);
        assert_eq!(qs.len(), 1);
        assert!(qs[0].conflict && qs[0].material);
        assert_eq!(
            qs[0].options[0].consequence.as_deref(),
            Some("needs 61.0% a year")
        );
    }

    #[test]
    fn an_answer_covers_later_notes_but_not_new_choices() {
        let pick = QuestionKey {
            arguments: ["base_figure".to_string()].into(),
            records: ["a".to_string(), "b".to_string()].into(),
        };
        let note = QuestionKey {
            arguments: BTreeSet::new(),
            records: pick.records.clone(),
        };
        assert!(pick.answers(&pick));
        assert!(pick.answers(&note));
        assert!(!note.answers(&pick), "noting a disagreement is not a pick");
        let more = QuestionKey {
            arguments: pick.arguments.clone(),
            records: ["a".to_string(), "b".to_string(), "c".to_string()].into(),
        };
        assert!(!pick.answers(&more), "other options are a new question");
    }

    #[test]
    fn unrelated_items_stay_apart() {
        let qs = gather(&[
            (
                step("s1", "statement_comparison"),
                item(AttentionKind::Conflict, "one", vec![option("a", None)]),
            ),
            (
                step("s2", "statement_comparison"),
                item(AttentionKind::Conflict, "two", vec![option("b", None)]),
            ),
        ]);
        assert_eq!(qs.len(), 2);
        assert!(qs[0].choosable().is_empty());
    }
}
