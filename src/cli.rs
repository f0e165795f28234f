//! Command-line definitions (clap). Parsing only: `cmd` turns these into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::PaperSize;
use crate::scaffold::ci::CiProvider;

/// redflag: multilingual scam-awareness advisories → a static site.
#[derive(Debug, Parser)]
#[command(name = "redflag", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: on error the old output stays).
    Build(BuildArgs),
    /// Preview the site: rebuild on every save, reload the browser, show errors in the page.
    Serve(ServeArgs),
    /// Validate and render everything, write nothing, report every problem: links,
    /// translations, contacts and readability too.
    Check(CheckArgs),
    /// Typeset printable posters (PDF, with PNG previews) for some or all advisories, into the
    /// output folder (the same files `build` makes; other files there are left alone).
    Posters(PostersArgs),
    /// Show which advisories are translated, stale or missing, with source digests.
    Translations {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Human table or JSON.
        #[arg(long, value_enum, default_value_t = TableFormat::Human)]
        format: TableFormat,
        /// Export texts to translate, or import translations (PO or XLIFF files).
        #[command(subcommand)]
        action: Option<TranslationsAction>,
    },
    /// Start a new advisory, or with --lang a translation of an existing one.
    New {
        /// The advisory's slug (its folder name): lowercase letters, digits and hyphens.
        slug: String,
        /// Write a translation skeleton into this language (the source text to translate).
        #[arg(long)]
        lang: Option<String>,
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site with the default theme and an example advisory in two languages;
    /// with --ci, also (or, in an existing site, only) the CI file that checks pull requests
    /// and publishes the site on GitHub Pages or GitLab Pages.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the CI file for this provider: github (.github/workflows/redflag.yml) or
        /// gitlab (.gitlab-ci.yml).
        #[arg(long, value_enum)]
        ci: Option<CiProvider>,
        /// The web address of the redflag repository whose release binary the CI file
        /// downloads (default: the one this redflag was built from).
        #[arg(long, requires = "ci")]
        release_from: Option<String>,
    },
    /// Write the browser content manager (Sveltia CMS) into the output's admin/ folder, with a
    /// config.yml generated from the front-matter schema and the site's languages, taxonomies
    /// and contacts.
    Cms(CmsArgs),
    /// Write the JSON Schemas of front matter, contacts, taxonomies, retired.yaml and site.toml
    /// (for editors).
    Schema {
        /// Print only this schema: front-matter, translation, contacts, taxonomies, retired or site.
        name: Option<String>,
        /// The folder to write every schema into.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

/// The flags of `redflag build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder, relative to the current directory.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Publish under another base URL than site.toml's.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include advisories marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fail at once if another build is writing the same output folder (default: wait).
    #[arg(long)]
    pub no_wait: bool,
}

/// The flags of `redflag serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 keeps the preview on this machine).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes (for file systems without change notifications).
    #[arg(long)]
    pub poll: bool,
    /// Also serve the content manager at /admin/, to edit this site folder in the browser
    /// (docs/cms.md).
    #[arg(long)]
    pub cms: bool,
    /// With --cms: make a site folder that is not a git working copy one (`git init`, nothing
    /// committed), as the content manager asks.
    #[arg(long, requires = "cms")]
    pub git_init: bool,
}

/// The flags of `redflag check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also fetch external links (one request at a time per host).
    #[arg(long)]
    pub external: bool,
    /// Seconds before an external request gives up.
    #[arg(long, default_value_t = 10, requires = "external")]
    pub external_timeout: u64,
    /// Most external links fetched in one run.
    #[arg(long, default_value_t = 500, requires = "external")]
    pub external_limit: usize,
    /// The output folder of the last build, relative to the current directory: its posters
    /// are reused when nothing they are made from has changed.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Do not typeset posters (faster): what they leave out to fit is then not checked.
    #[arg(long)]
    pub no_posters: bool,
}

/// The flags of `redflag posters`.
#[derive(Debug, Args)]
pub struct PostersArgs {
    /// The site folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder, relative to the current directory.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Only this institution's posters (an `id` of [[institutions]] in site.toml).
    #[arg(long)]
    pub institution: Option<String>,
    /// One language, or two for a bilingual poster: `--lang en,zh-Hans`.
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Paper sizes instead of site.toml's: letter, a4, tabloid, a3 (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_paper_size)]
    pub size: Vec<PaperSize>,
    /// Also write the print-shop bundles: one PDF per institution and size with an index page
    /// and all its selected posters (`posters/<institution>-<size>.pdf`).
    #[arg(long)]
    pub bundle: bool,
    /// Only these advisories (their slugs); all when none is given.
    pub advisories: Vec<String>,
    /// Fail at once if another command is writing the same output folder (default: wait).
    #[arg(long)]
    pub no_wait: bool,
}

/// The flags of `redflag cms`.
#[derive(Debug, Args)]
pub struct CmsArgs {
    /// The site folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder, relative to the current directory.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// The repository (owner/name) the CMS commits edits to when it is not editing a local
    /// folder (default: `[cms]` of site.toml, else owner/site).
    #[arg(long)]
    pub repo: Option<String>,
    /// Its host: github, gitlab or gitea (default: `[cms]`, else github).
    #[arg(long, value_parser = ["github", "gitlab", "gitea"])]
    pub backend: Option<String>,
    /// The branch edits are committed to (default: `[cms]`, else main).
    #[arg(long)]
    pub branch: Option<String>,
    /// Fail at once if another command is writing the same output folder (default: wait).
    #[arg(long)]
    pub no_wait: bool,
}

/// `redflag translations export|import`: translation files for translators who do not use git.
#[derive(Debug, Subcommand)]
pub enum TranslationsAction {
    /// Write every text to translate into a PO file per language (or XLIFF 1.2), with each
    /// translation's state: translated, fuzzy (the source changed since) or untranslated.
    Export {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The language to translate into; without it, a template (redflag.pot) for a new one.
        #[arg(long)]
        lang: Option<String>,
        /// PO (Poedit, Weblate, Crowdin) or XLIFF 1.2 (translation agencies).
        #[arg(long, value_enum, default_value_t = CatalogFormat::Po)]
        format: CatalogFormat,
        /// The folder to write into, relative to the current directory.
        #[arg(long, default_value = "translations")]
        out: PathBuf,
        /// One file per advisory instead of one per language.
        #[arg(long)]
        split: bool,
    },
    /// Check translated PO or XLIFF files and write the `index.<lang>.md` files they give
    /// (nothing is written if any text has a problem).
    Import {
        /// The translated files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace translation files even when they were edited by hand since the export.
        #[arg(long)]
        force: bool,
    },
}

/// Translation file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// gettext PO.
    Po,
    /// XLIFF 1.2.
    Xliff,
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style, with the offending line.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations.
    Github,
}

/// Table output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people.
    Human,
    /// JSON.
    Json,
}

/// A `--size` that names no paper size.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a paper size: use letter, a4, tabloid or a3")]
pub struct UnknownPaperSize(String);

/// Parses a paper size name.
fn parse_paper_size(value: &str) -> Result<PaperSize, UnknownPaperSize> {
    PaperSize::from_id(value).ok_or_else(|| UnknownPaperSize(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_paper_size_names_the_sizes() {
        assert_eq!(parse_paper_size("a4").ok(), Some(PaperSize::A4));
        let err = Cli::try_parse_from(["redflag", "posters", "--size", "letter,b5"]).unwrap_err();
        assert!(
            err.to_string()
                .contains("`b5` is not a paper size: use letter, a4, tabloid or a3"),
            "{err}"
        );
    }
}
