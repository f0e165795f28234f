//! The site model: typed, validated advisories, translations, contacts, taxonomies and
//! institutions. Pages, feeds, posters and `check` all read this model; nothing downstream
//! re-parses a file.

use std::path::PathBuf;
use std::sync::Arc;

use indexmap::IndexMap;
use jiff::civil::Date;
use serde::Serialize;

use crate::i18n::fallback_chain;

mod cap_settings;
mod coverage;
mod localized;
mod names;
mod retired;
mod share_settings;
mod site_config;

pub use cap_settings::{CapCategory, CapProfile, CapSettings, CapStatus, SiteTimeZone, ValuePair};
pub use localized::{Localized, Resolved};
pub use names::{BaseUrlError, SLUG_HINT, is_valid_slug, split_base_url};
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

/// What kind of service a contact is; contacts are shown in this order.
// Theme contexts carry the variant's name (`CreditBureau`); files and the JSON Schemas
// (`crate::schema`) its kebab-case id (`credit-bureau`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum ContactKind {
    /// An emergency number such as 911: first and most prominent.
    Emergency,
    /// A police service.
    Police,
    /// Where to report fraud.
    Report,
    /// A support service.
    Support,
    /// A credit bureau.
    CreditBureau,
}

impl ContactKind {
    /// All kinds, in display order.
    pub const ALL: [ContactKind; 5] = [
        ContactKind::Emergency,
        ContactKind::Police,
        ContactKind::Report,
        ContactKind::Support,
        ContactKind::CreditBureau,
    ];

    /// The name used in YAML.
    pub fn id(self) -> &'static str {
        match self {
            ContactKind::Emergency => "emergency",
            ContactKind::Police => "police",
            ContactKind::Report => "report",
            ContactKind::Support => "support",
            ContactKind::CreditBureau => "credit-bureau",
        }
    }
}

/// A validated phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As people read it, in international format (`+1 416-808-2300`), or a short code (`911`).
    pub display: String,
    /// The `tel:` URI (`tel:+14168082300`, `tel:911`).
    pub tel: String,
}

/// An emergency or support contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Its id in `contacts.yaml`; `None` for a contact written inline in an advisory.
    pub id: Option<String>,
    /// Its name.
    pub name: Localized,
    /// What kind of service it is.
    pub kind: ContactKind,
    /// Its phone number.
    pub phone: Phone,
    /// Opening hours.
    pub hours: Option<Localized>,
    /// Its website (https).
    pub url: Option<String>,
    /// Regions it serves (taxonomy ids).
    pub regions: Vec<String>,
    /// The official page its number was checked against.
    pub source: Option<ContactSource>,
}

/// The official page a contact's number was checked against, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSource {
    /// The page (https).
    pub url: String,
    /// The day someone last compared the number with that page.
    pub checked: Option<Date>,
}

impl Contact {
    /// Whether the number is in the range North America reserves for fiction (555-0100 to
    /// 555-0199), as the example's sample institutions use: there is nothing to check it against.
    pub fn is_fictional(&self) -> bool {
        let digits: String = self
            .phone
            .tel
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        digits.len() == 11
            && digits.starts_with('1')
            && digits[4..7] == *"555"
            && digits[7..9] == *"01"
    }
}

/// The three taxonomies advisories are classified by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    /// What kind of scam.
    ScamTypes,
    /// Who is targeted.
    Audiences,
    /// Where.
    Regions,
}

impl TaxonomyKind {
    /// All taxonomies, in display order.
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::ScamTypes,
        TaxonomyKind::Audiences,
        TaxonomyKind::Regions,
    ];

    /// The key in front matter and `taxonomies.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::ScamTypes => "scam_types",
            TaxonomyKind::Audiences => "audiences",
            TaxonomyKind::Regions => "regions",
        }
    }

    /// The folder in URLs.
    pub fn url_segment(self) -> &'static str {
        match self {
            TaxonomyKind::ScamTypes => "scam-types",
            TaxonomyKind::Audiences => "audiences",
            TaxonomyKind::Regions => "regions",
        }
    }
}

/// Labels of every taxonomy term, by taxonomy, in file order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    /// Terms by taxonomy: id → label.
    pub terms: IndexMap<TaxonomyKind, IndexMap<String, Localized>>,
    /// The geography of regions that give one, by region id.
    pub areas: IndexMap<String, Area>,
}

/// Where a region is, for the `<area>` of CAP alerts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Area {
    /// How alerts describe it, per language (the region's label when not given).
    pub area_desc: Option<Localized>,
    /// Codes of the area (`profile:CAP-CP:Location:0.3` → `4806016`, `SAME` → …).
    pub geocodes: Vec<ValuePair>,
    /// A closed ring of `[lat, lon]` points (WGS 84), the first repeated last.
    pub polygon: Option<Vec<[f64; 2]>>,
    /// A circle.
    pub circle: Option<Circle>,
}

