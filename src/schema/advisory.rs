//! The front matter of an advisory (`index.md`) and of a translation (`index.<lang>.md`).

use schemars::JsonSchema;

use super::{DateText, DateTimeText, HttpsUrl, Item, PhoneText, Slug, Text, WebUrl};
use crate::model::{ContactKind, Severity};

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
