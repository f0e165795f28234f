//! The advisory form: one CMS field per property of redflag's front-matter schema
//! (`schema::schema`), with the widget its type calls for, `required`, list bounds and
//! patterns from the same schema, the taxonomy and contact ids of the site as select options,
//! and `i18n: true` exactly for what a translation file may carry (the translation schema);
//! everything else stays in the default-language file, as redflag inherits it.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};
use serde_yaml::{Mapping, Value};

use crate::schema::{SchemaKind, schema};

/// The select options the site defines: `(id, label)` pairs.
#[derive(Debug, Default)]
pub struct Choices {
    /// Scam type, audience and region ids, by front-matter key.
    pub taxonomies: Vec<(&'static str, Vec<(String, String)>)>,
    /// Contact ids of `content/contacts.yaml`.
    pub contacts: Vec<(String, String)>,
    /// The site's language tags, the default first.
    pub languages: Vec<String>,
}

/// The order of the form; properties the schema adds later come after these.
const ORDER: &[&str] = &[
    "title",
    "summary",
    "date",
    "severity",
    "updated",
    "expires",
    "reviewed",
    "scam_types",
    "audiences",
    "regions",
    "red_flags",
    "prevention",
    "if_targeted",
    "contacts",
    "sources",
    "poster",
    "draft",
];

/// The order of an object's keys (a source, the poster wording), as redflag's files write them:
/// the CMS writes keys in the order of the form, so a file saved again keeps its lines.
const KEY_ORDER: &[&str] = &["title", "publisher", "date", "url", "headline", "action"];

/// The translation-only keys a default-language file must not carry; redflag writes them
/// (`source_digest` from `redflag translations`). The form keeps them as hidden fields of the
/// translations, so that saving an advisory keeps the ones its translations have.
pub const TRANSLATION_ONLY: &[&str] = &["source_digest", "status"];

/// The fields of the advisory form, the Markdown body last.
pub fn advisory_fields(choices: &Choices) -> Vec<Value> {
    let front = schema(SchemaKind::FrontMatter).to_value();
    let translation = schema(SchemaKind::Translation).to_value();
    // Both schemas' definitions: a translated property refers to the translation's own types
    // (`TranslationPoster`); a name both use is the same Rust type.
    let mut definitions = Map::new();
    for schema in [&translation, &front] {
        if let Some(defs) = schema.get("definitions").and_then(Json::as_object) {
            definitions.extend(defs.clone());
        }
    }
    let walker = Walker {
        definitions: Some(&definitions),
        choices,
    };
    let properties = front.get("properties").and_then(Json::as_object);
    let properties = properties.cloned().unwrap_or_default();
    let required = string_set(front.get("required"));
    let translated = &translation["properties"];
    let mut names: Vec<&String> = ORDER
        .iter()
        .filter_map(|n| properties.get_key_value(*n).map(|(k, _)| k))
        .collect();
    names.extend(properties.keys().filter(|k| !ORDER.contains(&k.as_str())));
    let hidden = TRANSLATION_ONLY.iter().map(|name| {
        mapping(&[
            ("name", (*name).into()),
            ("widget", "hidden".into()),
            ("i18n", true.into()),
        ])
    });
    let mut fields: Vec<Value> = hidden.collect();
    fields.extend(names.into_iter().map(|name| {
        let i18n = translated.get(name.as_str());
        walker.field(
            name,
            &properties[name.as_str()],
            required.contains(name),
            i18n,
        )
    }));
    fields.push(mapping(&[
        ("name", "body".into()),
        ("label", "Text".into()),
        ("widget", "markdown".into()),
        ("required", false.into()),
        ("i18n", true.into()),
    ]));
    fields
}

fn string_set(list: Option<&Json>) -> BTreeSet<String> {
    list.and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// A YAML mapping of `pairs`.
pub fn mapping(pairs: &[(&str, Value)]) -> Value {
    let mut map = Mapping::new();
    for (key, value) in pairs {
        map.insert((*key).into(), value.clone());
    }
    Value::Mapping(map)
}

fn options(pairs: &[(String, String)]) -> Value {
    Value::Sequence(
        pairs
            .iter()
            .map(|(id, label)| {
                mapping(&[
                    ("label", label.as_str().into()),
                    ("value", id.as_str().into()),
                ])
            })
            .collect(),
    )
}

struct Walker<'a> {
    definitions: Option<&'a Map<String, Json>>,
    choices: &'a Choices,
}

impl Walker<'_> {
    /// `schema` without `$ref`s, without the `null` of an optional value and without a
    /// `false` that switches the value off (`poster: false`, written by hand: the form edits
    /// the value itself).
    fn resolve<'s>(&'s self, schema: &'s Json) -> &'s Json {
        if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next())
            && let Some(def) = self.definitions.and_then(|d| d.get(name))
        {
            return self.resolve(def);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(variants) = schema[key].as_array() {
                let real: Vec<&Json> = variants
                    .iter()
                    .filter(|v| v["type"] != "null" && v["const"] != Json::Bool(false))
                    .collect();
                if let [only] = real.as_slice() {
                    return self.resolve(only);
                }
            }
        }
        schema
    }

    /// The CMS field for property `name`; `translated` is its schema in a translation file.
    fn field(&self, name: &str, schema: &Json, required: bool, translated: Option<&Json>) -> Value {
        let resolved = self.resolve(schema);
        let mut field = Mapping::new();
        field.insert("name".into(), name.into());
        field.insert("label".into(), label(name).into());
        if let Some(hint) = schema["description"]
            .as_str()
            .or(resolved["description"].as_str())
        {
            field.insert("hint".into(), hint.into());
        }
        field.insert("required".into(), required.into());
        field.insert("i18n".into(), translated.is_some().into());
        let widget = if is_text(schema) {
            self.per_language(name, required)
        } else {
            self.widget(name, resolved, translated)
        };
        for (key, value) in widget {
            field.insert(key.into(), value);
        }
        Value::Mapping(field)
    }

    /// A `Text` (a contact's name, its hours): one field per language of the site, the default
    /// language's required with the text.
    fn per_language(&self, name: &str, required: bool) -> Vec<(&'static str, Value)> {
        let fields = self.choices.languages.iter().enumerate().map(|(k, tag)| {
            mapping(&[
                ("name", tag.as_str().into()),
                ("label", format!("{} ({tag})", label(name)).into()),
                ("required", (required && k == 0).into()),
                ("i18n", false.into()),
                ("widget", "string".into()),
            ])
        });
        vec![
            ("widget", "object".into()),
            ("fields", Value::Sequence(fields.collect())),
        ]
    }

    /// The widget keys for a property of schema `s`.
    fn widget(
        &self,
        name: &str,
        s: &Json,
        translated: Option<&Json>,
    ) -> Vec<(&'static str, Value)> {
        if let Some(ids) = self.select_ids(name) {
            let mut keys = vec![
                ("widget", "select".into()),
                ("multiple", true.into()),
                ("options", options(ids)),
            ];
            keys.extend(bounds(s));
            return keys;
        }
        if let Some(pairs) = enum_values(s) {
            return vec![("widget", "select".into()), ("options", options(&pairs))];
        }
        match kind(s) {
            "array" => self.list(name, s, translated),
            "object" => vec![
                ("widget", "object".into()),
                ("fields", self.object_fields(s, translated)),
            ],
            "boolean" => vec![("widget", "boolean".into())],
            _ => string_widget(name, s),
        }
    }

    /// The ids a select offers for `name`, when the site defines them.
    fn select_ids(&self, name: &str) -> Option<&[(String, String)]> {
        if name == "contacts" {
            return Some(&self.choices.contacts);
        }
        let (_, ids) = self
            .choices
            .taxonomies
            .iter()
            .find(|(key, _)| *key == name)?;
        Some(ids)
    }

    fn list(&self, name: &str, s: &Json, translated: Option<&Json>) -> Vec<(&'static str, Value)> {
        let items = self.resolve(&s["items"]);
        if let Some(pairs) = enum_values(items) {
            let mut keys = vec![
                ("widget", "select".into()),
                ("multiple", true.into()),
                ("options", options(&pairs)),
            ];
            keys.extend(bounds(s));
            return keys;
        }
        let mut keys = vec![("widget", "list".into())];
        if kind(items) == "object" {
            let translated_items = translated.map(|t| &self.resolve(t)["items"]);
            keys.push(("fields", self.object_fields(items, translated_items)));
        } else {
            let mut item = Mapping::new();
            item.insert("name".into(), "item".into());
            item.insert("label".into(), label(name).into());
            // The items of a translated list are translated too (else Sveltia locks them).
            item.insert("i18n".into(), translated.is_some().into());
            for (key, value) in string_widget(name, items) {
                item.insert(key.into(), value);
            }
            keys.push(("field", Value::Mapping(item)));
        }
        keys.extend(bounds(s));
        keys
    }

    fn object_fields(&self, s: &Json, translated: Option<&Json>) -> Value {
        let required = string_set(s.get("required"));
        let translated = translated.map(|t| &self.resolve(t)["properties"]);
        let fields = sorted_properties(s, KEY_ORDER)
            .into_iter()
            .map(|(name, p)| {
                let sub = translated.and_then(|t| t.get(name.as_str()));
                self.field(name, p, required.contains(name), sub)
            })
            .collect();
        Value::Sequence(fields)
    }
}

