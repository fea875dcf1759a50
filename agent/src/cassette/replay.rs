//! Replay: a tower service that answers from a cassette, in order, and
//! fails with a readable diff when the runtime sends something else.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::answer::Answer;
use super::{Cassette, RecordedResponse};

#[derive(Debug)]
struct State {
    cassette: Cassette,
    next: usize,
    name: String,
}

/// Answers requests from a cassette. Clones share the position.
#[derive(Debug, Clone)]
pub struct Replayer {
    state: Arc<Mutex<State>>,
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// A unified diff of two request bodies, only the changed regions.
pub fn diff(expected: &Value, actual: &Value) -> String {
    let (a, b) = (pretty(expected), pretty(actual));
    let d = similar::TextDiff::from_lines(&a, &b);
    d.unified_diff()
        .context_radius(3)
        .header("recorded request", "actual request")
        .to_string()
}

impl Replayer {
    pub fn new(cassette: Cassette, name: &str) -> Replayer {
        Replayer {
            state: Arc::new(Mutex::new(State {
                cassette,
                next: 0,
                name: name.to_string(),
            })),
        }
    }

    /// Starts the replay after the first `n` interactions: a resumed
    /// session has their replies in its log already.
    pub fn starting_at(self, n: usize) -> Replayer {
        if let Ok(mut s) = self.state.lock() {
            s.next = n.min(s.cassette.interactions.len());
        }
        self
    }

    /// Fails when interactions were left unused: the run stopped early or
    /// took another path than the recording.
    pub fn finish(&self) -> Result<(), String> {
        let s = self
            .state
            .lock()
            .map_err(|_| "the replay state is poisoned".to_string())?;
        let left = s.cassette.interactions.len().saturating_sub(s.next);
        if left == 0 {
            Ok(())
        } else {
            Err(format!(
                "cassette {}: {left} interaction(s) left unused (used {} of {})",
                s.name,
                s.next,
                s.cassette.interactions.len()
            ))
        }
    }
}

impl Answer for Replayer {
    fn answer(&self, method: &str, path: &str, body: &Value) -> Result<RecordedResponse, String> {
        let mut s = self
            .state
            .lock()
            .map_err(|_| "the replay state is poisoned".to_string())?;
        let index = s.next;
        let Some(expected) = s.cassette.interactions.get(index).cloned() else {
            return Err(format!(
                "cassette {}: the runtime made request {} but the cassette holds only {}",
                s.name,
                index + 1,
                s.cassette.interactions.len()
            ));
        };
        if expected.request.method != method
            || expected.request.path != path
            || expected.request.body != *body
        {
            return Err(format!(
                "cassette {}: request {} does not match the recording ({} {} vs recorded {} {}):\n{}",
                s.name,
                index + 1,
                method,
                path,
                expected.request.method,
                expected.request.path,
                diff(&expected.request.body, body)
            ));
        }
        s.next += 1;
        Ok(expected.response)
    }
}
