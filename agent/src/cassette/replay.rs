//! Replay: a tower service that answers from a cassette, in order, and
//! fails with a readable diff when the runtime sends something else.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use serde_json::Value;

use super::{Cassette, RecordedResponse, relative_path};

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

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReplayMiss(pub String);

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

pub fn to_http(response: &RecordedResponse) -> Result<reqwest::Response, OpenAIError> {
    let mut builder = http::Response::builder().status(response.status);
    for (k, v) in &response.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let text = match (&response.sse, &response.body) {
        (Some(lines), _) => lines
            .iter()
            .map(|l| format!("data: {l}\n\n"))
            .collect::<String>(),
        (None, Some(body)) => body.to_string(),
        (None, None) => String::new(),
    };
    let http = builder
        .body(text)
        .map_err(|e| OpenAIError::InvalidArgument(format!("bad recorded response: {e}")))?;
    Ok(reqwest::Response::from(http))
}

impl tower::Service<HttpRequestFactory> for Replayer {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future =
        Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let me = self.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let body: Value = request
                .body()
                .and_then(|b| b.as_bytes())
                .and_then(|b| serde_json::from_slice(b).ok())
                .unwrap_or(Value::Null);
            let path = relative_path(request.url());
            let response = me
                .answer(request.method().as_str(), &path, &body)
                .map_err(|e| OpenAIError::Boxed(Box::new(ReplayMiss(e))))?;
            to_http(&response)
        })
    }
}
