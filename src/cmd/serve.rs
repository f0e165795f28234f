//! `redflag serve`: the live preview until interrupted.

use std::process::ExitCode;

use redflag::serve::{ServeOptions, serve};

/// Serves the preview `options` describe; exit code 2 if it cannot start.
pub fn run(options: ServeOptions) -> ExitCode {
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
