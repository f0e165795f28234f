//! `redflag check`: every diagnostic in the asked format, a summary line, and the verdict.

use std::process::ExitCode;

use std::time::Duration;

use redflag::check::{
    CheckOptions, ExternalOptions, PosterCheck, PosterCounts, fails, run_check_report,
};
use redflag::cli::{CheckArgs, Format};
use redflag::config::no_site;
use redflag::diagnostics::{Counts, Diagnostic};

use super::{print_diagnostics, write_stderr};

/// Checks the site as of `today`; warnings fail it with `--deny-warnings`.
pub fn run(args: CheckArgs, today: jiff::civil::Date) -> ExitCode {
    let (format, deny_warnings) = (args.format, args.deny_warnings);
    let options = CheckOptions {
        root: args.root,
        today,
        external: args.external.then(|| ExternalOptions {
            timeout: Duration::from_secs(args.external_timeout),
            max_links: args.external_limit,
            ..ExternalOptions::default()
        }),
        posters: if args.no_posters {
            PosterCheck::Skip
        } else {
            PosterCheck::Typeset(Some(args.out))
        },
    };
    let report = run_check_report(&options);
    let diagnostics = report.diagnostics;
    if let Err(code) = print_diagnostics(&diagnostics, format) {
        return code;
    }
    if format == Format::Human {
        write_stderr(&format!(
            "{}{}\n",
            summary(&diagnostics, deny_warnings),
            not_checked(report.posters)
        ));
    }
    if no_site(&diagnostics) {
        ExitCode::from(2)
    } else if fails(&diagnostics, deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What the summary adds when posters were not typeset.
fn not_checked(posters: PosterCounts) -> String {
    match posters.not_checked {
        0 => String::new(),
        1 => " 1 poster not checked (--no-posters): whether it fits is not known.".into(),
        n => format!(" {n} posters not checked (--no-posters): whether they fit is not known."),
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
