//! Contact checks beyond loading: contacts that nothing refers to, and numbers that cite no
//! official page (`source`). Phone numbers (valid for their country, not premium-rate) and
//! `https:` addresses are checked while loading (RF014, RF036), so `build` refuses them too.

use std::collections::HashSet;
use std::path::Path;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Contact, Site};
use crate::yaml::Seg;

/// Contacts of `contacts.yaml` that no advisory and no institution uses (info).
pub fn check_unused_contacts(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let used: HashSet<&str> = site
        .advisories
        .iter()
        .flat_map(|a| a.contacts.iter().filter_map(|c| c.id.as_deref()))
        .chain(
            site.config
                .institutions
                .iter()
                .flat_map(|i| i.contacts.iter().map(String::as_str)),
        )
        .collect();
    let file = Path::new("content/contacts.yaml");
    site.contacts
        .keys()
        .filter(|id| !used.contains(id.as_str()))
        .map(|id| {
            sources
                .at_yaml(
                    Code::UnusedContact,
                    file,
                    &keys(&[id]),
                    Part::Key,
                    format!("contact `{id}` is not used by any advisory or institution"),
                )
                .as_info()
                .with_hint(format!(
                    "list `{id}` under `contacts:` of the advisories it helps with, or remove it"
                ))
        })
        .collect()
}

/// Contacts whose number cites no official page (warning), and fictional sample numbers (info):
/// a wrong number on a scam warning sends a frightened reader to the wrong place.
pub fn check_contact_sources(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let file = Path::new("content/contacts.yaml");
    let mut diagnostics: Vec<Diagnostic> = site
        .contacts
        .iter()
        .filter_map(|(id, contact)| {
            source_diagnostic(contact, &format!("contact `{id}`"), || {
                sources.at_yaml(Code::ContactSource, file, &keys(&[id]), Part::Key, "")
            })
        })
        .collect();
    for advisory in &site.advisories {
        let file = &advisory.source().file;
        for (i, contact) in advisory.contacts.iter().enumerate() {
            if contact.id.is_some() {
                continue;
            }
            let name = contact.name.resolve("", "").text;
            diagnostics.extend(source_diagnostic(
                contact,
                &format!("inline contact `{name}` of advisory `{}`", advisory.slug),
                || {
                    let path = [Seg::Key("contacts".into()), Seg::Index(i)];
                    sources.at_yaml(Code::ContactSource, file, &path, Part::Value, "")
                },
            ));
        }
    }
    diagnostics
}

fn source_diagnostic(
    contact: &Contact,
    what: &str,
    at: impl FnOnce() -> Diagnostic,
) -> Option<Diagnostic> {
    let number = &contact.phone.display;
    if contact.is_fictional() {
        return Some(Diagnostic {
            message: format!("{what} has a fictional number ({number}, 555-01xx)"),
            ..at()
        }
        .as_info()
        .with_hint("replace it with the real number before you publish, and cite the official page it comes from under `source:`"));
    }
    if contact.source.is_some() {
        return None;
    }
    Some(
        Diagnostic {
            message: format!("{what} ({number}) does not say where its number was checked"),
            ..at()
        }
        .as_warning()
        .with_hint("compare the number with the organisation's official page, then add `source: { url: https://…, checked: YYYY-MM-DD }`"),
    )
}
