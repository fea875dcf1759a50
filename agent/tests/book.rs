#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The book: generated pages are fresh, every page is in SUMMARY.md, no
//! internal link is dead, the book builds with mdBook, and the `steer tools`
//! commands it shows run.
//!
//! Refresh the generated pages with `STEER_UPDATE_DOCS=1 cargo test -p steer --test book`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use steer_tools::{Dataset, Toolbox};

const STEER: &str = env!("CARGO_BIN_EXE_steer");

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/src")
}

fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &mut out);
    out.sort();
    out
}

#[tokio::test]
async fn generated_pages_are_fresh() {
    let toolbox = Toolbox::research(Arc::new(Dataset::builtin().unwrap())).unwrap();
    let update = std::env::var("STEER_UPDATE_DOCS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for page in steer::docs::pages(&toolbox).await {
        let path = src().join(&page.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == page.text {
            continue;
        }
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &page.text).unwrap();
        } else {
            let diff = similar::TextDiff::from_lines(&current, &page.text)
                .unified_diff()
                .context_radius(2)
                .header("committed", "generated")
                .to_string();
            let short: String = diff.lines().take(40).collect::<Vec<_>>().join("\n");
            stale.push(format!("book/src/{} is stale:\n{short}", page.path));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n\nRegenerate with: STEER_UPDATE_DOCS=1 cargo test -p steer --test book",
        stale.join("\n\n")
    );
}

#[test]
fn every_page_is_in_the_summary_and_no_internal_link_is_dead() {
    let summary = std::fs::read_to_string(src().join("SUMMARY.md")).unwrap();
    let mut problems = Vec::new();
    for file in markdown_files() {
        let rel = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if rel != "SUMMARY.md" && !summary.contains(&format!("({rel})")) {
            problems.push(format!("{rel} is not in SUMMARY.md"));
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = &after[..end];
            rest = &after[end..];
            if target.starts_with("http")
                || target.starts_with('#')
                || target.starts_with("mailto:")
                || target.contains(' ')
            {
                continue;
            }
            let path = target.split('#').next().unwrap();
            if !file.parent().unwrap().join(path).exists() {
                problems.push(format!("{rel}: dead link to {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_book_builds() {
    let out = tempfile::tempdir().unwrap();
    let mut book =
        mdbook_driver::MDBook::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("../book"))
            .unwrap_or_else(|e| panic!("the book does not load: {e:?}"));
    book.config.build.build_dir = out.path().to_path_buf();
    book.build()
        .unwrap_or_else(|e| panic!("the book does not build: {e:?}"));
    assert!(out.path().join("index.html").exists() || out.path().join("html/index.html").exists());
}

/// Every `steer tools ...` command in the book's shell examples runs.
#[test]
fn the_books_tool_commands_run() {
    let mut ran = 0;
    let bin_dir = Path::new(STEER).parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut in_sh = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_sh = line.trim() == "```sh";
                continue;
            }
            let cmd = line.split(" # ").next().unwrap().trim();
            if !in_sh
                || !cmd.starts_with("steer tools ")
                || cmd.contains("--data")
                || cmd.contains("--chart")
            {
                continue;
            }
            let out = Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .env("PATH", &path)
                .env_remove("STEER_DATA")
                .env("STEER_CONFIG", "/nonexistent/steer-test-config.toml")
                .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: `{cmd}` failed:\n{}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 5, "only {ran} commands found");
}
