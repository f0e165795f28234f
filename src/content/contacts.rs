//! Contacts: `content/contacts.yaml`, contacts written inline in an advisory, localised texts, and
//! phone numbers (parsed, validated and normalised to E.164 with `phonenumber`).

use indexmap::IndexMap;
use phonenumber::{Mode, PhoneNumber, Type, metadata::DATABASE};
use serde_yaml::Value;

use crate::content::fields::{read_date, read_localized};
use crate::content::taxonomies::read_terms;
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Language;
use crate::model::{
    Contact, ContactKind, ContactSource, Phone, SLUG_HINT, Taxonomies, TaxonomyKind, is_valid_slug,
};
use crate::schema::{ContactEntry, ContactSourceEntry, keys};
use crate::yaml::{MapReader, Seg, YamlFile, kind_of};

/// The contacts of `contacts.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    /// The valid contacts, by id.
    pub valid: IndexMap<String, Contact>,
    /// Ids defined with errors: those errors are reported once, in `contacts.yaml`, so a
    /// reference to one of these ids is not reported again as an unknown contact.
    pub invalid: Vec<String>,
    /// `contacts.yaml` exists but could not be read or parsed (reported there): no id can be
    /// called unknown, or one YAML mistake would also be reported at every reference.
    pub unreadable: bool,
}

impl Contacts {
    /// Whether `id` is defined in `contacts.yaml`, validly or not (or may be: see `unreadable`).
    pub fn is_defined(&self, id: &str) -> bool {
        self.unreadable || self.valid.contains_key(id) || self.invalid.iter().any(|i| i == id)
    }

    /// The contacts of a `contacts.yaml` that exists but could not be read or parsed.
    pub fn unreadable() -> Self {
        Contacts {
            unreadable: true,
            ..Contacts::default()
        }
    }
}

/// Parses `contacts.yaml`: a mapping of id → contact.
pub fn parse_contacts(
    file: &YamlFile,
    languages: &[Language],
    taxonomies: &Taxonomies,
) -> (Contacts, Vec<Diagnostic>) {
    let mut contacts = Contacts::default();
    let mut diagnostics = Vec::new();
    let value = match file.parse() {
        Ok(v) => v,
        Err(d) => return (Contacts::unreadable(), vec![d]),
    };
    diagnostics.extend(file.control_characters(&value));
    let Value::Mapping(map) = &value else {
        if !value.is_null() {
            diagnostics.push(
                file.error(
                    Code::InvalidValue,
                    file.value_position(&[]),
                    format!(
                        "contacts.yaml must map contact ids to contacts, found {}",
                        kind_of(&value)
                    ),
                )
                .with_hint("start each contact with its id and a colon (`calgary-police:`), then its fields indented below"),
            );
        }
        return (contacts, diagnostics);
    };
    for (key, entry) in map {
        let id = key.as_str().unwrap_or_default().to_owned();
        let path = vec![Seg::Key(id.clone())];
        if !is_valid_slug(&id) {
            diagnostics.push(
                file.error(
                    Code::InvalidSlug,
                    file.key_position(&path),
                    format!("contact id `{id}` is not a valid slug"),
                )
                .with_hint(SLUG_HINT),
            );
            contacts.invalid.push(id);
            continue;
        }
        let mut reader = file.reader(entry, path, &keys::<ContactEntry>().all);
        let contact = read_contact(&mut reader, Some(id.clone()), languages, taxonomies, true);
        diagnostics.extend(reader.finish());
        match contact {
            Some(contact) => {
                contacts.valid.insert(id, contact);
            }
            None => contacts.invalid.push(id),
        }
    }
    (contacts, diagnostics)
}

/// Reads one contact from a mapping. `kind` is required in `contacts.yaml`; inline contacts
/// default to `report`.
pub fn read_contact(
    reader: &mut MapReader,
    id: Option<String>,
    languages: &[Language],
    taxonomies: &Taxonomies,
    kind_required: bool,
) -> Option<Contact> {
    let name = read_localized(reader, "name", languages, true);
    let kind = read_kind(reader, kind_required);
    let phone = read_phone(reader, "phone");
    let hours = read_localized(reader, "hours", languages, false);
    let url = read_url(reader, "url", true);
    let regions = read_terms(reader, TaxonomyKind::Regions, taxonomies);
    let source = read_source(reader);
    // A note for whoever checks the contact: a string, never shown on pages.
    let _note: Option<String> = reader.optional("note");
    Some(Contact {
        id,
        name: name?,
        kind: kind?,
        phone: phone?,
        hours,
        url,
        regions,
        source,
    })
}

