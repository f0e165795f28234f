//! `redflag check`: every diagnostic in the asked format, a summary line, and the verdict.

use std::process::ExitCode;

use redflag::check::{CheckOptions, fails, run_check};
use redflag::cli::Format;
use redflag::config::no_site;
use redflag::diagnostics::{Counts, Diagnostic};

use super::{print_diagnostics, write_stderr};

/// Checks the site `options` describe; warnings fail it with `deny_warnings`.
pub fn run(options: &CheckOptions, format: Format, deny_warnings: bool) -> ExitCode {
    let diagnostics = run_check(options);
    if let Err(code) = print_diagnostics(&diagnostics, format) {
        return code;
    }
    if format == Format::Human {
        write_stderr(&format!("{}\n", summary(&diagnostics, deny_warnings)));
    }
    if no_site(&diagnostics) {
        ExitCode::from(2)
    } else if fails(&diagnostics, deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The last line of a human `check` report.
fn summary(diagnostics: &[Diagnostic], deny_warnings: bool) -> String {
    let counts = Counts::of(diagnostics);
    if counts == Counts::default() {
        return "No problems found.".into();
    }
    let verdict = if fails(diagnostics, deny_warnings) {
        "check failed"
    } else {
        "check passed"
    };
    let denied = if deny_warnings && counts.errors == 0 && counts.warnings > 0 {
        " (warnings are denied)"
    } else {
        ""
    };
    format!("{verdict}{denied}: {}.", counts.summary())
}