/// The fields of the object `entry` of `kind`'s schema definitions (a contact, a removed
/// advisory), its properties in `order` (the order its file writes them; others come last).
pub(super) fn entry_fields(
    kind: SchemaKind,
    entry: &str,
    order: &[&str],
    choices: &Choices,
) -> Vec<Value> {
    let value = schema(kind).to_value();
    let definitions = value["definitions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let walker = Walker {
        definitions: Some(&definitions),
        choices,
    };
    let entry = &definitions[entry];
    let required = string_set(entry.get("required"));
    sorted_properties(entry, order)
        .into_iter()
        .map(|(name, p)| walker.field(name, p, required.contains(name), None))
        .collect()
}

/// The properties of the object schema `s`, those named in `order` first and in its order.
fn sorted_properties<'s>(s: &'s Json, order: &[&str]) -> Vec<(&'s String, &'s Json)> {
    let mut properties: Vec<(&String, &Json)> =
        s["properties"].as_object().into_iter().flatten().collect();
    properties.sort_by_key(|(name, _)| order.iter().position(|k| k == name).unwrap_or(order.len()));
    properties
}

/// Whether `s` is a `Text` (or an optional one): a string or a table of language → string.
fn is_text(s: &Json) -> bool {
    let text = |v: &Json| v["$ref"].as_str() == Some("#/definitions/Text");
    let variants = ["anyOf", "allOf"]
        .iter()
        .filter_map(|key| s[*key].as_array());
    text(s) || variants.flatten().filter(|v| v["type"] != "null").any(text)
}

