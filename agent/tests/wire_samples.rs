#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every captured provider response in fixtures/wire-samples goes through
//! the real model seam: async-openai's HTTP handling and SSE parsing, then
//! steer's reply reader. Valid shapes parse; invalid ones give clear errors.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use steer::model::{
    Endpoint, Model, ModelError, ModelReply, ModelRequest, OpenAiModel, ToolChoice,
};

/// A service that answers every request with one fixed response.
#[derive(Clone)]
struct Fixed {
    status: u16,
    content_type: &'static str,
    body: String,
}

impl tower::Service<HttpRequestFactory> for Fixed {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), OpenAIError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: HttpRequestFactory) -> Self::Future {
        let me = self.clone();
        Box::pin(async move {
            let http = http::Response::builder()
                .status(me.status)
                .header("content-type", me.content_type)
                .body(me.body)
                .unwrap();
            Ok(reqwest::Response::from(http))
        })
    }
}

async fn replay(file: &Path) -> Result<ModelReply, ModelError> {
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let body = std::fs::read_to_string(file).unwrap();
    let stream = name.ends_with(".sse");
    let status = if name.starts_with("openai_400") {
        400
    } else {
        200
    };
    let service = Fixed {
        status,
        content_type: if stream {
            "text/event-stream"
        } else {
            "application/json"
        },
        body,
    };
    let endpoint = Endpoint {
        base_url: None,
        api_key: Some("sk-test".into()),
        model: "m".into(),
        timeout: Duration::from_secs(5),
        max_retries: 0,
    };
    let model = OpenAiModel::with_service(&endpoint, service);
    let request = ModelRequest {
        messages: Default::default(),
        tools: Default::default(),
        tool_choice: ToolChoice::Auto,
        stream,
    };
    model.complete(&request, &|_| {}).await
}

fn samples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/wire-samples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            (n.ends_with(".json") || n.ends_with(".sse")) && !n.ends_with(".request.json")
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn every_sample_parses_or_fails_clearly() {
    let files = samples();
    assert_eq!(files.len(), 19, "the samples are missing: {files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let result = replay(&file).await;
        match name.as_str() {
            "groq_compat_stream_error_event_tool_use_failed.sse" => {
                let e = result.expect_err(&name).to_string();
                assert!(
                    e.contains("tool_use_failed")
                        || e.contains("Tool call validation failed")
                        || e.contains("error"),
                    "{name}: {e}"
                );
            }
            "openai_400_invalid_tool_message_content_error.json" => {
                let e = result.expect_err(&name).to_string();
                assert!(e.contains("Content blocks are expected"), "{name}: {e}");
            }
            "openllmetry_refusal_structured_output_gpt4o.json" => {
                let e = result.expect_err(&name).to_string();
                assert!(e.contains("refused"), "{name}: {e}");
            }
            _ => {
                let reply = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let mut ids = std::collections::HashSet::new();
                for call in &reply.tool_calls {
                    assert!(!call.name.is_empty(), "{name}: a call without a name");
                    assert!(
                        ids.insert(call.id.clone()),
                        "{name}: duplicate id {}",
                        call.id
                    );
                    serde_json::from_str::<serde_json::Value>(&call.arguments).unwrap_or_else(
                        |e| panic!("{name}: arguments {:?} are not JSON: {e}", call.arguments),
                    );
                }
                assert!(
                    reply.content.is_some() || !reply.tool_calls.is_empty(),
                    "{name}: neither text nor calls"
                );
            }
        }
    }
}

#[tokio::test]
async fn specific_shapes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/wire-samples");
    let get = |f: &str| dir.join(f);

    let r = replay(&get("gemini_openai_compat_tool_call_empty_id.json"))
        .await
        .unwrap();
    assert_eq!(
        r.tool_calls[0].id, "call_0_0",
        "an empty id gets a stand-in numbered by turn and call"
    );

    let r = replay(&get(
        "openrouter_claude_content_plus_tool_call_no_arguments_key.json",
    ))
    .await
    .unwrap();
    assert!(r.content.as_deref().unwrap().contains("education"));
    assert_eq!(
        r.tool_calls[0].arguments, "{}",
        "a call without `arguments` has none"
    );
    assert_eq!(
        r.tool_calls[0].id, "toolu_vrtx_015QAXScZzRDPttiPoc34AdD",
        "ids are kept verbatim"
    );

    let r = replay(&get("openllmetry_parallel_tool_calls_gpt41nano.json"))
        .await
        .unwrap();
    assert!(r.tool_calls.len() >= 2);

    for f in [
        "pydantic_ai_parallel_tool_calls_stream_usage.sse",
        "openllmetry_parallel_tool_calls_args_split_stream.sse",
    ] {
        let r = replay(&get(f)).await.unwrap();
        assert!(r.tool_calls.len() >= 2, "{f}: parallel calls in one turn");
    }
    let r = replay(&get("pydantic_ai_parallel_tool_calls_stream_usage.sse"))
        .await
        .unwrap();
    assert!(r.usage.is_some(), "the final usage chunk is read");

    let r = replay(&get(
        "openrouter_kimi_k2_repeated_tool_call_chunks_stream.sse",
    ))
    .await
    .unwrap();
    assert_eq!(
        (
            r.tool_calls[0].name.as_str(),
            r.tool_calls[0].arguments.as_str()
        ),
        ("llm_version", "{}"),
        "a name repeated in every chunk is not doubled"
    );

    let r = replay(&get(
        "openrouter_kimi_k2_split_name_and_args_chunks_stream.sse",
    ))
    .await
    .unwrap();
    assert_eq!(
        (
            r.tool_calls[0].name.as_str(),
            r.tool_calls[0].arguments.as_str()
        ),
        ("llm_version", "{}")
    );
    assert_eq!(r.tool_calls[0].id, "llm_version:0");

    let r = replay(&get(
        "groq_compat_tool_call_single_chunk_reasoning_stream.sse",
    ))
    .await
    .unwrap();
    assert_eq!(r.tool_calls.len(), 1);

    let r = replay(&get(
        "openllmetry_agno_loop_turn2_final_text_stream_usage.sse",
    ))
    .await
    .unwrap();
    assert!(!r.content.unwrap().is_empty() && r.tool_calls.is_empty());
}

#[tokio::test]
async fn a_stream_cut_before_the_end_is_an_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/wire-samples");
    let full =
        std::fs::read_to_string(dir.join("pydantic_ai_tool_call_args_split_stream.sse")).unwrap();
    let cut: String = full
        .split("\n\n")
        .take(3)
        .map(|f| format!("{f}\n\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("cut.sse");
    std::fs::write(&path, cut).unwrap();
    let e = replay(&path).await.unwrap_err().to_string();
    assert!(e.contains("stream ended before the model finished"), "{e}");

    // Every call whole, but neither finish_reason nor [DONE]: the
    // connection closed, and the calls are not run.
    let whole_calls: String = full
        .split("\n\n")
        .filter(|f| !f.contains("[DONE]") && !f.contains("\"finish_reason\":\""))
        .map(|f| format!("{f}\n\n"))
        .collect();
    std::fs::write(&path, whole_calls).unwrap();
    let e = replay(&path).await.unwrap_err().to_string();
    assert!(e.contains("no finish_reason and no [DONE]"), "{e}");
}
