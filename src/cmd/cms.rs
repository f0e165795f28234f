//! `redflag cms`: writes the content manager into `out/admin/`.

use std::process::ExitCode;

use redflag::build::load;
use redflag::cli::{CmsArgs, Format};
use redflag::cms::{ADMIN, Backend, write_admin};
use redflag::content::LoadOptions;
use redflag::output::InPlace;

use super::{report_errors, wait_unless};

/// Writes the content manager of the site for its backend into the output folder.
pub fn run(args: CmsArgs) -> ExitCode {
    let (root, out) = (args.root.as_path(), args.out.as_path());
    let site = match load(root, &LoadOptions::with_drafts()) {
        Ok(prepared) => prepared.site,
        Err(diagnostics) => return report_errors(&diagnostics, Format::Human),
    };
    let output = match InPlace::open(out, root, wait_unless(args.no_wait)) {
        Ok(output) => output,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    // The flags override `[cms]` of site.toml, one by one.
    let configured = site.config.cms.clone();
    let base = configured.unwrap_or_else(|| Backend::github("owner/site"));
    let backend = Backend {
        name: args.backend.unwrap_or(base.name),
        repo: args.repo.unwrap_or(base.repo),
        branch: args.branch.unwrap_or(base.branch),
        base_url: base.base_url,
    };
    let written = write_admin(&site, &backend, &output.sink());
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
