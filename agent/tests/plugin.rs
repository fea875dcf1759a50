#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `steer plugin export DIR` produces a plugin that passes the Agent Skills
//! and plugin manifest rules, and whose MCP config really starts steer.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

const STEER: &str = env!("CARGO_BIN_EXE_steer");
const TOOLS: &[&str] = &[
    "deal_lookup",
    "revenue_projection",
    "statement_comparison",
    "research",
    "research_resume",
    "ingest",
    "ingest_resume",
];
/// The fields the Agent Skills format allows in SKILL.md frontmatter.
const SKILL_FIELDS: &[&str] = &[
    "name",
    "description",
    "license",
    "compatibility",
    "metadata",
    "allowed-tools",
];

fn json_file(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Splits SKILL.md into frontmatter fields and body. Values are plain
/// scalars or double-quoted (JSON-compatible) YAML strings.
fn frontmatter(text: &str) -> (BTreeMap<String, String>, String) {
    let rest = text
        .strip_prefix("---\n")
        .expect("SKILL.md must start with frontmatter");
    let (head, body) = rest
        .split_once("\n---\n")
        .expect("frontmatter must be closed by ---");
    let mut fields = BTreeMap::new();
    for line in head.lines() {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("frontmatter line {line:?} is not `key: value`"));
        let value = if value.starts_with('"') {
            serde_json::from_str::<String>(value).unwrap()
        } else {
            value.to_string()
        };
        assert!(
            fields.insert(key.to_string(), value).is_none(),
            "duplicate key {key}"
        );
    }
    (fields, body.to_string())
}

/// Checks a plugin directory against the rules; returns the skill names.
fn validate(dir: &Path) -> Vec<String> {
    let claude = json_file(&dir.join(".claude-plugin/plugin.json"));
    assert!(valid_name(claude["name"].as_str().unwrap()));
    assert!(claude["version"].is_string() && claude["description"].is_string());
    let market = json_file(&dir.join(".claude-plugin/marketplace.json"));
    assert!(valid_name(market["name"].as_str().unwrap()));
    assert!(market["owner"]["name"].is_string());
    assert_eq!(market["plugins"][0]["name"], claude["name"]);
    assert_eq!(market["plugins"][0]["source"], "./");
    let codex = json_file(&dir.join(".codex-plugin/plugin.json"));
    assert!(valid_name(codex["name"].as_str().unwrap()));
    assert_eq!(codex["skills"], "./skills/");
    assert_eq!(
        fs::read_dir(dir.join(".codex-plugin")).unwrap().count(),
        1,
        "plugin.json is the only file allowed in .codex-plugin/"
    );
    let mcp = json_file(&dir.join(".mcp.json"));
    assert_eq!(mcp["mcpServers"]["steer"]["args"][0], "mcp");

    let mut names = Vec::new();
    for entry in fs::read_dir(dir.join("skills")).unwrap() {
        let entry = entry.unwrap();
        let folder = entry.file_name().into_string().unwrap();
        let text = fs::read_to_string(entry.path().join("SKILL.md")).unwrap();
        let (fields, body) = frontmatter(&text);
        for key in fields.keys() {
            assert!(
                SKILL_FIELDS.contains(&key.as_str()),
                "{folder}: field `{key}` is outside the Agent Skills spec"
            );
        }
        let name = &fields["name"];
        assert_eq!(name, &folder, "name must match the folder");
        assert!(
            valid_name(name),
            "{name}: lowercase letters, digits and single hyphens, at most 64"
        );
        let description = &fields["description"];
        assert!(
            !description.trim().is_empty() && description.chars().count() <= 1024,
            "{name}: description length"
        );
        assert!(
            description.contains("Use "),
            "{name}: the description must say when to use it"
        );
        if let Some(c) = fields.get("compatibility") {
            assert!(c.chars().count() <= 500);
        }
        // Every tool the workflow mentions has its own section, named the
        // way the host sees it.
        for tool in TOOLS {
            if body.contains(&format!("`{tool}`")) {
                assert!(
                    body.contains(&format!("### `{tool}` (MCP: `mcp__steer__{tool}`)")),
                    "{name} relies on {tool} without naming it"
                );
            }
        }
        assert!(
            TOOLS
                .iter()
                .any(|t| body.contains(&format!("mcp__steer__{t}"))),
            "{name} names no tool"
        );
        assert!(body.contains("## Citing"), "{name} must teach citing");
        names.push(name.clone());
    }
    names
}

#[test]
fn exported_plugin_passes_validation_and_starts_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::steer()
        .args(["plugin", "export"])
        .arg(dir.path())
        .args(["--command", STEER])
        .output()
        .unwrap();
    common::assert_success(&out);
    let mut names = validate(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "circular-financing",
            "deal-research",
            "delegated-research",
            "revenue-coverage",
            "source-ingest",
            "statement-consistency"
        ]
    );
    let mut covered: Vec<&str> = Vec::new();
    for name in &names {
        let text =
            fs::read_to_string(dir.path().join("skills").join(name).join("SKILL.md")).unwrap();
        covered.extend(
            TOOLS
                .iter()
                .filter(|t| text.contains(&format!("mcp__steer__{t}"))),
        );
    }
    for tool in TOOLS {
        assert!(covered.contains(tool), "no skill teaches {tool}");
    }

    // The MCP config runs: start the server exactly as a host would.
    let mcp = json_file(&dir.path().join(".mcp.json"));
    let command = mcp["mcpServers"]["steer"]["command"].as_str().unwrap();
    let args: Vec<String> = mcp["mcpServers"]["steer"]["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let mut messages = common::initialize("2025-06-18");
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let r = common::mcp_exchange(command, &args, &messages);
    assert_eq!(
        r[1]["result"]["tools"].as_array().unwrap().len(),
        TOOLS.len()
    );
}

