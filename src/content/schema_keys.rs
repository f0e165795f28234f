//! The readers and the schema types agree: every property of a schema type is read by its
//! reader (a file with all of them, each `null`, has no unknown key), and the reader requires
//! exactly the schema's `required` keys (it reports each of them missing in that file). The
//! other way round, a reader that reads a key its schema does not describe fails the debug
//! assertion of `MapReader::raw`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::advisory::{Context, parse_advisory_file};
use crate::content::contacts::{Contacts, parse_contacts};
use crate::content::retired::{RetiredContext, parse_retired};
use crate::content::taxonomies::parse_taxonomies;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Taxonomies;
use crate::schema::{
    ContactEntry, ContactSourceEntry, FrontMatter, InlineContact, Keys, Poster, RetiredEntry,
    SourceEntry, TaxonomiesFile, TranslationFrontMatter, TranslationPoster, keys,
};
use crate::yaml::YamlFile;

/// A mapping of every key of a schema type, each `null` but those `nested` (a mapping, or a
/// list of one).
struct Shape {
    keys: &'static Keys,
    nested: Vec<(&'static str, Nested)>,
}

enum Nested {
    Map(Shape),
    List(Shape),
}

impl Shape {
    fn of(keys: &'static Keys) -> Shape {
        Shape {
            keys,
            nested: Vec::new(),
        }
    }

    fn with(mut self, key: &'static str, nested: Nested) -> Shape {
        assert!(self.keys.has(key), "`{key}` is not a property");
        self.nested.push((key, nested));
        self
    }

    fn nested(&self, key: &str) -> Option<&Nested> {
        self.nested.iter().find(|(k, _)| *k == key).map(|(_, n)| n)
    }

    /// The mapping in YAML's flow style.
    fn yaml(&self) -> String {
        let fields: Vec<String> = (self.keys.all.iter())
            .map(|key| match self.nested(key) {
                Some(Nested::Map(shape)) => format!("{key}: {}", shape.yaml()),
                Some(Nested::List(shape)) => format!("{key}: [{}]", shape.yaml()),
                None => format!("{key}: null"),
            })
            .collect();
        format!("{{{}}}", fields.join(", "))
    }

    /// The paths of the required keys, as "missing required field" names them.
    fn required(&self, prefix: &str, out: &mut BTreeSet<String>) {
        for key in &self.keys.required {
            if self.nested(key).is_none() {
                out.insert(format!("{prefix}{key}"));
            }
        }
        for (key, nested) in &self.nested {
            match nested {
                Nested::Map(shape) => shape.required(&format!("{prefix}{key}."), out),
                Nested::List(shape) => shape.required(&format!("{prefix}{key}.0."), out),
            }
        }
    }
}

/// Checks what the reader reported about the file made of `shape` (under `prefix`): no unknown
/// key, and exactly the required keys missing.
fn assert_agree(shape: &Shape, prefix: &str, diagnostics: &[Diagnostic]) {
    let unknown: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownKey)
        .map(|d| d.message.as_str())
        .collect();
    assert!(unknown.is_empty(), "the reader does not read {unknown:?}");
    let missing: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| d.code == Code::MissingField)
        .filter_map(|d| d.message.strip_prefix("missing required field `"))
        .map(|field| field.trim_end_matches('`').to_owned())
        .collect();
    let mut required = BTreeSet::new();
    shape.required(prefix, &mut required);
    assert_eq!(missing, required);
}

fn contact_source() -> Nested {
    Nested::Map(Shape::of(keys::<ContactSourceEntry>()))
}

fn advisory(shape: &Shape, is_default: bool) -> Vec<Diagnostic> {
    let text = format!("---\n{}\n---\nBody.\n", shape.yaml());
    let (taxonomies, contacts) = (Taxonomies::default(), Contacts::default());
    let cx = Context {
        languages: &[],
        taxonomies: &taxonomies,
        contacts: &contacts,
    };
    let lang = if is_default { "en" } else { "fr" };
    parse_advisory_file(Path::new("index.md"), &text, lang, is_default, &cx).diagnostics
}

#[test]
fn the_front_matter_reader_reads_and_requires_what_the_schema_says() {
    let contact = Shape::of(keys::<InlineContact>()).with("source", contact_source());
    let shape = Shape::of(keys::<FrontMatter>())
        .with("contacts", Nested::List(contact))
        .with("sources", Nested::List(Shape::of(keys::<SourceEntry>())))
        .with("poster", Nested::Map(Shape::of(keys::<Poster>())));
    assert_agree(&shape, "", &advisory(&shape, true));
}

#[test]
fn the_translation_reader_reads_and_requires_what_the_schema_says() {
    let poster = Shape::of(keys::<TranslationPoster>());
    let shape = Shape::of(keys::<TranslationFrontMatter>()).with("poster", Nested::Map(poster));
    assert_agree(&shape, "", &advisory(&shape, false));
}

#[test]
fn the_data_file_readers_read_and_require_what_the_schemas_say() {
    let taxonomies = Taxonomies::default();
    let parse = |text: &str, check: &dyn Fn(&YamlFile) -> Vec<Diagnostic>| {
        check(&YamlFile::new(Path::new("file.yaml"), text, text, 0))
    };

    let contact = Shape::of(keys::<ContactEntry>()).with("source", contact_source());
    let found = parse(&format!("police: {}\n", contact.yaml()), &|file| {
        parse_contacts(file, &[], &taxonomies).1
    });
    assert_agree(&contact, "police.", &found);

    let entry = Shape::of(keys::<RetiredEntry>());
    let cx = RetiredContext {
        languages: &[],
        taxonomies: &taxonomies,
        expires_after: None,
    };
    let found = parse(&format!("- {}\n", entry.yaml()), &|file| {
        parse_retired(file, &cx).1
    });
    assert_agree(&entry, "0.", &found);

    let file = Shape::of(keys::<TaxonomiesFile>());
    let found = parse(&format!("{}\n", file.yaml()), &|file| {
        parse_taxonomies(file, &[]).1
    });
    assert_agree(&file, "", &found);
}
