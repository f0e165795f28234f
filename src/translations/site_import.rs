//! Importing the texts of the site (contexts `site:`, `taxonomy:`, `contact:`, `ui:`): each
//! translation is checked like an advisory's (numbers, links, `{placeholders}`, no new HTML,
//! one line; plural UI strings with one form per CLDR plural category of the language), then
//! written into the file it belongs to, edited in place so that its comments and layout stay:
//! `site.toml`, `content/taxonomies.yaml`, `content/contacts.yaml` and (for contacts written
//! inline) the advisory's default-language front matter by position, the language's UI strings in the site's `themes/<theme>/i18n/<lang>.yaml` (made
//! from the built-in theme's file for the language, or new, when the site has none).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::content::frontmatter::{SplitError, split_front_matter};
use crate::i18n::{UiStrings, plural_categories};
use crate::model::Site;
use crate::theme::Theme;
use crate::yaml::Seg;

use super::checks;
use super::export::file_digest;
use super::import_plan::{ImportReport, Planned, Problem};
use super::po::Entry;
use super::site_texts::{SITE_FILE, SiteText, site_units};
use super::units::Unit;
use super::yaml_edit::{EditError, append_list, set_item, set_text};

/// Why a checked translation cannot be written into its file: the import names the PO line and
/// tells the user to add the translation there by hand.
#[derive(Debug, thiserror::Error)]
enum WriteError {
    /// A YAML file (or front matter) that the edit cannot change safely.
    #[error(transparent)]
    Yaml(#[from] EditError),
    /// `site.toml`'s title that the edit cannot change safely.
    #[error(transparent)]
    Title(#[from] TitleError),
    /// The advisory's front matter cannot be found.
    #[error("{}", .0.message)]
    FrontMatter(SplitError),
    /// A plural translation for a text without plural forms, or the other way round.
    #[error("this text has no such form")]
    NoSuchForm,
}

/// Why the title in `site.toml` cannot be edited in place.
#[derive(Debug, thiserror::Error)]
enum TitleError {
    /// The file does not parse.
    #[error("{file} is not valid TOML: {0}", file = SITE_FILE)]
    InvalidToml(#[from] toml::de::Error),
    /// There is no title to translate.
    #[error("{file} has no `title`", file = SITE_FILE)]
    Missing,
    /// `title = 3` or a list.
    #[error("`title` is neither a text nor a table of texts")]
    NotText,
    /// A `[title]` section, which an edit in place does not reach.
    #[error("`title` is a [title] table: add the translation there")]
    Section,
    /// Read back, the configuration differs in more than the title.
    #[error("the edit would change more than the title")]
    ChangesMore,
}

/// A translation to write, with the PO line it came from.
struct Change {
    text: SiteText,
    value: Value,
    line: usize,
    context: String,
}

enum Value {
    Text(String),
    Forms(Vec<String>),
}

/// Checks the site texts of one PO file and plans the files they change.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    root: &Path,
    site: &Site,
    file: &Path,
    lang: &str,
    entries: &[&Entry],
    bases: &HashMap<&str, String>,
    force: bool,
    report: &mut ImportReport,
) -> Result<Vec<Planned>, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let theme = Theme::load(root, &site.config.theme).map_err(|d| vec![problem(1, d.message)])?;
    let units: HashMap<String, (SiteText, Unit)> = site_units(root, site, &theme, Some(lang))
        .into_iter()
        .map(|(text, unit)| (unit.context.clone(), (text, unit)))
        .collect();
    let categories = plural_categories(lang);
    let mut problems = Vec::new();
    let mut changes: BTreeMap<PathBuf, Vec<Change>> = BTreeMap::new();
    let (mut fuzzy, mut changed) = (0, 0);
    for entry in entries {
        let Some((text, unit)) = units.get(&entry.context) else {
            problems.push(problem(
                entry.line,
                format!(
                    "unknown context `{}`: the site has no such text (it was removed or \
                     renamed); export again and translate in the new file",
                    entry.context
                ),
            ));
            continue;
        };
        if entry.source != unit.source || entry.plural != unit.plural {
            changed += usize::from(has_translation(entry));
            continue;
        }
        if entry.fuzzy {
            fuzzy += usize::from(has_translation(entry));
            continue;
        }
        match checked(entry, unit, &categories, lang) {
            Ok(Some(value)) => changes
                .entry(text.file(site, lang))
                .or_default()
                .push(Change {
                    text: text.clone(),
                    value,
                    line: entry.line,
                    context: entry.context.clone(),
                }),
            Ok(None) => {}
            Err(messages) => problems.extend(
                messages
                    .into_iter()
                    .map(|m| problem(entry.line, format!("{}: {m}", entry.context))),
            ),
        }
    }
    if fuzzy + changed > 0 {
        report.notes.push(format!(
            "{}: {fuzzy} fuzzy site text(s) and {changed} whose source text changed since the \
             export were left out: review them, or export again",
            file.display()
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut list_lens: HashMap<String, usize> = HashMap::new();
    for (text, _) in units.values() {
        if let SiteText::UiItem(key, _) = text {
            *list_lens.entry(key.clone()).or_default() += 1;
        }
    }
    let ctx = Ctx {
        site,
        lang,
        categories,
        list_lens,
        po: file,
    };
    let mut planned = Vec::new();
    for (path, changes) in changes {
        let current = std::fs::read(root.join(&path)).ok();
        let base_text = match &current {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => theme
                .file(&format!("i18n/{lang}.yaml"))
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap_or_else(|| new_ui_file(site, lang)),
        };
        let edited = apply(&ctx, &path, &base_text, &changes, report);
        let text = match edited {
            Ok(text) => text,
            Err(mut more) => {
                problems.append(&mut more);
                continue;
            }
        };
        if current.as_deref() == Some(text.as_bytes()) {
            report.unchanged.push(path);
            continue;
        }
        if current.is_none() && text == base_text {
            // The built-in theme's strings, unchanged: nothing to write.
            continue;
        }
        let key = path.to_string_lossy().replace('\\', "/");
        let base = bases.get(key.as_str());
        let now = current.as_deref().map_or("-".to_owned(), file_digest);
        if !force && base.is_some_and(|b| *b != now) {
            problems.push(problem(
                1,
                format!(
                    "{key} was changed since this file was exported: export again and \
                     translate in the new file, or import with --force (only the translated \
                     texts are replaced; the rest of {key} stays as it is)"
                ),
            ));
            continue;
        }
        planned.push(Planned {
            new: current.is_none(),
            path,
            text,
        });
    }
    if problems.is_empty() {
        Ok(planned)
    } else {
        Err(problems)
    }
}

fn has_translation(entry: &Entry) -> bool {
    !entry.translation.is_empty() || entry.forms.iter().any(|f| !f.is_empty())
}

/// The translation an entry gives (`None`: untranslated), or what is wrong with it.
fn checked(
    entry: &Entry,
    unit: &Unit,
    categories: &[&str],
    lang: &str,
) -> Result<Option<Value>, Vec<String>> {
    let one_line = |source: &str, text: &str| {
        (text.contains('\n') && !source.contains('\n'))
            .then(|| "the translation must stay on one line, like the source text".to_owned())
    };
    let Some(plural) = &unit.plural else {
        if entry.translation.is_empty() {
            return Ok(None);
        }
        let mut found = checks::problems(&unit.source, &entry.translation, None);
        found.extend(one_line(&unit.source, &entry.translation));
        return if found.is_empty() {
            Ok(Some(Value::Text(entry.translation.clone())))
        } else {
            Err(found)
        };
    };
    if entry.forms.iter().all(String::is_empty) {
        return Ok(None);
    }
    if entry.forms.len() != categories.len() {
        return Err(vec![format!(
            "{} plural forms, but {lang} has {} ({}, in this order): set the header's \
             Plural-Forms to `nplurals={}` for {lang} (Poedit: Translation → Properties)",
            entry.forms.len(),
            categories.len(),
            categories.join(", "),
            categories.len()
        )]);
    }
    let mut found = Vec::new();
    for (form, category) in entry.forms.iter().zip(categories) {
        if form.is_empty() {
            found.push(format!(
                "the plural form for `{category}` is empty: translate every form"
            ));
            continue;
        }
        // Only the `other` form must keep every placeholder: a language may write its `zero`,
        // `one` or `two` form without the number ("no advisories"), but may add none.
        let dropped = |m: &String| {
            *category != "other" && m.starts_with("the placeholder") && m.contains("is missing")
        };
        for message in checks::problems(plural, form, None)
            .into_iter()
            .filter(|m| !dropped(m))
            .chain(one_line(plural, form))
        {
            found.push(format!("plural form `{category}`: {message}"));
        }
    }
    if found.is_empty() {
        Ok(Some(Value::Forms(entry.forms.clone())))
    } else {
        Err(found)
    }
}

/// What the edits of one PO file's site texts need to know.
struct Ctx<'a> {
    site: &'a Site,
    lang: &'a str,
    categories: Vec<&'static str>,
    /// How many items each UI list of the source language has.
    list_lens: HashMap<String, usize>,
    po: &'a Path,
}

/// The text of the file at `path` with `changes` made.
fn apply(
    ctx: &Ctx,
    path: &Path,
    text: &str,
    changes: &[Change],
    report: &mut ImportReport,
) -> Result<String, Vec<Problem>> {
    let (site, lang, po) = (ctx.site, ctx.lang, ctx.po);
    let categories = ctx.categories.as_slice();
    let default = site.config.default_language.as_str();
    let languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.tag.as_str())
        .collect();
    let key = |k: &str| Seg::Key(k.to_owned());
    let mut out = text.to_owned();
    let mut problems = Vec::new();
    let mut lists: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for change in changes {
        let done = match (&change.text, &change.value) {
            (SiteText::Title, Value::Text(value)) => {
                set_title(&out, lang, default, value).map_err(WriteError::from)
            }
            (SiteText::Term(kind, id), Value::Text(value)) => {
                let path = [key(kind.key()), key(id)];
                set_text(&out, &path, lang, value, &languages, default).map_err(WriteError::from)
            }
            (SiteText::AreaDesc(id), Value::Text(value)) => {
                let path = [key("regions"), key(id), key("area_desc")];
                set_text(&out, &path, lang, value, &languages, default).map_err(WriteError::from)
            }
            (SiteText::ContactName(id), Value::Text(value)) => {
                let path = [key(id), key("name")];
                set_text(&out, &path, lang, value, &languages, default).map_err(WriteError::from)
            }
            (SiteText::ContactHours(id), Value::Text(value)) => {
                let path = [key(id), key("hours")];
                set_text(&out, &path, lang, value, &languages, default).map_err(WriteError::from)
            }
            (SiteText::InlineContactName(_, i), Value::Text(value)) => {
                let path = [key("contacts"), Seg::Index(*i), key("name")];
                in_front_matter(&out, |y| {
                    set_text(y, &path, lang, value, &languages, default)
                })
            }
            (SiteText::InlineContactHours(_, i), Value::Text(value)) => {
                let path = [key("contacts"), Seg::Index(*i), key("hours")];
                in_front_matter(&out, |y| {
                    set_text(y, &path, lang, value, &languages, default)
                })
            }
            (SiteText::Ui(k), Value::Text(value)) => {
                set_text(&out, &[], k, value, &[], default).map_err(WriteError::from)
            }
            (SiteText::Ui(k), Value::Forms(forms)) => categories
                .iter()
                .zip(forms)
                .try_fold(out.clone(), |text, (c, form)| {
                    set_text(&text, &[key(k)], c, form, categories, default)
                })
                .map_err(WriteError::from),
            (SiteText::UiItem(k, n), Value::Text(value)) => {
                let exists = serde_yaml::from_str::<serde_yaml::Value>(&out)
                    .ok()
                    .and_then(|v| v.get(k.as_str()).map(|l| l.get(*n).is_some()));
                match exists {
                    Some(true) => set_item(&out, k, *n, value).map_err(WriteError::from),
                    _ => {
                        lists
                            .entry(k.as_str())
                            .or_default()
                            .push((*n, value.as_str()));
                        Ok(out.clone())
                    }
                }
            }
            _ => Err(WriteError::NoSuchForm),
        };
        match done {
            Ok(text) => out = text,
            Err(message) => problems.push(Problem {
                file: po.to_path_buf(),
                line: change.line,
                message: format!(
                    "{}: cannot be written into {} safely ({message}): add the translation \
                     there by hand",
                    change.context,
                    path.display()
                ),
            }),
        }
    }
    for (name, items) in lists {
        let wanted = changes
            .iter()
            .filter(|c| matches!(&c.text, SiteText::UiItem(k, _) if k == name))
            .count()
            .max(ctx.list_lens.get(name).copied().unwrap_or(usize::MAX));
        if items.len() == wanted {
            let mut items = items;
            items.sort();
            let texts: Vec<String> = items.iter().map(|(_, t)| (*t).to_owned()).collect();
            match append_list(&out, name, &texts) {
                Ok(text) => out = text,
                Err(message) => problems.push(Problem {
                    file: po.to_path_buf(),
                    line: 1,
                    message: format!(
                        "ui:{name}: cannot be added to {}: {message}",
                        path.display()
                    ),
                }),
            }
        } else {
            report.notes.push(format!(
                "{}: ui:{name}: left out until all {wanted} items are translated",
                po.display()
            ));
        }
    }
    let ui_file = path.extension().is_some_and(|e| e == "yaml") && path.starts_with("themes");
    if ui_file && let Err(errors) = UiStrings::load(default, [(lang, path, out.as_str())]) {
        problems.extend(errors.into_iter().map(|d| Problem {
            file: po.to_path_buf(),
            line: 1,
            message: format!("the UI strings would not be valid: {}", d.message),
        }));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `text` (an advisory's Markdown file) with its front matter edited by `edit`; the `---`
/// lines and the body stay as they are.
fn in_front_matter(
    text: &str,
    edit: impl FnOnce(&str) -> Result<String, EditError>,
) -> Result<String, WriteError> {
    let split = split_front_matter(text).map_err(WriteError::FrontMatter)?;
    let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + split.yaml.len();
    let edited = edit(split.yaml)?;
    Ok(format!("{}{edited}{}", &text[..start], &text[end..]))
}

/// A new UI strings file for `lang`.
fn new_ui_file(site: &Site, lang: &str) -> String {
    let name = site.config.language(lang).map_or(lang, |l| l.name.as_str());
    format!(
        "# UI strings of the theme: {name} ({lang}), written by `redflag translations import`.\n\
         # Strings not given here come from the next language of the fallback chain.\n"
    )
}

/// `site.toml` with the title in `lang` set, edited by position (comments and layout stay):
/// a value added to the inline table (`title = { en = …, ko = … }`), or a plain title turned into
/// one. The result is read back: it must be the old configuration with only that title changed.
fn set_title(text: &str, lang: &str, default: &str, value: &str) -> Result<String, TitleError> {
    use toml::de::{DeTable, DeValue};
    let parsed = DeTable::parse(text)?;
    let (_, title) = parsed
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "title")
        .ok_or(TitleError::Missing)?;
    let span = title.span();
    let quoted = serde_json::Value::from(value).to_string();
    let mut expected: toml::Table = toml::from_str(text)?;
    let old = expected.get("title").cloned();
    let mut titles = match old {
        Some(toml::Value::String(plain)) => {
            let mut t = toml::Table::new();
            t.insert(default.to_owned(), toml::Value::String(plain));
            t
        }
        Some(toml::Value::Table(t)) => t,
        _ => return Err(TitleError::NotText),
    };
    if titles.get(lang).and_then(toml::Value::as_str) == Some(value) {
        return Ok(text.to_owned());
    }
    titles.insert(lang.to_owned(), toml::Value::String(value.to_owned()));
    expected.insert("title".into(), toml::Value::Table(titles));
    let edited = match title.get_ref() {
        DeValue::String(_) => format!(
            "{}{{ {default} = {}, {lang} = {quoted} }}{}",
            &text[..span.start],
            &text[span.clone()],
            &text[span.end..]
        ),
        DeValue::Table(table) if text[span.clone()].starts_with('{') => {
            match table.iter().find(|(k, _)| k.get_ref() == lang) {
                Some((_, v)) => {
                    let at = v.span();
                    format!("{}{quoted}{}", &text[..at.start], &text[at.end..])
                }
                None => {
                    let inner = text[span.clone()].trim_end_matches('}').trim_end();
                    let at = span.start + inner.len();
                    format!("{}, {lang} = {quoted}{}", &text[..at], &text[at..])
                }
            }
        }
        _ => return Err(TitleError::Section),
    };
    match toml::from_str::<toml::Table>(&edited) {
        Ok(table) if table == expected => Ok(edited),
        _ => Err(TitleError::ChangesMore),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_cannot_be_edited_in_place_say_why() {
        let section = "[title]\nen = \"Alerts\"\n";
        let error = set_title(section, "fr", "en", "Alertes").unwrap_err();
        assert!(matches!(error, TitleError::Section), "{error}");
        let error = set_title("name = 1\n", "fr", "en", "Alertes").unwrap_err();
        assert_eq!(error.to_string(), "site.toml has no `title`");
        let error = set_title("title = 3\n", "fr", "en", "Alertes").unwrap_err();
        assert!(matches!(error, TitleError::NotText), "{error}");
        let error = set_title("title = [\n", "fr", "en", "Alertes").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("site.toml is not valid TOML: "),
            "{error}"
        );
        let plain = "title = \"Alerts\" # ours\n";
        assert_eq!(
            set_title(plain, "fr", "en", "Alertes").unwrap(),
            "title = { en = \"Alerts\", fr = \"Alertes\" } # ours\n"
        );
    }
}
