//! JSON Schemas (draft-07, for editors) of what writers edit: an advisory's front matter, a
//! translation's front matter, `contacts.yaml`, `taxonomies.yaml`, `retired.yaml` and `site.toml`.
//!
//! The schemas are generated (`schemars`) from the types below, which mirror exactly what the
//! loaders in `config` and `content` accept; they exist only to describe the files, and a test
//! validates the example site against them so the two cannot drift apart unnoticed. The loaders
//! stay the authority: they also check what a schema cannot (that ids exist, dates are real).
//! The closed sets the model owns (`Severity`, `ContactKind`) are not mirrored: their schemas
//! come from the model's own enums.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::model::{ContactKind, Severity};

/// A file redflag can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `content/advisories/<slug>/index.md` front matter.
    FrontMatter,
    /// `content/advisories/<slug>/index.<lang>.md` front matter.
    Translation,
    /// `content/contacts.yaml`.
    Contacts,
    /// `content/taxonomies.yaml`.
    Taxonomies,
    /// `content/retired.yaml`.
    Retired,
    /// `site.toml`.
    Site,
}

impl SchemaKind {
    /// Every kind.
    pub const ALL: [SchemaKind; 6] = [
        SchemaKind::FrontMatter,
        SchemaKind::Translation,
        SchemaKind::Contacts,
        SchemaKind::Taxonomies,
        SchemaKind::Retired,
        SchemaKind::Site,
    ];

    /// Its name on the command line and in file names (`contacts` → `contacts.schema.json`).
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::FrontMatter => "front-matter",
            SchemaKind::Translation => "translation",
            SchemaKind::Contacts => "contacts",
            SchemaKind::Taxonomies => "taxonomies",
            SchemaKind::Retired => "retired",
            SchemaKind::Site => "site",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<SchemaKind> {
        SchemaKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The file name the schema is written to.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// The JSON Schema of `kind`.
pub fn schema(kind: SchemaKind) -> Schema {
    let generator = SchemaSettings::draft07().into_generator();
    match kind {
        SchemaKind::FrontMatter => generator.into_root_schema_for::<FrontMatter>(),
        SchemaKind::Translation => generator.into_root_schema_for::<TranslationFrontMatter>(),
        SchemaKind::Contacts => generator.into_root_schema_for::<ContactsFile>(),
        SchemaKind::Taxonomies => generator.into_root_schema_for::<TaxonomiesFile>(),
        SchemaKind::Retired => generator.into_root_schema_for::<RetiredFile>(),
        SchemaKind::Site => generator.into_root_schema_for::<SiteToml>(),
    }
}

/// The JSON Schema of `kind` as pretty-printed JSON.
pub fn schema_json(kind: SchemaKind) -> String {
    serde_json::to_string_pretty(&schema(kind)).unwrap_or_default() + "\n"
}

/// Text in the default language, or a table of language tag → text.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Text {
    /// The same text for every language.
    Plain(#[schemars(length(min = 1))] String),
    /// Text per language tag (`en`, `fr`, `zh-Hans` …), as configured in site.toml.
    PerLanguage(BTreeMap<String, Item>),
}

/// A date, or a date and a local time.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct DateTimeText(
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$"))] pub String,
);

/// A lowercase id: ASCII letters, digits and single hyphens.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Slug(#[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))] pub String);

/// A date written YYYY-MM-DD.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct DateText(#[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))] pub String);

/// A web address starting with https://.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct HttpsUrl(
    #[schemars(regex(pattern = r"^[Hh][Tt][Tt][Pp][Ss]://\S+$"))]
    pub String,
);

/// A web address starting with https:// or http://.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct WebUrl(
    #[schemars(regex(pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"))]
    pub String,
);

/// A phone number in international format (`+1 416-808-2300`) or a 3-digit emergency number.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct PhoneText(#[schemars(regex(pattern = r"^\s*(\+[0-9 ().-]+|[0-9]{3})\s*$"))] pub String);

/// A list item: non-empty text.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Item(#[schemars(length(min = 1))] pub String);

