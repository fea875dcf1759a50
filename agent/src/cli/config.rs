//! The config file (`$XDG_CONFIG_HOME/steer/config.toml`, or the file
//! `STEER_CONFIG` names): defaults for model, base URL, checkpoint policy,
//! data and session directories, session store, and language. Flags beat environment variables, which
//! beat the file, which beats steer's defaults.

use std::path::PathBuf;

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use super::{Cli, CliError, Command};
use crate::i18n::speaking;
use crate::tr;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub checkpoints: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub session_dir: Option<PathBuf>,
    /// en, ja or auto.
    pub lang: Option<String>,
    /// flush or sync: what session logs survive.
    pub durability: Option<String>,
    /// Where sessions are kept: file:DIR or postgres://USER@HOST/DB.
    pub store: Option<String>,
}

pub fn path() -> PathBuf {
    match std::env::var_os("STEER_CONFIG") {
        Some(p) => PathBuf::from(p),
        None => dirs::config_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("steer")
            .join("config.toml"),
    }
}

/// The file's settings; a missing file is no settings, a broken one an error.
pub fn load() -> Result<FileConfig, CliError> {
    let path = path();
    use steer_tools::input::{self, InputError, InputKind};
    let text = match input::read_to_string(&path, InputKind::Config) {
        Ok(text) => text,
        Err(InputError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FileConfig::default());
        }
        Err(e) => {
            return Err(CliError::failure(crate::localised::input_error(
                &e,
                crate::i18n::speaking(),
            )));
        }
    };
    toml::from_str(&text).map_err(|e| {
        let lang = crate::i18n::speaking();
        let line = crate::localised::toml_line(&text, &e);
        // The parser's own words stay as it wrote them, quoted: the frame
        // (which file, which line) is in the reader's language.
        let detail = e.message().trim().to_string();
        CliError::failure(match line {
            Some(line) => tr!(
                lang,
                "config-bad-file-at",
                path = path.display().to_string(),
                line = line,
                detail = detail
            ),
            None => tr!(
                lang,
                "config-bad-file",
                path = path.display().to_string(),
                detail = detail
            ),
        })
    })
}

/// A value in the config file that steer cannot use.
pub fn bad_value(path: &std::path::Path, key: &str, error: &impl std::fmt::Display) -> CliError {
    CliError::failure(tr!(
        crate::i18n::speaking(),
        "config-bad-value",
        path = path.display().to_string(),
        key = key,
        detail = error.to_string()
    ))
}

/// Where an effective setting came from, for `steer config show`.
pub struct Setting {
    pub key: &'static str,
    pub value: Option<String>,
    pub source: String,
}

fn source_of(matches: &ArgMatches, id: &str, env: Option<&str>) -> Option<String> {
    match matches.value_source(id) {
        Some(ValueSource::CommandLine) => Some(tr!(speaking(), "config-from-flag")),
        Some(ValueSource::EnvVariable) => {
            Some(tr!(speaking(), "config-from-env", name = env.unwrap_or("")))
        }
        _ => None,
    }
}

