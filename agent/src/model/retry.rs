//! Retries for model requests: 429 and 5xx, honouring `Retry-After` up to
//! a cap, else capped exponential backoff.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use async_openai::error::OpenAIError;
use async_openai::middleware::{HttpRequestFactory, ReqwestService};

/// reqwest under a per-attempt timeout, under a retry policy that honours
/// `Retry-After`: the HTTP stack for a real endpoint.
pub fn production_service(
    max_retries: u32,
    timeout: Duration,
) -> impl tower::Service<
    HttpRequestFactory,
    Response = reqwest::Response,
    Error = OpenAIError,
    Future: Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    tower::ServiceBuilder::new()
        .layer(tower::retry::RetryLayer::new(RetryAfter::new(max_retries)))
        // The timeout applies to each attempt; its error is made an
        // OpenAIError so the retry policy and async-openai see one type.
        .map_err(|e: tower::BoxError| match e.downcast::<OpenAIError>() {
            Ok(e) => *e,
            Err(e) => OpenAIError::Boxed(e),
        })
        .layer(tower::timeout::TimeoutLayer::new(timeout))
        // One client for the process: every model shares its pool.
        .service(ReqwestService::new(
            CLIENT.get_or_init(reqwest::Client::new).clone(),
        ))
}

static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();

/// A server asking for a longer wait than this is not retried: the error
/// reaches the user, who can decide, instead of a silent hour-long sleep.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const BASE: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

#[derive(Debug, Clone)]
pub struct RetryAfter {
    max_retries: u32,
    attempt: u32,
}

impl RetryAfter {
    pub fn new(max_retries: u32) -> Self {
        Self {
            max_retries,
            attempt: 0,
        }
    }

    /// How long to wait before the next attempt, or `None` to give up.
    pub fn delay(&self, status: u16, retry_after: Option<&str>) -> Option<Duration> {
        let retryable = status == 429 || (500..600).contains(&status);
        if !retryable || self.attempt >= self.max_retries {
            return None;
        }
        match retry_after.and_then(|v| v.trim().parse::<f64>().ok()) {
            Some(secs) if secs >= 0.0 => {
                let d = Duration::from_secs_f64(secs);
                (d <= MAX_RETRY_AFTER).then_some(d)
            }
            _ => Some(
                BASE.saturating_mul(2u32.saturating_pow(self.attempt))
                    .min(MAX_BACKOFF),
            ),
        }
    }
}

/// The wait a retryable answer asks for when it is beyond what steer waits.
fn long_wait(status: u16, retry_after: Option<&str>) -> Option<f64> {
    let retryable = status == 429 || (500..600).contains(&status);
    let secs = retry_after?.trim().parse::<f64>().ok()?;
    (retryable && secs > MAX_RETRY_AFTER.as_secs_f64()).then_some(secs)
}

impl tower::retry::Policy<HttpRequestFactory, reqwest::Response, OpenAIError> for RetryAfter {
    type Future = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

    fn retry(
        &mut self,
        _req: &mut HttpRequestFactory,
        result: &mut Result<reqwest::Response, OpenAIError>,
    ) -> Option<Self::Future> {
        let delay = match result {
            Ok(response) => {
                let status = response.status().as_u16();
                let header = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok());
                match (self.delay(status, header), long_wait(status, header)) {
                    (Some(d), _) => d,
                    // Waiting this long silently would look like a hang;
                    // the user is told the wait and decides.
                    (None, Some(secs)) => {
                        *result = Err(OpenAIError::Boxed(
                            format!(
                                "HTTP {status}: the endpoint asks to wait {secs:.0} s before trying again (Retry-After), longer than steer waits ({} s)",
                                MAX_RETRY_AFTER.as_secs()
                            )
                            .into(),
                        ));
                        return None;
                    }
                    (None, None) => return None,
                }
            }
            Err(OpenAIError::Reqwest(e)) if e.is_connect() && self.attempt < self.max_retries => {
                BASE.saturating_mul(2u32.saturating_pow(self.attempt))
                    .min(MAX_BACKOFF)
            }
            Err(_) => return None,
        };
        self.attempt += 1;
        Some(Box::pin(tokio::time::sleep(delay)))
    }

    fn clone_request(&mut self, req: &HttpRequestFactory) -> Option<HttpRequestFactory> {
        Some(req.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryAfter::new(3);
        assert_eq!(p.delay(429, Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(
            p.delay(429, Some("3600")),
            None,
            "too long a wait goes to the user"
        );
        assert_eq!(p.delay(503, None), Some(BASE));
        assert_eq!(p.delay(400, None), None);
        let spent = RetryAfter {
            max_retries: 3,
            attempt: 3,
        };
        assert_eq!(spent.delay(500, None), None);
        let later = RetryAfter {
            max_retries: 9,
            attempt: 8,
        };
        assert_eq!(later.delay(500, None), Some(MAX_BACKOFF));
    }
}
