//! `redflag build`: the whole site into the output folder, with a one-line summary.

use std::io::IsTerminal;
use std::process::ExitCode;

use redflag::build::{BuildError, BuildOptions, build};
use redflag::cli::{BuildArgs, Format};

use super::posters::{report_poster_notes, report_posters_left_out, report_posters_not_made};
use super::{report_errors, wait_unless};

/// Builds the site as of `today`; quiet (no progress, no summary) when `CI` is set.
pub fn run(args: BuildArgs, today: jiff::civil::Date) -> ExitCode {
    let options = BuildOptions {
        root: args.root,
        out: args.out,
        base_url: args.base_url,
        drafts: args.drafts,
        today,
        wait: wait_unless(args.no_wait),
    };
    let quiet = std::env::var_os("CI").is_some_and(|v| v == "true" || v == "1");
    let terminal = std::io::stderr().is_terminal();
    if terminal && !quiet {
        eprint!("Building {} …\r", options.root.display());
    }
    match build(&options) {
        Ok(report) => {
            // What posters left out is shown even in CI: staff print what a build makes.
            report_poster_notes(&report.posters);
            if !quiet {
                eprintln!(
                    "Built {} pages and {} posters ({} typeset, {} unchanged) ({} advisories in {} languages) in {:.2} s → {}",
                    report.summary.pages,
                    report.posters.posters,
                    report.posters.rendered,
                    report.posters.posters - report.posters.rendered,
                    report.advisories,
                    report.languages,
                    report.elapsed.as_secs_f64(),
                    options.out.display()
                );
                report_posters_left_out(&report.posters.left_out);
                eprintln!(
                    "  pages: {} ({} rendered, {} unchanged)",
                    report.summary.pages,
                    report.summary.pages - report.summary.reused,
                    report.summary.reused
                );
                if let Some(search) = &report.search {
                    eprintln!(
                        "  search index: {} languages ({} indexed, {} unchanged)",
                        search.languages,
                        search.languages - search.unchanged,
                        search.unchanged
                    );
                }
                if report.share.images > 0 {
                    eprintln!(
                        "  share images: {} ({} typeset, {} unchanged) in {:.2} s",
                        report.share.images,
                        report.share.rendered,
                        report.share.images - report.share.rendered,
                        report.share.elapsed.as_secs_f64()
                    );
                }
            }
            report_posters_not_made(&report.posters.not_made)
        }
        Err(BuildError::Content(diagnostics)) => report_errors(&diagnostics, Format::Human),
        Err(BuildError::Output(err)) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