/// Fills what neither a flag nor the environment set from the file, and
/// says where each setting came from.
pub fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<Vec<Setting>, CliError> {
    let file = load()?;
    let from_file = tr!(
        speaking(),
        "config-from-file",
        path = path().display().to_string()
    );
    let mut settings = Vec::new();
    let mut pick = |key: &'static str,
                    id: &str,
                    env: Option<&str>,
                    current: &mut Option<String>,
                    file_value: Option<String>| {
        let source = match source_of(matches, id, env) {
            Some(s) => s,
            None => match file_value {
                Some(v) => {
                    *current = Some(v);
                    from_file.clone()
                }
                None => tr!(speaking(), "config-from-default"),
            },
        };
        settings.push(Setting {
            key,
            value: current.clone(),
            source,
        });
    };
    pick(
        "model",
        "model",
        Some("STEER_MODEL"),
        &mut cli.model.model,
        file.model.clone(),
    );
    pick(
        "base_url",
        "base_url",
        Some("OPENAI_BASE_URL"),
        &mut cli.model.base_url,
        file.base_url.clone(),
    );
    let mut data = cli.data.as_ref().map(|p| p.display().to_string());
    pick(
        "data_dir",
        "data",
        Some("STEER_DATA"),
        &mut data,
        file.data_dir.as_ref().map(|p| p.display().to_string()),
    );
    cli.data = data.map(PathBuf::from);
    let mut sessions = cli
        .model
        .session_dir
        .as_ref()
        .map(|p| p.display().to_string());
    pick(
        "session_dir",
        "session_dir",
        None,
        &mut sessions,
        file.session_dir.as_ref().map(|p| p.display().to_string()),
    );
    cli.model.session_dir = sessions.map(PathBuf::from);
    pick(
        "lang",
        "lang",
        Some("STEER_LANG"),
        &mut cli.model.lang,
        file.lang.clone(),
    );
    if let Some(l) = &cli.model.lang {
        l.parse::<crate::i18n::LangSetting>()
            .map_err(CliError::usage)?;
    }
    pick(
        "durability",
        "durability",
        Some("STEER_DURABILITY"),
        &mut cli.model.durability,
        file.durability.clone(),
    );
    pick(
        "store",
        "store",
        Some("STEER_STORE"),
        &mut cli.model.store,
        file.store.clone(),
    );
    if let Some(setting) = settings.last_mut() {
        // Shown without a password the URL may hold.
        setting.value = setting
            .value
            .as_deref()
            .map(crate::store::postgres::redacted);
    }
    if let Some(d) = &cli.model.durability {
        d.parse::<crate::session::Durability>()
            .map_err(CliError::usage)?;
    }
    let policy_source = match (&mut cli.command, matches.subcommand_matches("ask")) {
        (Some(Command::Ask(args)), Some(m))
            if m.value_source("checkpoints") == Some(ValueSource::CommandLine) =>
        {
            let _ = args;
            tr!(speaking(), "config-from-flag")
        }
        (Some(Command::Ask(args)), _) => match &file.checkpoints {
            Some(p) => {
                args.checkpoints = p
                    .parse()
                    .map_err(|e| bad_value(&path(), "checkpoints", &e))?;
                from_file.clone()
            }
            None => tr!(speaking(), "config-from-default"),
        },
        _ => match &file.checkpoints {
            Some(_) => from_file.clone(),
            None => tr!(speaking(), "config-from-default"),
        },
    };
    settings.push(Setting {
        key: "checkpoints",
        value: file
            .checkpoints
            .clone()
            .or(Some("plan,conflicts,assumptions,offplan".to_string())),
        source: policy_source,
    });
    Ok(settings)
}

/// `steer config show`: the effective settings and their sources; the API
/// key is reported as set or not, never shown.
pub fn show(settings: &[Setting]) {
    let mut rows: Vec<Vec<String>> = settings
        .iter()
        .map(|s| {
            vec![
                s.key.to_string(),
                s.value
                    .clone()
                    .unwrap_or_else(|| tr!(speaking(), "config-unset")),
                s.source.clone(),
            ]
        })
        .collect();
    let lang = speaking();
    let key = if std::env::var("OPENAI_API_KEY").is_ok_and(|k| !k.trim().is_empty()) {
        tr!(lang, "config-key-set")
    } else {
        tr!(lang, "config-key-unset")
    };
    rows.push(vec![
        "api_key".to_string(),
        key,
        tr!(lang, "config-from-env", name = "OPENAI_API_KEY"),
    ]);
    println!(
        "{}",
        tr!(lang, "config-file", path = path().display().to_string())
    );
    println!(
        "{}",
        crate::render::table(
            &[
                &tr!(lang, "config-col-setting"),
                &tr!(lang, "config-col-value"),
                &tr!(lang, "config-col-source")
            ],
            rows
        )
    );
}
