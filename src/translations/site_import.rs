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
use super::site_texts::{SiteText, site_units};
use super::site_title::{TitleError, set_title};
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
    let theme = Theme::load(root, &site.config.theme).map_err(|d| {
        vec![Problem {
            file: file.to_path_buf(),
            line: 1,
            message: d.message,
        }]
    })?;
    let units: HashMap<String, (SiteText, Unit)> = site_units(root, site, &theme, Some(lang))
        .into_iter()
        .map(|(text, unit)| (unit.context.clone(), (text, unit)))
        .collect();
    let ctx = Ctx::new(site, lang, file, &units);
    let changes = changes(&ctx, &units, entries, report)?;
    let mut problems = Vec::new();
    let mut planned = Vec::new();
    for (path, changes) in changes {
        let Edited { current, text } = match edited(&ctx, root, &theme, &path, &changes, report) {
            Ok(Some(edited)) => edited,
            Ok(None) => continue,
            Err(mut more) => {
                problems.append(&mut more);
                continue;
            }
        };
        let key = path.to_string_lossy().replace('\\', "/");
        let base = bases.get(key.as_str());
        let now = current.as_deref().map_or("-".to_owned(), file_digest);
        if !force && base.is_some_and(|b| *b != now) {
            problems.push(ctx.problem(
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

/// How many items each UI list of the source language has.
fn list_lens(units: &HashMap<String, (SiteText, Unit)>) -> HashMap<String, usize> {
    let mut lens: HashMap<String, usize> = HashMap::new();
    for (text, _) in units.values() {
        if let SiteText::UiItem(key, _) = text {
            *lens.entry(key.clone()).or_default() += 1;
        }
    }
    lens
}

/// The checked translations of `entries`, by the file they go into. Fuzzy entries and those
/// whose source text changed since the export are left out (with a note in `report`).
fn changes(
    ctx: &Ctx,
    units: &HashMap<String, (SiteText, Unit)>,
    entries: &[&Entry],
    report: &mut ImportReport,
) -> Result<BTreeMap<PathBuf, Vec<Change>>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut changes: BTreeMap<PathBuf, Vec<Change>> = BTreeMap::new();
    let (mut fuzzy, mut changed) = (0, 0);
    for entry in entries {
        let Some((text, unit)) = units.get(&entry.context) else {
            problems.push(ctx.problem(
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
        match checked(entry, unit, &ctx.categories, ctx.lang) {
            Ok(Some(value)) => changes
                .entry(text.file(ctx.site, ctx.lang))
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
                    .map(|m| ctx.problem(entry.line, format!("{}: {m}", entry.context))),
            ),
        }
    }
    if fuzzy + changed > 0 {
        report.notes.push(format!(
            "{}: {fuzzy} fuzzy site text(s) and {changed} whose source text changed since the \
             export were left out: review them, or export again",
            ctx.po.display()
        ));
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

/// A file with a PO file's changes made.
struct Edited {
    /// Its bytes before, `None` when the site has no such file.
    current: Option<Vec<u8>>,
    /// Its text after.
    text: String,
}

/// The file at `path` with `changes` made; `None` when that changes nothing (a file that is
/// already as they make it is noted in `report`). A UI strings file the site does not have
/// starts from the built-in theme's.
fn edited(
    ctx: &Ctx,
    root: &Path,
    theme: &Theme,
    path: &Path,
    changes: &[Change],
    report: &mut ImportReport,
) -> Result<Option<Edited>, Vec<Problem>> {
    let current = std::fs::read(root.join(path)).ok();
    let base_text = match &current {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => theme
            .file(&format!("i18n/{}.yaml", ctx.lang))
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_else(|| new_ui_file(ctx.site, ctx.lang)),
    };
    let text = apply(ctx, path, &base_text, changes, report)?;
    if current.as_deref() == Some(text.as_bytes()) {
        report.unchanged.push(path.to_path_buf());
        return Ok(None);
    }
    if current.is_none() && text == base_text {
        // The built-in theme's strings, unchanged: nothing to write.
        return Ok(None);
    }
    Ok(Some(Edited { current, text }))
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
    /// The site's default language, and all its languages.
    default: &'a str,
    languages: Vec<&'a str>,
    categories: Vec<&'static str>,
    /// How many items each UI list of the source language has.
    list_lens: HashMap<String, usize>,
    po: &'a Path,
}

impl<'a> Ctx<'a> {
    fn new(
        site: &'a Site,
        lang: &'a str,
        po: &'a Path,
        units: &HashMap<String, (SiteText, Unit)>,
    ) -> Self {
        Ctx {
            site,
            lang,
            default: site.config.default_language.as_str(),
            languages: site
                .config
                .languages
                .iter()
                .map(|l| l.tag.as_str())
                .collect(),
            categories: plural_categories(lang),
            list_lens: list_lens(units),
            po,
        }
    }

    /// A problem at `line` of the PO file.
    fn problem(&self, line: usize, message: String) -> Problem {
        Problem {
            file: self.po.to_path_buf(),
            line,
            message,
        }
    }
}

/// Items of UI lists to append, by list: (index, text).
type Lists<'c> = BTreeMap<&'c str, Vec<(usize, &'c str)>>;

/// The text of the file at `path` with `changes` made.
fn apply(
    ctx: &Ctx,
    path: &Path,
    text: &str,
    changes: &[Change],
    report: &mut ImportReport,
) -> Result<String, Vec<Problem>> {
    let mut out = text.to_owned();
    let mut problems = Vec::new();
    let mut lists = Lists::new();
    for change in changes {
        match edit(ctx, &out, change, &mut lists) {
            Ok(text) => out = text,
            Err(message) => problems.push(ctx.problem(
                change.line,
                format!(
                    "{}: cannot be written into {} safely ({message}): add the translation \
                     there by hand",
                    change.context,
                    path.display()
                ),
            )),
        }
    }
    append_lists(ctx, path, &mut out, changes, lists, &mut problems, report);
    let ui_file = path.extension().is_some_and(|e| e == "yaml") && path.starts_with("themes");
    if ui_file && let Err(errors) = UiStrings::load(ctx.default, [(ctx.lang, path, out.as_str())]) {
        problems.extend(errors.into_iter().map(|d| {
            ctx.problem(
                1,
                format!("the UI strings would not be valid: {}", d.message),
            )
        }));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `out` with one change made; an item of a UI list that the file does not have yet is put in
/// `lists`, to be appended with the rest of its list.
fn edit<'c>(
    ctx: &Ctx,
    out: &str,
    change: &'c Change,
    lists: &mut Lists<'c>,
) -> Result<String, WriteError> {
    let (lang, default, languages) = (ctx.lang, ctx.default, ctx.languages.as_slice());
    let categories = ctx.categories.as_slice();
    let key = |k: &str| Seg::Key(k.to_owned());
    // A translation in a YAML data file, and in the front matter of an advisory.
    let in_data = |path: &[Seg], value: &str| {
        set_text(out, path, lang, value, languages, default).map_err(WriteError::from)
    };
    let in_advisory = |path: &[Seg], value: &str| {
        in_front_matter(out, |y| set_text(y, path, lang, value, languages, default))
    };
    match (&change.text, &change.value) {
        (SiteText::Title, Value::Text(value)) => {
            set_title(out, lang, default, value).map_err(WriteError::from)
        }
        (SiteText::Term(kind, id), Value::Text(value)) => {
            in_data(&[key(kind.key()), key(id)], value)
        }
        (SiteText::AreaDesc(id), Value::Text(value)) => {
            in_data(&[key("regions"), key(id), key("area_desc")], value)
        }
        (SiteText::ContactName(id), Value::Text(value)) => in_data(&[key(id), key("name")], value),
        (SiteText::ContactHours(id), Value::Text(value)) => {
            in_data(&[key(id), key("hours")], value)
        }
        (SiteText::InlineContactName(_, i), Value::Text(value)) => {
            in_advisory(&[key("contacts"), Seg::Index(*i), key("name")], value)
        }
        (SiteText::InlineContactHours(_, i), Value::Text(value)) => {
            in_advisory(&[key("contacts"), Seg::Index(*i), key("hours")], value)
        }
        (SiteText::Ui(k), Value::Text(value)) => {
            set_text(out, &[], k, value, &[], default).map_err(WriteError::from)
        }
        (SiteText::Ui(k), Value::Forms(forms)) => categories
            .iter()
            .zip(forms)
            .try_fold(out.to_owned(), |text, (c, form)| {
                set_text(&text, &[key(k)], c, form, categories, default)
            })
            .map_err(WriteError::from),
        (SiteText::UiItem(k, n), Value::Text(value)) => set_list_item(out, k, *n, value, lists),
        _ => Err(WriteError::NoSuchForm),
    }
}

/// `out` with item `n` of the UI list `name` set, when the list has it; otherwise `out` as it
/// is, and the item in `lists`.
fn set_list_item<'c>(
    out: &str,
    name: &'c str,
    n: usize,
    value: &'c str,
    lists: &mut Lists<'c>,
) -> Result<String, WriteError> {
    let exists = serde_yaml::from_str::<serde_yaml::Value>(out)
        .ok()
        .and_then(|v| v.get(name).map(|l| l.get(n).is_some()));
    match exists {
        Some(true) => Ok(set_item(out, name, n, value)?),
        _ => {
            lists.entry(name).or_default().push((n, value));
            Ok(out.to_owned())
        }
    }
}

/// Appends each of `lists` to `out` when all its items are translated (else a note).
fn append_lists(
    ctx: &Ctx,
    path: &Path,
    out: &mut String,
    changes: &[Change],
    lists: Lists,
    problems: &mut Vec<Problem>,
    report: &mut ImportReport,
) {
    for (name, mut items) in lists {
        let wanted = changes
            .iter()
            .filter(|c| matches!(&c.text, SiteText::UiItem(k, _) if k == name))
            .count()
            .max(ctx.list_lens.get(name).copied().unwrap_or(usize::MAX));
        if items.len() != wanted {
            report.notes.push(format!(
                "{}: ui:{name}: left out until all {wanted} items are translated",
                ctx.po.display()
            ));
            continue;
        }
        items.sort();
        let texts: Vec<String> = items.iter().map(|(_, t)| (*t).to_owned()).collect();
        match append_list(out, name, &texts) {
            Ok(text) => *out = text,
            Err(message) => problems.push(ctx.problem(
                1,
                format!(
                    "ui:{name}: cannot be added to {}: {message}",
                    path.display()
                ),
            )),
        }
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
