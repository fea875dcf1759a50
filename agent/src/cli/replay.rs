//! `steer replay`: session scripts against their cassettes.

use std::path::PathBuf;

use super::{CliError, toolbox};
use crate::service;

/// `steer replay SCRIPT...`: each session script against its cassette.
pub fn replay(scripts: &[PathBuf], data: Option<&PathBuf>) -> Result<(), CliError> {
    let rt = service::runtime()?;
    let toolbox = toolbox(data)?;
    let mut failed = 0;
    for path in scripts {
        if crate::ingest::script::is_ingest_script(path) {
            let outcome = crate::ingest::script::load(path).and_then(|script| {
                let dir = tempfile::tempdir().map_err(|e| {
                    crate::tr!(
                        crate::i18n::speaking(),
                        "scratch-dir-failed",
                        error = e.to_string()
                    )
                })?;
                crate::ingest::script::replay(&script, &dir.path().join("data"))
            });
            match outcome {
                Ok(r) => println!(
                    "ok    {} {}",
                    path.display(),
                    crate::tr!(
                        crate::i18n::speaking(),
                        "replay-ok-ingest",
                        proposals = r
                            .finished
                            .batches
                            .iter()
                            .map(|b| b.proposals.len())
                            .sum::<usize>(),
                        answers = r
                            .log
                            .iter()
                            .filter(|e| matches!(e, crate::ingest::session::Logged::Decision(_)))
                            .count()
                    )
                ),
                Err(e) => {
                    failed += 1;
                    println!("FAIL  {}\n{}", path.display(), indent(&e));
                }
            }
            continue;
        }
        let outcome = crate::script::load(path).and_then(|(script, cassette_path)| {
            let cassette =
                crate::cassette::Cassette::load(&cassette_path).map_err(|e| e.to_string())?;
            let name = cassette_path.display().to_string();
            rt.block_on(crate::script::replay(
                &script,
                cassette,
                &name,
                toolbox.clone(),
            ))
        });
        match outcome {
            Ok(r) => println!(
                "ok    {} {}",
                path.display(),
                crate::tr!(
                    crate::i18n::speaking(),
                    "replay-ok-run",
                    calls = r.run.tool_calls.len(),
                    checkpoints = r.run.decisions.len()
                )
            ),
            Err(e) => {
                failed += 1;
                println!(
                    "FAIL  {}
{}",
                    path.display(),
                    indent(&e)
                );
            }
        }
    }
    if failed > 0 {
        return Err(CliError::failure(crate::tr!(
            crate::i18n::speaking(),
            "cli-scripts-diverged",
            failed = failed,
            n = scripts.len()
        )));
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
