//! The chat's slash commands: what each is called, what it takes, and a
//! suggestion when a name is mistyped.

/// A parsed slash command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Plan,
    Tools,
    Sources,
    /// The lines a citation points to.
    Source(String),
    /// Add a document to the `--data` directory.
    Ingest(String),
    /// Show the checkpoint policy, or set it for the next requests.
    Checkpoints(Option<String>),
    /// Show the model, or switch to another for the next requests.
    Model(Option<String>),
    Save(Option<String>),
    Sessions,
    /// Continue the paused run, or the logged session with this id.
    Resume(Option<String>),
    New,
    Exit,
}

/// Every command with its argument and the catalog id of what it does,
/// for `/help` and completion. `/quit` is accepted as `/exit` but not listed.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    ("/help", "", "help-help"),
    ("/plan", "", "help-plan"),
    ("/tools", "", "help-tools"),
    ("/sources", "", "help-sources"),
    ("/source", "ID:LINES", "help-source"),
    ("/ingest", "FILE", "help-ingest"),
    ("/checkpoints", "[POLICY]", "help-checkpoints"),
    ("/model", "[NAME]", "help-model"),
    ("/save", "[PATH]", "help-save"),
    ("/sessions", "", "help-sessions"),
    ("/resume", "[ID]", "help-resume"),
    ("/new", "", "help-new"),
    ("/exit", "", "help-exit"),
];

/// Parses a line starting with `/`. The error says what was wrong and,
/// for a mistyped name, which command was probably meant.
pub fn parse(line: &str, lang: Lang) -> Result<Command, String> {
    let line = line.trim();
    let (name, rest) = match line.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r.trim()),
        None => (line, ""),
    };
    let arg = (!rest.is_empty()).then(|| rest.to_string());
    let none = |c: Command| {
        if rest.is_empty() {
            Ok(c)
        } else {
            Err(tr!(lang, "chat-no-argument", name = name, rest = rest))
        }
    };
    match name {
        "/help" | "/?" => none(Command::Help),
        "/plan" => none(Command::Plan),
        "/tools" => none(Command::Tools),
        "/sources" => none(Command::Sources),
        "/ingest" => match arg {
            Some(f) => Ok(Command::Ingest(f)),
            None => Err(tr!(lang, "chat-ingest-needs-document")),
        },
        "/source" => match arg {
            Some(c) => Ok(Command::Source(c)),
            None => Err(tr!(lang, "chat-source-needs-citation")),
        },
        "/checkpoints" => Ok(Command::Checkpoints(arg)),
        "/model" => Ok(Command::Model(arg)),
        "/save" => Ok(Command::Save(arg)),
        "/sessions" => none(Command::Sessions),
        "/resume" => Ok(Command::Resume(arg)),
        "/new" => none(Command::New),
        "/exit" | "/quit" => none(Command::Exit),
        other => {
            let names = COMMANDS.iter().map(|(n, _, _)| *n);
            Err(match steer_tools::dataset::closest(other, names) {
                Some(c) => tr!(lang, "chat-unknown-command", name = other, closest = c),
                None => tr!(lang, "chat-unknown-command-help", name = other),
            })
        }
    }
}

/// The command names starting with `prefix`, for completion.
pub fn completions(prefix: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .map(|(n, _, _)| *n)
        .filter(|n| n.starts_with(prefix))
        .collect()
}

use crate::i18n::Lang;
use crate::tr;

/// The `/help` text.
pub fn help(lang: Lang) -> String {
    let mut out = tr!(lang, "chat-help-intro");
    out.push_str("\n\n");
    for (name, arg, what) in COMMANDS {
        let usage = if arg.is_empty() {
            name.to_string()
        } else {
            format!("{name} {arg}")
        };
        out.push_str(&format!(
            "  {usage:<22} {}\n",
            crate::i18n::tr(lang, what, &[])
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn ingest_and_source_take_their_argument() {
        assert_eq!(
            parse("/ingest notes/w.md", Lang::En),
            Ok(Command::Ingest("notes/w.md".into()))
        );
        assert!(
            parse("/ingest", Lang::En)
                .unwrap_err()
                .contains("takes a document")
        );
        assert_eq!(
            parse("/source 004:3", Lang::En),
            Ok(Command::Source("004:3".into()))
        );
        assert!(
            parse("/source", Lang::En)
                .unwrap_err()
                .contains("takes a citation")
        );
    }

    #[test]
    fn parses_commands_and_arguments() {
        assert_eq!(parse("/plan", Lang::En), Ok(Command::Plan));
        assert_eq!(
            parse("/save  out/report.md ", Lang::En),
            Ok(Command::Save(Some("out/report.md".into())))
        );
        assert_eq!(
            parse("/checkpoints", Lang::En),
            Ok(Command::Checkpoints(None))
        );
        assert_eq!(parse("/quit", Lang::En), Ok(Command::Exit));
        assert_eq!(
            parse("/plan now", Lang::En),
            Err("/plan takes no argument; got `now`".into())
        );
    }

    #[test]
    fn unknown_commands_get_a_suggestion() {
        assert_eq!(
            parse("/plna", Lang::En),
            Err("unknown command /plna; did you mean /plan?".into())
        );
        assert_eq!(
            parse("/sesions", Lang::En),
            Err("unknown command /sesions; did you mean /sessions?".into())
        );
        assert_eq!(
            parse("/zzz", Lang::En),
            Err("unknown command /zzz; /help lists the commands".into())
        );
    }

    #[test]
    fn completes_command_names() {
        assert_eq!(
            completions("/s"),
            vec!["/sources", "/source", "/save", "/sessions"]
        );
        assert!(help(Lang::En).contains("/resume [ID]"));
        assert!(help(Lang::En).contains("continue the paused run"));
        assert!(help(Lang::Ja).contains("一時停止中の実行"));
        for lang in [Lang::En, Lang::Ja] {
            assert!(
                !help(lang).contains("[help-"),
                "every command's help is in the catalog"
            );
        }
    }
}
