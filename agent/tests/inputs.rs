#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every input steer reads is bounded, end to end: a device, a link to one
//! and a FIFO are refused at once (none of these tests could finish if
//! steer read them), a file over its cap is refused with its size and the
//! flag that raises the cap, and standard input stops at its cap.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

fn steer(home: &Path, args: &[&str]) -> Output {
    common::steer()
        .env("XDG_DATA_HOME", home)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn ingest_refuses_devices_links_to_them_and_fifos() {
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let fifo = tmp.path().join("pipe.txt");
    mkfifo(&fifo);
    let into = tmp.path().join("d");
    for (doc, what) in [
        (Path::new("/dev/zero"), "a character device"),
        (link.as_path(), "a character device"),
        (fifo.as_path(), "a FIFO (named pipe)"),
    ] {
        let out = steer(
            tmp.path(),
            &[
                "ingest",
                doc.to_str().unwrap(),
                "--into",
                into.to_str().unwrap(),
                "--dry-run",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let e = stderr(&out);
        assert!(
            e.contains(&format!("{} is {what}, not a regular file", doc.display())),
            "{e}"
        );
        assert!(e.contains("--allow-special-files"), "{e}");
    }
    // Allowed, a device is still read only up to the cap.
    let out = steer(
        tmp.path(),
        &[
            "--allow-special-files",
            "--max-input-size",
            "1M",
            "ingest",
            link.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("is more than 1 MiB, over the cap on documents (1 MiB)"),
        "{e}"
    );
}

#[test]
fn a_document_over_its_cap_names_its_size_and_the_flag_that_raises_it() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("digest.txt");
    let line = "NVIDIA invested $2 billion in Acme Robotics this week.\n";
    std::fs::write(&doc, line.repeat(60)).unwrap(); // 3,300 bytes
    let into = tmp.path().join("d");
    let args = |cap: &'static str| {
        vec![
            "--max-input-size".to_string(),
            cap.to_string(),
            "ingest".to_string(),
            doc.display().to_string(),
            "--into".to_string(),
            into.display().to_string(),
            "--dry-run".to_string(),
        ]
    };
    let small = args("2K");
    let out = steer(
        tmp.path(),
        &small.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("digest.txt is 3.2 KiB, over the cap on documents (2 KiB); raise the cap with --max-input-size 4K (or STEER_MAX_INPUT_SIZE)"),
        "{e}"
    );
    // The suggested cap is enough.
    let enough = args("4K");
    let out = steer(
        tmp.path(),
        &enough.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // A size that is not one is a usage error naming the flag.
    let out = steer(tmp.path(), &["--max-input-size", "lots", "tools", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a size"), "{}", stderr(&out));
}

#[test]
fn source_refuses_a_document_that_is_a_link_to_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // The file name source 001 has in the built-in dataset.
    let seeds = steer_tools::testing::seeds();
    let name = std::fs::read_dir(&seeds)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("001_"))
        .unwrap();
    std::os::unix::fs::symlink("/dev/zero", docs.join(&name)).unwrap();
    let out = steer(
        tmp.path(),
        &["source", "001:75-77", "--documents", docs.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("is a character device, not a regular file"),
        "{e}"
    );
}

#[test]
fn a_dataset_file_that_is_a_fifo_is_named_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/data");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
    }
    std::fs::remove_file(data.join("figures.toml")).unwrap();
    mkfifo(&data.join("figures.toml"));
    let out = steer(
        tmp.path(),
        &["--data", data.to_str().unwrap(), "tools", "list"],
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(e.contains("figures.toml is a FIFO (named pipe)"), "{e}");
    // Over its cap, a dataset file is named with its size.
    std::fs::remove_file(data.join("figures.toml")).unwrap();
    std::fs::copy(fixtures.join("figures.toml"), data.join("figures.toml")).unwrap();
    let out = steer(
        tmp.path(),
        &[
            "--max-input-size",
            "1K",
            "--data",
            data.to_str().unwrap(),
            "tools",
            "list",
        ],
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(e.contains("over the cap on dataset files (1 KiB)"), "{e}");
}

#[test]
fn standard_input_and_the_config_file_are_bounded_too() {
    let tmp = tempfile::tempdir().unwrap();
    // An endless stdin stops at the cap.
    let out = common::steer()
        .env("XDG_DATA_HOME", tmp.path())
        .args(["--max-input-size", "64K", "ask", "-", "--yes"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(
        e.contains("standard input is more than 64 KiB, over the cap on standard input (64 KiB)"),
        "{e}"
    );
    // A config file that is a device is refused, not read.
    let out = common::steer()
        .env("XDG_DATA_HOME", tmp.path())
        .env("STEER_CONFIG", "/dev/zero")
        .args(["tools", "list"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("/dev/zero is a character device"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_cassette_and_a_session_log_over_their_caps_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let cassette = tmp.path().join("big.json");
    std::fs::write(&cassette, format!("{{\"pad\": \"{}\"}}", "x".repeat(4096))).unwrap();
    let out = steer(
        tmp.path(),
        &[
            "--max-input-size",
            "2K",
            "ask",
            "--yes",
            "--from-cassette",
            cassette.to_str().unwrap(),
            "All deals involving Oracle",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("over the cap on cassettes (2 KiB)"),
        "{}",
        stderr(&out)
    );
    // A session made under the default caps cannot be resumed under a cap
    // its log exceeds: the log is named, not read into memory.
    let out = steer(
        tmp.path(),
        &["ask", "--yes", "All deals involving Oracle", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["session"].as_str().expect("the session id").to_string();
    let out = steer(tmp.path(), &["--max-input-size", "100", "resume", &id]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("over the cap on session logs (100 bytes)"),
        "{}",
        stderr(&out)
    );
}
