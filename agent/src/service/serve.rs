//! How `steer mcp` serves: its flags, the HTTP server's bounds (see the
//! book's deployment page) and its logs. Here, between the CLI that parses
//! them and the MCP server that keeps them, so neither imports the other.

use std::time::Duration;

/// Every bound the HTTP server keeps; each has a flag on `steer mcp`.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// The largest request body read (`--max-body`); 413 past it.
    pub max_body: usize,
    /// Time to send a request's headers (`--header-timeout`).
    pub header_timeout: Duration,
    /// Time to send a request's whole body (`--body-timeout`).
    pub body_timeout: Duration,
    /// Time to answer one request (`--request-timeout`): a `research`
    /// call runs a model, so this is long.
    pub request_timeout: Duration,
    /// Open connections at once (`--max-connections`); more wait.
    pub max_connections: usize,
    /// Requests served at once (`--max-in-flight`); more wait.
    pub max_in_flight: usize,
    /// An MCP session unused this long is closed (`--session-idle`).
    pub session_idle: Duration,
    /// MCP sessions open at once (`--max-sessions`); 503 past it.
    pub max_sessions: usize,
    /// A session unused this long rests (`--session-warm`): its worker is
    /// closed and only its handshake is kept, replayed on its next request.
    pub session_warm: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            max_body: 4 * 1024 * 1024,
            header_timeout: Duration::from_secs(5),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(900),
            max_connections: 1024,
            max_in_flight: 256,
            session_idle: Duration::from_secs(30 * 60),
            max_sessions: 10_000,
            session_warm: Duration::from_secs(60),
        }
    }
}

/// Where and how to listen.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    pub addr: String,
    /// Allow a non-loopback address (with a token).
    pub allow_remote: bool,
    /// The bearer tokens a request may carry, each with the name its
    /// sessions are owned by: `STEER_MCP_TOKEN` (named `mcp`) and
    /// `STEER_MCP_TOKENS` (`NAME=TOKEN,NAME=TOKEN`). None: no token asked,
    /// and sessions are the local user's.
    pub tokens: Vec<(String, String)>,
    /// Browser origins allowed besides the server's own (`--allow-origin`).
    pub allowed_origins: Vec<String>,
    pub limits: HttpLimits,
}

/// How the server's logs (stderr) are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Serve MCP over streamable HTTP at ADDR (e.g. 127.0.0.1:8080),
    /// path /mcp, instead of stdio. Loopback unless --allow-remote.
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,
    /// Allow a non-loopback --http address; requires STEER_MCP_TOKEN,
    /// the bearer token every request must carry.
    #[arg(long, requires = "http")]
    pub allow_remote: bool,
    /// A browser origin allowed to call the server besides its own
    /// (repeatable; e.g. https://app.example.com). Others get 403.
    #[arg(long, value_name = "ORIGIN", requires = "http")]
    pub allow_origin: Vec<String>,
    /// The largest request body read; 413 past it.
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = steer_tools::input::parse_size)]
    pub max_body: u64,
    /// Seconds a client has to send a request's headers.
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub header_timeout: u64,
    /// Seconds a client has to send a request's whole body.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub body_timeout: u64,
    /// Seconds to answer one request (a research call runs a model).
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub request_timeout: u64,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// Requests served at once; more wait.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_in_flight: usize,
    /// Seconds an MCP session may stay unused before it is closed.
    #[arg(long, value_name = "SECS", default_value_t = 1800)]
    pub session_idle: u64,
    /// MCP sessions open at once; new ones get 503 past it.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_sessions: usize,
    /// Seconds an MCP session may stay unused before its worker is closed
    /// to save memory (the session stays open; its next request replays
    /// its handshake).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub session_warm: u64,
    /// How logs on stderr are written.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl ServeArgs {
    /// The HTTP server's options, when serving HTTP.
    pub fn http_options(&self) -> Result<Option<HttpOptions>, String> {
        let Some(addr) = self.http.clone() else {
            return Ok(None);
        };
        let tokens = tokens(
            std::env::var("STEER_MCP_TOKEN").ok().as_deref(),
            std::env::var("STEER_MCP_TOKENS").ok().as_deref(),
        )?;
        Ok(Some(HttpOptions {
            addr,
            allow_remote: self.allow_remote,
            tokens,
            allowed_origins: self.allow_origin.clone(),
            limits: HttpLimits {
                max_body: usize::try_from(self.max_body).unwrap_or(usize::MAX),
                header_timeout: Duration::from_secs(self.header_timeout.max(1)),
                body_timeout: Duration::from_secs(self.body_timeout.max(1)),
                request_timeout: Duration::from_secs(self.request_timeout.max(1)),
                max_connections: self.max_connections.max(1),
                max_in_flight: self.max_in_flight.max(1),
                session_idle: Duration::from_secs(self.session_idle.max(1)),
                max_sessions: self.max_sessions,
                session_warm: Duration::from_secs(self.session_warm.max(1)),
            },
        }))
    }
}

