//! A model that answers from a script, for tests and benchmarks.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::{Model, ModelError, ModelFuture, ModelReply, ModelRequest, ToolCall};

type Step = Box<dyn Fn(&ModelRequest) -> Result<ModelReply, ModelError> + Send + Sync>;

/// Answers each request with the next scripted reply; a script that runs
/// out is an error, never a repeat.
#[derive(Default)]
pub struct ScriptedModel {
    steps: Mutex<VecDeque<Step>>,
    seen: Mutex<Vec<ModelRequest>>,
    /// Keeps no copy of the requests (a benchmark measures the runtime,
    /// not the copying).
    forgetful: bool,
}

impl ScriptedModel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Does not keep the requests it receives ([`Self::requests`] stays
    /// empty).
    pub fn forgetful(mut self) -> Self {
        self.forgetful = true;
        self
    }

    /// Adds `reply` as it is.
    pub fn reply(self, reply: ModelReply) -> Self {
        self.then(move |_| Ok(reply.clone()))
    }

    /// Adds a reply computed from the request.
    pub fn then(
        self,
        step: impl Fn(&ModelRequest) -> Result<ModelReply, ModelError> + Send + Sync + 'static,
    ) -> Self {
        if let Ok(mut steps) = self.steps.lock() {
            steps.push_back(Box::new(step));
        }
        self
    }

    /// Adds a reply calling `tool` with `arguments`.
    pub fn call(self, id: &str, tool: &str, arguments: &str) -> Self {
        self.reply(ModelReply {
            content: None,
            tool_calls: vec![ToolCall {
                id: id.to_string(),
                name: tool.to_string(),
                arguments: arguments.to_string(),
            }],
            usage: None,
        })
    }

    /// Adds a plain-text reply.
    pub fn say(self, text: &str) -> Self {
        self.reply(ModelReply {
            content: Some(text.to_string()),
            tool_calls: Vec::new(),
            usage: None,
        })
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<ModelRequest> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn remaining(&self) -> usize {
        self.steps.lock().map(|s| s.len()).unwrap_or(0)
    }
}

impl Model for ScriptedModel {
    fn name(&self) -> String {
        "scripted".to_string()
    }

    fn complete<'a>(
        &'a self,
        request: &'a ModelRequest,
        on_text: &'a (dyn Fn(&str) + Send + Sync),
    ) -> ModelFuture<'a> {
        Box::pin(async move {
            if !self.forgetful
                && let Ok(mut seen) = self.seen.lock()
            {
                seen.push(request.clone());
            }
            let step = self.steps.lock().ok().and_then(|mut s| s.pop_front());
            let step = step.ok_or_else(|| {
                ModelError::Malformed("the scripted model has no reply left".to_string())
            })?;
            let reply = step(request)?;
            if let Some(text) = &reply.content {
                on_text(text);
            }
            Ok(reply)
        })
    }
}
