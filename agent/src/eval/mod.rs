//! `steer eval`: runs a question set through a planner (the configured
//! model, or the offline planner), approving every checkpoint as `--yes`
//! does, and scores each answer: the tools it chose, the facts and
//! sources its report holds, numbers no tool produced, refusals, and what
//! it cost (checkpoints, model calls, tokens, wall time).

pub mod ingest;
mod score;
pub mod set;

use std::path::PathBuf;

use std::time::Instant;

use serde::Serialize;

pub use score::{Scorecard, Totals, by_kind};
pub use set::Question;

use crate::model::ModelError;
use crate::run::{Driver, Limits, Policy, Report, RunError};
use crate::service::{self, Automatic, Ended, NewRun, ServiceError, SessionOptions, Uncancellable};

/// How one question went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub id: String,
    pub request: String,
    pub kind: String,
    /// The language the run reported in.
    pub lang: String,
    /// The planner declined, with its message.
    pub refused: Option<String>,
    /// The run failed otherwise (not a refusal), with why.
    pub error: Option<String>,
    /// Tools called successfully, in call order, each once.
    pub tools_called: Vec<String>,
    pub report: Option<String>,
    pub unverified_numbers: Vec<String>,
    pub cited: Vec<String>,
    pub checkpoints: u32,
    pub model_calls: u64,
    pub tokens: u64,
    pub wall_ms: f64,
    /// The run ended at this limit (the question's ceiling): it did not
    /// answer, and `error` says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<crate::run::state::LimitStop>,
}

/// Where the eval runs.
pub struct Setup<'a> {
    pub options: &'a SessionOptions,
    pub data: Option<&'a PathBuf>,
    pub timeout: u64,
    /// Each question's ceilings: a run that reaches one ends there (as
    /// under `--yes`), and the scorecard says which questions did.
    pub limits: Limits,
}

/// Runs every question (one session each, in a session directory of its
/// own unless the options name one) and scores the answers.
pub fn run(questions: &[Question], setup: &Setup) -> Result<Scorecard, ServiceError> {
    service::runtime()?.block_on(run_in(questions, setup))
}

/// [`run`] on the caller's async runtime.
pub async fn run_in(questions: &[Question], setup: &Setup<'_>) -> Result<Scorecard, ServiceError> {
    if setup.options.from_cassette.is_some() {
        return Err(ServiceError::usage(
            "steer eval runs each question against the model; a cassette replays one recorded run (use `steer replay` for that)",
        ));
    }
    // Sessions go to a directory of their own unless a place is named: an
    // eval is not the user's research history.
    let named = setup.options.session_dir.is_some() || setup.options.store.is_some();
    let scratch = match named {
        true => None,
        false => Some(tempfile::tempdir().map_err(|e| {
            ServiceError::failure(format!("cannot make a session directory for the eval: {e}"))
        })?),
    };
    let mut options = setup.options.clone();
    if let Some(dir) = &scratch {
        options = options.with_session_dir(dir.path());
    }
    let sessions =
        service::SessionService::new(options, service::Data::new(setup.data), setup.timeout);
    // One model for every question.
    let model = sessions.model()?;
    let sessions = sessions.with_model(model.clone());
    let mut answers = Vec::with_capacity(questions.len());
    let mut steered = Vec::with_capacity(questions.len());
    let toolbox = sessions.data().toolbox()?;
    for q in questions {
        let (answer, id) = ask(q, &sessions, setup).await?;
        answers.push(answer);
        // Read back from the store, as `steer sessions --stats` reads it.
        let (id, events) = sessions.read(&id)?;
        if let Ok(shown) = crate::show::Shown::of(&id, &events, &toolbox) {
            steered.push(crate::show::stats::SessionStats::of(&shown));
        }
    }
    let mut card = score::card(questions, answers, &model.name());
    card.steering = crate::show::stats::SteeringStats::of(steered);
    Ok(card)
}

async fn ask(
    q: &Question,
    sessions: &service::SessionService,
    setup: &Setup<'_>,
) -> Result<(Answer, String), ServiceError> {
    let options = sessions.options();
    let setting = match &q.lang {
        Some(l) => l.parse().map_err(ServiceError::usage)?,
        None => options.lang()?,
    };
    let lang = setting.resolve(Some(&q.request));
    let new = NewRun {
        request: q.request.clone(),
        policy: Policy::default(),
        limits: setup.limits.clone(),
        context: Vec::new(),
        lang,
        chat: None,
    };
    let started = Instant::now();
    let mut driver = sessions.start(new)?;
    let outcome = drive(&mut driver).await;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    let run = &driver.run;
    let mut tools_called: Vec<String> = Vec::new();
    for c in run.tool_calls.iter().filter(|c| c.ok) {
        if !tools_called.contains(&c.tool) {
            tools_called.push(c.tool.clone());
        }
    }
    let mut answer = Answer {
        id: q.id.clone(),
        request: q.request.clone(),
        kind: q.kind.clone(),
        lang: lang.code().to_string(),
        refused: None,
        error: None,
        tools_called,
        report: None,
        unverified_numbers: Vec::new(),
        cited: Vec::new(),
        checkpoints: run.checkpoints_seen,
        model_calls: run.model_calls,
        tokens: run.tokens,
        wall_ms,
        limit: None,
    };
    match outcome {
        Ok(report) if report.limit.is_some() => {
            answer.limit = report.limit;
            answer.error = report.limit.map(|stop| {
                format!(
                    "stopped at the limit: {}, {} of {}",
                    stop.limit.describe(crate::i18n::Lang::En),
                    stop.used,
                    stop.allowed
                )
            });
        }
        Ok(report) => {
            answer.unverified_numbers = report.unverified_numbers.clone();
            answer.cited = report.sources.clone();
            answer.report = Some(report.markdown);
        }
        Err(Stopped::Run(RunError::Model(ModelError::Declined(message)))) => {
            answer.refused = Some(message);
        }
        Err(Stopped::Run(e)) => answer.error = Some(e.to_string()),
        Err(Stopped::Refused(why)) => answer.error = Some(why),
    }
    Ok((answer, driver.id().to_string()))
}

/// How a run ended short of a report.
enum Stopped {
    Run(RunError),
    /// The automatic answer was refused at a checkpoint (why).
    Refused(String),
}

/// Advances the run to its report, answering every checkpoint as
/// `--yes` does.
async fn drive(driver: &mut Driver) -> Result<Report, Stopped> {
    match service::drive(driver, &mut Automatic, &mut Uncancellable).await {
        Ended::Done(report) => Ok(report),
        Ended::Failed(e) => Err(Stopped::Run(e)),
        Ended::Cancelled => Err(Stopped::Refused("the run was cancelled".to_string())),
        Ended::Paused {
            refused: Some(why), ..
        } => Err(Stopped::Refused(why)),
        Ended::Paused {
            checkpoint: cp,
            refused: None,
        } => Err(Stopped::Refused(format!(
            "checkpoint {} was left paused",
            cp.number
        ))),
    }
}
