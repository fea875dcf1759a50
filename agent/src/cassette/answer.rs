//! The one tower service for in-process model endpoints: replay, authored
//! answers and the offline planner all answer a request body with a
//! recorded-style response, and share this adapter below async-openai.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use serde_json::Value;

use super::{RecordedResponse, relative_path};

/// Answers one chat-completions request in process.
pub trait Answer: Send + Sync + 'static {
    /// The response for a request, or why there is none (an error the
    /// caller sees verbatim).
    fn answer(&self, method: &str, path: &str, body: &Value) -> Result<RecordedResponse, String>;
}

/// An [`Answer`] as a tower service under async-openai, so the answers go
/// through async-openai's real response handling and SSE parsing.
pub struct Answering<A>(pub Arc<A>);

impl<A> Clone for Answering<A> {
    fn clone(&self) -> Self {
        Answering(self.0.clone())
    }
}

impl<A: Answer> Answering<A> {
    pub fn new(answer: A) -> Self {
        Answering(Arc::new(answer))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoAnswer(pub String);

/// The JSON body of a built request (`null` when there is none).
pub fn request_body(request: &reqwest::Request) -> Value {
    request
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or(Value::Null)
}

/// A recorded response as the HTTP response async-openai reads.
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
        .map_err(|e| OpenAIError::InvalidArgument(format!("bad response: {e}")))?;
    Ok(reqwest::Response::from(http))
}

impl<A: Answer> tower::Service<HttpRequestFactory> for Answering<A> {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future =
        Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let answer = self.0.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let body = request_body(&request);
            let path = relative_path(request.url());
            let response = answer
                .answer(request.method().as_str(), &path, &body)
                .map_err(|e| OpenAIError::Boxed(Box::new(NoAnswer(e))))?;
            to_http(&response)
        })
    }
}
