//! The `redflag` binary: flags → library calls → exit code. 0 success, 1 content or
//! configuration errors, 2 usage or I/O errors.

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use std::time::Duration;

use clap::Parser;
use redflag::build::{BuildError, BuildOptions, build, load, write_posters};
use redflag::check::{CheckOptions, ExternalOptions, fails, run_check};
use redflag::cli::{Cli, Command, Format, TableFormat, TranslationsAction};
use redflag::cms::{ADMIN, Backend, write_admin};
use redflag::config::no_site;
use redflag::content::LoadOptions;
use redflag::diagnostics::{self, Counts, Diagnostic};
use redflag::output::{Busy, InPlace, Wait};
use redflag::poster::PreviousPosters;
use redflag::poster::{Selection, select_posters};
use redflag::scaffold::ci::init_ci;
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
            no_wait,
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
                wait: wait_unless(no_wait),
            }) {
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
                            out.display()
                        );
                        report_posters_left_out(&report.posters.left_out);
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
            if let Err(code) = print_diagnostics(&diagnostics, format) {
                return code;
            }
            if format == Format::Human {
                write_stderr(&format!("{}\n", check_summary(&diagnostics, deny_warnings)));
            }
            if no_site(&diagnostics) {
                ExitCode::from(2)
            } else if fails(&diagnostics, deny_warnings) {
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
            no_wait,
        } => posters(
            &root,
            &out,
            &Selection {
                institution,
                languages: lang,
                sizes: size,
                advisories,
            },
            wait_unless(no_wait),
        ),
        Command::Translations {
            action: Some(action),
            ..
        } => translations_action(action),
        Command::Translations { root, format, .. } => {
            match load(&root, &LoadOptions::with_drafts()) {
                Ok((site, _)) => {
                    let report = translation_report(&site);
                    let text = match format {
                        TableFormat::Human => render_table(&report),
                        TableFormat::Json => {
                            serde_json::to_string_pretty(&report).expect("report serialises") + "\n"
                        }
                    };
                    match write_stdout(&text) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(code) => code,
                    }
                }
                Err(diagnostics) => report_errors(&diagnostics, Format::Human),
            }
        }
        Command::Cms {
            root,
            out,
            repo,
            backend,
            branch,
            no_wait,
        } => {
            let backend = Backend {
                name: backend,
                repo,
                branch,
            };
            cms(&root, &out, &backend, wait_unless(no_wait))
        }
        command @ (Command::New { .. } | Command::Init { .. } | Command::Schema { .. }) => {
            scaffold_command(command, today)
        }
    }
}

/// `redflag translations export|import`.
fn translations_action(action: TranslationsAction) -> ExitCode {
    let root = match &action {
        TranslationsAction::Export { root, .. } | TranslationsAction::Import { root, .. } => root,
    };
    let site = match load(root, &LoadOptions::with_drafts()) {
        Ok((site, _)) => site,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let result = match action {
        TranslationsAction::Export {
            root,
            lang,
            format,
            out,
            split,
        } => redflag::translations::cli::export(&root, &site, lang.as_deref(), format, &out, split),
        TranslationsAction::Import { files, root, force } => {
            redflag::translations::cli::import(&root, &site, &files, force)
        }
    };
    match result {
        Ok(lines) => {
            write_stderr(&lines);
            ExitCode::SUCCESS
        }
        Err((lines, code)) => {
            write_stderr(&lines);
            ExitCode::from(code)
        }
    }
}

/// Waits for another command writing the same output, unless `--no-wait`.
fn wait_unless(no_wait: bool) -> Wait {
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

/// `redflag cms`: writes the content manager into `out/admin/`.
fn cms(root: &std::path::Path, out: &std::path::Path, backend: &Backend, wait: Wait) -> ExitCode {
    let (site, _) = match load(root, &LoadOptions::with_drafts()) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let written = InPlace::open(out, root, wait)
        .map_err(|err| err.to_string())
        .and_then(|output| {
            write_admin(&site, backend, &output.sink()).map_err(|err| err.to_string())
        });
    match written {
        Ok(files) => {
            eprintln!(
                "Wrote the content manager ({files} files) → {}; open /{ADMIN}/ of the site.",
                out.join(ADMIN).display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// `redflag posters`: typesets the selected posters into `out`.
fn posters(
    root: &std::path::Path,
    out: &std::path::Path,
    selection: &Selection,
    wait: Wait,
) -> ExitCode {
    let (site, theme) = match load(root, &LoadOptions::default()) {
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
    let output = match InPlace::open(out, root, wait) {
        Ok(output) => output,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    match write_posters(
        &site,
        &theme,
        &jobs,
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
            report_posters_not_made(&summary.not_made)
        }
        Err(diagnostics) => report_errors(&diagnostics, Format::Human),
    }
}

/// Prints what posters left out to fit on one page: each warning, and how many posters left out
/// only what their advisory allows.
fn report_poster_notes(summary: &redflag::poster::PosterSummary) {
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

/// Prints the errors of posters that could not be made (everything else was written) and
/// returns exit code 1 if there are any.
/// "1,200 posters not made as [posters] asks: 800 in languages not in [posters] languages, …".
fn report_posters_left_out(left_out: &[(&str, usize)]) {
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

fn report_posters_not_made(not_made: &[Diagnostic]) -> ExitCode {
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

/// Prints diagnostics in `format`: human text on stderr, machine formats on stdout.
fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) -> Result<(), ExitCode> {
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
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to standard output. A reader that stopped reading (`| head`) is not an
/// error: what it wanted is written. Any other failure is an I/O error (exit code 2).
fn write_stdout(text: &str) -> Result<(), ExitCode> {
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

/// Prints the errors that stopped a command and returns its exit code: 1, or 2 when there is
/// no site to read at all.
fn report_errors(diagnostics: &[Diagnostic], format: Format) -> ExitCode {
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

/// Runs `new`, `init` or `schema`.
fn scaffold_command(command: Command, today: jiff::civil::Date) -> ExitCode {
    let result = match command {
        Command::New { slug, lang, root } => {
            let translation = lang.is_some();
            new_advisory(&root, &slug, lang.as_deref(), today).map(|file| {
                let next = if translation {
                    "It is a draft (not published): translate every text, then replace \
                     `status: draft` with the `source_digest` line its comment gives."
                } else {
                    "Fill in every `TODO:` text, then run `redflag check`."
                };
                eprintln!("Created {}. {next}", root.join(file).display());
            })
        }
        Command::Init {
            dir,
            ci: Some(provider),
            release_from,
        } => init_ci(&dir, provider, release_from.as_deref()).map(|files| {
            for file in &files {
                eprintln!("  created {}", dir.join(file).display());
            }
            eprintln!(
                "Commit {} and push: {}",
                provider.file(),
                provider.next_step()
            );
        }),
        Command::Init { dir, ci: None, .. } => init_site(&dir).map(|files| {
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
        return match write_stdout(&schema_json(kind)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
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
