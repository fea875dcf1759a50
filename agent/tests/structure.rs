#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The shape of the code, checked from its `use` lines and paths (an
//! equivalent of `cargo modules` without the tool): no module imports,
//! directly or round about, a module that imports it, in either crate;
//! and no front-end (the command line, the chat, the MCP server) imports
//! another. A child module using its parent (`super::`) is how Rust
//! modules are written and is not counted; test modules are left out.
//! And no source file grows past 600 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module a file is: `run/machine.rs` is run::machine, `run/mod.rs` run.
fn module_of(root: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Every path the source names from `crate::` or `super::`, as segments
/// from the crate root; `{a, b}` groups give one path per item.
fn paths(src: &str, module: &Module) -> Vec<Module> {
    // `super` is the parent module, for `run/report.rs` (run::report) and
    // `run/mod.rs` (run) alike.
    let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
    let mut out = Vec::new();
    for (kw, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = src;
        while let Some(i) = rest.find(kw) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + kw.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut path = base.clone();
            if kw == "super::" {
                // super::super::…
                let mut r = rest;
                while let Some(next) = r.strip_prefix("super::") {
                    path.pop();
                    r = next;
                }
                rest = r;
            }
            let mut r = rest;
            loop {
                if let Some(group) = r.strip_prefix('{') {
                    let end = group.find('}').unwrap_or(group.len());
                    for item in group[..end].split(',') {
                        let name = ident(item.trim());
                        if !name.is_empty() && name != "self" {
                            let mut p = path.clone();
                            p.push(name);
                            out.push(p);
                        }
                    }
                    break;
                }
                let name = ident(r);
                if name.is_empty() {
                    break;
                }
                r = &r[name.len()..];
                path.push(name);
                match r.strip_prefix("::") {
                    Some(next) => r = next,
                    None => break,
                }
            }
            out.push(path);
        }
    }
    out
}

/// Module → the modules it uses, in one crate.
fn graph(root: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut all = Vec::new();
    files(root, &mut all);
    let modules: BTreeMap<Module, PathBuf> = all
        .iter()
        .map(|f| (module_of(root, f), f.clone()))
        .collect();
    let resolve = |path: &Module| -> Option<Module> {
        (1..=path.len())
            .rev()
            .map(|k| path[..k].to_vec())
            .find(|m| modules.contains_key(m))
    };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let src = text.split("#[cfg(test)]").next().unwrap_or_default();
        for p in paths(src, module) {
            let Some(target) = resolve(&p) else { continue };
            // Itself, or one of its ancestors: not an edge.
            if target == *module || module.starts_with(&target) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    edges
}

/// The groups of modules that reach each other (strongly connected, more
/// than one module).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    let reach = |from: &Module| -> BTreeSet<Module> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for n in edges.get(&m).into_iter().flatten() {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&Module, BTreeSet<Module>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (m, r) in &reached {
        if !r.contains(*m) {
            continue;
        }
        let mut group: Vec<String> = reached
            .iter()
            .filter(|(n, nr)| r.contains(**n) && nr.contains(*m))
            .map(|(n, _)| n.join("::"))
            .collect();
        group.sort();
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

fn src(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src")
}

#[test]
fn no_module_imports_one_that_imports_it() {
    for krate in ["agent", "tools"] {
        let edges = graph(&src(krate));
        assert!(
            edges.len() > 10,
            "{krate}: the graph was not read: {edges:?}"
        );
        let found = cycles(&edges);
        assert!(
            found.is_empty(),
            "{krate}: modules that import each other: {found:?}"
        );
    }
}

#[test]
fn no_front_end_imports_another() {
    let edges = graph(&src("agent"));
    let front_ends = ["cli", "repl", "mcp"];
    for (module, uses) in &edges {
        let Some(own) = module.first().filter(|m| front_ends.contains(&m.as_str())) else {
            continue;
        };
        for u in uses {
            let other = &u[0];
            assert!(
                other == own || !front_ends.contains(&other.as_str()),
                "{} imports {}",
                module.join("::"),
                u.join("::")
            );
        }
    }
}

#[test]
fn the_check_sees_a_cycle_when_there_is_one() {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    edges
        .entry(m("run::machine"))
        .or_default()
        .insert(m("run::report"));
    edges
        .entry(m("run::report"))
        .or_default()
        .insert(m("run::machine"));
    edges.entry(m("cli")).or_default().insert(m("run"));
    assert_eq!(cycles(&edges), vec![vec!["run::machine", "run::report"]]);
    // Paths are read from `use` lines, groups and `super::`.
    let got = paths(
        "use crate::run::{Event, report};\nuse super::machine::Run;\nfoo::crate::x",
        &m("run::report"),
    );
    assert!(got.contains(&m("run::report")), "{got:?}");
    assert!(got.contains(&m("run::Event")), "{got:?}");
    assert!(got.contains(&m("run::machine::Run")), "{got:?}");
}

/// Modules stay small enough to read in one sitting: a file that grows
/// past this holds more than one job and is split along its seams. Unit
/// tests in their own `tests.rs` do not count.
const MAX_LINES: usize = 600;

#[test]
fn no_source_file_is_over_600_lines() {
    let mut long = Vec::new();
    for krate in ["agent", "tools"] {
        let mut all = Vec::new();
        files(&src(krate), &mut all);
        assert!(all.len() > 10, "{krate}: no files read");
        for f in all {
            if f.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let lines = std::fs::read_to_string(&f).unwrap().lines().count();
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", f.display()));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}
