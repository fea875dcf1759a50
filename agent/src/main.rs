use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = steer::cli::Cli::parse();
    match steer::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steer: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
