//! The taxonomies form: `content/taxonomies.yaml` as a file collection. The file maps term ids
//! to labels, which no CMS widget edits as a map, so the form has one collapsed object per term
//! the site defines (a new term is written in the file; the form offers it after the next
//! build): its label in each language of the site and, for regions, the geography of CAP
//! alerts (`area_desc` per language, `geocodes`, `polygon`, `circle`) and a `note`, in the
//! order the example's file writes them (`content::areas` reads them).

use serde_yaml::Value;

use super::fields::{Choices, mapping};

/// The file the collection edits.
pub const TAXONOMIES_FILE: &str = "content/taxonomies.yaml";

/// The order of a region's keys after its labels, as the file writes them (the CMS writes keys
/// in the order of the form, so a file saved again keeps its lines).
pub const REGION_ORDER: &[&str] = &["area_desc", "geocodes", "polygon", "circle", "note"];

/// The `taxonomies` file collection of `config.yml`.
pub fn taxonomies_collection(choices: &Choices) -> Value {
    let fields = choices
        .taxonomies
        .iter()
        .map(|(key, terms)| {
            let regions = *key == "regions";
            let terms = terms
                .iter()
                .map(|(id, label)| term(choices, id, label, regions))
                .collect();
            mapping(&[
                ("name", (*key).into()),
                ("label", title(key).into()),
                ("widget", "object".into()),
                ("required", true.into()),
                ("fields", Value::Sequence(terms)),
            ])
        })
        .collect();
    let file = mapping(&[
        ("name", "taxonomies".into()),
        ("label", "Scam types, audiences and regions".into()),
        ("file", TAXONOMIES_FILE.into()),
        ("format", "yaml".into()),
        ("fields", Value::Sequence(fields)),
    ]);
    mapping(&[
        ("name", "taxonomies".into()),
        ("label", "Taxonomies".into()),
        ("files", Value::Sequence(vec![file])),
    ])
}

fn title(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One term: its labels, and a region's geography and note.
fn term(choices: &Choices, id: &str, label: &str, region: bool) -> Value {
    let mut fields = per_language(choices, "Label", true);
    if region {
        fields.extend(region_fields(choices));
    }
    mapping(&[
        ("name", id.into()),
        ("label", format!("{label} ({id})").into()),
        ("widget", "object".into()),
        ("collapsed", true.into()),
        // Required: an optional object has a switch that would delete the term.
        ("required", true.into()),
        ("fields", Value::Sequence(fields)),
    ])
}

/// One string field per language, the default language required.
fn per_language(choices: &Choices, label: &str, default_required: bool) -> Vec<Value> {
    choices
        .languages
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            mapping(&[
                ("name", lang.as_str().into()),
                ("label", format!("{label} ({lang})").into()),
                ("widget", "string".into()),
                ("required", (default_required && i == 0).into()),
            ])
        })
        .collect()
}

/// A region's fields after its labels, in [`REGION_ORDER`].
fn region_fields(choices: &Choices) -> Vec<Value> {
    vec![
        mapping(&[
            ("name", "area_desc".into()),
            ("label", "Area description (CAP)".into()),
            ("widget", "object".into()),
            ("required", false.into()),
            (
                "fields",
                Value::Sequence(per_language(choices, "Area", false)),
            ),
        ]),
        mapping(&[
            ("name", "geocodes".into()),
            ("label", "Geocodes (CAP)".into()),
            ("widget", "list".into()),
            ("required", false.into()),
            (
                "fields",
                Value::Sequence(vec![
                    string("valueName", "Value name"),
                    string("value", "Value"),
                ]),
            ),
        ]),
        mapping(&[
            ("name", "polygon".into()),
            (
                "label",
                "Polygon (CAP): [lat, lon] points, the first repeated last".into(),
            ),
            ("widget", "list".into()),
            ("required", false.into()),
            ("min", 4.into()),
            ("field", point("point", "Point")),
        ]),
        mapping(&[
            ("name", "circle".into()),
            ("label", "Circle (CAP)".into()),
            ("widget", "object".into()),
            ("required", false.into()),
            (
                "fields",
                Value::Sequence(vec![
                    point("center", "Center"),
                    number("radius_km", "Radius (km)"),
                ]),
            ),
        ]),
        mapping(&[
            ("name", "note".into()),
            ("label", "Note (not shown on pages)".into()),
            ("widget", "text".into()),
            ("required", false.into()),
        ]),
    ]
}

/// A number field (degrees, kilometres).
fn number(name: &str, label: &str) -> Value {
    mapping(&[
        ("name", name.into()),
        ("label", label.into()),
        ("widget", "number".into()),
        ("value_type", "float".into()),
    ])
}

/// A `[latitude, longitude]` field.
fn point(name: &str, label: &str) -> Value {
    mapping(&[
        ("name", name.into()),
        ("label", label.into()),
        ("widget", "list".into()),
        ("min", 2.into()),
        ("max", 2.into()),
        ("field", number("degrees", "Latitude, then longitude")),
    ])
}

/// A one-line text field.
fn string(name: &str, label: &str) -> Value {
    mapping(&[
        ("name", name.into()),
        ("label", label.into()),
        ("widget", "string".into()),
    ])
}
