//! `redflag posters`, and the poster reports `build` shares: what posters left out, and the
//! posters that could not be made.

use std::io::IsTerminal;
use std::process::ExitCode;

use redflag::build::{load, write_posters};
use redflag::cli::{Format, PostersArgs};
use redflag::content::LoadOptions;
use redflag::diagnostics::{self, Diagnostic};
use redflag::output::InPlace;
use redflag::plan::bundles::plan_bundles;
use redflag::poster::{PosterSummary, PreviousPosters, Selection, select_posters};

use super::{report_errors, wait_unless, write_stderr};

/// Typesets the selected posters into the output folder.
pub fn run(args: PostersArgs) -> ExitCode {
    let (root, out) = (args.root.as_path(), args.out.as_path());
    let selection = Selection {
        institution: args.institution,
        languages: args.lang,
        sizes: args.size,
        advisories: args.advisories,
    };
    let prepared = match load(root, &LoadOptions::default()) {
        Ok(prepared) => prepared,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let jobs = match select_posters(&prepared, &selection) {
        Ok(jobs) => jobs,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let output = match InPlace::open(out, root, wait_unless(args.no_wait)) {
        Ok(output) => output,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let bundles = match args.bundle || prepared.site.config.posters.bundle {
        true => plan_bundles(&prepared.site, &jobs),
        false => Vec::new(),
    };
    match write_posters(
        &prepared,
        (&jobs, &bundles),
        &PreviousPosters::open(out),
        &output.sink(),
    ) {
        Ok(summary) => {
            report_poster_notes(&summary);
            eprintln!(
                "Wrote {} poster{} in {:.2} s → {}",
                summary.posters,
                if summary.posters == 1 { "" } else { "s" },
                summary.elapsed.as_secs_f64(),
                out.display()
            );
            if summary.bundles > 0 {
                eprintln!(
                    "Wrote {} print-shop bundle{} ({} made, {} unchanged; one PDF per institution and size) → {}",
                    summary.bundles,
                    if summary.bundles == 1 { "" } else { "s" },
                    summary.bundles - summary.bundles_unchanged,
                    summary.bundles_unchanged,
                    out.display()
                );
            }
            report_posters_not_made(&summary.not_made)
        }
        Err(diagnostics) => report_errors(&diagnostics, Format::Human),
    }
}

/// Prints what posters left out to fit on one page: each warning, and how many posters left out
/// only what their advisory allows.
pub fn report_poster_notes(summary: &PosterSummary) {
    let (allowed, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = summary
        .diagnostics
        .iter()
        .cloned()
        .partition(|d| d.severity == diagnostics::Severity::Info);
    write_stderr(&diagnostics::render_human(
        &warnings,
        std::io::stderr().is_terminal(),
    ));
    if !allowed.is_empty() {
        eprintln!(
            "{} poster{} left out parts their advisory allows (`poster: optional`); `redflag check` lists them",
            allowed.len(),
            if allowed.len() == 1 { "" } else { "s" }
        );
    }
}

/// "1,200 posters not made as [posters] asks: 800 in languages not in [posters] languages, …".
pub fn report_posters_left_out(left_out: &[(&str, usize)]) {
    if left_out.is_empty() {
        return;
    }
    let total: usize = left_out.iter().map(|(_, n)| n).sum();
    let reasons: Vec<String> = left_out.iter().map(|(r, n)| format!("{n} {r}")).collect();
    eprintln!(
        "{total} posters not made as the site asks: {}",
        reasons.join(", ")
    );
}

/// Prints the errors of posters that could not be made (everything else was written) and
/// returns exit code 1 if there are any.
pub fn report_posters_not_made(not_made: &[Diagnostic]) -> ExitCode {
    if not_made.is_empty() {
        return ExitCode::SUCCESS;
    }
    write_stderr(&diagnostics::render_human(
        not_made,
        std::io::stderr().is_terminal(),
    ));
    let errors = not_made.len();
    eprintln!(
        "{errors} error{}: the posters named above were not made; everything else was written.",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}