/// Reads `source: { url: https://…, checked: YYYY-MM-DD }`: the official page the number was
/// checked against, and when.
fn read_source(reader: &mut MapReader) -> Option<ContactSource> {
    let value = reader.raw("source")?;
    let path = reader.path_of("source");
    if !matches!(value, Value::Mapping(_)) {
        reader
            .error_at(
                Code::InvalidValue,
                &path,
                format!(
                    "`source` must be a table with `url` and `checked`, found {}",
                    kind_of(value)
                ),
            )
            .hint = Some(
            "write `source: { url: https://…, checked: YYYY-MM-DD }`: the official page and the day you compared the number with it".into(),
        );
        return None;
    }
    let known = &keys::<ContactSourceEntry>().all;
    let mut inner = reader.file().reader(value, path, known);
    let url = read_url(&mut inner, "url", true);
    if url.is_none() && inner.raw("url").is_none() {
        inner.missing("url");
    }
    let checked = read_date(&mut inner, "checked", false);
    for d in inner.finish() {
        reader.report(d);
    }
    Some(ContactSource { url: url?, checked })
}

fn read_kind(reader: &mut MapReader, required: bool) -> Option<ContactKind> {
    let text: Option<String> = if required {
        reader.required("kind")
    } else {
        reader.optional("kind")
    };
    let Some(text) = text else {
        return (!required).then_some(ContactKind::Report);
    };
    let kind = ContactKind::ALL.into_iter().find(|k| k.id() == text);
    if kind.is_none() {
        let path = reader.path_of("kind");
        reader
            .error_at(
                Code::InvalidValue,
                &path,
                format!("unknown contact kind `{text}`"),
            )
            .hint = Some("use emergency, police, report, support or credit-bureau".into());
    }
    kind
}

fn read_phone(reader: &mut MapReader, key: &str) -> Option<Phone> {
    let text: String = reader.required(key)?;
    let path = reader.path_of(key);
    match parse_phone_cached(&text) {
        Ok(phone) => Some(phone),
        Err((message, hint)) => {
            reader.error_at(Code::InvalidPhone, &path, message).hint = Some(hint);
            None
        }
    }
}

/// Reads an optional URL; only `https:` (and `http:` unless `https_only`) are allowed.
pub fn read_url(reader: &mut MapReader, key: &str, https_only: bool) -> Option<String> {
    let url: String = reader.optional(key)?;
    let path = reader.path_of(key);
    match check_url(&url, https_only) {
        Ok(()) => Some(url),
        Err((code, message)) => {
            reader.error_at(code, &path, message).hint = Some(
                if https_only {
                    "write the full address, starting with https://"
                } else {
                    "write the full address, starting with https:// or http://"
                }
                .into(),
            );
            None
        }
    }
}

fn check_url(url: &str, https_only: bool) -> Result<(), (Code, String)> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = lower.starts_with("https://") || (!https_only && lower.starts_with("http://"));
    if ok && url.len() > "https://".len() && !url.contains(char::is_whitespace) {
        return Ok(());
    }
    let scheme = lower.split(':').next().unwrap_or_default();
    if https_only && scheme == "http" {
        Err((
            Code::InsecureUrl,
            format!("`{url}` is not secure: contact addresses must use https:"),
        ))
    } else if lower.contains(':') && !["http", "https"].contains(&scheme) {
        Err((
            Code::UnsafeUrl,
            format!("`{scheme}:` addresses are not allowed: `{url}`"),
        ))
    } else {
        Err((
            Code::InvalidValue,
            format!("`{url}` is not a full web address"),
        ))
    }
}

/// [`parse_phone`], remembering each distinct text: a site repeats the same few numbers in
/// thousands of advisories, and each parse costs about 100,000 instructions.
fn parse_phone_cached(text: &str) -> Result<Phone, (String, String)> {
    type Cache =
        std::sync::Mutex<std::collections::HashMap<String, Result<Phone, (String, String)>>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(known) = cache.lock().ok().and_then(|c| c.get(text).cloned()) {
        return known;
    }
    let parsed = parse_phone(text);
    if let Ok(mut c) = cache.lock() {
        c.insert(text.to_owned(), parsed.clone());
    }
    parsed
}

