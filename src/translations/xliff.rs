//! XLIFF 1.2 (OASIS, strict schema) for translation agencies: the same units as the PO files,
//! one `<file>` per advisory, states `needs-translation`, `needs-review-translation` (with the
//! previous source text in a note) and `translated`. Reading gives a PO `Catalog`, so an XLIFF
//! import goes through exactly the checks of a PO import.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::i18n::plural_categories;
use crate::model::Site;
use crate::render::xml::XmlWriter;

use super::po::{Catalog, Entry};
use super::units::{State, Unit};

/// The XLIFF 1.2 namespace.
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The note that carries the previous source text of a fuzzy unit starts with this.
const PREVIOUS: &str = "Previous source: ";
/// The context type of a plural group's plural source text (`msgid_plural`).
const MSGID_PLURAL: &str = "x-gettext-msgid-plural";

/// The XLIFF document of `units` (translations into `lang`; `None`: a template).
pub fn write(site: &Site, lang: Option<&str>, units: &[Unit]) -> String {
    let mut files: BTreeMap<String, Vec<&Unit>> = BTreeMap::new();
    let mut order = Vec::new();
    for unit in units {
        let original = unit.file.to_string_lossy().replace('\\', "/");
        if !files.contains_key(&original) {
            order.push(original.clone());
        }
        files.entry(original).or_default().push(unit);
    }
    let mut xml = XmlWriter::new();
    xml.open("xliff", &[("version", "1.2"), ("xmlns", NAMESPACE)]);
    let source_language = site.config.default_language.as_str();
    for original in order {
        let mut attributes = vec![
            ("original", original.as_str()),
            ("source-language", source_language),
            ("datatype", "x-markdown"),
        ];
        if let Some(lang) = lang {
            attributes.push(("target-language", lang));
        }
        xml.open("file", &attributes);
        xml.open("body", &[]);
        for unit in &files[&original] {
            match &unit.plural {
                Some(plural) => write_plural(&mut xml, unit, plural, lang),
                None => write_unit(&mut xml, unit, lang.is_some()),
            }
        }
        xml.close("body");
        xml.close("file");
    }
    xml.close("xliff");
    String::from_utf8(xml.finish()).expect("the XML writer writes UTF-8")
}

/// A UI string with plural forms, the way the Translate Toolkit writes a gettext plural: a
/// `<group restype="x-gettext-plurals">` with one trans-unit per form of the target language
/// (`id[0]`, `id[1]`...; in CLDR order, as the PO file's `msgstr[n]`), the first with the
/// singular source text and the others with the plural one.
fn write_plural(xml: &mut XmlWriter, unit: &Unit, plural: &str, lang: Option<&str>) {
    let categories = lang.map_or_else(|| vec!["one", "other"], plural_categories);
    xml.open(
        "group",
        &[
            ("id", unit.context.as_str()),
            ("resname", unit.context.as_str()),
            ("restype", "x-gettext-plurals"),
        ],
    );
    // The plural source text, also when the language has one form only (whose trans-unit
    // has the singular source, as the Translate Toolkit writes it).
    xml.open("context-group", &[("purpose", "information")]);
    xml.text("context", &[("context-type", MSGID_PLURAL)], plural);
    xml.close("context-group");
    for (i, _) in categories.iter().enumerate() {
        let id = format!("{}[{i}]", unit.context);
        let source = if i == 0 { &unit.source } else { plural };
        let form = unit.forms.get(i).map_or("", String::as_str);
        write_trans_unit(xml, unit, &id, source, lang.map(|_| form));
    }
    xml.close("group");
}

fn write_unit(xml: &mut XmlWriter, unit: &Unit, with_target: bool) {
    let target = with_target.then_some(unit.translation.as_str());
    write_trans_unit(xml, unit, &unit.context, &unit.source, target);
}

