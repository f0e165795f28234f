//! `redflag serve`: the live preview until interrupted.

use std::process::ExitCode;

use redflag::cli::ServeArgs;
use redflag::serve::{ServeOptions, serve};

/// Serves the preview until interrupted; exit code 2 if it cannot start.
pub fn run(args: ServeArgs) -> ExitCode {
    let options = ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        cms: args.cms,
        git_init: args.git_init,
    };
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
