//! The scripted six-turn session both session benchmarks run: a model stub
//! in the process (no network) drives a plan with deal_lookup, then direct
//! calls to revenue_projection, statement_comparison, deal_lookup and
//! revenue_projection, then a ~500-character answer, over tools that answer
//! instantly. Shared so the timed benchmark (`session`) and the
//! instruction-count guard (`session_instructions`) measure the same work.

use std::sync::Arc;

use serde_json::{Value, json};
use steer::model::{ModelReply, ScriptedModel, ToolCall};
use steer::run::{Driver, Limits, Outcome, Policy, Run};
use steer::session::{Durability, SessionLog};
use steer_tools::{DynTool, ToolFuture, ToolOutcome, Toolbox};

pub const TURNS: usize = 6;

/// A tool that answers at once with a small cited result.
struct Instant_ {
    name: &'static str,
}

impl DynTool for Instant_ {
    fn name(&self) -> &'static str {
        self.name
    }
    fn title(&self) -> &'static str {
        self.name
    }
    fn args_schema(&self) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "description": "stub tool for the benchmark", "properties": {"party": {"type": "string", "description": "a name"}}})
    }
    fn output_schema(&self) -> schemars::Schema {
        schemars::json_schema!({"type": "object"})
    }
    fn call_value(&self, _args: Value, _lang: steer_tools::OutputLang) -> ToolFuture<'_> {
        Box::pin(std::future::ready(Ok(ToolOutcome {
            value: json!({"value_usd": 100e9, "sources": [{"source": "001", "label": "001 l.75-77"}]}),
            attention: Vec::new(),
        })))
    }
}

pub fn replies() -> Vec<ModelReply> {
    let call = |id: &str, name: &str, args: String| ModelReply {
        content: None,
        tool_calls: vec![ToolCall {
            id: id.into(),
            name: name.into(),
            arguments: args,
        }],
        usage: None,
    };
    let plan = json!({"goal": "g", "steps": [{"id": "s1", "tool": "deal_lookup", "arguments": "{\"party\":\"NVIDIA\"}", "depends_on": [], "rationale": "r", "checkpoint": false}]});
    let args = json!({"party": "OpenAI"}).to_string();
    let answer = "NVIDIA's investment in OpenAI is up to $100B (001 l.75-77). ".repeat(8);
    vec![
        call("t1", "submit_plan", plan.to_string()),
        call("t2", "revenue_projection", args.clone()),
        call("t3", "statement_comparison", args.clone()),
        call("t4", "deal_lookup", args.clone()),
        call("t5", "revenue_projection", args),
        ModelReply {
            content: Some(answer[..answer.len().min(500)].to_string()),
            tool_calls: Vec::new(),
            usage: None,
        },
    ]
}

pub fn toolbox() -> Toolbox {
    let mut tb = Toolbox::default();
    for name in ["deal_lookup", "revenue_projection", "statement_comparison"] {
        tb.register(Instant_ { name }).unwrap();
    }
    tb
}

/// A run ready to go: its log file created (a once-per-session cost that
/// does not depend on the number of turns).
pub fn prepare(
    tb: &Toolbox,
    replies: &[ModelReply],
    dir: Option<&std::path::Path>,
    n: usize,
    durability: Durability,
) -> Driver {
    // Replies handed out as they are, requests not kept: what is measured
    // is the runtime.
    let model = Arc::new(
        replies
            .iter()
            .fold(ScriptedModel::new().forgetful(), |m, r| m.reply(r.clone())),
    );
    let id = format!("bench-{n}");
    let start = steer::session::Event::Start {
        id: id.clone(),
        request: "bench".into(),
        policy: "none".into(),
        limits: Limits::default(),
        model: "stub".into(),
        data: "built-in".into(),
        created: steer::session::now(),
        context: Vec::new(),
        lang: steer::i18n::Lang::En,
        chat: None,
    };
    let log = dir.map(|d| {
        use steer::store::{NewSession, SessionStore, files::FileStore};
        let store = FileStore::new(d).with_durability(durability);
        let new = NewSession {
            id: id.clone(),
            owner: "bench".into(),
            kind: "research".into(),
            request: "bench".into(),
            chat: None,
        };
        let first = steer::session::encode(1, &start, &[]).unwrap();
        let writer = store.create(&new, &first).unwrap();
        SessionLog::new(writer, store.log_path(&id))
    });
    let run = Run::new(
        &id,
        "bench",
        tb.shared_specs().collect(),
        "none".parse::<Policy>().unwrap(),
        Limits::default(),
    );
    Driver::new(
        run,
        model,
        tb.clone(),
        log.map(|l| Box::new(l) as Box<dyn steer::run::EventLog>),
    )
}

pub fn drive(rt: &tokio::runtime::Runtime, mut driver: Driver) {
    match rt.block_on(driver.advance()).unwrap() {
        Outcome::Done(_) => {}
        Outcome::Pause(cp) => panic!("unexpected pause {cp:?}"),
    }
}
