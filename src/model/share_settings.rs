//! `[share]` in `site.toml`, validated: which ready-to-share outputs an advisory gets. Each part
//! can be switched off; every part is on by default.

/// The `[share]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareSettings {
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

    /// Whether an advisory page has a "Share this warning" panel (some text is made).
    pub fn any_text(&self) -> bool {
        self.sms || self.messaging || self.email
    }
}

impl Default for ShareSettings {
    fn default() -> Self {
        ShareSettings {
            sms: true,
            messaging: true,
            email: true,
            sms_max_segments: Self::DEFAULT_SMS_MAX_SEGMENTS,
        }
    }
}
