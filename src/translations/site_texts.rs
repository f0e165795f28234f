//! The texts of the site that are not in an advisory, as translation units: the site title
//! (`site.toml`), the labels of taxonomy terms and regions' `area_desc` (`content/taxonomies.yaml`), contacts' names and
//! hours (`content/contacts.yaml`, and contacts written inline in an advisory's front matter)
//! and the theme's UI strings (`i18n/<lang>.yaml`). Their contexts are `site:title`,
//! `taxonomy:<taxonomy>/<id>/label`, `taxonomy:regions/<id>/area_desc`, `contact:<id>/name`,
//! `contact:<id>/hours`, `contact:<slug>#<n>/name` and `contact:<slug>#<n>/hours` (the inline
//! contact that is item n of the advisory's `contacts`), `ui:<key>` and `ui:<key>/<n>` (item n
//! of a list such as `months`): the colon never appears in an advisory's slug, so they cannot
//! collide with an advisory's, and `#` never appears in a contact id.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::content::frontmatter::split_front_matter;
use crate::i18n::plural_categories;
use crate::model::{Localized, Site, TaxonomyKind};
use crate::theme::Theme;
use crate::yaml::{Seg, YamlFile};

use super::units::{State, Unit};

/// The site configuration file.
pub const SITE_FILE: &str = "site.toml";
/// The taxonomy labels.
pub const TAXONOMIES_FILE: &str = "content/taxonomies.yaml";
/// The reusable contacts.
pub const CONTACTS_FILE: &str = "content/contacts.yaml";

/// Where a text of the site lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteText {
    /// `title` in `site.toml`.
    Title,
    /// A taxonomy term's label.
    Term(TaxonomyKind, String),
    /// How CAP alerts describe a region's area (`area_desc` under the region).
    AreaDesc(String),
    /// A contact's name.
    ContactName(String),
    /// A contact's opening hours.
    ContactHours(String),
    /// The name of a contact written inline: the advisory's slug, its index in `contacts`.
    InlineContactName(String, usize),
    /// The opening hours of a contact written inline.
    InlineContactHours(String, usize),
    /// A UI string: plain text or plural forms.
    Ui(String),
    /// Item `n` (0-based) of a UI list.
    UiItem(String, usize),
}

impl SiteText {
    /// Its context in a PO file.
    pub fn context(&self) -> String {
        match self {
            SiteText::Title => "site:title".into(),
            SiteText::Term(kind, id) => format!("taxonomy:{}/{id}/label", kind.key()),
            SiteText::AreaDesc(id) => format!("taxonomy:regions/{id}/area_desc"),
            SiteText::ContactName(id) => format!("contact:{id}/name"),
            SiteText::ContactHours(id) => format!("contact:{id}/hours"),
            SiteText::InlineContactName(slug, n) => format!("contact:{slug}#{}/name", n + 1),
            SiteText::InlineContactHours(slug, n) => format!("contact:{slug}#{}/hours", n + 1),
            SiteText::Ui(key) => format!("ui:{key}"),
            SiteText::UiItem(key, n) => format!("ui:{key}/{}", n + 1),
        }
    }

    /// The file a translation of it is written to, relative to the site root.
    pub fn file(&self, site: &Site, lang: &str) -> PathBuf {
        match self {
            SiteText::Title => SITE_FILE.into(),
            SiteText::Term(..) | SiteText::AreaDesc(_) => TAXONOMIES_FILE.into(),
            SiteText::ContactName(_) | SiteText::ContactHours(_) => CONTACTS_FILE.into(),
            SiteText::InlineContactName(slug, _) | SiteText::InlineContactHours(slug, _) => site
                .advisories
                .iter()
                .find(|a| a.slug == *slug)
                .map(|a| a.source().file.clone())
                .unwrap_or_default(),
            SiteText::Ui(_) | SiteText::UiItem(..) => ui_file(site, lang),
        }
    }
}

/// Whether a PO context names a text of the site rather than of an advisory.
pub fn is_site_context(context: &str) -> bool {
    context.split('/').next().is_some_and(|s| s.contains(':'))
}

/// The site's own UI strings file for `lang`: `themes/<theme>/i18n/<lang>.yaml`.
pub fn ui_file(site: &Site, lang: &str) -> PathBuf {
    Path::new("themes")
        .join(&site.config.theme)
        .join("i18n")
        .join(format!("{lang}.yaml"))
}

