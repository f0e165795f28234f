//! The `redflag` binary: flags → library calls → exit code. 0 success, 1 content or
//! configuration errors, 2 usage or I/O errors.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use redflag::build::{BuildError, BuildOptions, build, check, load, write_posters};
use redflag::cli::{Cli, Command, Format, TableFormat};
use redflag::diagnostics::{self, Diagnostic};
use redflag::output::DirSink;
use redflag::poster::{Selection, select_posters};
use redflag::translations::{render_table, translation_report};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = jiff::Zoned::now().date();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
        } => {
            let quiet = std::env::var_os("CI").is_some_and(|v| v == "true" || v == "1");
            let terminal = std::io::stderr().is_terminal();
            if terminal && !quiet {
                eprint!("Building {} …\r", root.display());
            }
            match build(&BuildOptions {
                root,
                out: out.clone(),
                base_url,
                drafts,
                today,
            }) {
                Ok(report) => {
                    if !quiet {
                        eprintln!(
                            "Built {} pages and {} posters ({} advisories in {} languages) in {:.2} s → {}",
                            report.summary.pages,
                            report.posters.posters,
                            report.advisories,
                            report.languages,
                            report.elapsed.as_secs_f64(),
                            out.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diagnostics)) => report_errors(&diagnostics, Format::Human),
                Err(BuildError::Output(err)) => {
                    eprintln!("error: {err}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { root, format } => {
            let diagnostics = check(&root, today);
            if diagnostics.is_empty() {
                if format == Format::Human {
                    eprintln!("No problems found.");
                }
                return ExitCode::SUCCESS;
            }
            report_errors(&diagnostics, format)
        }
        Command::Posters {
            root,
            out,
            institution,
            lang,
            size,
            advisories,
        } => posters(
            &root,
            &out,
            &Selection {
                institution,
                languages: lang,
                sizes: size,
                advisories,
            },
        ),
        Command::Translations { root, format } => match load(&root, true, None) {
            Ok((site, _)) => {
                let report = translation_report(&site);
                match format {
                    TableFormat::Human => print!("{}", render_table(&report)),
                    TableFormat::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&report).expect("report serialises")
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => report_errors(&diagnostics, Format::Human),
        },
    }
}

/// `redflag posters`: typesets the selected posters into `out`.
fn posters(root: &std::path::Path, out: &std::path::Path, selection: &Selection) -> ExitCode {
    let (site, theme) = match load(root, false, None) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let jobs = match select_posters(&site, &theme, selection) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match write_posters(&site, &theme, &jobs, &DirSink::new(out)) {
        Ok(summary) => {
            eprintln!(
                "Wrote {} poster{} in {:.2} s → {}",
                summary.posters,
                if summary.posters == 1 { "" } else { "s" },
                summary.elapsed.as_secs_f64(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_errors(&diagnostics, Format::Human),
    }
}

/// Prints diagnostics and returns the exit code they call for.
fn report_errors(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
    let text = match format {
        Format::Human => diagnostics::render_human(diagnostics, std::io::stderr().is_terminal()),
        Format::Json => diagnostics::render_json(diagnostics),
        Format::Github => diagnostics::render_github(diagnostics),
    };
    if format == Format::Human {
        eprint!("{text}");
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == diagnostics::Severity::Error)
            .count();
        eprintln!(
            "{errors} error{} found; nothing was written.",
            if errors == 1 { "" } else { "s" }
        );
    } else {
        print!("{text}");
    }
    if diagnostics::has_errors(diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
