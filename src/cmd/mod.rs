//! The binary's commands, one module per verb, each with a `run` that returns the exit code
//! (0 success, 1 content or configuration errors, 2 usage or I/O errors), and what they share:
//! reporting diagnostics, writing to stdout and stderr, waiting for the output lock.

pub mod build;
pub mod check;
pub mod cms;
pub mod posters;
pub mod scaffold;
pub mod serve;
pub mod translations;

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use redflag::cli::Format;
use redflag::config::no_site;
use redflag::diagnostics::{self, Counts, Diagnostic};
use redflag::output::{Busy, Wait};

/// Waits for another command writing the same output, unless `--no-wait`.
pub fn wait_unless(no_wait: bool) -> Wait {
    if no_wait {
        Wait::No
    } else {
        Wait::Yes(tell_waiting)
    }
}

/// Says why a command seems to do nothing for a while.
fn tell_waiting(busy: &Busy) {
    let holder = busy
        .holder
        .map(|pid| format!(" (process {pid})"))
        .unwrap_or_default();
    eprintln!(
        "Waiting for another redflag command{holder} to finish writing {} …",
        busy.output.display()
    );
}

/// Prints diagnostics in `format`: human text on stderr, machine formats on stdout.
pub fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) -> Result<(), ExitCode> {
    match format {
        Format::Human => {
            write_stderr(&diagnostics::render_human(
                diagnostics,
                std::io::stderr().is_terminal(),
            ));
            Ok(())
        }
        Format::Json => write_stdout(&diagnostics::render_json(diagnostics)),
        Format::Github => write_stdout(&diagnostics::render_github(diagnostics)),
    }
}

/// Writes `text` to standard error, where a failure has nowhere to be reported (`2>&1 | head`).
pub fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to standard output. A reader that stopped reading (`| head`) is not an
/// error: what it wanted is written. Any other failure is an I/O error (exit code 2).
pub fn write_stdout(text: &str) -> Result<(), ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to standard output: {err}");
            Err(ExitCode::from(2))
        }
        _ => Ok(()),
    }
}

/// Prints the errors that stopped a command and returns its exit code: 1, or 2 when there is
/// no site to read at all.
pub fn report_errors(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
    if let Err(code) = print_diagnostics(diagnostics, format) {
        return code;
    }
    if format == Format::Human {
        let errors = Counts::of(diagnostics).errors;
        write_stderr(&format!(
            "{errors} error{} found; nothing was written.\n",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if no_site(diagnostics) {
        ExitCode::from(2)
    } else if diagnostics::has_errors(diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