/// Parses a phone number written in international format, or a three-digit emergency short code.
pub fn parse_phone(text: &str) -> Result<Phone, (String, String)> {
    let trimmed = text.trim();
    if trimmed.len() == 3 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Phone {
            display: trimmed.to_owned(),
            tel: format!("tel:{trimmed}"),
        });
    }
    if !trimmed.starts_with('+') {
        return Err((
            format!("phone number `{text}` is not in international format"),
            "start with + and the country code, e.g. \"+1 416-808-2300\" (or a 3-digit emergency number such as 911)".into(),
        ));
    }
    let number: PhoneNumber = phonenumber::parse(None, trimmed).map_err(|err| {
        (
            format!("phone number `{text}` cannot be read: {err}"),
            "write it as + country code and number, e.g. \"+1 416-808-2300\"".into(),
        )
    })?;
    if !phonenumber::is_valid(&number) {
        return Err((
            format!("phone number `{text}` is not a valid number for its country"),
            "check the digits against the organisation's official website".into(),
        ));
    }
    if number.number_type(&DATABASE) == Type::PremiumRate {
        return Err((
            format!("phone number `{text}` is a premium-rate number"),
            "victims must never be sent to a paid line: use the organisation's standard number"
                .into(),
        ));
    }
    Ok(Phone {
        display: number.format().mode(Mode::International).to_string(),
        tel: number
            .format()
            .mode(Mode::Rfc3966)
            .to_string()
            .split(';')
            .next()
            .unwrap_or_default()
            .replace('-', ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_normalised() {
        let p = parse_phone("+1 416-808-2300").unwrap();
        assert_eq!(p.tel, "tel:+14168082300");
        assert_eq!(p.display, "+1 416-808-2300");
        assert_eq!(
            parse_phone("+1 888 495 8501").unwrap().tel,
            "tel:+18884958501"
        );
        assert_eq!(parse_phone("911").unwrap().tel, "tel:911");
    }

    #[test]
    fn fictional_range_is_valid() {
        assert!(parse_phone("+1 403-555-0142").is_ok());
    }

    #[test]
    fn bad_numbers_are_refused() {
        assert!(
            parse_phone("416-808-2300")
                .unwrap_err()
                .0
                .contains("international")
        );
        assert!(parse_phone("+1 123").unwrap_err().0.contains("valid"));
        assert!(
            parse_phone("+1 900-555-1234")
                .unwrap_err()
                .0
                .contains("premium")
        );
        assert!(
            parse_phone("+44 909 8790879")
                .unwrap_err()
                .0
                .contains("premium")
        );
    }

    /// `regex-cache` is patched not to parse each pattern when `phonenumber` loads its metadata
    /// (vendor/regex-cache/PATCHED.md): this compiles every pattern of that metadata once, with
    /// the flag `phonenumber` sets, so a bad pattern fails here, not at a user's first number.
    #[test]
    fn every_regex_of_the_phone_metadata_compiles() {
        use phonenumber::metadata::{Descriptor, Format};
        fn format_patterns(list: &[Format]) -> impl Iterator<Item = &str> {
            list.iter().flat_map(|f| {
                std::iter::once(f.pattern().as_str())
                    .chain(f.leading_digits().iter().map(|r| r.as_str()))
            })
        }
        let mut patterns: Vec<&str> = Vec::new();
        for meta in DATABASE.iter() {
            let d = meta.descriptors();
            let optional: [Option<&Descriptor>; 15] = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.shared_cost(),
                d.personal_number(),
                d.voip(),
                d.pager(),
                d.uan(),
                d.emergency(),
                d.voicemail(),
                d.short_code(),
                d.standard_rate(),
                d.carrier(),
                d.no_international(),
            ];
            let descriptors = std::iter::once(d.general()).chain(optional.into_iter().flatten());
            patterns.extend(descriptors.map(|d| d.national_number().as_str()));
            let prefixes = [
                meta.international_prefix(),
                meta.national_prefix_for_parsing(),
                meta.leading_digits(),
            ];
            patterns.extend(prefixes.into_iter().flatten().map(|r| r.as_str()));
            patterns.extend(format_patterns(meta.formats()));
            patterns.extend(format_patterns(meta.international_formats()));
        }
        assert!(patterns.len() > 3000, "only {} patterns", patterns.len());
        let bad: Vec<String> = patterns
            .iter()
            .filter_map(|p| {
                let built = regex::RegexBuilder::new(p).ignore_whitespace(true).build();
                built.err().map(|e| format!("{p}: {e}"))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "patterns that do not compile:\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn urls() {
        assert!(check_url("https://www.tps.ca/", true).is_ok());
        assert_eq!(
            check_url("http://example.org", true).unwrap_err().0,
            Code::InsecureUrl
        );
        assert!(check_url("http://example.org", false).is_ok());
        assert_eq!(
            check_url("javascript:alert(1)", false).unwrap_err().0,
            Code::UnsafeUrl
        );
        assert_eq!(
            check_url("data:text/html,x", false).unwrap_err().0,
            Code::UnsafeUrl
        );
    }
}
