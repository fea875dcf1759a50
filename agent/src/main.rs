use std::process::ExitCode;

fn main() -> ExitCode {
    match steer::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steer: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
