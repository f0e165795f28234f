//! The removed-advisories form: `content/retired.yaml` as a file collection. The file is a list
//! at its top level, so the form is one list field saved as the whole file (`root`): an item per
//! removed advisory, collapsed to its slug, with the fields of the retired schema
//! (`schema::RetiredEntry`) in the order the docs write them; dates with a date
//! picker as in the advisory form, title and summary one field per language, regions and scam
//! types as choices of the site's terms.

use serde_yaml::Value;

use super::fields::{Choices, entry_fields, mapping};
use crate::schema::SchemaKind;

/// The file the collection edits.
pub const RETIRED_FILE: &str = "content/retired.yaml";

/// The order of an entry's keys, as the docs write them (the CMS writes keys in the order of the
/// form); properties the schema adds later come after these.
pub const RETIRED_ORDER: &[&str] = &[
    "slug",
    "retired",
    "date",
    "updated",
    "expires",
    "reviewed",
    "title",
    "summary",
    "regions",
    "scam_types",
];

/// The `retired` file collection of `config.yml`.
pub fn retired_collection(choices: &Choices) -> Value {
    let fields = entry_fields(SchemaKind::Retired, "RetiredEntry", RETIRED_ORDER, choices);
    let list = mapping(&[
        ("name", "retired".into()),
        ("label", "Removed advisories".into()),
        ("label_singular", "removed advisory".into()),
        ("widget", "list".into()),
        // The file is the list itself, not a key holding it.
        ("root", true.into()),
        ("required", false.into()),
        ("collapsed", true.into()),
        (
            "summary",
            "{{fields.slug}} (retired {{fields.retired}})".into(),
        ),
        ("fields", Value::Sequence(fields)),
    ]);
    let file = mapping(&[
        ("name", "retired".into()),
        (
            "label",
            "Removed advisories (their alerts are cancelled)".into(),
        ),
        ("file", RETIRED_FILE.into()),
        ("format", "yaml".into()),
        ("fields", Value::Sequence(vec![list])),
    ]);
    mapping(&[
        ("name", "retired".into()),
        ("label", "Removed advisories".into()),
        ("files", Value::Sequence(vec![file])),
    ])
}
