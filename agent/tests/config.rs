#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The config file and its precedence: flags > env > file > defaults.

mod common;

use std::process::Command;

fn steer(config: &std::path::Path) -> Command {
    // Isolated from the machine, then pointed at the test's own file.
    let mut cmd = common::steer();
    cmd.env("STEER_CONFIG", config);
    cmd
}

#[test]
fn config_show_reports_values_and_sources_never_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "model = \"from-file\"\nbase_url = \"http://file.invalid/v1\"\ncheckpoints = \"none\"\nstore = \"postgres://steer:db-pass-4242@db.invalid/steer\"\n",
    )
    .unwrap();
    let out = steer(&file)
        .env("OPENAI_BASE_URL", "http://env.invalid/v1")
        .env("OPENAI_API_KEY", "sk-secret-value-123456")
        .args(["-m", "from-flag", "config", "show"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |key: &str| {
        text.lines()
            .find(|l| l.contains(&format!(" {key} ")))
            .unwrap_or_else(|| panic!("no {key} row:\n{text}"))
            .to_string()
    };
    assert!(row("model").contains("from-flag") && row("model").contains("flag"));
    assert!(
        row("base_url").contains("http://env.invalid/v1")
            && row("base_url").contains("env OPENAI_BASE_URL")
    );
    assert!(row("checkpoints").contains("none") && row("checkpoints").contains("file"));
    assert!(row("data_dir").contains("default"));
    assert!(row("api_key").contains("set (not shown)"));
    assert!(!text.contains("sk-secret-value"));
    assert!(
        row("store").contains("postgres://steer:***@db.invalid/steer")
            && row("store").contains("file")
    );
    assert!(!text.contains("db-pass-4242"));
}

#[test]
fn the_file_sets_the_policy_and_model_unless_a_flag_does() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        format!(
            "model = \"offline\"\ncheckpoints = \"none\"\nsession_dir = {:?}\n",
            dir.path().join("sessions").display().to_string()
        ),
    )
    .unwrap();
    // With `checkpoints = "none"` from the file, no --yes is needed.
    let out = steer(&file)
        .args(["ask", "All deals involving Oracle"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(
        dir.path()
            .join("sessions")
            .read_dir()
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "jsonl"))
            .count()
            == 1,
        "the session dir came from the file"
    );
    // A flag beats the file: the plan pauses again (exit 3 without a terminal).
    let out = steer(&file)
        .args(["ask", "All deals involving Oracle", "--checkpoints", "plan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_broken_config_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "model = \"x\"\ncheckpoint = \"none\"\n").unwrap();
    let out = steer(&file).args(["tools", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml") && err.contains("unknown field `checkpoint`"),
        "{err}"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = steer(&dir.path().join("none.toml"))
            .args(["completions", shell])
            .output()
            .unwrap();
        common::assert_success(&out);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("steer") && text.contains("replay"), "{shell}");
    }
}