/// The values of an enumeration: `enum`, or (for documented variants) `oneOf` of `const`s;
/// labelled by the value (`credit-bureau` → "Credit bureau").
fn enum_values(s: &Json) -> Option<Vec<(String, String)>> {
    let values: Vec<&str> = match (s["enum"].as_array(), s["oneOf"].as_array()) {
        (Some(values), _) => values.iter().filter_map(Json::as_str).collect(),
        (None, Some(variants)) => variants
            .iter()
            .filter_map(|v| v["const"].as_str())
            .collect(),
        (None, None) => return None,
    };
    let pairs = values
        .into_iter()
        .map(|v| (v.to_owned(), label(v)))
        .collect();
    Some(pairs)
}

/// The JSON type of `s` other than `null`.
fn kind(s: &Json) -> &str {
    match &s["type"] {
        Json::String(t) => t,
        Json::Array(types) => types
            .iter()
            .filter_map(Json::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    }
}

/// `min`/`max` of a list from `minItems`/`maxItems`.
fn bounds(s: &Json) -> Vec<(&'static str, Value)> {
    let mut keys = Vec::new();
    if let Some(min) = s["minItems"].as_u64() {
        keys.push(("min", min.into()));
    }
    if let Some(max) = s["maxItems"].as_u64() {
        keys.push(("max", max.into()));
    }
    keys
}

/// The patterns of dates (`DateText`) and of dates that may carry a local time
/// (`DateTimeText`): the form offers a date picker for both and writes the date alone.
const DATE_PATTERNS: [&str; 2] = [
    r"^\d{4}-\d{2}-\d{2}$",
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$",
];

fn string_widget(name: &str, s: &Json) -> Vec<(&'static str, Value)> {
    let pattern = s["pattern"].as_str();
    if pattern.is_some_and(|p| DATE_PATTERNS.contains(&p)) {
        return vec![
            ("widget", "datetime".into()),
            ("type", "date".into()),
            ("format", "YYYY-MM-DD".into()),
        ];
    }
    let widget = if matches!(name, "summary" | "note") {
        "text"
    } else {
        "string"
    };
    let mut keys = vec![("widget", widget.into())];
    if let Some(pattern) = pattern {
        let hint = s["description"]
            .as_str()
            .unwrap_or("Use the form the hint gives");
        keys.push((
            "pattern",
            Value::Sequence(vec![pattern.into(), hint.into()]),
        ));
    }
    keys
}

/// `red_flags` → "Red flags".
fn label(name: &str) -> String {
    let text = name.replace(['_', '-'], " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::contacts::CONTACT_ORDER;
    use crate::cms::retired::RETIRED_ORDER;
    use crate::schema::{ContactEntry, FrontMatter, Poster, RetiredEntry, SourceEntry, keys};

    #[test]
    fn the_forms_orders_name_only_properties_of_the_schemas() {
        let object_keys = |key: &&str| keys::<SourceEntry>().has(key) || keys::<Poster>().has(key);
        assert!(ORDER.iter().all(|key| keys::<FrontMatter>().has(key)));
        assert!(KEY_ORDER.iter().all(object_keys));
        assert!(
            CONTACT_ORDER
                .iter()
                .all(|key| keys::<ContactEntry>().has(key))
        );
        assert!(
            RETIRED_ORDER
                .iter()
                .all(|key| keys::<RetiredEntry>().has(key))
        );
    }
}
