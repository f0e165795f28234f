//! The keys of a mapping as its schema type describes them (its `properties` and `required`):
//! the only list of the keys a reader in `content` accepts, requires and suggests in "did you
//! mean" and "known keys here" hints.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

/// The keys of one mapping, in the schema's order (by name).
#[derive(Debug, PartialEq, Eq)]
pub struct Keys {
    /// Every key the mapping may hold.
    pub all: Vec<&'static str>,
    /// The keys it must hold.
    pub required: Vec<&'static str>,
}

impl Keys {
    /// Whether the mapping may hold `key`.
    pub fn has(&self, key: &str) -> bool {
        self.all.contains(&key)
    }

    /// The keys of `self` that `other` does not have (those of an advisory's front matter that a
    /// translation's may not hold).
    pub fn without<'k>(&'k self, other: &'k Keys) -> impl Iterator<Item = &'static str> + 'k {
        self.all.iter().copied().filter(|key| !other.has(key))
    }

    fn of<T: JsonSchema>() -> Keys {
        let schema = SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>();
        let names = |field: &str| -> Vec<&'static str> {
            let list: Vec<String> = match schema.get(field) {
                Some(serde_json::Value::Object(properties)) => properties.keys().cloned().collect(),
                Some(serde_json::Value::Array(names)) => names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            // Made once per type (`keys` keeps them), so the leak is bounded by the schema types.
            list.into_iter()
                .map(|name| &*Box::leak(name.into_boxed_str()))
                .collect()
        };
        Keys {
            all: names("properties"),
            required: names("required"),
        }
    }
}

/// The keys of the mapping `T` describes, generated once per type.
pub fn keys<T: JsonSchema + 'static>() -> &'static Keys {
    static KEYS: OnceLock<Mutex<HashMap<TypeId, &'static Keys>>> = OnceLock::new();
    let mut cache = KEYS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    cache
        .entry(TypeId::of::<T>())
        .or_insert_with(|| Box::leak(Box::new(Keys::of::<T>())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FrontMatter, SourceEntry, TranslationFrontMatter};

    #[test]
    fn keys_are_the_properties_and_required_of_the_schema() {
        let source = keys::<SourceEntry>();
        assert_eq!(source.all, ["date", "publisher", "title", "url"]);
        assert_eq!(source.required, ["title"]);
        assert!(std::ptr::eq(source, keys::<SourceEntry>()));
    }

    #[test]
    fn shared_keys_are_those_a_translation_lacks() {
        let shared: Vec<&str> = keys::<FrontMatter>()
            .without(keys::<TranslationFrontMatter>())
            .collect();
        assert_eq!(
            shared,
            [
                "audiences",
                "contacts",
                "date",
                "draft",
                "expires",
                "regions",
                "retired",
                "reviewed",
                "scam_types",
                "severity",
                "sources",
                "updated"
            ]
        );
    }
}
