//! The `redflag` binary: flags → library calls → exit code. 0 success, 1 content or
//! configuration errors, 2 usage or I/O errors.

use std::io::IsTerminal;
use std::process::ExitCode;

use std::time::Duration;

use clap::Parser;
use redflag::build::{BuildError, BuildOptions, build, load, write_posters};
use redflag::check::{CheckOptions, ExternalOptions, fails, run_check};
use redflag::cli::{Cli, Command, Format, TableFormat};
use redflag::diagnostics::{self, Counts, Diagnostic};
use redflag::output::{DirSink, PreviousPosters};
use redflag::poster::{Selection, select_posters};
use redflag::scaffold::{ScaffoldError, init_site, new_advisory};
use redflag::schema::{SchemaKind, schema_json};
use redflag::translations::{render_table, translation_report};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
                            "Built {} pages and {} posters ({} typeset, {} unchanged) ({} advisories in {} languages) in {:.2} s → {}",
                            report.summary.pages,
                            report.posters.posters,
                            report.posters.rendered,
                            report.posters.posters - report.posters.rendered,
                            report.advisories,
                            report.languages,
                            report.elapsed.as_secs_f64(),
                            out.display()
                        );
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
        Command::Serve {
            root,
            bind,
            port,
            open,
            poll,
        } => {
            match redflag::serve::serve(redflag::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                poll,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err:#}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check {
            root,
            format,
            deny_warnings,
            external,
            external_timeout,
            external_limit,
        } => {
            let options = CheckOptions {
                root,
                today,
                external: external.then(|| ExternalOptions {
                    timeout: Duration::from_secs(external_timeout),
                    max_links: external_limit,
                    ..ExternalOptions::default()
                }),
            };
            let diagnostics = run_check(&options);
            print_diagnostics(&diagnostics, format);
            if format == Format::Human {
                eprintln!("{}", check_summary(&diagnostics, deny_warnings));
            }
            if fails(&diagnostics, deny_warnings) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
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
        command @ (Command::New { .. } | Command::Init { .. } | Command::Schema { .. }) => {
            scaffold_command(command, today)
        }
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
    match write_posters(
        &site,
        &theme,
        &jobs,
        &PreviousPosters::open(out),
        &DirSink::new(out),
    ) {
        Ok(summary) => {
            eprintln!(
                "Wrote {} poster{} in {:.2} s → {}",
                summary.posters,
                if summary.posters == 1 { "" } else { "s" },
                summary.elapsed.as_secs_f64(),
                out.display()
            );
            report_posters_not_made(&summary.not_made)
        }
        Err(diagnostics) => report_errors(&diagnostics, Format::Human),
    }
}

/// Prints the errors of posters that could not be made (everything else was written) and
/// returns exit code 1 if there are any.
fn report_posters_not_made(not_made: &[Diagnostic]) -> ExitCode {
    if not_made.is_empty() {
        return ExitCode::SUCCESS;
    }
    print_diagnostics(not_made, Format::Human);
    let errors = not_made.len();
    eprintln!(
        "{errors} error{}: the posters named above were not made; everything else was written.",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}

/// Prints diagnostics in `format`: human text on stderr, machine formats on stdout.
fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    match format {
        Format::Human => eprint!(
            "{}",
            diagnostics::render_human(diagnostics, std::io::stderr().is_terminal())
        ),
        Format::Json => print!("{}", diagnostics::render_json(diagnostics)),
        Format::Github => print!("{}", diagnostics::render_github(diagnostics)),
    }
}

/// The last line of a human `check` report.
fn check_summary(diagnostics: &[Diagnostic], deny_warnings: bool) -> String {
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

/// Prints the errors that stopped a command and returns exit code 1.
fn report_errors(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
    print_diagnostics(diagnostics, format);
    if format == Format::Human {
        let errors = Counts::of(diagnostics).errors;
        eprintln!(
            "{errors} error{} found; nothing was written.",
            if errors == 1 { "" } else { "s" }
        );
    }
    if diagnostics::has_errors(diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `new`, `init` or `schema`.
fn scaffold_command(command: Command, today: jiff::civil::Date) -> ExitCode {
    let result = match command {
        Command::New { slug, lang, root } => {
            let translation = lang.is_some();
            new_advisory(&root, &slug, lang.as_deref(), today).map(|file| {
                let next = if translation {
                    "It is a draft (not published): translate every text, then replace                      `status: draft` with the `source_digest` line its comment gives."
                } else {
                    "Fill in every `TODO:` text, then run `redflag check`."
                };
                eprintln!("Created {}. {next}", root.join(file).display());
            })
        }
        Command::Init { dir } => init_site(&dir).map(|files| {
            for file in &files {
                eprintln!("  created {}", dir.join(file).display());
            }
            eprintln!(
                "New site in {}. Run `redflag build --root {}` to build it.",
                dir.display(),
                dir.display()
            );
        }),
        Command::Schema { name, out } => return schema_command(name.as_deref(), &out),
        _ => return ExitCode::from(2),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(ScaffoldError::Content(diagnostics)) => report_errors(&diagnostics, Format::Human),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Prints one schema, or writes all of them into `out`.
fn schema_command(name: Option<&str>, out: &std::path::Path) -> ExitCode {
    if let Some(name) = name {
        let Some(kind) = SchemaKind::from_name(name) else {
            let names: Vec<&str> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
            eprintln!(
                "error: unknown schema `{name}`; use one of: {}",
                names.join(", ")
            );
            return ExitCode::from(2);
        };
        print!("{}", schema_json(kind));
        return ExitCode::SUCCESS;
    }
    let written = std::fs::create_dir_all(out).and_then(|()| {
        SchemaKind::ALL.iter().try_for_each(|kind| {
            let path = out.join(kind.file_name());
            std::fs::write(&path, schema_json(*kind))?;
            eprintln!("  wrote {}", path.display());
            Ok(())
        })
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: cannot write the schemas into {}: {err}",
                out.display()
            );
            ExitCode::from(2)
        }
    }
}
