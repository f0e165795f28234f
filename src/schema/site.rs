//! `site.toml`.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::{Slug, Text, WebUrl};

/// `site.toml`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "redflag site.toml")]
pub struct SiteToml {
    /// The site title, or a table of language → title.
    pub title: Text,
    /// Where the site is published, e.g. https://alerts.example.org.
    pub base_url: WebUrl,
    /// The language advisories are written in first; it must be one of `languages`.
    pub default_language: String,
    /// The theme: the built-in `default`, or a folder under themes/.
    pub theme: Option<String>,
    /// The languages of the site, by BCP 47 tag.
    pub languages: BTreeMap<String, LanguageEntry>,
    /// Poster settings.
    pub posters: Option<PostersEntry>,
    /// Institutions that print posters.
    pub institutions: Option<Vec<InstitutionEntry>>,
    /// How many advisories, newest first, each Atom and JSON feed carries (default 50).
    #[schemars(range(min = 1))]
    pub feed_limit: Option<u64>,
    /// How many advisories a page of the home page and of each topic listing shows (default 30).
    #[schemars(range(min = 1))]
    pub paginate_by: Option<u64>,
    /// A search page and a Pagefind index in every language (default true).
    pub search: Option<bool>,
    /// The site's IANA time zone (America/Edmonton): front-matter times are local to it, and
    /// feeds and CAP alerts carry its offsets.
    pub time_zone: Option<String>,
    /// CAP alerting: profile, sender, event codes per scam type (see the README's CAP section).
    pub cap: Option<CapEntry>,
    /// The content manager: `build` writes it into /admin/, saving edits to this repository.
    pub cms: Option<CmsEntry>,
    /// What advisories get to be shared (see the README's "Sharing" section).
    pub share: Option<ShareEntry>,
}

/// `[cms]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CmsEntry {
    /// The git host: `github` (default), `gitlab` or `gitea`.
    pub backend: Option<CmsHost>,
    /// The repository, `owner/name` (GitLab: also `group/subgroup/name`).
    #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$"))]
    pub repo: String,
    /// The branch edits are committed to (default `main`).
    pub branch: Option<String>,
    /// The https address of the sign-in service, when it is not the git host's own.
    #[schemars(regex(pattern = "^https://"))]
    pub base_url: Option<String>,
}

/// A git host the content manager saves to.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CmsHost {
    /// GitHub.
    Github,
    /// GitLab.
    Gitlab,
    /// Gitea or Forgejo.
    Gitea,
}

/// `[share]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareEntry {
    // --- Images (on when the table is present) ---
    /// 1200 × 630 share cards (`og:image`) for every advisory and home page (default true).
    pub cards: Option<bool>,
    /// 1920 × 1080 and 1080 × 1920 campus-screen slides for every advisory (default true).
    pub slides: Option<bool>,
    /// `screens.atom.xml` and `screens.json`, listing current advisories' slides (default true).
    pub screens: Option<bool>,
    // --- Ready-to-send texts ---
    /// `share/sms.txt` for every advisory and language (default true).
    pub sms: Option<bool>,
    /// `share/messaging.txt` for every advisory and language (default true).
    pub messaging: Option<bool>,
    /// `share/email.eml` for every advisory and language (default true).
    pub email: Option<bool>,
    /// `check` warns (RF085) about an SMS text sent as more messages than this (default 2).
    #[schemars(range(min = 1))]
    pub sms_max_segments: Option<u64>,
}

/// `[cap]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapEntry {
    /// `cap-cp`, `google`, `ipaws` or `none` (default): whose rules `check` applies.
    pub profile: Option<String>,
    /// The CAP `<sender>` (default: the site's host).
    pub sender: Option<String>,
    /// The CAP `<senderName>`, or one per language.
    pub sender_name: Option<Text>,
    /// The CAP `<web>` address.
    pub web: Option<WebUrl>,
    /// The CAP `<contact>`, or one per language.
    pub contact: Option<Text>,
    /// `Security` (default) or `Safety`.
    pub category: Option<String>,
    /// `Actual` (default) or `Test`.
    pub status: Option<String>,
    /// The CAP `<language>` of each site language (`en = "en-CA"`).
    pub languages: Option<BTreeMap<String, String>>,
    /// How long an advisory without `expires` stays current after the latest of its date,
    /// updated and reviewed (`1 year`, `6 months`, `P1Y`).
    pub expires_after: Option<String>,
    /// Event codes per scam type id: `[{ valueName, value }]`.
    pub event_codes: Option<BTreeMap<String, Vec<serde_json::Value>>>,
}

/// A language of the site.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// Its name in itself (Français, 简体中文).
    pub name: String,
    /// The share of the source's words (0 to 1) translated from the current source below which
    /// the language is left out of the language switcher, the sitemap and the feeds (its pages
    /// still build, with a notice); `check` warns (RF060).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_coverage: Option<f64>,
}

/// A paper size.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaperSizeName {
    /// US Letter.
    Letter,
    /// ISO A4.
    A4,
    /// Tabloid.
    Tabloid,
    /// ISO A3.
    A3,
}

/// Poster settings.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostersEntry {
    /// Sizes to render (default: letter).
    pub sizes: Option<Vec<PaperSizeName>>,
    /// The layouts to make, each in every size (default: handout).
    pub layouts: Option<Vec<PosterLayoutName>>,
    /// Tear-off tabs with the most important number.
    pub tear_off: Option<bool>,
    /// Also write one PDF per institution and size with all its posters (default: false).
    pub bundle: Option<bool>,
    /// A poster that leaves part of its advisory out: a warning (default) or an error.
    pub drop: Option<DropPolicyName>,
    /// Only these languages get advisory posters (default: every language).
    pub languages: Option<Vec<String>>,
    /// Only advisories of these regions get posters (default: every advisory).
    pub regions: Option<Vec<Slug>>,
    /// Only advisories of these scam types get posters (default: every advisory).
    pub scam_types: Option<Vec<Slug>>,
    /// Only advisories for these audiences get posters (default: every advisory).
    pub audiences: Option<Vec<Slug>>,
    /// Only these institutions get posters (default: every institution).
    pub institutions: Option<Vec<Slug>>,
}

/// A poster layout.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PosterLayoutName {
    /// A handout read up close: the whole advisory (the default).
    Handout,
    /// For notice boards, read from two metres: the headline, three red flags and the
    /// emergency number, on Tabloid or A3.
    Notice,
}

/// How a poster that leaves something out is reported.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DropPolicyName {
    /// A warning (the default).
    Warning,
    /// An error: the build fails.
    Error,
}

/// An institution that prints posters.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstitutionEntry {
    /// Its id.
    pub id: Slug,
    /// Its name.
    pub name: Text,
    /// Advisories for these regions get posters for it.
    pub regions: Option<Vec<Slug>>,
    /// One or two poster languages.
    #[schemars(length(min = 1, max = 2))]
    pub languages: Vec<String>,
    /// Its contacts (ids from content/contacts.yaml).
    pub contacts: Option<Vec<Slug>>,
}