#[test]
fn data_dir_is_carried_into_the_mcp_config() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    Command::from_std(common::steer())
        .arg("--data")
        .arg(&data)
        .args(["plugin", "export"])
        .arg(dir.path())
        .assert()
        .success();
    let mcp = json_file(&dir.path().join(".mcp.json"));
    let args = mcp["mcpServers"]["steer"]["args"].as_array().unwrap();
    assert_eq!(args[1], "--data");
    assert!(Path::new(args[2].as_str().unwrap()).is_absolute());
}

#[test]
fn the_validator_rejects_a_broken_skill() {
    let dir = tempfile::tempdir().unwrap();
    Command::from_std(common::steer())
        .args(["plugin", "export"])
        .arg(dir.path())
        .assert()
        .success();
    let skill = dir.path().join("skills/deal-research/SKILL.md");
    let text = fs::read_to_string(&skill).unwrap().replacen(
        "name: deal-research",
        "name: Deal_Research",
        1,
    );
    fs::write(&skill, text).unwrap();
    let result = std::panic::catch_unwind(|| validate(dir.path()));
    assert!(
        result.is_err(),
        "a name that does not match its folder must fail validation"
    );
}

/// Every name a skill's workflow puts in backticks is a tool, an argument
/// or an output field (or a value one of them takes) of the tools the
/// skill relies on: a renamed output field fails here, not in a host
/// agent reading a stale guide.
#[test]
fn every_field_a_guide_names_is_in_its_tools_schemas() {
    use std::collections::BTreeSet;
    fn walk(v: &serde_json::Value, props: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(p)) = m.get("properties") {
                    props.extend(p.keys().cloned());
                }
                for key in ["enum", "const"] {
                    match m.get(key) {
                        Some(serde_json::Value::Array(a)) => {
                            values.extend(a.iter().filter_map(|x| x.as_str()).map(str::to_string))
                        }
                        Some(serde_json::Value::String(s)) => {
                            values.insert(s.clone());
                        }
                        _ => {}
                    }
                }
                m.values().for_each(|x| walk(x, props, values));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, props, values)),
            _ => {}
        }
    }
    let tb = steer_tools::Toolbox::research(std::sync::Arc::new(
        steer_tools::Dataset::builtin().unwrap(),
    ))
    .unwrap();
    // Topics are the dataset's lexicon, not a schema's enum.
    let topics: BTreeSet<String> = steer_tools::Dataset::builtin()
        .unwrap()
        .topics
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let mut checked = 0;
    for skill in steer::plugin::SKILLS.iter().filter(|s| !s.tools.is_empty()) {
        let text = steer::plugin::skill_markdown(skill, &tb).unwrap();
        let workflow = text
            .split("## Workflow")
            .nth(1)
            .and_then(|w| w.split("## Citing").next())
            .unwrap();
        let (mut args, mut outputs, mut values) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for name in skill.tools {
            let spec = tb.spec(name).unwrap();
            walk(&spec.parameters, &mut args, &mut values);
            walk(&spec.output, &mut outputs, &mut values);
        }
        let known = |w: &str| {
            skill.tools.contains(&w)
                || args.contains(w)
                || outputs.contains(w)
                || values.contains(w)
                || topics.contains(w)
                || w.parse::<f64>().is_ok()
        };
        let mut unknown = Vec::new();
        for (i, token) in workflow.split('`').enumerate() {
            // Odd pieces are inside backticks.
            if i % 2 == 0 || token.contains(' ') && !token.contains(": ") || token.starts_with('"')
            {
                continue;
            }
            checked += 1;
            let ok = match token.split_once(": ") {
                // `mode: cycles`, `value_stated: false`: a field (an
                // argument or an output) and a value it takes.
                Some((field, value)) => {
                    (args.contains(field) || outputs.contains(field))
                        && (known(value) || value == "true" || value == "false")
                }
                // `base.reason`: output fields, one inside the other.
                None if token.contains('.') => token.split('.').all(|f| outputs.contains(f)),
                None => token.split('/').all(known),
            };
            if !ok {
                unknown.push(token.to_string());
            }
        }
        assert!(
            unknown.is_empty(),
            "skill {} names what its tools do not have: {unknown:?}",
            skill.name
        );
    }
    assert!(checked > 40, "only {checked} names checked");
    // And the check can fail: a field no tool returns.
    let spec = tb.spec("revenue_projection").unwrap();
    let mut outputs = BTreeSet::new();
    walk(&spec.output, &mut outputs, &mut BTreeSet::new());
    assert!(outputs.contains("required_growth") && outputs.contains("assumption_material"));
    assert!(!outputs.contains("required_growth_rate"));
}
