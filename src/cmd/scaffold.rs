//! `redflag new`, `redflag init` and `redflag schema`: files to start from.

use std::path::Path;
use std::process::ExitCode;

use jiff::civil::Date;
use redflag::cli::Format;
use redflag::scaffold::ci::{CiProvider, init_ci};
use redflag::scaffold::{ScaffoldError, init_site, new_advisory};
use redflag::schema::{SchemaKind, schema_json};

use super::{report_errors, write_stdout};

/// `redflag new`: a new advisory, or with `lang` a draft translation of an existing one.
pub fn new(root: &Path, slug: &str, lang: Option<&str>, today: Date) -> ExitCode {
    let translation = lang.is_some();
    exit_code(new_advisory(root, slug, lang, today).map(|file| {
        let next = if translation {
            "It is a draft (not published): translate every text, then replace \
             `status: draft` with the `source_digest` line its comment gives."
        } else {
            "Fill in every `TODO:` text, then run `redflag check`."
        };
        eprintln!("Created {}. {next}", root.join(file).display());
    }))
}

/// `redflag init`: a new site in `dir`, or with `ci` the CI file of `provider`.
pub fn init(dir: &Path, ci: Option<CiProvider>, release_from: Option<&str>) -> ExitCode {
    let result = match ci {
        Some(provider) => init_ci(dir, provider, release_from).map(|files| {
            for file in &files {
                eprintln!("  created {}", dir.join(file).display());
            }
            eprintln!(
                "Commit {} and push: {}",
                provider.file(),
                provider.next_step()
            );
        }),
        None => init_site(dir).map(|files| {
            for file in &files {
                eprintln!("  created {}", dir.join(file).display());
            }
            eprintln!(
                "New site in {}. Run `redflag build --root {}` to build it.",
                dir.display(),
                dir.display()
            );
        }),
    };
    exit_code(result)
}

/// The exit code of a scaffold command, its errors printed.
fn exit_code(result: Result<(), ScaffoldError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(ScaffoldError::Content(diagnostics)) => report_errors(&diagnostics, Format::Human),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// `redflag schema`: prints one schema, or writes all of them into `out`.
pub fn schema(name: Option<&str>, out: &Path) -> ExitCode {
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
