//! The validated site configuration (`site.toml` as the rest of redflag reads it): title,
//! base URL, languages, poster settings and institutions. `crate::config` reads and checks the
//! file; this module only holds the result.

use std::path::PathBuf;

use serde::Deserialize;

use super::localized::Localized;
use super::names::{BaseUrlError, split_base_url};
use super::{CapSettings, ShareSettings, SiteTimeZone};
use crate::diagnostics::Position;
use crate::i18n::Language;

/// Paper sizes posters can be printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
    /// Tabloid, 11 × 17 in.
    Tabloid,
    /// ISO A3, 297 × 420 mm.
    A3,
}

impl PaperSize {
    /// Every size, in the order they are listed.
    pub const ALL: [PaperSize; 4] = [
        PaperSize::Letter,
        PaperSize::A4,
        PaperSize::Tabloid,
        PaperSize::A3,
    ];

    /// The name used in `site.toml` and in file names.
    pub fn id(self) -> &'static str {
        match self {
            PaperSize::Letter => "letter",
            PaperSize::A4 => "a4",
            PaperSize::Tabloid => "tabloid",
            PaperSize::A3 => "a3",
        }
    }

    /// The size named `id`.
    pub fn from_id(id: &str) -> Option<PaperSize> {
        PaperSize::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Width and height in PostScript points (1/72 in), portrait.
    pub fn dimensions_pt(self) -> [f64; 2] {
        const MM: f64 = 72.0 / 25.4;
        match self {
            PaperSize::Letter => [612.0, 792.0],
            PaperSize::A4 => [210.0 * MM, 297.0 * MM],
            PaperSize::Tabloid => [792.0, 1224.0],
            PaperSize::A3 => [297.0 * MM, 420.0 * MM],
        }
    }

    /// The large sheet of the same family, for notice-board posters: Tabloid for Letter, A3 for
    /// A4 (the large sizes are their own).
    pub fn large(self) -> PaperSize {
        match self {
            PaperSize::Letter | PaperSize::Tabloid => PaperSize::Tabloid,
            PaperSize::A4 | PaperSize::A3 => PaperSize::A3,
        }
    }
}

/// How a poster is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PosterLayout {
    /// A handout read up close: the whole advisory, one or two languages, on the `sizes` paper.
    Handout,
    /// For notice boards, read from two metres: one language, the headline, at most three red
    /// flags, the emergency number and a large QR code, on Tabloid or A3.
    Notice,
}

impl PosterLayout {
    /// The name used in `site.toml`, in file names and in the template's data.
    pub fn id(self) -> &'static str {
        match self {
            PosterLayout::Handout => "handout",
            PosterLayout::Notice => "notice",
        }
    }
}

/// Poster settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posters {
    /// Sizes to render (notice posters use the large sheet of each: [`PaperSize::large`]).
    pub sizes: Vec<PaperSize>,
    /// The layouts to make, each in every size.
    pub layouts: Vec<PosterLayout>,
    /// Whether posters carry tear-off tabs with the most important number.
    pub tear_off: bool,
    /// Whether `build` also writes the print-shop bundles: one PDF per institution and size
    /// with an index page and all its posters (`redflag posters --bundle` writes them anyway).
    pub bundle: bool,
    /// How a poster that leaves out part of its advisory to fit on one page is reported.
    pub drop: DropPolicy,
    /// The languages of the advisories' own posters; empty: every language of the site.
    pub languages: Vec<String>,
    /// Only advisories of one of these regions get posters; empty: every advisory.
    pub regions: Vec<String>,
    /// Only advisories of one of these scam types get posters; empty: every advisory.
    pub scam_types: Vec<String>,
    /// Only advisories for one of these audiences get posters; empty: every advisory.
    pub audiences: Vec<String>,
    /// The institutions whose posters are made; `None`: every institution.
    pub institutions: Option<Vec<String>>,
}

/// How `[posters] drop` reports a poster that leaves something out to fit on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DropPolicy {
    /// A warning: the poster is made (the default).
    #[default]
    Warning,
    /// An error: the build fails, so nobody prints a poster that lacks part of its advice.
    Error,
}

/// Where the content manager (`/admin/`) saves edits when it is not editing a local folder:
/// `[cms]` in site.toml, or the flags of `redflag cms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsBackend {
    /// `github`, `gitlab` or `gitea`.
    pub name: String,
    /// The repository, `owner/name` (GitLab: `group/subgroup/name`).
    pub repo: String,
    /// The branch edits are committed to.
    pub branch: String,
    /// The address of the sign-in (OAuth) service the CMS uses, when it is not the host's own
    /// (a self-hosted GitLab or Gitea, or a sign-in proxy).
    pub base_url: Option<String>,
}

impl CmsBackend {
    /// The git hosts the CMS can save to.
    pub const NAMES: [&'static str; 3] = ["github", "gitlab", "gitea"];

    /// GitHub, repository `repo`, branch `main`.
    pub fn github(repo: &str) -> CmsBackend {
        CmsBackend {
            name: "github".into(),
            repo: repo.into(),
            branch: "main".into(),
            base_url: None,
        }
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's title.
    pub title: Localized,
    /// Where `title` is written in `site.toml`.
    pub title_at: Position,
    /// Absolute base URL without a trailing slash, e.g. `https://alerts.example.org`.
    pub base_url: String,
    /// The path part of the base URL, with slashes on both ends: `/` or `/alerts/`.
    pub base_path: String,
    /// The default language's tag.
    pub default_language: String,
    /// The theme's name.
    pub theme: String,
    /// Every language, the default first, then in file order.
    pub languages: Vec<Language>,
    /// Poster settings.
    pub posters: Posters,
    /// Institutions that print posters.
    pub institutions: Vec<Institution>,
    /// How many advisories, newest first, each Atom and JSON feed carries.
    pub feed_limit: usize,
    /// How many advisories a page of a listing (home, taxonomy term) shows.
    pub paginate_by: usize,
    /// Whether the site has a search page and a Pagefind index.
    pub search: bool,
    /// The site's time zone: dates in front matter are its local times, and feeds and alerts
    /// carry its offsets. `None`: dates are UTC.
    pub time_zone: Option<SiteTimeZone>,
    /// Alerting (CAP) settings.
    pub cap: CapSettings,
    /// `[cms]`: `build` writes the content manager, saving through this backend.
    pub cms: Option<CmsBackend>,
    /// What advisories get to be shared (`[share]`).
    pub share: ShareSettings,
    /// The configuration file, for diagnostics.
    pub file: PathBuf,
}

impl Config {
    /// The language with this tag.
    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag == tag)
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), BaseUrlError> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// A college or university that prints posters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// Its id (a slug).
    pub id: String,
    /// Where its `id` is written in `site.toml`.
    pub at: Position,
    /// Its name.
    pub name: Localized,
    /// Advisories for these regions get posters for it.
    pub regions: Vec<String>,
    /// One or two poster languages.
    pub languages: Vec<String>,
    /// Its contacts (ids in `contacts.yaml`), shown first on its posters.
    pub contacts: Vec<String>,
}
