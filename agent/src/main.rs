use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug: where it is caught (a tool, the whole command) it
    // is reported as one line. The default hook's message and backtrace
    // are for developers, shown when they ask with RUST_BACKTRACE.
    let developer = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    if !developer {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let outcome = std::panic::catch_unwind(|| match steer::cli::main()? {
        steer::cli::Next::Done => Ok(()),
        steer::cli::Next::Chat {
            data,
            options,
            policy,
        } => steer::repl::run(data, options, policy, steer::service::DEFAULT_TIMEOUT_SECS)
            .map_err(steer::cli::CliError::from),
        steer::cli::Next::Mcp {
            data,
            options,
            http,
            allow_remote,
        } => steer::mcp::run(data, options, http, allow_remote).map_err(steer::cli::CliError::from),
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("steer: {}", steer::cli::for_terminal(&e.message));
            ExitCode::from(e.code)
        }
        Err(payload) => {
            let message = steer_tools::panic_message(payload.as_ref());
            // The reader went away (`steer ... | head`): stopping quietly
            // is what a pipeline expects, as if SIGPIPE had ended us.
            if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
                return ExitCode::from(141);
            }
            eprintln!(
                "steer: internal error: {}; please report it",
                steer::cli::for_terminal(&message)
            );
            ExitCode::from(steer::cli::EXIT_FAILURE)
        }
    }
}