/// The texts of the site in `lang` (`None`: a template), with where each one lives.
pub fn site_units(
    root: &Path,
    site: &Site,
    theme: &Theme,
    lang: Option<&str>,
) -> Vec<(SiteText, Unit)> {
    let default = site.config.default_language.as_str();
    let mut out = Vec::new();
    let site_toml = read(root, SITE_FILE);
    let title_line = site_toml
        .lines()
        .position(|l| l.split('=').next().is_some_and(|k| k.trim() == "title"))
        .map_or(1, |i| i + 1);
    out.push((
        SiteText::Title,
        localized_unit(&site.config.title, default, lang, SITE_FILE, title_line),
    ));
    let taxonomies = read(root, TAXONOMIES_FILE);
    let file = Path::new(TAXONOMIES_FILE);
    let yaml = YamlFile::new(file, &taxonomies, &taxonomies, 0);
    for kind in TaxonomyKind::ALL {
        for (id, label) in site.taxonomies.of(kind) {
            let path = [Seg::Key(kind.key().into()), Seg::Key(id.clone())];
            let line = line_of(&yaml, &path, label, default);
            let unit = localized_unit(label, default, lang, TAXONOMIES_FILE, line);
            out.push((SiteText::Term(kind, id.clone()), unit));
            let area_desc = site
                .taxonomies
                .areas
                .get(id)
                .and_then(|a| a.area_desc.as_ref());
            if let (TaxonomyKind::Regions, Some(area_desc)) = (kind, area_desc) {
                let path = [
                    path[0].clone(),
                    path[1].clone(),
                    Seg::Key("area_desc".into()),
                ];
                let line = line_of(&yaml, &path, area_desc, default);
                let mut unit = localized_unit(area_desc, default, lang, TAXONOMIES_FILE, line);
                unit.notes.push(
                    "How emergency alerts (CAP) describe this region's area: its official name."
                        .into(),
                );
                out.push((SiteText::AreaDesc(id.clone()), unit));
            }
        }
    }
    let contacts = read(root, CONTACTS_FILE);
    let file = Path::new(CONTACTS_FILE);
    let yaml = YamlFile::new(file, &contacts, &contacts, 0);
    for (id, contact) in &site.contacts {
        let path = |key: &str| [Seg::Key(id.clone()), Seg::Key(key.into())];
        let note = format!(
            "The number of this contact is {}: it is not translated, and a number in this text \
             must stay exactly as it is.",
            contact.phone.display
        );
        let line = line_of(&yaml, &path("name"), &contact.name, default);
        let mut unit = localized_unit(&contact.name, default, lang, CONTACTS_FILE, line);
        unit.notes.push(note.clone());
        out.push((SiteText::ContactName(id.clone()), unit));
        if let Some(hours) = &contact.hours {
            let line = line_of(&yaml, &path("hours"), hours, default);
            let mut unit = localized_unit(hours, default, lang, CONTACTS_FILE, line);
            unit.notes.push(note);
            out.push((SiteText::ContactHours(id.clone()), unit));
        }
    }
    out.extend(inline_contact_units(root, site, lang));
    out.extend(ui_units(theme, default, lang));
    for (text, unit) in &mut out {
        unit.context = text.context();
    }
    out
}

/// The names and hours of the contacts written inline in the advisories' front matter.
fn inline_contact_units(root: &Path, site: &Site, lang: Option<&str>) -> Vec<(SiteText, Unit)> {
    let default = site.config.default_language.as_str();
    let mut out = Vec::new();
    for advisory in &site.advisories {
        let inline = advisory.contacts.iter().enumerate();
        let inline: Vec<_> = inline.filter(|(_, c)| c.id.is_none()).collect();
        if inline.is_empty() {
            continue;
        }
        let file = advisory.source().file.clone();
        let name = file.to_string_lossy().replace('\\', "/");
        let text = read(root, &name);
        let front = split_front_matter(&text).map_or("", |s| s.yaml);
        let yaml = YamlFile::new(&file, &text, front, 1);
        for (i, contact) in inline {
            let path = |key: &str| {
                let contacts = Seg::Key("contacts".into());
                [contacts, Seg::Index(i), Seg::Key(key.into())]
            };
            let note = format!(
                "Contact {} of the advisory {}, written in its front matter. Its number is {}: \
                 it is not translated, and a number in this text must stay exactly as it is.",
                i + 1,
                advisory.slug,
                contact.phone.display
            );
            let line = line_of(&yaml, &path("name"), &contact.name, default);
            let mut unit = localized_unit(&contact.name, default, lang, &name, line);
            unit.notes.push(note.clone());
            out.push((SiteText::InlineContactName(advisory.slug.clone(), i), unit));
            if let Some(hours) = &contact.hours {
                let line = line_of(&yaml, &path("hours"), hours, default);
                let mut unit = localized_unit(hours, default, lang, &name, line);
                unit.notes.push(note);
                out.push((SiteText::InlineContactHours(advisory.slug.clone(), i), unit));
            }
        }
    }
    out
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file))
        .map(crate::source::normalise)
        .unwrap_or_default()
}

