//! The contacts form: `content/contacts.yaml` as a file collection. The file maps contact ids
//! to contacts, which no CMS widget edits as a map, so the form has one collapsed object per
//! contact id the site defines (a new contact is written in the file; the form offers it
//! after the next build), its fields from the contacts schema (`schema::ContactEntry`) in the
//! order the example's file writes them, names and hours as one field per language.

use serde_yaml::Value;

use super::fields::{Choices, entry_fields, mapping};
use crate::schema::SchemaKind;

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
    let fields = entry_fields(SchemaKind::Contacts, "ContactEntry", CONTACT_ORDER, choices);
    let fields = Value::Sequence(fields);
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