/// The front matter of an advisory in the default language (`index.md`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "redflag advisory (index.md front matter)")]
pub struct FrontMatter {
    /// The headline.
    #[schemars(length(min = 1))]
    pub title: String,
    /// One sentence: who calls, what they claim, what they want.
    #[schemars(length(min = 1))]
    pub summary: String,
    /// First published (YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the site's time zone).
    pub date: DateTimeText,
    /// Last updated (after `date`): its CAP alert becomes an Update of the earlier one.
    pub updated: Option<DateTimeText>,
    /// Withdrawn (YYYY-MM-DD): the advisory leaves the listings and its CAP alert is cancelled.
    pub retired: Option<DateText>,
    /// After this date the advisory shows a "no longer current" notice and its CAP alert
    /// expires; without it, `[cap] expires_after` after the latest of date, updated, reviewed.
    pub expires: Option<DateText>,
    /// The day its facts were last checked against its sources (YYYY-MM-DD).
    pub reviewed: Option<DateText>,
    /// How urgent: low, medium (default), high, critical.
    pub severity: Option<Severity>,
    /// Scam type ids from content/taxonomies.yaml.
    pub scam_types: Option<Vec<Slug>>,
    /// Audience ids from content/taxonomies.yaml.
    pub audiences: Option<Vec<Slug>>,
    /// Region ids from content/taxonomies.yaml.
    pub regions: Option<Vec<Slug>>,
    /// Warning signs (at least one, at most 50).
    #[schemars(length(min = 1, max = 50))]
    pub red_flags: Vec<Item>,
    /// Prevention tips (at least one, at most 50).
    #[schemars(length(min = 1, max = 50))]
    pub prevention: Vec<Item>,
    /// What to do if it already happened (at most 50).
    #[schemars(length(max = 50))]
    pub if_targeted: Option<Vec<Item>>,
    /// Contacts: ids from content/contacts.yaml, or contacts written inline.
    #[schemars(length(min = 1))]
    pub contacts: Vec<ContactRef>,
    /// Where the facts come from.
    pub sources: Option<Vec<SourceEntry>>,
    /// Shorter wording for posters, or `false` for no poster of this advisory.
    pub poster: Option<PosterOrNone>,
    /// Drafts are built only with --drafts.
    pub draft: Option<bool>,
}

/// Whether a translation is finished.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Being written: not published.
    Draft,
    /// Finished.
    Done,
}

/// The front matter of a translation (`index.<lang>.md`): the translated texts only.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "redflag translation (index.<lang>.md front matter)")]
pub struct TranslationFrontMatter {
    /// The source version this translation was made from (`redflag translations` prints it).
    #[schemars(regex(pattern = r"^[0-9a-f]+$"))]
    pub source_digest: Option<String>,
    /// `draft` while the translation is being written: the site shows the source text until it
    /// is `done` (or the key is removed).
    pub status: Option<TranslationStatus>,
    /// The translated headline.
    pub title: Option<String>,
    /// The translated summary.
    pub summary: Option<String>,
    /// The translated warning signs, one per source item (`null`: not translated, the page
    /// shows the source's item there).
    #[schemars(length(max = 50))]
    pub red_flags: Option<Vec<Option<Item>>>,
    /// The translated prevention tips, one per source item.
    #[schemars(length(max = 50))]
    pub prevention: Option<Vec<Option<Item>>>,
    /// The translated advice if targeted, one per source item.
    #[schemars(length(max = 50))]
    pub if_targeted: Option<Vec<Option<Item>>>,
    /// The translated poster wording.
    pub poster: Option<TranslationPoster>,
    /// The body's parts (paragraphs, list items, headings, table cells, counted from 1) left
    /// in the source language: the body has the source's text there.
    pub body_untranslated: Option<Vec<std::num::NonZeroU32>>,
}

/// A contact of an advisory: an id from content/contacts.yaml, or a contact written inline.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ContactRef {
    /// An id from content/contacts.yaml.
    Id(Slug),
    /// A contact written inline.
    Inline(InlineContact),
}

/// A contact written inline in an advisory.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineContact {
    /// Its name.
    pub name: Text,
    /// What kind of service it is (default: report).
    pub kind: Option<ContactKind>,
    /// Its phone number.
    pub phone: PhoneText,
    /// Opening hours.
    pub hours: Option<Text>,
    /// Its website.
    pub url: Option<HttpsUrl>,
    /// Region ids it serves.
    pub regions: Option<Vec<Slug>>,
    /// Where its number was checked (`check` warns without it).
    pub source: Option<ContactSourceEntry>,
    /// A note for whoever checks the contact: what the source says, or why there is none
    /// (kept in the file, not shown on pages).
    pub note: Option<String>,
}

/// A source of the advisory's facts.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// The article or release title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When (YYYY-MM-DD).
    pub date: Option<DateText>,
    /// Where to read it.
    pub url: Option<WebUrl>,
}

/// An advisory's posters: their wording, or `false` for none.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum PosterOrNone {
    /// No poster of this advisory (only `false`).
    None(#[schemars(extend("const" = false))] bool),
    /// Poster wording.
    Wording(Poster),
}

/// Poster wording and what a full poster may leave out.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Poster {
    /// A short headline for the poster; best one that says what to do.
    pub headline: Option<String>,
    /// The headline says what to do, so a full poster may leave out "If it has happened to you"
    /// (without it, leaving that section out is an error).
    pub action: Option<bool>,
    /// Parts a full poster may leave out without a warning.
    pub optional: Option<Vec<PosterPartName>>,
}

/// A translation's poster wording (`action` and `optional` come from the default language).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationPoster {
    /// The translated poster headline.
    pub headline: Option<String>,
}

/// A part of a full poster it may leave out.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PosterPartName {
    /// The summary.
    Summary,
    /// The prevention tips.
    Prevention,
    /// Contacts other than emergency, police and the institution's own.
    Contacts,
    /// The tear-off tabs.
    TearOff,
}

/// The official page a contact's number was compared with, and when.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactSourceEntry {
    /// The official page that gives the number.
    pub url: HttpsUrl,
    /// The day the number was compared with it (YYYY-MM-DD).
    pub checked: Option<DateText>,
}

