//! `site.toml` is read by serde (the `Raw*` structs, which keep spans for diagnostics) and
//! described for editors by the schema types (`schema::SiteToml` and its tables). These tests
//! hold the two to the same keys, table by table, and to the same names of the closed sets
//! (paper sizes, poster layouts, drop policies): serde's derive lists the fields and variants
//! it accepts, and the schema lists its `properties` and `const`s.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::cms::RawCms;
use super::raw::{RawCap, RawConfig, RawInstitution, RawLanguage, RawPosters, RawShare};
use crate::model::{DropPolicy, PaperSize, PosterLayout};
use crate::schema::{
    CapEntry, CmsEntry, DropPolicyName, InstitutionEntry, LanguageEntry, PaperSizeName,
    PosterLayoutName, PostersEntry, ShareEntry, SiteToml, keys,
};

/// A deserializer that only records the names serde's derive asks it for: a struct's fields or
/// an enum's variants.
struct Names<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for Names<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("neither a struct nor an enum"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("names recorded"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(variants);
        Err(de::Error::custom("names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The field (struct) or variant (enum) names `T`'s `Deserialize` accepts.
fn serde_names<T: for<'de> Deserialize<'de>>() -> BTreeSet<&'static str> {
    let mut names = None;
    let _ = T::deserialize(Names(&mut names));
    names
        .expect("a struct or an enum deriving Deserialize")
        .iter()
        .copied()
        .collect()
}

/// The `const` values of `T`'s schema (the names of a closed set).
fn schema_consts<T: JsonSchema>() -> BTreeSet<String> {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let options = schema.get("oneOf").and_then(|list| list.as_array());
    options
        .expect("a oneOf of consts")
        .iter()
        .map(|option| option["const"].as_str().expect("a const").to_owned())
        .collect()
}

fn assert_same_keys<Raw, Described>(table: &str)
where
    Raw: for<'de> Deserialize<'de>,
    Described: JsonSchema + 'static,
{
    let read = serde_names::<Raw>();
    let described: BTreeSet<&str> = keys::<Described>().all.iter().copied().collect();
    let undescribed: Vec<_> = read.difference(&described).collect();
    let unread: Vec<_> = described.difference(&read).collect();
    assert!(
        undescribed.is_empty() && unread.is_empty(),
        "{table}: the loader accepts {undescribed:?} that the schema does not describe, \
         and the schema describes {unread:?} that the loader refuses"
    );
}

#[test]
fn the_loader_and_the_schema_have_the_same_keys_in_every_table() {
    assert_same_keys::<RawConfig, SiteToml>("site.toml");
    assert_same_keys::<RawLanguage, LanguageEntry>("[languages.*]");
    assert_same_keys::<RawPosters, PostersEntry>("[posters]");
    assert_same_keys::<RawInstitution, InstitutionEntry>("[[institutions]]");
    assert_same_keys::<RawCap, CapEntry>("[cap]");
    assert_same_keys::<RawShare, ShareEntry>("[share]");
    assert_same_keys::<RawCms, CmsEntry>("[cms]");
}

#[test]
fn the_loader_and_the_schema_name_the_same_sizes_layouts_and_drop_policies() {
    fn same<Model: for<'de> Deserialize<'de>, Described: JsonSchema>(set: &str) {
        let read: BTreeSet<String> = serde_names::<Model>().into_iter().map(Into::into).collect();
        assert_eq!(
            read,
            schema_consts::<Described>(),
            "{set}: loader (left), schema"
        );
    }
    same::<PaperSize, PaperSizeName>("[posters] sizes");
    same::<PosterLayout, PosterLayoutName>("[posters] layouts");
    same::<DropPolicy, DropPolicyName>("[posters] drop");
}

#[test]
fn the_names_are_those_serde_accepts() {
    let posters = serde_names::<RawPosters>();
    assert!(posters.contains("scam_types") && posters.contains("tear_off"));
    assert!(!posters.contains("scam-types"));
    let sizes = serde_names::<PaperSize>();
    assert_eq!(sizes, BTreeSet::from(["letter", "a4", "tabloid", "a3"]));
}
