//! Session scripts (`fixtures/sessions/*.toml`): a request, a cassette,
//! the human's decisions in order, and what must come out. Replaying a
//! script drives the real runtime against the cassette and reports the
//! first place it diverges.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use steer_tools::Toolbox;

use crate::cassette::{Cassette, Replayer};
use crate::model::{Endpoint, OpenAiModel};
use crate::run::{CheckpointKind, Decision, Driver, Limits, Policy, Report, Run};
use crate::service::{self, AnswerFuture, Answered, Decide, Ended, Uncancellable};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub request: String,
    /// Path of the cassette, relative to the script.
    pub cassette: String,
    #[serde(default = "default_model")]
    pub model: String,
    #[serde(default = "default_policy")]
    pub checkpoints: String,
    /// A dataset directory to run against instead of the built-in one,
    /// relative to the script (made absolute by [`load`]).
    #[serde(default)]
    pub data: Option<PathBuf>,
    /// en or ja; by default the request's script (never the locale, so a
    /// replay is the same on every machine).
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default, rename = "decision")]
    pub decisions: Vec<ScriptDecision>,
    pub expect: Expect,
}

fn default_model() -> String {
    "gpt-4.1-mini".to_string()
}

fn default_policy() -> String {
    "plan,conflicts,assumptions,offplan".to_string()
}

/// One answer of the human, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptDecision {
    /// approve, approve_for_session, edit, choose, reject, raise_limit
    /// or abort.
    pub action: String,
    /// The checkpoint kind this answer expects to meet.
    #[serde(default)]
    pub at: Option<String>,
    /// For edit at a step: the step id and its new arguments (JSON text).
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub arguments: Option<String>,
    /// For edit at a plan review: the whole plan (JSON text).
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub feedback: Option<String>,
    /// For raise_limit: the new limit.
    #[serde(default)]
    pub limit: Option<u64>,
    /// For choose: the option's number, as the card shows it.
    #[serde(default)]
    pub option: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Tools called, each with key arguments that must match.
    #[serde(default)]
    pub tools: Vec<ExpectedCall>,
    /// Checkpoint kinds, in the order met.
    #[serde(default)]
    pub checkpoints: Vec<String>,
    #[serde(default)]
    pub report_contains: Vec<String>,
    /// Text the report must not hold (an "Unverified" section, say).
    #[serde(default)]
    pub report_lacks: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub aborted: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedCall {
    pub tool: String,
    #[serde(default)]
    pub arguments: toml::Table,
    /// Whether the call must have succeeded (default true).
    #[serde(default = "yes")]
    pub ok: bool,
}

fn yes() -> bool {
    true
}

/// What a successful replay produced.
#[derive(Debug)]
pub struct Replayed {
    pub report: Report,
    pub run: Run,
    /// The pauses met, in order, each with the decision given.
    pub checkpoints: Vec<(crate::run::Checkpoint, Decision)>,
    /// Whether the script's model can act on written feedback.
    pub reads_feedback: bool,
}

pub fn load(path: &Path) -> Result<(Script, PathBuf), String> {
    let text = steer_tools::input::read_to_string(path, steer_tools::input::InputKind::Script)
        .map_err(|e| crate::localised::input_error(&e, crate::i18n::speaking()))?;
    let mut script: Script =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let cassette = dir.join(&script.cassette);
    script.data = script.data.map(|d| dir.join(d));
    Ok((script, cassette))
}