/// `content/contacts.yaml`: contact id → contact.
#[derive(JsonSchema)]
#[serde(transparent)]
#[schemars(title = "redflag contacts.yaml")]
pub struct ContactsFile(pub BTreeMap<String, ContactEntry>);

/// A reusable contact.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactEntry {
    /// Its name.
    pub name: Text,
    /// What kind of service it is.
    pub kind: ContactKind,
    /// Its phone number.
    pub phone: PhoneText,
    /// Opening hours.
    pub hours: Option<Text>,
    /// Its website.
    pub url: Option<HttpsUrl>,
    /// Region ids it serves.
    pub regions: Option<Vec<Slug>>,
    /// Where its number was checked (`check` warns without it).
    pub source: Option<ContactSourceEntry>,
    /// A note for whoever checks the contact: what the source says, or why there is none
    /// (kept in the file, not shown on pages).
    pub note: Option<String>,
}

/// `content/taxonomies.yaml`: labels of every term, per taxonomy.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "redflag taxonomies.yaml")]
pub struct TaxonomiesFile {
    /// Scam types: id → label.
    pub scam_types: Option<BTreeMap<String, Text>>,
    /// Audiences: id → label.
    pub audiences: Option<BTreeMap<String, Text>>,
    /// Regions: id → label, with the geography CAP alerts give as their area.
    pub regions: Option<BTreeMap<String, RegionEntry>>,
}

/// A region: its label, and optionally where it is (for the `<area>` of CAP alerts).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum RegionEntry {
    /// The same label for every language.
    Plain(#[schemars(length(min = 1))] String),
    /// Labels per language tag, and the region's geography.
    PerLanguage(BTreeMap<String, RegionValue>),
}

/// A value under a region: a label in one language, one of its geography keys
/// (`area_desc` per language, `geocodes` as `{ valueName, value }`, `polygon` as a closed ring of
/// `[lat, lon]` points, `circle` as `{ center: [lat, lon], radius_km }`), or its `note` (a
/// string for whoever checks the region, such as where its geocodes come from; not shown on
/// pages).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum RegionValue {
    /// A label.
    Label(Item),
    /// `area_desc` per language, or a `circle`.
    Table(BTreeMap<String, serde_json::Value>),
    /// `geocodes` or `polygon`.
    List(Vec<serde_json::Value>),
}

/// `content/retired.yaml`: advisories removed from `content/advisories/` whose CAP alerts are
/// still cancelled (`content::retired` reads it; empty: none).
#[derive(JsonSchema)]
#[serde(transparent)]
#[schemars(title = "redflag retired.yaml")]
pub struct RetiredFile(pub Option<Vec<RetiredEntry>>);

/// A removed advisory, as its last message was made from it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetiredEntry {
    /// The removed advisory's folder name under content/advisories/.
    pub slug: Slug,
    /// The day it is withdrawn (YYYY-MM-DD): its Cancel is sent then.
    pub retired: DateText,
    /// Its `date`, exactly as it had it (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with its time): its
    /// alerts' identifiers and `sent` times come from it.
    pub date: DateTimeText,
    /// Its `updated`, exactly as it had it (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with its time).
    pub updated: Option<DateTimeText>,
    /// Its `expires`, if it had one (YYYY-MM-DD).
    pub expires: Option<DateText>,
    /// Its `reviewed`, if it had one (YYYY-MM-DD).
    pub reviewed: Option<DateText>,
    /// Its title: one CAP `<info>` headline per language given.
    pub title: Text,
    /// Its summary: the `<info>` description per language.
    pub summary: Text,
    /// Its region ids from content/taxonomies.yaml: the Cancel's areas.
    pub regions: Option<Vec<Slug>>,
    /// Its scam type ids from content/taxonomies.yaml: the Cancel's event codes.
    pub scam_types: Option<Vec<Slug>>,
}

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
    /// Only these institutions get posters (default: every institution).
    pub institutions: Option<Vec<Slug>>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retired_schema_has_the_keys_the_reader_accepts() {
        let value = serde_json::to_value(schema(SchemaKind::Retired)).unwrap();
        assert_eq!(value["type"], serde_json::json!(["array", "null"]));
        let entry = &value["definitions"]["RetiredEntry"];
        assert_eq!(entry["additionalProperties"], false);
        let mut keys: Vec<&str> = entry["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut read = crate::content::retired::KEYS.to_vec();
        keys.sort_unstable();
        read.sort_unstable();
        assert_eq!(keys, read);
        assert_eq!(
            entry["required"],
            serde_json::json!(["slug", "retired", "date", "title", "summary"])
        );
    }

    #[test]
    fn every_schema_is_draft_07_and_closed() {
        for kind in SchemaKind::ALL {
            let value = serde_json::to_value(schema(kind)).unwrap();
            assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
            assert_eq!(SchemaKind::from_name(kind.name()), Some(kind));
        }
        let front = serde_json::to_value(schema(SchemaKind::FrontMatter)).unwrap();
        assert_eq!(front["additionalProperties"], false);
        assert!(
            front["required"]
                .as_array()
                .unwrap()
                .contains(&"title".into())
        );
    }
}
