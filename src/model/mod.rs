//! The site model: typed, validated advisories, translations, contacts, taxonomies and
//! institutions. Pages, feeds, posters and `check` all read this model; nothing downstream
//! re-parses a file.

use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

mod advisory;
mod cap_settings;
mod contact;
mod coverage;
mod localized;
mod names;
mod poster_options;
mod retired;
mod share_settings;
mod site_config;
mod taxonomy;

pub use advisory::{Advisory, DayTimes, FieldText, Skipped, Source, Translation, text_digest};
pub use cap_settings::{CapCategory, CapProfile, CapSettings, CapStatus, SiteTimeZone, ValuePair};
pub use contact::{Contact, ContactKind, ContactSource, Phone};
pub use localized::{Localized, Resolved};
pub use names::{BaseUrlError, SLUG_HINT, is_valid_slug, split_base_url};
pub use poster_options::{PosterOptions, PosterPart};
pub use retired::RetiredAdvisory;
pub use share_settings::ShareSettings;
pub use site_config::{
    CmsBackend, Config, DropPolicy, Institution, PaperSize, PosterLayout, Posters,
};

/// A whole site, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.toml`.
    pub config: Config,
    /// `content/contacts.yaml`, by id, in file order.
    pub contacts: IndexMap<String, Contact>,
    /// `content/taxonomies.yaml`.
    pub taxonomies: Taxonomies,
    /// Every advisory, newest first (ties broken by slug). Shared, so that the live preview can
    /// keep versions of the site that differ in one advisory without copying the others.
    pub advisories: Vec<Arc<Advisory>>,
    /// Advisories removed from `content/` while listed in `content/retired.yaml`: only their
    /// alerts' Cancels are written.
    pub retired: Vec<RetiredAdvisory>,
}

/// How urgent an advisory is.
// Also the front matter's `severity` in the JSON Schemas (`crate::schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Low.
    Low,
    /// Medium (the default).
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The name used in front matter and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

pub use taxonomy::{Area, Circle, Taxonomies, TaxonomyKind};
