//! Telling a finished stream from a cut one. async-openai ends its SSE
//! stream the same way at `data: [DONE]` and when the connection closes,
//! so this service, below it, watches each event stream for `[DONE]` and,
//! when the body ends without it, appends one last event that says so
//! ([`CUT_MARKER`]). The stream reader then knows the difference.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use futures_util::StreamExt;

/// The key of the event appended to a stream that ended without `[DONE]`.
pub const CUT_MARKER: &str = "steer_stream_cut";

#[derive(Clone)]
pub struct MarkStreamEnd<S> {
    inner: S,
}

impl<S> MarkStreamEnd<S> {
    pub fn new(inner: S) -> Self {
        MarkStreamEnd { inner }
    }
}

impl<S> tower::Service<HttpRequestFactory> for MarkStreamEnd<S>
where
    S: tower::Service<HttpRequestFactory, Response = reqwest::Response>,
    S::Future: Send + 'static,
    S::Error: Into<OpenAIError>,
{
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future =
        Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: HttpRequestFactory) -> Self::Future {
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await.map_err(Into::into)?;
            Ok(mark(response))
        })
    }
}

fn mark(response: reqwest::Response) -> reqwest::Response {
    let is_sse = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if !is_sse || !response.status().is_success() {
        return response;
    }
    let status = response.status();
    let headers = response.headers().clone();
    let done = Arc::new(AtomicBool::new(false));
    let seen = done.clone();
    // `[DONE]` may be split across chunks: keep the tail of the last one.
    let mut carry: Vec<u8> = Vec::new();
    let body = response.bytes_stream().map(move |chunk| {
        if let Ok(bytes) = &chunk {
            carry.extend_from_slice(bytes);
            if carry.windows(6).any(|w| w == b"[DONE]") {
                seen.store(true, Ordering::Relaxed);
            }
            let keep = carry.len().saturating_sub(5);
            carry.drain(..keep);
        }
        chunk
    });
    let tail = futures_util::stream::once(async move {
        (!done.load(Ordering::Relaxed)).then(|| {
            Ok::<_, reqwest::Error>(bytes::Bytes::from(format!(
                "\n\ndata: {{\"{CUT_MARKER}\":true}}\n\n"
            )))
        })
    })
    .filter_map(std::future::ready);
    let mut http = http::Response::new(reqwest::Body::wrap_stream(body.chain(tail)));
    *http.status_mut() = status;
    *http.headers_mut() = headers;
    reqwest::Response::from(http)
}
