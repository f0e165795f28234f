//! The shape of `site.toml` as `toml` deserialises it, with the spans that diagnostics need;
//! `validate` turns it into the model's `Config`.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::model::{
    CapCategory, CapProfile, CapStatus, DropPolicy, PaperSize, PosterLayout, ValuePair,
};

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawLocalized {
    Plain(String),
    PerLanguage(IndexMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) title: Spanned<RawLocalized>,
    pub(super) base_url: Spanned<String>,
    pub(super) default_language: Spanned<String>,
    #[serde(default = "default_theme")]
    pub(super) theme: String,
    pub(super) languages: Spanned<IndexMap<String, RawLanguage>>,
    #[serde(default)]
    pub(super) posters: Option<RawPosters>,
    #[serde(default)]
    pub(super) institutions: Vec<RawInstitution>,
    pub(super) feed_limit: Option<Spanned<i64>>,
    pub(super) paginate_by: Option<Spanned<i64>>,
    #[serde(default = "default_search")]
    pub(super) search: bool,
    pub(super) time_zone: Option<Spanned<String>>,
    pub(super) cap: Option<Spanned<RawCap>>,
    pub(super) cms: Option<super::cms::RawCms>,
    pub(super) share: Option<RawShare>,
}

fn default_search() -> bool {
    true
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub(super) name: String,
    pub(super) min_coverage: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPosters {
    #[serde(default = "default_sizes")]
    pub(super) sizes: Vec<PaperSize>,
    #[serde(default = "default_layouts")]
    pub(super) layouts: Vec<PosterLayout>,
    #[serde(default)]
    pub(super) tear_off: bool,
    #[serde(default)]
    pub(super) bundle: bool,
    #[serde(default)]
    pub(super) drop: DropPolicy,
    #[serde(default)]
    pub(super) languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) regions: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) scam_types: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) audiences: Vec<Spanned<String>>,
    pub(super) institutions: Option<Vec<Spanned<String>>>,
}

fn default_sizes() -> Vec<PaperSize> {
    vec![PaperSize::Letter]
}

fn default_layouts() -> Vec<PosterLayout> {
    vec![PosterLayout::Handout]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstitution {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<RawLocalized>,
    #[serde(default)]
    pub(super) regions: Vec<Spanned<String>>,
    pub(super) languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) contacts: Vec<Spanned<String>>,
}

/// `[cap]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCap {
    #[serde(default)]
    pub(super) profile: CapProfile,
    pub(super) sender: Option<Spanned<String>>,
    pub(super) sender_name: Option<Spanned<RawLocalized>>,
    pub(super) web: Option<Spanned<String>>,
    pub(super) contact: Option<Spanned<RawLocalized>>,
    #[serde(default)]
    pub(super) category: CapCategory,
    #[serde(default)]
    pub(super) status: CapStatus,
    #[serde(default)]
    pub(super) languages: IndexMap<String, Spanned<String>>,
    pub(super) expires_after: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) event_codes: IndexMap<String, Spanned<Vec<ValuePair>>>,
}

/// `[share]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShare {
    // --- Images ---
    #[serde(default = "default_on")]
    pub(super) cards: bool,
    #[serde(default = "default_on")]
    pub(super) slides: bool,
    #[serde(default = "default_on")]
    pub(super) screens: bool,
    // --- Ready-to-send texts ---
    #[serde(default = "default_on")]
    pub(super) sms: bool,
    #[serde(default = "default_on")]
    pub(super) messaging: bool,
    #[serde(default = "default_on")]
    pub(super) email: bool,
    pub(super) sms_max_segments: Option<Spanned<i64>>,
}

fn default_on() -> bool {
    true
}