/// A circle on Earth (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    /// Latitude of the centre, degrees.
    pub lat: f64,
    /// Longitude of the centre, degrees.
    pub lon: f64,
    /// Radius in kilometres.
    pub radius_km: f64,
}

impl Taxonomies {
    /// The terms of one taxonomy.
    pub fn of(&self, kind: TaxonomyKind) -> impl Iterator<Item = (&String, &Localized)> {
        self.terms.get(&kind).into_iter().flatten()
    }

    /// The label of a term.
    pub fn label(&self, kind: TaxonomyKind, id: &str) -> Option<&Localized> {
        self.terms.get(&kind)?.get(id)
    }
}

/// A part of a full poster that it may leave out to fit on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PosterPart {
    /// Contacts other than emergency numbers, police and the institution's own.
    MinorContacts,
    /// The summary under the headline.
    Summary,
    /// The prevention tips.
    Prevention,
    /// The tear-off tabs (their number stays among the contacts).
    TearOff,
    /// "If it has happened to you" (`if_targeted`): left out last, and only when the headline
    /// says what to do.
    IfTargeted,
}

impl PosterPart {
    /// Every part, in the order a full poster leaves them out.
    pub const ALL: [PosterPart; 5] = [
        PosterPart::MinorContacts,
        PosterPart::Summary,
        PosterPart::Prevention,
        PosterPart::TearOff,
        PosterPart::IfTargeted,
    ];

    /// Its name in `poster: optional:`.
    pub fn id(self) -> &'static str {
        match self {
            PosterPart::IfTargeted => "if_targeted",
            PosterPart::MinorContacts => "contacts",
            PosterPart::Summary => "summary",
            PosterPart::Prevention => "prevention",
            PosterPart::TearOff => "tear_off",
        }
    }

    /// What it is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            PosterPart::IfTargeted => "'If it has happened to you'",
            PosterPart::MinorContacts => "the contacts other than emergency and police",
            PosterPart::Summary => "the summary",
            PosterPart::Prevention => "the prevention tips",
            PosterPart::TearOff => "the tear-off tabs",
        }
    }
}

/// What the default-language file says about its posters beyond wording.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PosterOptions {
    /// The poster headline says what to do (`poster: action: true`), so a full poster may leave
    /// out "If it has happened to you".
    pub action: bool,
    /// Parts a full poster may leave out without a warning (`poster: optional:`).
    pub optional: Vec<PosterPart>,
    /// The advisory gets no poster (`poster: false`): it is not for notice boards.
    pub none: bool,
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The article or release title.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When.
    pub date: Option<Date>,
    /// Where to read it (http or https).
    pub url: Option<String>,
}

/// The translatable text of an advisory in one language. In a translation, a field left out
/// (`None`) comes from the default language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translation {
    /// The language tag.
    pub lang: String,
    /// The file it was read from, relative to the site root.
    pub file: PathBuf,
    /// Title.
    pub title: Option<String>,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// Warning signs.
    pub red_flags: Option<Vec<String>>,
    /// Prevention tips.
    pub prevention: Option<Vec<String>>,
    /// What to do if it already happened.
    pub if_targeted: Option<Vec<String>>,
    /// Shorter wording for posters.
    pub poster_headline: Option<String>,
    /// The Markdown body.
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The source digest this translation was made from (translations only).
    pub source_digest: Option<String>,
    /// `status: draft`: a translation still being written. Builds leave it out (the page shows
    /// the fallback text with a notice) unless drafts are built.
    pub draft: bool,
    /// For a stale translation, the fields of the source that changed since `source_digest`
    /// (`title`, `red_flags`, `body` ...), when the site's history tells; `None` when unknown.
    pub changed_in_source: Option<Vec<String>>,
    /// The list items and body blocks a translation leaves untranslated: the page shows the
    /// source language's text there, by position, marked with that language.
    pub skipped: Skipped,
}

/// The parts of a partly translated list or body that take the default language's text by
/// position (0-based): a list item written as `null`, a body block numbered in
/// `body_untranslated:` (whose text in the body is the source's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Skipped {
    /// Items of `red_flags`.
    pub red_flags: Vec<usize>,
    /// Items of `prevention`.
    pub prevention: Vec<usize>,
    /// Items of `if_targeted`.
    pub if_targeted: Vec<usize>,
    /// Blocks of the body (paragraphs, list items, headings, table cells: `crate::blocks`).
    pub body: Vec<usize>,
}

