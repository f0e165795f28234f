//! The `redflag` binary: parses the flags and dispatches to `cmd`, whose `run` returns the
//! exit code: 0 success, 1 content or configuration errors, 2 usage or I/O errors.

use std::process::ExitCode;

use clap::Parser;
use redflag::cli::{Cli, Command};

mod cmd;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => with_today(|today| cmd::build::run(args, today)),
        Command::Serve(args) => with_today(|_| cmd::serve::run(args)),
        Command::Check(args) => with_today(|today| cmd::check::run(args, today)),
        Command::Posters(args) => cmd::posters::run(args),
        Command::Translations {
            action: Some(action),
            ..
        } => cmd::translations::run_action(action),
        Command::Translations { root, format, .. } => cmd::translations::run(&root, format),
        Command::Cms(args) => cmd::cms::run(args),
        Command::New { slug, lang, root } => {
            cmd::scaffold::new(&root, &slug, lang.as_deref(), jiff::Zoned::now().date())
        }
        Command::Init {
            dir,
            ci,
            release_from,
        } => cmd::scaffold::init(&dir, ci, release_from.as_deref()),
        Command::Schema { name, out } => cmd::scaffold::schema(name.as_deref(), &out),
    }
}

/// Runs `command` as of today (`SOURCE_DATE_EPOCH` when set); a malformed
/// `SOURCE_DATE_EPOCH` is a usage error (exit 2).
fn with_today(command: impl FnOnce(jiff::civil::Date) -> ExitCode) -> ExitCode {
    match redflag::clock::today() {
        Ok(today) => command(today),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
