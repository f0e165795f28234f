//! `redflag cms`: writes the content manager into `out/admin/`.

use std::path::Path;
use std::process::ExitCode;

use redflag::build::load;
use redflag::cli::Format;
use redflag::cms::{ADMIN, Backend, write_admin};
use redflag::content::LoadOptions;
use redflag::output::{InPlace, Wait};

use super::report_errors;

/// Writes the content manager of the site at `root` for `backend` into `out`.
pub fn run(root: &Path, out: &Path, backend: &Backend, wait: Wait) -> ExitCode {
    let (site, _) = match load(root, &LoadOptions::with_drafts()) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let output = match InPlace::open(out, root, wait) {
        Ok(output) => output,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let written = write_admin(&site, backend, &output.sink());
    drop(output);
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
