#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer mcp` against raw JSON-RPC for every handshake protocol version
//! rmcp supports, and against the official MCP Python SDK.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rmcp::model::ProtocolVersion;
use serde_json::json;

const STEER: &str = env!("CARGO_BIN_EXE_steer");

#[test]
fn every_handshake_version_lists_and_calls_tools() {
    let versions: Vec<String> = ProtocolVersion::KNOWN_VERSIONS
        .iter()
        .filter(|v| v.has_initialize())
        .map(|v| v.to_string())
        .collect();
    assert!(versions.len() >= 4, "{versions:?}");
    for version in versions {
        let mut messages = common::initialize(&version);
        messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
        messages.push(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "deal_lookup", "arguments": {"party": "MSFT"}}}));
        messages.push(json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "revenue_projection", "arguments": {"horizon_years": 80}}}));
        messages.push(json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "deal_lokup", "arguments": {}}}));
        let r = common::mcp_exchange(STEER, &["mcp".to_string()], &messages);
        assert_eq!(r.len(), 5, "{version}: {r:?}");
        assert_eq!(r[0]["result"]["protocolVersion"], version.as_str());
        let tools = r[1]["result"]["tools"].as_array().unwrap();
        assert_eq!(tools.len(), 3);
        for t in tools {
            assert_eq!(
                t["inputSchema"]["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            assert_eq!(t["outputSchema"]["type"], "object");
            assert_eq!(t["annotations"]["readOnlyHint"], true);
            assert_eq!(t["annotations"]["destructiveHint"], false);
            assert_eq!(t["annotations"]["openWorldHint"], false);
        }
        assert_eq!(
            r[2]["result"]["structuredContent"]["party"]["name"], "Microsoft",
            "{version}"
        );
        assert_eq!(r[2]["result"]["isError"], false);
        assert_eq!(
            r[3]["result"]["isError"], true,
            "bad arguments are a tool result, not a protocol error"
        );
        let text = r[3]["result"]["content"][0]["text"].as_str().unwrap();
        assert!(
            text.contains("`horizon_years` must be 1..=30, got 80")
                && text.contains("missing required field `scenarios`"),
            "{text}"
        );
        assert_eq!(r[4]["result"]["isError"], true);
        assert!(
            r[4]["result"]["content"][0]["text"]
                .as_str()
                .unwrap()
                .contains("did you mean `deal_lookup`")
        );
    }
}

#[test]
fn data_flag_applies_to_the_server() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "deal_lookup", "arguments": {"party": "Oracle"}}}));
    let args = vec![
        "--data".to_string(),
        dir.display().to_string(),
        "mcp".to_string(),
    ];
    let r = common::mcp_exchange(STEER, &args, &messages);
    assert_eq!(r[1]["result"]["structuredContent"]["party"]["id"], "oracle");
}

/// A Python with the pinned `mcp` package: `STEER_MCP_PYTHON` if set (CI
/// sets it after installing), else a virtualenv under the target directory,
/// created and filled from PyPI on first use.
fn python_with_mcp() -> PathBuf {
    if let Ok(p) = std::env::var("STEER_MCP_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mcp-venv");
    let python = venv.join("bin/python");
    let requirements =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client/requirements.txt");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import mcp"])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 is needed for the MCP interoperability test");
        assert!(
            status.success(),
            "python3 -m venv {} failed",
            venv.display()
        );
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "-r"])
            .arg(&requirements)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "pip install -r {} failed (the test needs PyPI or STEER_MCP_PYTHON)",
            requirements.display()
        );
    }
    python
}

#[test]
fn official_python_sdk_client() {
    let python = python_with_mcp();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client/client.py");
    let out = Command::new(&python)
        .arg(&script)
        .env("STEER_BIN", STEER)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Python MCP client failed:\n{stdout}\n{stderr}"
    );
    for mode in ["legacy", "2026-07-28", "auto"] {
        assert!(stdout.contains(&format!("ok {mode}:")), "{stdout}");
    }
}