fn decision(d: &ScriptDecision, n: usize) -> Result<Decision, String> {
    let need = |v: &Option<String>, what: &str| {
        v.clone()
            .ok_or_else(|| format!("decision {n}: `{}` needs `{what}`", d.action))
    };
    Ok(match d.action.as_str() {
        "approve" => Decision::Approve,
        "approve_for_session" => Decision::ApproveForSession,
        "abort" => Decision::Abort,
        "raise_limit" => Decision::RaiseLimit {
            to: d
                .limit
                .ok_or_else(|| format!("decision {n}: `raise_limit` needs `limit`"))?,
        },
        "choose" => Decision::Choose {
            option: d
                .option
                .ok_or_else(|| format!("decision {n}: `choose` needs `option`"))?,
        },
        "reject" => Decision::Reject {
            feedback: need(&d.feedback, "feedback")?,
        },
        "edit" => match (&d.plan, &d.arguments) {
            (Some(plan), _) => Decision::EditPlan {
                plan: serde_json::from_str(plan)
                    .map_err(|e| format!("decision {n}: `plan` is not a plan: {e}"))?,
            },
            (None, Some(args)) => Decision::EditArguments {
                step: need(&d.step, "step")?,
                arguments: args.clone(),
            },
            _ => {
                return Err(format!(
                    "decision {n}: `edit` needs `plan` or `step` + `arguments`"
                ));
            }
        },
        other => {
            return Err(format!(
                "decision {n}: unknown action `{other}`; use approve, approve_for_session, edit, choose, reject or abort"
            ));
        }
    })
}

fn toml_to_json(v: &toml::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Replays `script` with `cassette` over `toolbox`; the error says where
/// the run left the script.
pub async fn replay(
    script: &Script,
    cassette: Cassette,
    name: &str,
    toolbox: Toolbox,
) -> Result<Replayed, String> {
    let replayer = Replayer::new(cassette, name);
    let replayed = run_with(
        script,
        crate::cassette::Answering::new(replayer.clone()),
        toolbox,
    )
    .await?;
    replayer.finish()?;
    Ok(replayed)
}

/// Drives `script` against any service below async-openai (a replayer, or
/// a recorder when writing a cassette) and checks its expectations.
pub async fn run_with<S>(script: &Script, service: S, toolbox: Toolbox) -> Result<Replayed, String>
where
    S: tower::Service<async_openai::middleware::HttpRequestFactory, Response = reqwest::Response>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<async_openai::error::OpenAIError> + Send + Sync + 'static,
{
    let endpoint = Endpoint {
        base_url: None,
        api_key: Some("sk-replay".into()),
        model: script.model.clone(),
        timeout: Duration::from_secs(30),
        max_retries: 0,
    };
    let model = OpenAiModel::with_service(&endpoint, service);
    // The offline planner (and a recording of it) cannot act on feedback.
    let model = Arc::new(if script.model == crate::offline::MODEL {
        model.without_feedback()
    } else {
        model
    });
    let policy: Policy = script.checkpoints.parse()?;
    // A script with its own dataset runs against it, whatever the caller's.
    let toolbox = match &script.data {
        Some(dir) => {
            let data = steer_tools::dataset::load(Some(dir))
                .map_err(|e| crate::localised::dataset_error(&e, crate::i18n::speaking()))?;
            Toolbox::research(Arc::new(data)).map_err(|e| e.to_string())?
        }
        None => toolbox,
    };
    let lang = match script.lang.as_deref() {
        Some(l) => match l.parse::<crate::i18n::LangSetting>()? {
            crate::i18n::LangSetting::Fixed(l) => l,
            crate::i18n::LangSetting::Auto => {
                crate::i18n::Lang::of_text(&script.request).unwrap_or_default()
            }
        },
        None => crate::i18n::Lang::of_text(&script.request).unwrap_or_default(),
    };
    let run = Run::new(
        "replay",
        &script.request,
        toolbox.shared_specs().collect(),
        policy,
        Limits::default(),
    )
    .with_lang(lang);
    let mut driver = Driver::new(run, model, toolbox, None);
    let mut answers = Answers {
        decisions: script
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| (i + 1, d))
            .collect(),
        seen: Vec::new(),
        met: Vec::new(),
    };
    let report = match service::drive(&mut driver, &mut answers, &mut Uncancellable).await {
        Ended::Done(report) => report,
        Ended::Failed(e) => return Err(e.to_string()),
        Ended::Cancelled => return Err("the run was cancelled".to_string()),
        Ended::Paused {
            refused: Some(why), ..
        } => return Err(why),
        Ended::Paused {
            checkpoint: cp,
            refused: None,
        } => {
            return Err(format!(
                "checkpoint {} ({}) has no decision left in the script: {}",
                cp.number,
                cp.kind_name(),
                match &cp.kind {
                    CheckpointKind::PlanReview { version, .. } => {
                        format!("plan review v{version}")
                    }
                    other => format!("{other:?}").chars().take(120).collect(),
                }
            ));
        }
    };
    if let Some((n, _)) = answers.decisions.front() {
        return Err(format!("the run ended with decision {n} unused"));
    }
    let (seen, met) = (answers.seen, answers.met);
    check(&script.expect, &report, &driver.run, &seen)?;
    Ok(Replayed {
        reads_feedback: driver.reads_feedback(),
        report,
        run: driver.run,
        checkpoints: met,
    })
}