impl Skipped {
    /// The skipped positions of `field` (one of `Translation::FIELDS`; none for a text field).
    pub fn of(&self, field: &str) -> &[usize] {
        match field {
            "red_flags" => &self.red_flags,
            "prevention" => &self.prevention,
            "if_targeted" => &self.if_targeted,
            "body" => &self.body,
            _ => &[],
        }
    }

    /// Whether nothing is skipped.
    pub fn is_empty(&self) -> bool {
        Translation::FIELDS.iter().all(|f| self.of(f).is_empty())
    }
}

impl Translation {
    /// The translatable fields, in page order.
    pub const FIELDS: [&'static str; 7] = [
        "title",
        "summary",
        "red_flags",
        "prevention",
        "if_targeted",
        "poster_headline",
        "body",
    ];

    /// A list field (`red_flags`, `prevention`, `if_targeted`; `None` for any other name).
    pub fn list(&self, field: &str) -> Option<&Vec<String>> {
        match field {
            "red_flags" => self.red_flags.as_ref(),
            "prevention" => self.prevention.as_ref(),
            "if_targeted" => self.if_targeted.as_ref(),
            _ => None,
        }
    }

    /// Whether item or block `index` of `field` is the source's text, not translated.
    pub fn is_skipped(&self, field: &str, index: usize) -> bool {
        self.skipped.of(field).contains(&index)
    }

    /// Whether this text gives `field` (one of `FIELDS`; an empty body gives nothing). A list
    /// or body with skipped parts gives the field (the rest of it is translated).
    pub fn has(&self, field: &str) -> bool {
        match field {
            "title" => self.title.is_some(),
            "summary" => self.summary.is_some(),
            "red_flags" => self.red_flags.is_some(),
            "prevention" => self.prevention.is_some(),
            "if_targeted" => self.if_targeted.is_some(),
            "poster_headline" => self.poster_headline.is_some(),
            "body" => !self.body.trim().is_empty(),
            _ => false,
        }
    }
}

/// An advisory with all its translations.
#[derive(Debug, Clone)]
pub struct Advisory {
    /// The folder name, validated.
    pub slug: String,
    /// First published.
    pub date: Date,
    /// Last updated.
    pub updated: Option<Date>,
    /// No longer current after this date: `expires:` as written, else the end of the site's
    /// review period (`[cap] expires_after` after the latest of `date`, `updated`, `reviewed`).
    pub expires: Option<Date>,
    /// Whether `expires` comes from the review period rather than from the front matter.
    pub expires_from_review: bool,
    /// The day the advisory's facts were last checked against its sources (`reviewed:`).
    pub reviewed: Option<Date>,
    /// The times of day written with `date` and `updated`, if any.
    pub times: DayTimes,
    /// Withdrawn on this date (`retired:`): its alert becomes a Cancel and it leaves listings.
    pub retired: Option<Date>,
    /// How urgent.
    pub severity: Severity,
    /// Taxonomy term ids, by taxonomy.
    pub terms: IndexMap<TaxonomyKind, Vec<String>>,
    /// Contacts, resolved, in the order written.
    pub contacts: Vec<Contact>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Poster options (`poster: action`, `poster: optional`).
    pub poster: PosterOptions,
    /// Text by language; the default language is always present and complete.
    pub texts: IndexMap<String, Translation>,
    /// Digest of the default-language text, recorded by translations as `source_digest`.
    pub digest: String,
}

/// The times of day written with an advisory's dates (`date: 2018-06-01T14:30`), in the site's
/// time zone; a date without a time means the start of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayTimes {
    /// The time of `date`.
    pub date: Option<jiff::civil::Time>,
    /// The time of `updated`.
    pub updated: Option<jiff::civil::Time>,
}

/// A text field of an advisory resolved for a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldText<'a, T: ?Sized> {
    /// The value.
    pub value: &'a T,
    /// The language it is in.
    pub lang: &'a str,
}

impl Advisory {
    /// Whether the advisory is filed under the term `id` of `kind`.
    pub fn has_term(&self, kind: TaxonomyKind, id: &str) -> bool {
        self.terms
            .get(&kind)
            .is_some_and(|ids| ids.iter().any(|i| i == id))
    }

    /// The default-language text.
    pub fn source(&self) -> &Translation {
        self.texts
            .first()
            .map(|(_, t)| t)
            .expect("the default language text is always loaded")
    }

    /// The texts `lang` reads, in fallback order (`fr-CA`, `fr`, then the default language's).
    fn texts_for<'a, 'l>(&'a self, lang: &'l str) -> impl Iterator<Item = &'a Translation> + 'l
    where
        'a: 'l,
    {
        fallback_chain(lang, &self.source().lang).filter_map(|l| self.texts.get(l))
    }

