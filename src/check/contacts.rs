//! Contact checks beyond loading: contacts that nothing refers to. Phone numbers (valid for
//! their country, not premium-rate) and `https:` addresses are checked while loading (RF014,
//! RF036), so `build` refuses them too.

use std::collections::HashSet;
use std::path::Path;

use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Site;

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
