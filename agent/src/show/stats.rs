//! Steering statistics: how people steered their sessions. Per session
//! and in total: checkpoints by kind, how each was answered, the time a
//! person took, plans changed, and the runs whose answer a person's
//! choice changed (anything but accepting what the run proposed).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Shown, Steered};
use crate::i18n::Lang;
use crate::tr;

/// Answers that take what the run proposed: a run answered only with
/// these went the default path.
const DEFAULT_PATH: &[&str] = &["approved", "approved_for_session", "option_chosen"];

/// What is counted, per session and in total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counted {
    pub checkpoints: usize,
    /// Checkpoints by kind (`plan_review`, `conflicting_sources`, ...).
    pub by_kind: BTreeMap<String, usize>,
    /// Answers by how they answered (`approved`, `default_overridden`, ...).
    pub answers: BTreeMap<String, usize>,
    /// Answers given automatically (`--yes`, a policy).
    pub automatic: usize,
    /// Answers a person gave, and the time they took in all (only answers
    /// whose times the log holds are timed).
    pub by_person: usize,
    pub person_ms: u64,
    pub timed: usize,
    /// Plans a person edited or sent back.
    pub plans_changed: usize,
}

impl Counted {
    fn add(&mut self, other: &Counted) {
        self.checkpoints += other.checkpoints;
        for (k, n) in &other.by_kind {
            *self.by_kind.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.answers {
            *self.answers.entry(k.clone()).or_default() += n;
        }
        self.automatic += other.automatic;
        self.by_person += other.by_person;
        self.person_ms += other.person_ms;
        self.timed += other.timed;
        self.plans_changed += other.plans_changed;
    }
}

/// One session's steering.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SessionStats {
    pub id: String,
    pub request: String,
    #[serde(flatten)]
    pub counted: Counted,
    /// A person's answer took the run off its default path.
    pub changed_by_person: bool,
    /// Each checkpoint: its kind, how it was answered, by whom, and the
    /// time a person took on it.
    pub each: Vec<Steered>,
}

/// Every session's steering and the sum.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SteeringStats {
    pub sessions: Vec<SessionStats>,
    pub total: Total,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Total {
    pub sessions: usize,
    #[serde(flatten)]
    pub counted: Counted,
    /// Sessions a person's answer took off the default path.
    pub runs_changed: usize,
}

impl SessionStats {
    pub fn of(shown: &Shown) -> SessionStats {
        let mut s = SessionStats {
            id: shown.id.clone(),
            request: shown.request.chars().take(60).collect(),
            each: shown.checkpoints.clone(),
            ..SessionStats::default()
        };
        for c in &shown.checkpoints {
            s.add(c);
        }
        s
    }

    fn add(&mut self, c: &Steered) {
        let n = &mut self.counted;
        n.checkpoints += 1;
        *n.by_kind.entry(c.kind.clone()).or_default() += 1;
        let Some(answer) = &c.answer else { return };
        *n.answers.entry(answer.clone()).or_default() += 1;
        if c.automatic {
            n.automatic += 1;
            return;
        }
        n.by_person += 1;
        if let Some(ms) = c.human_ms {
            n.person_ms += ms;
            n.timed += 1;
        }
        if c.kind == "plan_review" && matches!(answer.as_str(), "plan_edited" | "rejected") {
            n.plans_changed += 1;
        }
        if !DEFAULT_PATH.contains(&answer.as_str()) {
            self.changed_by_person = true;
        }
    }
}

impl SteeringStats {
    pub fn of(sessions: Vec<SessionStats>) -> SteeringStats {
        let mut total = Total {
            sessions: sessions.len(),
            ..Total::default()
        };
        for s in &sessions {
            total.counted.add(&s.counted);
            total.runs_changed += usize::from(s.changed_by_person);
        }
        SteeringStats { sessions, total }
    }
}

/// `text` cut to `n` characters, marked when cut.
fn shortened(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let mut out: String = text.chars().take(n - 1).collect();
    out.push('…');
    out
}

/// `kind ×n, kind ×n`, each name in `lang` (`prefix-NAME` in the
/// catalog; Japanese adds the name as data says it, for `--json` readers).
fn counts(m: &BTreeMap<String, usize>, lang: Lang, prefix: &str) -> String {
    m.iter()
        .map(|(k, n)| match lang {
            Lang::En => format!("{k} ×{n}"),
            Lang::Ja => format!("{} ×{n}", tr!(lang, &format!("{prefix}-{k}"))),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn seconds(ms: u64, timed: usize) -> String {
    if timed == 0 {
        "—".to_string()
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// The statistics as a table, one row per session and one for the total,
/// then the total's checkpoints by kind and answers by how they answered.
pub fn table(stats: &SteeringStats, lang: Lang) -> String {
    let headers: Vec<String> = [
        "stats-h-session",
        "stats-h-request",
        "stats-h-checkpoints",
        "stats-h-auto",
        "stats-h-person",
        "stats-h-time",
        "stats-h-plans",
        "stats-h-changed",
    ]
    .iter()
    .map(|id| tr!(lang, id))
    .collect();
    let mut rows: Vec<Vec<String>> = stats
        .sessions
        .iter()
        .map(|s| {
            vec![
                crate::session::short_id(&s.id).to_string(),
                shortened(&s.request, 30),
                s.counted.checkpoints.to_string(),
                s.counted.automatic.to_string(),
                s.counted.by_person.to_string(),
                seconds(s.counted.person_ms, s.counted.timed),
                s.counted.plans_changed.to_string(),
                tr!(
                    lang,
                    if s.changed_by_person {
                        "stats-yes"
                    } else {
                        "stats-no"
                    }
                ),
            ]
        })
        .collect();
    let t = &stats.total;
    rows.push(vec![
        tr!(lang, "stats-total"),
        tr!(lang, "stats-sessions", n = t.sessions),
        t.counted.checkpoints.to_string(),
        t.counted.automatic.to_string(),
        t.counted.by_person.to_string(),
        seconds(t.counted.person_ms, t.counted.timed),
        t.counted.plans_changed.to_string(),
        tr!(lang, "stats-of", n = t.runs_changed, of = t.sessions),
    ]);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    format!(
        "{}\n{}\n{}\n{}",
        crate::render::table(&headers, rows),
        tr!(
            lang,
            "stats-by-kind",
            counts = counts(&t.counted.by_kind, lang, "kind")
        ),
        tr!(
            lang,
            "stats-answers",
            counts = counts(&t.counted.answers, lang, "answer")
        ),
        tr!(
            lang,
            "stats-runs-changed",
            n = t.runs_changed,
            of = t.sessions
        )
    )
}