fn write_trans_unit(
    xml: &mut XmlWriter,
    unit: &Unit,
    id: &str,
    source: &str,
    target: Option<&str>,
) {
    let mut attributes = vec![("id", id), ("resname", id), ("xml:space", "preserve")];
    if target.is_some() && unit.state == State::Translated {
        // Translated from the current source: what the Translate Toolkit reads as not fuzzy.
        attributes.push(("approved", "yes"));
    }
    xml.open("trans-unit", &attributes);
    xml.text("source", &[], source);
    if let Some(target) = target {
        let state = match unit.state {
            State::Untranslated => "needs-translation",
            State::Fuzzy => "needs-review-translation",
            State::Translated => "translated",
        };
        xml.text("target", &[("state", state)], target);
    }
    let line = unit.line.to_string();
    xml.open("context-group", &[("purpose", "location")]);
    xml.text(
        "context",
        &[("context-type", "sourcefile")],
        &unit.file.to_string_lossy().replace('\\', "/"),
    );
    xml.text("context", &[("context-type", "linenumber")], &line);
    xml.close("context-group");
    for note in &unit.notes {
        xml.text("note", &[("from", "author"), ("annotates", "source")], note);
    }
    if let Some(previous) = &unit.previous {
        xml.text(
            "note",
            &[("from", "redflag"), ("annotates", "source")],
            &format!("{PREVIOUS}{previous}"),
        );
    }
    xml.close("trans-unit");
}

/// A unit being read.
#[derive(Default)]
struct Reading {
    entry: Entry,
    state: Option<String>,
    /// The element whose text is being collected: `source` or `target`.
    into: Option<&'static str>,
}

/// A plural group being read: its entry, and the states of its forms.
struct Plural {
    entry: Entry,
    states: Vec<Option<String>>,
    /// The plural source text, once read from the group's context.
    msgid_plural: Option<String>,
    /// Whether that context's text is being read.
    in_context: bool,
}

/// Reads an XLIFF document into a catalog whose `Language` header is the target language.
/// Errors carry the line.
pub fn parse(text: &str) -> Result<Catalog, (usize, String)> {
    let mut reader = Reader::from_str(text);
    let mut parser = Parser {
        text,
        catalog: Catalog::default(),
        unit: None,
        group: None,
        target_language: None,
    };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            (
                line_at(text, reader.error_position()),
                format!("not valid XML: {e}"),
            )
        })?;
        let err = |message: String| (line_at(text, at), message);
        match event {
            Event::Start(e) | Event::Empty(e) => parser.start(&e, at).map_err(err)?,
            Event::End(e) => parser.end(e.local_name().as_ref()).map_err(err)?,
            Event::Text(t) => parser.push_text(&t.xml10_content()),
            Event::CData(t) => parser.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = entity(&r).map_err(err)?;
                parser.push_text(&c.to_string());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut catalog = parser.catalog;
    catalog.header = vec![(
        "Language".to_owned(),
        parser.target_language.unwrap_or_default(),
    )];
    Ok(catalog)
}

/// The state of an XLIFF document being read: the catalog so far, the unit and plural group
/// being read, and the target language of the files read.
struct Parser<'a> {
    text: &'a str,
    catalog: Catalog,
    unit: Option<Reading>,
    group: Option<Plural>,
    target_language: Option<String>,
}

