//! `redflag init --ci github|gitlab`: the CI file that checks a site's pull requests and
//! publishes it on GitHub Pages or GitLab Pages. The files are templates (`ci/*.yml`) filled in
//! with the redflag release the workflow downloads: this binary's version, from the
//! repository whose releases `.github/workflows/release.yml` publishes.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, init_site, write_new};
use crate::config::CONFIG_FILE;

/// A CI provider `init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiProvider {
    /// GitHub Actions and GitHub Pages (`.github/workflows/redflag.yml`).
    Github,
    /// GitLab CI and GitLab Pages (`.gitlab-ci.yml`).
    Gitlab,
}

impl CiProvider {
    /// The file it reads, relative to the site folder.
    pub fn file(self) -> &'static str {
        match self {
            CiProvider::Github => ".github/workflows/redflag.yml",
            CiProvider::Gitlab => ".gitlab-ci.yml",
        }
    }

    /// What the user does next, once the file is pushed.
    pub fn next_step(self) -> &'static str {
        match self {
            CiProvider::Github => {
                "then, once, in the repository's Settings → Pages, set Source to \"GitHub Actions\". \
                 Pull requests are checked; every push to main publishes the site \
                 (docs/publishing.md)."
            }
            CiProvider::Gitlab => {
                "merge requests are checked; every push to the default branch publishes the \
                 site, at the address Deploy → Pages shows (docs/publishing.md)."
            }
        }
    }

    fn template(self) -> &'static str {
        match self {
            CiProvider::Github => include_str!("ci/github.yml"),
            CiProvider::Gitlab => include_str!("ci/gitlab.yml"),
        }
    }
}

/// The web address of redflag's repository (Cargo.toml's `repository`), whose releases the
/// workflows download; empty when the build did not record one.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The CI file for `provider`, downloading redflag `version` from the releases of the
/// repository at `repository` (a web address such as `https://github.com/<owner>/redflag`).
pub fn ci_file(provider: CiProvider, version: &str, repository: &str) -> String {
    provider
        .template()
        .replace("@VERSION@", version)
        .replace("@REPOSITORY@", repository.trim_end_matches('/'))
}

/// `redflag init --ci`: in a folder without a site, a new site (`init_site`) and its CI file;
/// in an existing site, only the CI file (never over an existing one). Returns the files
/// written, relative to `dir`.
pub fn init_ci(
    dir: &Path,
    provider: CiProvider,
    repository: Option<&str>,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let repository = release_repository(repository)?;
    let ci = dir.join(provider.file());
    if ci.exists() {
        return Err(ScaffoldError::Usage(format!(
            "{} already exists; edit it, or remove it first",
            ci.display()
        )));
    }
    let mut written = if dir.join(CONFIG_FILE).exists() {
        Vec::new()
    } else {
        init_site(dir)?
    };
    let text = ci_file(provider, env!("CARGO_PKG_VERSION"), repository);
    write_new(&ci, &text)?;
    written.push(PathBuf::from(provider.file()));
    Ok(written)
}

/// The repository to download release binaries from: `given`, else [`REPOSITORY`].
fn release_repository(given: Option<&str>) -> Result<&str, ScaffoldError> {
    let repository = given.unwrap_or(REPOSITORY).trim();
    if repository.starts_with("https://") && !repository.contains(char::is_whitespace) {
        Ok(repository)
    } else {
        Err(ScaffoldError::Usage(
            "the CI file downloads redflag's release binary: name the repository that \
             publishes it with --release-from https://<host>/<owner>/redflag"
                .into(),
        ))
    }
}
