//! Record: a tower layer-like wrapper that passes requests to the real
//! service and writes each exchange to a cassette, secrets redacted before
//! anything touches the disk.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use serde_json::Value;

use super::{
    Cassette, Interaction, KEPT_HEADERS, RecordedRequest, RecordedResponse, redact, redact_stream,
    relative_path,
};

#[derive(Clone)]
pub struct Recorder<S> {
    inner: S,
    cassette: Arc<Mutex<Cassette>>,
    path: PathBuf,
    secrets: Arc<Vec<String>>,
}

impl<S> Recorder<S> {
    /// Records through `inner` into `path`; `secrets` are literal values
    /// (the API key) to scrub besides the patterns always scrubbed.
    pub fn new(inner: S, path: PathBuf, comment: &str, secrets: Vec<String>) -> Recorder<S> {
        Recorder {
            inner,
            cassette: Arc::new(Mutex::new(Cassette {
                comment: comment.to_string(),
                interactions: Vec::new(),
            })),
            path,
            secrets: Arc::new(secrets),
        }
    }
}

impl<S> tower::Service<HttpRequestFactory> for Recorder<S>
where
    S: tower::Service<HttpRequestFactory, Response = reqwest::Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<OpenAIError> + Send + 'static,
{
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future =
        Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let mut inner = self.inner.clone();
        let me = self.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let mut body: Value = super::request_body(&request);
            let path = relative_path(request.url());
            let method = request.method().to_string();
            let response = inner.call(factory).await.map_err(Into::into)?;
            let status = response.status().as_u16();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter(|(k, _)| KEPT_HEADERS.contains(&k.as_str()))
                .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
                .collect();
            let bytes = response.bytes().await.map_err(OpenAIError::Reqwest)?;
            let text = String::from_utf8_lossy(&bytes).to_string();
            let is_sse = headers
                .iter()
                .any(|(k, v)| k == "content-type" && v.starts_with("text/event-stream"));
            redact(&mut body, &me.secrets);
            let (json_body, sse) = if is_sse {
                let lines: Vec<String> = text
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|l| l.trim().to_string())
                    .collect();
                (None, Some(redact_stream(&lines, &me.secrets)))
            } else {
                let mut v: Value =
                    serde_json::from_str(&text).unwrap_or(Value::String(text.clone()));
                redact(&mut v, &me.secrets);
                (Some(v), None)
            };
            {
                let mut c = me.cassette.lock().map_err(|_| {
                    OpenAIError::InvalidArgument("the recorder state is poisoned".into())
                })?;
                c.interactions.push(Interaction {
                    request: RecordedRequest { method, path, body },
                    response: RecordedResponse {
                        status,
                        headers: headers.clone(),
                        body: json_body,
                        sse,
                    },
                });
                // Saved after every exchange: a killed recording keeps what it has.
                c.save(&me.path)
                    .map_err(|e| OpenAIError::InvalidArgument(e.to_string()))?;
            }
            let mut builder = http::Response::builder().status(status);
            for (k, v) in &headers {
                builder = builder.header(k.as_str(), v.as_str());
            }
            let http = builder.body(bytes.to_vec()).map_err(|e| {
                OpenAIError::InvalidArgument(format!("cannot rebuild the response: {e}"))
            })?;
            Ok(reqwest::Response::from(http))
        })
    }
}
