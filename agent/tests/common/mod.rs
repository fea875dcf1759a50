//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

/// Variables that would let the machine's own setup change what a test
/// sees: a model, endpoint or key, a dataset, a cassette, an editor.
const LEAKY_VARS: &[&str] = &[
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "STEER_MODEL",
    "STEER_DATA",
    "STEER_FROM_CASSETTE",
    "STEER_LANG",
    "STEER_MCP_TOKEN",
    "STEER_MCP_TOKENS",
    "STEER_STORE",
    "LC_ALL",
    "LC_MESSAGES",
    "VISUAL",
    "EDITOR",
    "NO_COLOR",
];

/// Isolates a steer process from the machine it runs on: no config file
/// and none of [`LEAKY_VARS`]. Tests add back what they mean to set.
pub fn isolate(cmd: &mut Command) -> &mut Command {
    cmd.env("STEER_CONFIG", "/nonexistent/steer-test-config.toml");
    // English unless a test asks otherwise, whatever the machine's locale.
    cmd.env("LANG", "C.UTF-8");
    for var in LEAKY_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// The `steer` binary, [`isolate`]d.
pub fn steer() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steer"));
    isolate(&mut cmd);
    cmd
}

/// Fails the test with the process's stderr unless it exited with 0.
#[track_caller]
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Sends JSON-RPC `messages` (one per line) to an MCP server started as
/// `program args`, closes its stdin, and returns the responses by id.
pub fn mcp_exchange(program: &str, args: &[String], messages: &[Value]) -> Vec<Value> {
    let lines: Vec<String> = messages.iter().map(Value::to_string).collect();
    let mut responses = mcp_exchange_lines(program, args, &lines);
    responses.sort_by_key(|r| r["id"].as_u64().unwrap_or(u64::MAX));
    responses
}

/// Sends raw `lines` (which need not be valid JSON) to an MCP server and
/// returns every line it wrote to stdout, each of which must be JSON.
pub fn mcp_exchange_lines(program: &str, args: &[String], lines: &[String]) -> Vec<Value> {
    let mut child = isolate(&mut Command::new(program))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    {
        let mut stdin = child.stdin.take().unwrap();
        for l in lines {
            writeln!(stdin, "{l}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("stdout carries a non-JSON-RPC line {l:?}: {e}"))
        })
        .collect()
}

pub fn initialize(version: &str) -> Vec<Value> {
    vec![
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "steer-test", "version": "0"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    ]
}

pub mod database;
pub mod server;

/// A driver for `request` over the built-in dataset with the offline
/// planner as the model, after the chat `turns`, logging nothing.
pub fn offline_driver(request: &str, turns: &[steer::run::Turn]) -> steer::run::Driver {
    offline_driver_in(request, turns, steer::i18n::Lang::En)
}

/// [`offline_driver`], the report asked for in `lang`.
pub fn offline_driver_in(
    request: &str,
    turns: &[steer::run::Turn],
    lang: steer::i18n::Lang,
) -> steer::run::Driver {
    let data = std::sync::Arc::new(steer_tools::Dataset::builtin().unwrap());
    offline_driver_on(data, request, turns, lang)
}

/// [`offline_driver_in`] over `data` instead of the built-in dataset.
pub fn offline_driver_on(
    data: std::sync::Arc<steer_tools::Dataset>,
    request: &str,
    turns: &[steer::run::Turn],
    lang: steer::i18n::Lang,
) -> steer::run::Driver {
    use std::sync::Arc;
    let toolbox = steer_tools::Toolbox::research(data.clone()).unwrap();
    let endpoint = steer::model::Endpoint {
        base_url: None,
        api_key: None,
        model: "offline".into(),
        timeout: std::time::Duration::from_secs(10),
        max_retries: 0,
    };
    let model = Arc::new(steer::model::OpenAiModel::with_service(
        &endpoint,
        steer::cassette::Answering::new(steer::offline::OfflinePlanner::new(data)),
    ));
    let run = steer::run::Run::new(
        "t",
        request,
        toolbox.shared_specs().collect(),
        steer::run::Policy::default(),
        steer::run::Limits::default(),
    )
    .with_context(turns)
    .with_lang(lang);
    steer::run::Driver::new(run, model, toolbox, None)
}

/// A toolbox whose one tool, `boom`, panics on every call: a stand-in for
/// a bug in a tool.
pub fn panicking_toolbox() -> steer_tools::Toolbox {
    #[derive(schemars::JsonSchema, serde::Deserialize)]
    /// Panics on every call (a stand-in for a bug in a tool).
    struct Args {}
    struct Boom;
    impl steer_tools::Tool for Boom {
        const NAME: &'static str = "boom";
        const TITLE: &'static str = "Boom";
        type Args = Args;
        type Output = Value;
        async fn call(
            &self,
            _args: Args,
            _lang: steer_tools::OutputLang,
        ) -> Result<Value, steer_tools::ToolError> {
            panic!("a bug in a tool")
        }
    }
    let mut toolbox = steer_tools::Toolbox::default();
    toolbox.register(Boom).unwrap();
    toolbox
}