/// A script's decisions as a [`Decide`]: each answers the next pause, if
/// it is the kind the script expects there.
struct Answers<'a> {
    decisions: VecDeque<(usize, &'a ScriptDecision)>,
    /// The kinds of the pauses met.
    seen: Vec<String>,
    met: Vec<(crate::run::Checkpoint, Decision)>,
}

impl Decide for Answers<'_> {
    fn answer<'a>(
        &'a mut self,
        driver: &'a mut Driver,
        cp: &'a crate::run::Checkpoint,
    ) -> AnswerFuture<'a> {
        let answered = self.next(driver, cp);
        Box::pin(std::future::ready(answered))
    }
}

impl Answers<'_> {
    fn next(&mut self, driver: &mut Driver, cp: &crate::run::Checkpoint) -> Answered {
        self.seen.push(cp.kind_name().to_string());
        let Some((n, d)) = self.decisions.pop_front() else {
            return Answered::LeftPaused;
        };
        if let Some(at) = &d.at
            && at != cp.kind_name()
        {
            return Answered::Refused(format!(
                "decision {n} expects a {at} checkpoint, the run paused at {} (checkpoint {})",
                cp.kind_name(),
                cp.number
            ));
        }
        let given = match decision(d, n) {
            Ok(g) => g,
            Err(e) => return Answered::Refused(e),
        };
        self.met.push((cp.clone(), given.clone()));
        match crate::service::record(driver, given, false) {
            Answered::Refused(e) => Answered::Refused(format!("decision {n}: {e}")),
            other => other,
        }
    }
}

fn check(expect: &Expect, report: &Report, run: &Run, seen: &[String]) -> Result<(), String> {
    let mut problems = Vec::new();
    for e in &expect.tools {
        let want: Value = Value::Object(
            e.arguments
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        );
        let found = run.tool_calls.iter().any(|c| {
            c.tool == e.tool
                && c.ok == e.ok
                && want
                    .as_object()
                    .is_some_and(|w| w.iter().all(|(k, v)| c.arguments.get(k) == Some(v)))
        });
        if !found {
            let calls: Vec<String> = run
                .tool_calls
                .iter()
                .map(|c| format!("{} {} ok={}", c.tool, c.arguments, c.ok))
                .collect();
            problems.push(format!(
                "expected a call to {} with {want} (ok={}); calls made: {}",
                e.tool,
                e.ok,
                calls.join("; ")
            ));
        }
    }
    if !expect.checkpoints.is_empty() && expect.checkpoints != seen {
        problems.push(format!(
            "expected checkpoints {:?}, met {seen:?}",
            expect.checkpoints
        ));
    }
    for s in &expect.report_contains {
        if !report.markdown.contains(s.as_str()) {
            problems.push(format!("the report does not contain {s:?}"));
        }
    }
    for s in &expect.report_lacks {
        if report.markdown.contains(s.as_str()) {
            problems.push(format!("the report contains {s:?}"));
        }
    }
    for s in &expect.sources {
        if !report.sources.contains(s) {
            problems.push(format!(
                "the report does not cite {s}; it cites {:?}",
                report.sources
            ));
        }
    }
    if expect.aborted != report.aborted {
        problems.push(format!(
            "expected aborted = {}, got {}",
            expect.aborted, report.aborted
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