/// The line of a localized value: its default-language text when it has one per language.
fn line_of(yaml: &YamlFile, path: &[Seg], text: &Localized, default: &str) -> usize {
    let mut path = path.to_vec();
    if matches!(text, Localized::PerLanguage(_)) {
        path.push(Seg::Key(default.to_owned()));
    }
    yaml.value_position(&path).line
}

fn localized_unit(
    text: &Localized,
    default: &str,
    lang: Option<&str>,
    file: &str,
    line: usize,
) -> Unit {
    let translation = match (text, lang) {
        (Localized::PerLanguage(map), Some(lang)) => map.get(lang).cloned(),
        _ => None,
    };
    unit(
        text.resolve(default, default).text,
        translation,
        Path::new(file),
        line,
    )
}

fn unit(source: &str, translation: Option<String>, file: &Path, line: usize) -> Unit {
    Unit {
        context: String::new(),
        field: None,
        source: source.to_owned(),
        state: if translation.is_some() {
            State::Translated
        } else {
            State::Untranslated
        },
        translation: translation.unwrap_or_default(),
        plural: None,
        forms: Vec::new(),
        previous: None,
        notes: Vec::new(),
        file: file.to_path_buf(),
        line,
    }
}

/// The UI strings of the theme's default-language file, with `lang`'s own file's translations.
fn ui_units(theme: &Theme, default: &str, lang: Option<&str>) -> Vec<(SiteText, Unit)> {
    let Some(source_file) = theme.file(&format!("i18n/{default}.yaml")) else {
        return Vec::new();
    };
    let source_text = String::from_utf8_lossy(&source_file.bytes).into_owned();
    let origin = source_file.origin.as_path();
    let yaml = YamlFile::new(origin, &source_text, &source_text, 0);
    let Ok(Value::Mapping(source)) = yaml.parse() else {
        return Vec::new();
    };
    let translated = lang
        .and_then(|l| theme.file(&format!("i18n/{l}.yaml")))
        .and_then(|f| serde_yaml::from_slice::<Value>(&f.bytes).ok())
        .unwrap_or(Value::Null);
    let categories = lang.map_or(vec!["one", "other"], plural_categories);
    let mut out = Vec::new();
    for (key, value) in &source {
        let Some(key) = key.as_str() else { continue };
        let at = |path: Vec<Seg>| yaml.value_position(&path).line;
        let mine = translated.get(key);
        match value {
            Value::String(text) => {
                let t = mine.and_then(Value::as_str).map(str::to_owned);
                let u = unit(text, t, origin, at(vec![Seg::Key(key.into())]));
                out.push((SiteText::Ui(key.to_owned()), u));
            }
            Value::Mapping(forms) => {
                let form = |name: &str| forms.get(name).and_then(Value::as_str);
                let Some(other) = form("other") else { continue };
                let mut u = unit(
                    form("one").unwrap_or(other),
                    None,
                    origin,
                    at(vec![Seg::Key(key.into())]),
                );
                u.plural = Some(other.to_owned());
                let got: Vec<Option<&str>> = categories
                    .iter()
                    .map(|c| mine.and_then(|m| m.get(c)).and_then(Value::as_str))
                    .collect();
                if lang.is_some() && got.iter().all(Option::is_some) {
                    u.state = State::Translated;
                    u.forms = got.into_iter().flatten().map(str::to_owned).collect();
                } else {
                    u.forms = vec![String::new(); categories.len()];
                }
                u.notes.push(format!(
                    "Plural forms, in this order: {} (CLDR plural categories).",
                    categories.join(", ")
                ));
                out.push((SiteText::Ui(key.to_owned()), u));
            }
            Value::Sequence(items) => {
                for (n, item) in items.iter().enumerate() {
                    let Some(text) = item.as_str() else { continue };
                    let t = mine
                        .and_then(|m| m.get(n))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    let line = at(vec![Seg::Key(key.into()), Seg::Index(n)]);
                    out.push((
                        SiteText::UiItem(key.to_owned(), n),
                        unit(text, t, origin, line),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}
