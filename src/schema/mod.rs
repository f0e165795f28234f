//! JSON Schemas (draft-07, for editors) of what writers edit: an advisory's front matter, a
//! translation's front matter, `contacts.yaml`, `taxonomies.yaml`, `retired.yaml` and `site.toml`.
//!
//! The schemas are generated (`schemars`) from the types of `advisory`, `data_files` and `site`
//! (the scalar types they share are below). For the YAML files these types are also the only
//! list of keys: the readers in `content` take the keys they accept and require from them
//! (`keys`), and a test validates the example site against the schemas. The readers also check
//! what a schema cannot (that ids exist, dates are real). `site.toml` is read by serde
//! (`config`'s `Raw*` structs, which keep spans); a test there holds them to `site`'s keys.
//! The closed sets the model owns (`Severity`, `ContactKind`) are not mirrored: their schemas
//! come from the model's own enums.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

mod advisory;
mod data_files;
mod keys;
mod site;

pub use advisory::{
    ContactRef, ContactSourceEntry, FrontMatter, InlineContact, Poster, PosterOrNone,
    PosterPartName, SourceEntry, TranslationFrontMatter, TranslationPoster, TranslationStatus,
};
pub use data_files::{
    ContactEntry, ContactsFile, RegionEntry, RegionValue, RetiredEntry, RetiredFile, TaxonomiesFile,
};
pub use keys::{Keys, keys};
pub use site::{
    CapEntry, CmsEntry, CmsHost, DropPolicyName, InstitutionEntry, LanguageEntry, PaperSizeName,
    PosterLayoutName, PostersEntry, ShareEntry, SiteToml,
};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retired_schema_is_a_list_of_closed_entries() {
        let value = serde_json::to_value(schema(SchemaKind::Retired)).unwrap();
        assert_eq!(value["type"], serde_json::json!(["array", "null"]));
        let entry = &value["definitions"]["RetiredEntry"];
        assert_eq!(entry["additionalProperties"], false);
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