/// The named tokens of `STEER_MCP_TOKEN` (named `mcp`) and
/// `STEER_MCP_TOKENS` (`NAME=TOKEN,...`); a malformed entry, an empty
/// name or token, or a name or token given twice is refused with what is
/// wrong (never the token itself).
pub fn tokens(single: Option<&str>, named: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(token) = single.map(str::trim).filter(|t| !t.is_empty()) {
        out.push(("mcp".to_string(), token.to_string()));
    }
    for (n, entry) in named
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .enumerate()
    {
        let Some((name, token)) = entry.split_once('=') else {
            return Err(format!(
                "STEER_MCP_TOKENS: entry {} is not NAME=TOKEN",
                n + 1
            ));
        };
        let (name, token) = (name.trim(), token.trim());
        if name.is_empty() || token.is_empty() {
            return Err(format!(
                "STEER_MCP_TOKENS: entry {} has an empty name or token",
                n + 1
            ));
        }
        if out.iter().any(|(m, t)| m == name || t == token) {
            return Err(format!(
                "STEER_MCP_TOKENS: entry {} ({name}) repeats a name or a token",
                n + 1
            ));
        }
        out.push((name.to_string(), token.to_string()));
    }
    Ok(out)
}

/// Sends `tracing` events to stderr, as text or JSON lines, at info and
/// above (`RUST_LOG`-style filtering is not needed for one server).
pub fn init_logs(format: LogFormat) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    // steer's own events from info up; libraries' only when they fail
    // (rmcp logs every session id it creates at info, and an id is a
    // capability that must not reach a log).
    let targets = tracing_subscriber::filter::Targets::new()
        .with_target("steer", tracing::Level::INFO)
        .with_default(tracing::Level::ERROR);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        // A log write that fails (stderr closed by whoever started the
        // server) is dropped; reporting it would write to stderr again.
        .log_internal_errors(false);
    let registry = tracing_subscriber::registry().with(targets);
    // A second initialisation (tests calling in one process) is harmless.
    let _ = match format {
        LogFormat::Text => registry.with(layer.with_ansi(false)).try_init(),
        LogFormat::Json => registry
            .with(
                layer
                    .json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_span_list(false),
            )
            .try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn named_tokens_are_read_and_bad_lists_refused_without_the_token() {
        let got = tokens(Some("solo"), Some(" ana=a1 , ben=b2,")).unwrap_or_default();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["mcp", "ana", "ben"]);
        assert!(tokens(None, None).unwrap_or_default().is_empty());
        for (bad, why) in [
            ("ana", "entry 1 is not NAME=TOKEN"),
            ("ana=a1,=b2", "entry 2 has an empty name"),
            ("ana=secret-1,ben=secret-1", "entry 2 (ben) repeats"),
            ("ana=a1,ana=a2", "entry 2 (ana) repeats"),
        ] {
            let e = tokens(None, Some(bad)).err().unwrap_or_default();
            assert!(e.contains(why), "{bad}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
    }
}
