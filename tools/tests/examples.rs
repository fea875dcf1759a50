#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Worked examples live with each tool (`Tool::EXAMPLES`): every one of
//! the built-in tools runs, and a tool with a bad example is refused when
//! it is registered rather than shown to users.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use steer_tools::{Dataset, Example, Tool, ToolError, Toolbox};

#[tokio::test]
async fn every_example_of_the_built_in_tools_runs() {
    let toolbox = Toolbox::research(std::sync::Arc::new(Dataset::builtin().unwrap())).unwrap();
    let mut count = 0;
    for spec in toolbox.specs() {
        assert!(!spec.examples.is_empty(), "{} has no example", spec.name);
        for e in &spec.examples {
            toolbox
                .call(&spec.name, e.arguments.clone())
                .await
                .unwrap_or_else(|err| panic!("{} example `{}`: {err}", spec.name, e.caption));
            count += 1;
        }
    }
    assert!(count >= 6);
}

#[tokio::test]
async fn every_example_written_as_text_is_its_value_written() {
    // What a server relays (call_text) is byte for byte the value the
    // runtime reads (call), written.
    let toolbox = Toolbox::research(std::sync::Arc::new(Dataset::builtin().unwrap())).unwrap();
    for spec in toolbox.specs() {
        for e in &spec.examples {
            let value = toolbox.call(&spec.name, e.arguments.clone()).await.unwrap();
            let text = toolbox
                .call_text(&spec.name, e.arguments.clone())
                .await
                .unwrap();
            assert_eq!(
                text,
                serde_json::to_string(&value).unwrap(),
                "{}",
                e.caption
            );
        }
    }
    // A refused call is refused the same way.
    let bad = serde_json::json!({"party": 7});
    assert_eq!(
        toolbox
            .call_text("deal_lookup", bad.clone())
            .await
            .unwrap_err()
            .to_string(),
        toolbox
            .call("deal_lookup", bad)
            .await
            .unwrap_err()
            .to_string()
    );
}

/// Echoes a number.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EchoArgs {
    /// The number.
    n: u32,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
struct EchoOut {
    n: u32,
}

struct Echo<const BAD: bool>;

impl<const BAD: bool> Tool for Echo<BAD> {
    const NAME: &'static str = "echo";
    const TITLE: &'static str = "Echo";
    const EXAMPLES: &'static [Example] = if BAD {
        &[Example {
            caption: "a misspelt field",
            arguments: r#"{"m": 1}"#,
        }]
    } else {
        &[Example {
            caption: "one",
            arguments: r#"{"n": 1}"#,
        }]
    };
    type Args = EchoArgs;
    type Output = EchoOut;

    async fn call(
        &self,
        args: EchoArgs,
        _lang: steer_tools::OutputLang,
    ) -> Result<EchoOut, ToolError> {
        Ok(EchoOut { n: args.n })
    }
}

#[test]
fn a_tool_with_an_invalid_example_is_not_registered() {
    let mut toolbox = Toolbox::default();
    let e = toolbox.register(Echo::<true>).unwrap_err().to_string();
    assert!(e.contains("a misspelt field"), "{e}");
    toolbox.register(Echo::<false>).unwrap();
    let spec = toolbox.spec("echo").unwrap();
    assert_eq!(spec.examples[0].arguments["n"], 1);
}
