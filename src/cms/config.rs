//! `admin/config.yml`: the Sveltia CMS configuration of a site — its languages as i18n locales
//! (`multiple_files`, the default language without a suffix: `index.md`, `index.fr.md`;
//! a new advisory starts in the default language only, translations are switched on in the form), the
//! advisories as a folder collection of page bundles, and the form from [`super::fields`];
//! then the file collections of contacts, taxonomies and removed advisories.

use serde_yaml::Value;

use super::contacts::contacts_collection;
use super::fields::{Choices, advisory_fields, mapping};
use super::retired::retired_collection;
use super::taxonomies::taxonomies_collection;
use crate::model::{CmsBackend as Backend, Site, TaxonomyKind};

/// The select options `site` defines, labelled in its default language.
pub fn choices(site: &Site) -> Choices {
    let default = site.config.default_language.as_str();
    let taxonomies = TaxonomyKind::ALL
        .iter()
        .map(|kind| {
            let ids = site
                .taxonomies
                .of(*kind)
                .map(|(id, label)| (id.clone(), label.resolve(default, default).text.to_owned()))
                .collect();
            (kind.key(), ids)
        })
        .collect();
    let contacts = site
        .contacts
        .iter()
        .map(|(id, contact)| {
            let name = contact.name.resolve(default, default).text;
            (id.clone(), format!("{name} ({})", contact.phone.display))
        })
        .collect();
    let languages = site.config.languages.iter();
    Choices {
        taxonomies,
        contacts,
        languages: languages.map(|l| l.tag.as_str().to_owned()).collect(),
    }
}

/// The whole `config.yml` of `site`, saving through `backend`.
pub fn cms_config(site: &Site, backend: &Backend) -> Value {
    let choices = choices(site);
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| l.tag.as_str().into())
        .collect();
    let i18n = mapping(&[
        ("structure", "multiple_files".into()),
        ("locales", Value::Sequence(languages)),
        (
            "default_locale",
            site.config.default_language.as_str().into(),
        ),
        ("omit_default_locale_from_file_path", true.into()),
        ("initial_locales", "default".into()),
    ]);
    let advisories = mapping(&[
        ("name", "advisories".into()),
        ("label", "Advisories".into()),
        ("label_singular", "Advisory".into()),
        ("folder", "content/advisories".into()),
        ("path", "{{slug}}/index".into()),
        ("extension", "md".into()),
        ("format", "yaml-frontmatter".into()),
        ("create", true.into()),
        ("i18n", true.into()),
        ("identifier_field", "title".into()),
        ("summary", "{{title}} ({{severity}}, {{date}})".into()),
        ("sortable_fields", sortable()),
        ("fields", Value::Sequence(advisory_fields(&choices))),
    ]);
    mapping(&[
        ("backend", backend_value(backend)),
        ("app_title", "redflag advisories".into()),
        ("media_folder", "content/media".into()),
        ("site_url", site.config.base_url.as_str().into()),
        ("slug", slug_options()),
        // An empty optional field is left out, as redflag expects (`updated: ''` is an error).
        (
            "output",
            mapping(&[("omit_empty_optional_fields", true.into())]),
        ),
        ("i18n", i18n),
        (
            "collections",
            Value::Sequence(vec![
                advisories,
                contacts_collection(&choices),
                taxonomies_collection(&choices),
                retired_collection(&choices),
            ]),
        ),
    ])
}

fn backend_value(backend: &Backend) -> Value {
    let mut pairs = vec![
        ("name", backend.name.as_str().into()),
        ("repo", backend.repo.as_str().into()),
        ("branch", backend.branch.as_str().into()),
    ];
    if let Some(url) = &backend.base_url {
        pairs.push(("base_url", url.as_str().into()));
    }
    mapping(&pairs)
}

/// Entry slugs as redflag wants them: lowercase ASCII letters, digits and hyphens.
fn slug_options() -> Value {
    mapping(&[
        ("encoding", "ascii".into()),
        ("clean_accents", true.into()),
        ("sanitize_replacement", "-".into()),
        ("lowercase", true.into()),
    ])
}

fn sortable() -> Value {
    Value::Sequence(vec!["date".into(), "title".into(), "severity".into()])
}
