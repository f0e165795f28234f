//! The site's sharing settings as the model holds them: the `[share]` table of `site.toml`,
//! validated. The ready-to-send texts are cheap and on by default. Share cards, slides and
//! screen feeds are typeset (after posters, the slowest part of a build), so a site without the
//! table makes none; with the table, every part is on unless switched off.

/// The `[share]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareSettings {
    // --- Images (`og:image` cards, campus-screen slides and their feeds) ---
    /// 1200 × 630 share cards (`og:image`) for every advisory and home page in every language.
    pub cards: bool,
    /// 1920 × 1080 and 1080 × 1920 campus-screen slides for every advisory and language.
    pub slides: bool,
    /// `screens.atom.xml` and `screens.json`: current advisories with their slides.
    pub screens: bool,
    // --- Ready-to-send texts (`share/sms.txt`, `share/messaging.txt`, `share/email.eml`) ---
    /// Whether advisories get an SMS text (`sms`).
    pub sms: bool,
    /// Whether advisories get a messaging-app text (`messaging`).
    pub messaging: bool,
    /// Whether advisories get an email (`email`).
    pub email: bool,
    /// `check` warns about an SMS text sent as more messages than this (`sms_max_segments`).
    pub sms_max_segments: usize,
}

impl ShareSettings {
    /// The default `sms_max_segments`.
    pub const DEFAULT_SMS_MAX_SEGMENTS: usize = 2;

    /// The settings of a site without a `[share]` table: the texts, no images.
    pub const WITHOUT_TABLE: ShareSettings = ShareSettings {
        cards: false,
        slides: false,
        screens: false,
        sms: true,
        messaging: true,
        email: true,
        sms_max_segments: Self::DEFAULT_SMS_MAX_SEGMENTS,
    };

    /// Whether screen feeds are made: they list slides, so they need them.
    pub fn screens(&self) -> bool {
        self.screens && self.slides
    }

    /// Whether an advisory page has a "Share this warning" panel (some text is made).
    pub fn any_text(&self) -> bool {
        self.sms || self.messaging || self.email
    }
}
