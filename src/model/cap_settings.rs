//! The site's alerting settings as the model holds them: its time zone and the validated `[cap]`
//! table (CAP profile, sender, event codes per scam type, category, status, CAP language tags).
//! `config::cap` reads and checks them from `site.toml`.

use indexmap::IndexMap;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::Localized;
use crate::diagnostics::Position;

/// The site's time zone (`time_zone = "America/Edmonton"`).
#[derive(Debug, Clone)]
pub struct SiteTimeZone {
    /// The IANA name as written.
    pub name: String,
    /// The zone, from the time zone database built into redflag.
    pub zone: TimeZone,
}

/// The CAP profile a site's alerts are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapProfile {
    /// The Canadian Profile (CAP-CP 1.0): what NAAD and Canadian consumers expect.
    #[serde(rename = "cap-cp")]
    CapCp,
    /// Google Public Alerts.
    #[serde(rename = "google")]
    Google,
    /// FEMA's IPAWS profile 1.0.
    #[serde(rename = "ipaws")]
    Ipaws,
    /// Plain CAP 1.2 (the default).
    #[default]
    #[serde(rename = "none")]
    None,
}

impl CapProfile {
    /// The name in `site.toml`.
    pub fn id(self) -> &'static str {
        match self {
            CapProfile::CapCp => "cap-cp",
            CapProfile::Google => "google",
            CapProfile::Ipaws => "ipaws",
            CapProfile::None => "none",
        }
    }

    /// The `<code>` an alert made for this profile carries, if any.
    pub fn code(self) -> Option<&'static str> {
        match self {
            CapProfile::CapCp => Some("profile:CAP-CP:1.0"),
            CapProfile::Ipaws => Some("IPAWSv1.0"),
            CapProfile::Google | CapProfile::None => None,
        }
    }
}

/// CAP `<category>`: what a scam warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapCategory {
    /// Law enforcement, military, homeland and local/private security (the default).
    #[default]
    Security,
    /// General emergency and public safety.
    Safety,
}

impl CapCategory {
    /// As CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapCategory::Security => "Security",
            CapCategory::Safety => "Safety",
        }
    }
}

/// CAP `<status>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CapStatus {
    /// Real alerts (the default).
    #[default]
    Actual,
    /// Test alerts, which consumers do not show to the public.
    Test,
}

impl CapStatus {
    /// As CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapStatus::Actual => "Actual",
            CapStatus::Test => "Test",
        }
    }
}

/// A CAP `valueName`/`value` pair (`<eventCode>`, `<geocode>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePair {
    /// The code system, e.g. `profile:CAP-CP:Event:0.4` or `SAME`.
    #[serde(rename = "valueName")]
    pub value_name: String,
    /// The code.
    pub value: String,
}

/// The `[cap]` settings, validated.
#[derive(Debug, Clone, Default)]
pub struct CapSettings {
    /// The profile alerts are made for and checked against.
    pub profile: CapProfile,
    /// `<sender>`; the host of the base URL when not set.
    pub sender: Option<String>,
    /// `<senderName>`; the site title when not set.
    pub sender_name: Option<Localized>,
    /// `<web>` of every `<info>` when set; the advisory's page otherwise.
    pub web: Option<String>,
    /// `<contact>` of every `<info>` when set; the advisory's contacts otherwise.
    pub contact: Option<Localized>,
    /// `<category>`.
    pub category: CapCategory,
    /// `<status>`.
    pub status: CapStatus,
    /// The CAP `<language>` of each site language (`fr` → `fr-CA`); the site tag otherwise.
    pub languages: IndexMap<String, String>,
    /// How long an advisory without `expires:` stays current after its facts were last
    /// checked (`expires_after = "1 year"`): the site's review period.
    pub expires_after: Option<jiff::Span>,
    /// Event codes by scam type id, with where each list is written.
    pub event_codes: IndexMap<String, (Vec<ValuePair>, Position)>,
    /// Where the `[cap]` table (or, without one, the top of the file) is.
    pub at: Position,
}

impl CapSettings {
    /// The CAP `<language>` of a site language.
    pub fn language<'a>(&'a self, tag: &'a str) -> &'a str {
        self.languages.get(tag).map_or(tag, String::as_str)
    }
}
