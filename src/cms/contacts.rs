//! The contacts form: `content/contacts.yaml` as a file collection. The file maps contact ids
//! to contacts, which no CMS widget edits as a map, so the form has one collapsed object per
//! contact id the site defines (a new contact is written in the file; the form offers it
//! after the next build), its fields from the contacts schema (`schema::ContactEntry`) in the
//! order the example's file writes them, names and hours as one field per language.

use serde_json::{Map, Value as Json};
use serde_yaml::Value;

use super::fields::{Choices, Walker, mapping};
use crate::schema::{SchemaKind, schema};

/// The file the collection edits.
pub const CONTACTS_FILE: &str = "content/contacts.yaml";

/// The order of a contact's keys, as the file writes them (the CMS writes keys in the order of
/// the form, so a file saved again keeps its lines); properties the schema adds later come
/// after these.
pub const CONTACT_ORDER: &[&str] = &[
    "name", "kind", "phone", "hours", "url", "regions", "source", "note",
];

/// The `contacts` file collection of `config.yml`.
pub fn contacts_collection(choices: &Choices) -> Value {
    let file = mapping(&[
        ("name", "contacts".into()),
        ("label", "Contacts".into()),
        ("file", CONTACTS_FILE.into()),
        ("format", "yaml".into()),
        ("fields", Value::Sequence(contact_fields(choices))),
    ]);
    mapping(&[
        ("name", "contacts".into()),
        ("label", "Contacts".into()),
        ("files", Value::Sequence(vec![file])),
    ])
}

/// One object field per contact id of the site, each with the fields of a contact.
fn contact_fields(choices: &Choices) -> Vec<Value> {
    let contacts = schema(SchemaKind::Contacts).to_value();
    let definitions = contacts["definitions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let walker = Walker {
        definitions: Some(&definitions),
        choices,
    };
    let entry = &definitions["ContactEntry"];
    let fields = Value::Sequence(entry_fields(&walker, entry));
    choices
        .contacts
        .iter()
        .map(|(id, label)| {
            mapping(&[
                ("name", id.as_str().into()),
                ("label", label.as_str().into()),
                ("widget", "object".into()),
                ("collapsed", true.into()),
                // Required: an optional object has a switch that would delete the contact.
                ("required", true.into()),
                ("fields", fields.clone()),
            ])
        })
        .collect()
}

/// The fields of one contact, in [`CONTACT_ORDER`].
fn entry_fields(walker: &Walker, entry: &Json) -> Vec<Value> {
    let empty = Map::new();
    let properties = entry["properties"].as_object().unwrap_or(&empty);
    let required: Vec<&str> = entry["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .collect();
    let mut names: Vec<&String> = properties.keys().collect();
    names.sort_by_key(|name| {
        CONTACT_ORDER
            .iter()
            .position(|k| k == name)
            .unwrap_or(CONTACT_ORDER.len())
    });
    names
        .into_iter()
        .map(|name| {
            walker.field(
                name,
                &properties[name],
                required.contains(&name.as_str()),
                None,
            )
        })
        .collect()
}