    /// A translatable field for `lang`, through the language fallback chain.
    pub fn field<'a, T: ?Sized>(
        &'a self,
        lang: &str,
        get: impl Fn(&'a Translation) -> Option<&'a T>,
    ) -> Option<FieldText<'a, T>> {
        self.texts_for(lang).find_map(|t| {
            get(t).map(|value| FieldText {
                value,
                lang: &t.lang,
            })
        })
    }

    /// The language a page in `lang` shows this advisory in: `lang` when it is translated,
    /// else the first language of its fallback chain that is (at last the default language).
    pub fn text_language<'a>(&'a self, lang: &'a str) -> &'a str {
        self.texts_for(lang)
            .next()
            .map_or(lang, |t| t.lang.as_str())
    }

    /// Whether a page in `lang` shows this advisory in a language of its own rather than in
    /// the default language: it is translated into `lang` or a language `lang` falls back to
    /// before the default (`fr` for `fr-CA`). The default language always does.
    pub fn has_own_text(&self, lang: &str) -> bool {
        let shown = self.text_language(lang);
        shown != self.source().lang || lang == shown
    }

    /// The text fields a page in `lang` takes wholly or partly from another language although
    /// the advisory is translated into `lang` (a partial translation), with the language each
    /// comes from (skipped items and blocks: the default language); in the order of
    /// `Translation::FIELDS`.
    pub fn inherited_fields(&self, lang: &str) -> Vec<(&'static str, &str)> {
        let Some(own) = self.texts.get(lang) else {
            return Vec::new();
        };
        Translation::FIELDS
            .iter()
            .filter_map(|field| {
                if own.has(field) {
                    let skipped = !own.skipped.of(field).is_empty();
                    return skipped.then(|| (*field, self.source().lang.as_str()));
                }
                let from = self.texts_for(lang).find(|t| t.has(field))?;
                Some((*field, from.lang.as_str()))
            })
            .collect()
    }

    /// The language of the Markdown body a page in `lang` shows, through the fallback chain;
    /// `None` when no text has a body.
    pub fn body_language(&self, lang: &str) -> Option<&str> {
        self.texts_for(lang)
            .find(|t| t.has("body"))
            .map(|t| t.lang.as_str())
    }

    /// The last second it is current: the end of its `expires` day (civil, local).
    pub fn expires_at(&self) -> Option<jiff::civil::DateTime> {
        self.expires
            .map(|e| e.to_datetime(jiff::civil::time(23, 59, 59, 0)))
    }

    /// Whether the advisory expired before `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }

    /// Whether a translation into `lang` exists (the default language counts as translated).
    pub fn is_translated(&self, lang: &str) -> bool {
        self.texts.contains_key(lang)
    }

    /// Whether the translation into `lang` records a digest other than the current source's.
    pub fn is_stale(&self, lang: &str) -> bool {
        self.texts
            .get(lang)
            .and_then(|t| t.source_digest.as_deref())
            .is_some_and(|d| d != self.digest)
    }

    /// The most recent of published and updated.
    pub fn last_modified(&self) -> Date {
        self.updated.unwrap_or(self.date).max(self.date)
    }

    /// When it was published, as a civil (local) date and time.
    pub fn published_at(&self) -> jiff::civil::DateTime {
        self.date.to_datetime(self.times.date.unwrap_or_default())
    }

    /// When it was last updated (`updated` later than `date`), as a civil date and time.
    pub fn updated_at(&self) -> Option<jiff::civil::DateTime> {
        let updated = self
            .updated?
            .to_datetime(self.times.updated.unwrap_or_default());
        (updated > self.published_at()).then_some(updated)
    }

    /// When it last changed: `updated_at`, else `published_at`.
    pub fn last_modified_at(&self) -> jiff::civil::DateTime {
        self.updated_at().unwrap_or_else(|| self.published_at())
    }
}

/// The digest of a source text: what translations record as `source_digest`.
pub fn text_digest(text: &Translation) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        title: &'a Option<String>,
        summary: &'a Option<String>,
        red_flags: &'a Option<Vec<String>>,
        prevention: &'a Option<Vec<String>>,
        if_targeted: &'a Option<Vec<String>>,
        poster_headline: &'a Option<String>,
        body: &'a str,
    }
    let canonical = Canonical {
        title: &text.title,
        summary: &text.summary,
        red_flags: &text.red_flags,
        prevention: &text.prevention,
        if_targeted: &text.if_targeted,
        poster_headline: &text.poster_headline,
        body: text.body.trim(),
    };
    let bytes = serde_json::to_vec(&canonical).expect("text serialises");
    blake3::hash(&bytes).to_hex()[..12].to_owned()
}
