use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug: where it is caught (a tool, the whole command) it
    // is reported as one line. The default hook's message and backtrace
    // are for developers, shown when they ask with RUST_BACKTRACE.
    let developer = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A closed pipe is how a pipeline ends, not a bug: never reported.
        let closed = info
            .payload()
            .downcast_ref::<String>()
            .is_some_and(|m| closed_pipe(m));
        if developer && !closed {
            default_hook(info);
        }
    }));
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
            serve,
        } => steer::mcp::run(data, options, &serve).map_err(steer::cli::CliError::from),
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            // Written without a panic should stderr be closed too.
            let _ = writeln!(
                std::io::stderr(),
                "steer: {}",
                steer::cli::for_terminal(&e.message)
            );
            ExitCode::from(e.code)
        }
        Err(payload) => {
            let message = steer_tools::panic_message(payload.as_ref());
            // The reader went away (`steer ... | head`): stopping quietly
            // is what a pipeline expects, with the status SIGPIPE gives.
            if closed_pipe(&message) {
                return ExitCode::from(141);
            }
            let _ = writeln!(
                std::io::stderr(),
                "steer: internal error: {}; please report it",
                steer::cli::for_terminal(&message)
            );
            ExitCode::from(steer::cli::EXIT_FAILURE)
        }
    }
}

/// Whether a panic's message is the standard library's for writing to a
/// standard stream whose reader has gone.
fn closed_pipe(message: &str) -> bool {
    (message.starts_with("failed printing to stdout")
        || message.starts_with("failed printing to stderr"))
        && message.contains("Broken pipe")
}