impl Parser<'_> {
    /// An element starts (or is empty), at byte offset `at`.
    fn start(&mut self, e: &BytesStart, at: u64) -> Result<(), String> {
        match e.local_name().as_ref() {
            "file" => {
                let lang = attribute(e, "target-language")?.unwrap_or_default();
                if self.target_language.as_ref().is_some_and(|t| *t != lang) {
                    return Err("the files of the document have different target languages".into());
                }
                self.target_language = Some(lang);
            }
            "group" if attribute(e, "restype")?.as_deref() == Some("x-gettext-plurals") => {
                let mut entry = Entry {
                    context: attribute(e, "id")?
                        .ok_or_else(|| "a plural group without an id".to_owned())?,
                    line: line_at(self.text, at),
                    ..Entry::default()
                };
                entry.plural = Some(String::new());
                self.group = Some(Plural {
                    entry,
                    states: Vec::new(),
                    msgid_plural: None,
                    in_context: false,
                });
            }
            "context" if self.unit.is_none() => {
                if let Some(plural) = &mut self.group
                    && attribute(e, "context-type")?.as_deref() == Some(MSGID_PLURAL)
                {
                    plural.in_context = true;
                    plural.msgid_plural = Some(String::new());
                }
            }
            "trans-unit" => {
                let mut reading = Reading::default();
                reading.entry.context =
                    attribute(e, "id")?.ok_or_else(|| "a trans-unit without an id".to_owned())?;
                reading.entry.line = line_at(self.text, at);
                self.unit = Some(reading);
            }
            "source" => self.set_into("source"),
            "target" => {
                if let Some(reading) = &mut self.unit {
                    reading.state = attribute(e, "state")?;
                }
                self.set_into("target");
            }
            _ => {}
        }
        Ok(())
    }

    /// The element `name` ends.
    fn end(&mut self, name: &str) -> Result<(), String> {
        match name {
            "context" => {
                if let Some(plural) = &mut self.group {
                    plural.in_context = false;
                }
            }
            "source" | "target" => self.set_into(""),
            "group" => {
                if let Some(plural) = self.group.take() {
                    self.catalog.entries.push(plural_entry(plural));
                }
            }
            "trans-unit" => self.end_unit()?,
            _ => {}
        }
        Ok(())
    }

    /// A trans-unit ends: a form of the plural group being read, or an entry of its own.
    fn end_unit(&mut self) -> Result<(), String> {
        let Some(reading) = self.unit.take() else {
            return Ok(());
        };
        match &mut self.group {
            Some(plural) => add_form(plural, reading)?,
            None => {
                let mut entry = reading.entry;
                entry.fuzzy = reading
                    .state
                    .as_deref()
                    .is_some_and(|s| s.starts_with("needs-review") || s == "new");
                if reading.state.as_deref() == Some("needs-translation") {
                    entry.translation.clear();
                }
                self.catalog.entries.push(entry);
            }
        }
        Ok(())
    }

    fn set_into(&mut self, element: &'static str) {
        if let Some(reading) = &mut self.unit {
            reading.into = (!element.is_empty()).then_some(element);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(plural) = self.group.as_mut().filter(|p| p.in_context) {
            plural.msgid_plural.get_or_insert_default().push_str(text);
        }
        if let Some(reading) = &mut self.unit {
            match reading.into {
                Some("source") => reading.entry.source.push_str(text),
                Some("target") => reading.entry.translation.push_str(text),
                _ => {}
            }
        }
    }
}

/// The line (1-based) of a byte offset in `text`.
fn line_at(text: &str, offset: u64) -> usize {
    text[..(offset as usize).min(text.len())]
        .matches('\n')
        .count()
        + 1
}

/// The value of an element's attribute, normalised as XML 1.0 says.
fn attribute(e: &BytesStart, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|x| x.to_string()),
        Ok(None) => Ok(None),
        Err(x) => Err(x.to_string()),
    }
}

/// The character an entity or character reference stands for.
fn entity(r: &BytesRef) -> Result<char, String> {
    let c = match r.as_ref() {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().map_err(|x| x.to_string())?,
    };
    c.ok_or_else(|| format!("unknown entity `&{};`", r.as_ref()))
}

/// A trans-unit read inside a plural group: its next form, whose id must be `id[n]`.
fn add_form(plural: &mut Plural, reading: Reading) -> Result<(), String> {
    let form = plural.states.len();
    if reading.entry.context != format!("{}[{form}]", plural.entry.context) {
        return Err(format!(
            "the plural forms of `{}` must be its trans-units `[0]`, `[1]`... in order",
            plural.entry.context
        ));
    }
    if form == 0 {
        plural.entry.source = reading.entry.source;
    } else {
        plural.entry.plural = Some(reading.entry.source);
    }
    plural.entry.forms.push(reading.entry.translation);
    plural.states.push(reading.state);
    Ok(())
}

/// The entry of a plural group: fuzzy when a form needs review; no forms when none is
/// translated (`needs-translation` everywhere).
fn plural_entry(plural: Plural) -> Entry {
    let mut entry = plural.entry;
    let state = |s: &Option<String>| s.as_deref().unwrap_or_default().to_owned();
    entry.fuzzy = plural
        .states
        .iter()
        .any(|s| state(s).starts_with("needs-review") || state(s) == "new");
    if plural
        .states
        .iter()
        .all(|s| state(s) == "needs-translation")
    {
        entry.forms.iter_mut().for_each(String::clear);
    }
    if let Some(msgid_plural) = plural.msgid_plural {
        entry.plural = Some(msgid_plural);
    }
    entry
}
