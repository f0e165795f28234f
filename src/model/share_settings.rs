//! The site's sharing settings as the model holds them: the `[share]` table of `site.toml`.
//! Without the table a site makes no share cards, slides or screen feeds (typesetting them is,
//! after posters, the slowest part of a build); with it, each part is on unless switched off.

use serde::Deserialize;

/// `[share]`: which sharing outputs the build makes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShareSettings {
    /// 1200 × 630 share cards (`og:image`) for every advisory and home page in every language.
    pub cards: bool,
    /// 1920 × 1080 and 1080 × 1920 campus-screen slides for every advisory and language.
    pub slides: bool,
    /// `screens.atom.xml` and `screens.json`: current advisories with their slides.
    pub screens: bool,
}

impl Default for ShareSettings {
    fn default() -> Self {
        ShareSettings {
            cards: true,
            slides: true,
            screens: true,
        }
    }
}

impl ShareSettings {
    /// The settings of a site without a `[share]` table: nothing is made.
    pub const OFF: ShareSettings = ShareSettings {
        cards: false,
        slides: false,
        screens: false,
    };

    /// Whether screen feeds are made: they list slides, so they need them.
    pub fn screens(&self) -> bool {
        self.screens && self.slides
    }
}
