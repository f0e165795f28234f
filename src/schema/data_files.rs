//! The data files beside the advisories: `content/contacts.yaml`, `content/taxonomies.yaml`
//! and `content/retired.yaml`.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::{ContactSourceEntry, DateText, DateTimeText, HttpsUrl, Item, PhoneText, Slug, Text};
use crate::model::ContactKind;

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
