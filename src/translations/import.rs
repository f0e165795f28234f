//! `redflag translations import`: PO files → `index.<lang>.md` translation files. Everything
//! is checked first (encoding, syntax, language, contexts, numbers, links, placeholders, HTML)
//! and every problem is reported with its PO line; nothing is written unless all is well. A
//! text left untranslated is left out: a list item as `null`, a body block as the source's
//! text numbered in `body_untranslated:`, a whole field by leaving it out; the page shows the
//! source's text there, marked with its language.
//! `source_digest` is the current source's when no fuzzy text is used; a file that would not
//! change is not touched, and one edited by hand since the export is replaced only with force.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::{Advisory, Site, Translation};
use crate::scaffold::scalar;
use crate::source::normalise;

use super::checks;
use super::export::{FILES_HEADER, check_language, file_digest, translation_path};
use super::import_plan::Planned;
pub use super::import_plan::{ImportReport, Problem};
use super::import_texts::{numbers, translated};
use super::po::{self, Catalog, Entry};
use super::site_import;
use super::site_texts::is_site_context;
use super::units::{Field, fields_of};
use super::xliff;
use crate::blocks;

/// The comment line that records the digest of a file an import wrote.
const STAMP: &str = "# import digest: ";

/// Imports `files` (paths as given) into the site in `root`.
pub fn import(
    root: &Path,
    site: &Site,
    files: &[PathBuf],
    force: bool,
) -> Result<ImportReport, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut report = ImportReport::default();
    let mut planned: Vec<Planned> = Vec::new();
    for file in files {
        match read_catalog(file, site) {
            Ok((catalog, lang)) => {
                let found = plan_file(root, site, file, &catalog, &lang, force, &mut report);
                match found {
                    Ok(mut more) => planned.append(&mut more),
                    Err(mut more) => problems.append(&mut more),
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for plan in planned {
        let target = root.join(&plan.path);
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(".redflag-import");
        let temporary = target.with_file_name(name);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temporary, &plan.text))
            .and_then(|()| std::fs::rename(&temporary, &target));
        if let Err(err) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(vec![Problem {
                file: plan.path.clone(),
                line: 1,
                message: format!("cannot write the file: {err}"),
            }]);
        }
        report.written.push((plan.path, plan.new));
    }
    Ok(report)
}

/// Reads a PO file: UTF-8, valid syntax, a `Language` the site translates into.
fn read_catalog(file: &Path, site: &Site) -> Result<(Catalog, String), Problem> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let bytes = std::fs::read(file).map_err(|err| problem(1, format!("cannot read it: {err}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => normalise(text),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            return Err(problem(
                line,
                "the file is not UTF-8 text: save it as UTF-8 (Poedit, Weblate and Crowdin \
                 always do; set `charset=UTF-8` in its Content-Type header)"
                    .into(),
            ));
        }
    };
    let is_xliff = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlf") || e.eq_ignore_ascii_case("xliff"));
    let catalog = if is_xliff {
        xliff::parse(&text).map_err(|(line, message)| problem(line, message))?
    } else {
        po::parse(&text).map_err(|e| problem(e.line, e.message))?
    };
    let header_line = text
        .lines()
        .position(|l| l.trim_start_matches('"').starts_with("Language:"))
        .map_or(1, |i| i + 1);
    let lang = catalog
        .header_field("Language")
        .unwrap_or_default()
        .replace('_', "-");
    if lang.is_empty() {
        return Err(problem(
            header_line,
            "the header names no `Language`: set it to the language of the translation \
             (Poedit: Translation → Properties → Language)"
                .into(),
        ));
    }
    let lang = site
        .config
        .languages
        .iter()
        .find(|l| l.tag.eq_ignore_ascii_case(&lang))
        .map_or(lang, |l| l.tag.clone());
    check_language(site, &lang).map_err(|m| problem(header_line, format!("Language: {m}")))?;
    let named = file
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('.').map(|(stem, _)| stem))
        .and_then(|n| n.rsplit('.').next())
        .filter(|stem| site.config.language(stem).is_some());
    if let Some(named) = named.filter(|n| *n != lang) {
        return Err(problem(
            header_line,
            format!(
                "the header says `Language: {lang}` but the file is named for `{named}`: \
                 which language is it? Fix the header or the file name"
            ),
        ));
    }
    Ok((catalog, lang))
}

/// The translation files one PO file gives, or its problems.
fn plan_file(
    root: &Path,
    site: &Site,
    file: &Path,
    catalog: &Catalog,
    lang: &str,
    force: bool,
    report: &mut ImportReport,
) -> Result<Vec<Planned>, Vec<Problem>> {
    let import = FileImport {
        root,
        site,
        file,
        lang,
        force,
    };
    let mut problems = Vec::new();
    let bases = base_digests(catalog);
    let (site_entries, entries): (Vec<&Entry>, Vec<&Entry>) = catalog
        .entries
        .iter()
        .partition(|e| is_site_context(&e.context));
    let mut planned = Vec::new();
    if !site_entries.is_empty() {
        let found = site_import::plan(root, site, file, lang, &site_entries, &bases, force, report);
        match found {
            Ok(more) => planned = more,
            Err(mut more) => problems.append(&mut more),
        }
    }
    let by_advisory = import.texts_by_advisory(entries, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut indices: Vec<&usize> = by_advisory.keys().collect();
    indices.sort();
    for index in indices {
        let advisory = &site.advisories[*index];
        let base = bases.get(advisory.slug.as_str()).map(String::as_str);
        match import.plan_advisory(advisory, &by_advisory[index], base, report) {
            Ok(Some(plan)) => planned.push(plan),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(planned)
    } else {
        Err(problems)
    }
}

/// One PO file being imported: into which site, in which language.
struct FileImport<'a> {
    root: &'a Path,
    site: &'a Site,
    file: &'a Path,
    lang: &'a str,
    force: bool,
}

impl FileImport<'_> {
    /// A problem at `line` of the PO file.
    fn problem(&self, line: usize, message: String) -> Problem {
        Problem {
            file: self.file.to_path_buf(),
            line,
            message,
        }
    }

    /// The advisories' entries by advisory (index) and field path, each checked; unknown
    /// contexts, entries given twice and translations that fail a check go to `problems`.
    fn texts_by_advisory<'e>(
        &self,
        entries: Vec<&'e Entry>,
        problems: &mut Vec<Problem>,
    ) -> HashMap<usize, HashMap<String, &'e Entry>> {
        let contexts = contexts(self.site);
        let mut by_advisory: HashMap<usize, HashMap<String, &Entry>> = HashMap::new();
        for entry in entries {
            let Some((index, field, kind)) = contexts.get(&entry.context) else {
                problems.push(self.problem(
                    entry.line,
                    format!(
                        "unknown context `{}`: no text of the site has it (the advisory or the \
                         text was removed or renamed); export again and translate in the new file",
                        entry.context
                    ),
                ));
                continue;
            };
            let texts = by_advisory.entry(*index).or_default();
            if texts.insert(field.path(), entry).is_some() {
                problems.push(self.problem(
                    entry.line,
                    format!("`{}` is in the file twice", entry.context),
                ));
            }
            if !entry.translation.is_empty() {
                for message in checks::problems(&entry.source, &entry.translation, *kind) {
                    problems
                        .push(self.problem(entry.line, format!("{}: {message}", entry.context)));
                }
            }
        }
        by_advisory
    }

    /// The translation file of `advisory` that `texts` give (`None`: nothing to write), or
    /// why it may not be replaced. `base`: the file's digest when the PO file was exported.
    fn plan_advisory(
        &self,
        advisory: &Advisory,
        texts: &HashMap<String, &Entry>,
        base: Option<&str>,
        report: &mut ImportReport,
    ) -> Result<Option<Planned>, Problem> {
        let (site, lang, file) = (self.site, self.lang, self.file);
        let Some(text) = translated(advisory, lang, texts, file, report) else {
            return Ok(None);
        };
        let path = translation_path(advisory, lang);
        let existing = std::fs::read(self.root.join(&path)).ok();
        if let Some(bytes) = &existing {
            if same_translation(bytes, &text, site, &path, lang) {
                report.unchanged.push(path);
                return Ok(None);
            }
            if !self.force && !replaceable(bytes, base) {
                return Err(self.problem(
                    1,
                    format!(
                        "{} was changed since this file was exported (by hand, or by another \
                         import): export again and translate in the new file, or import with \
                         --force to replace those changes",
                        path.display()
                    ),
                ));
            }
        }
        let language = site.config.language(lang).map_or(lang, |l| l.name.as_str());
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        Ok(Some(Planned {
            text: render(&text, &advisory.slug, language, lang, &name),
            path,
            new: existing.is_none(),
        }))
    }
}

/// Every context of the site: advisory index, field and body block kind.
fn contexts(site: &Site) -> HashMap<String, (usize, Field, Option<blocks::BlockKind>)> {
    let mut out = HashMap::new();
    for (index, advisory) in site.advisories.iter().enumerate() {
        let (fields, body) = fields_of(advisory.source());
        for field in fields {
            let kind = match field {
                Field::Body(i) => Some(body[i].kind),
                _ => None,
            };
            out.insert(
                format!("{}/{}", advisory.slug, field.path()),
                (index, field, kind),
            );
        }
    }
    out
}

/// The header's record of each translation file's digest at export (`slug=digest`).
fn base_digests(catalog: &Catalog) -> HashMap<&str, String> {
    catalog
        .header_field(FILES_HEADER)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(slug, digest)| (slug, digest.to_owned()))
        .collect()
}

/// Whether an existing translation file may be replaced: it is as it was at export, or as an
/// import wrote it.
fn replaceable(bytes: &[u8], base: Option<&str>) -> bool {
    if base == Some(file_digest(bytes).as_str()) {
        return true;
    }
    let text = String::from_utf8_lossy(bytes);
    let mut stamp = None;
    let rest: String = text
        .split_inclusive('\n')
        .filter(|line| match line.strip_prefix(STAMP) {
            Some(digest) => {
                stamp = Some(digest.trim().to_owned());
                false
            }
            None => true,
        })
        .collect();
    stamp.is_some_and(|s| s == file_digest(rest.as_bytes()))
}

/// Whether the existing file already holds this translation (line wrapping aside).
fn same_translation(bytes: &[u8], new: &Translation, site: &Site, path: &Path, lang: &str) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let contacts = crate::content::contacts::Contacts {
        valid: site.contacts.clone(),
        invalid: Vec::new(),
        unreadable: false,
    };
    let cx = crate::content::advisory::Context {
        languages: &site.config.languages,
        taxonomies: &site.taxonomies,
        contacts: &contacts,
    };
    let old = crate::content::advisory::parse_advisory_file(
        path,
        &normalise(text.to_owned()),
        lang,
        false,
        &cx,
    )
    .text;
    !old.draft
        && old.source_digest == new.source_digest
        && old.title == new.title
        && old.summary == new.summary
        && old.red_flags == new.red_flags
        && old.prevention == new.prevention
        && old.if_targeted == new.if_targeted
        && old.poster_headline == new.poster_headline
        && old.skipped == new.skipped
        && blocks::canonical(&old.body) == blocks::canonical(&new.body)
}

/// The translation file's text, stamped with its digest.
fn render(t: &Translation, slug: &str, language: &str, lang: &str, po_name: &str) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# {language} ({lang}) translation of `{slug}`, imported from {po_name} by\n\
         # `redflag translations import`. Translate in the PO file and import it again: an\n\
         # import does not replace this file once it is edited by hand (unless --force)."
    );
    if let Some(digest) = &t.source_digest {
        let _ = writeln!(out, "source_digest: {digest}");
    }
    for (key, value) in [("title", &t.title), ("summary", &t.summary)] {
        if let Some(value) = value {
            let _ = writeln!(out, "{key}: {}", scalar(value));
        }
    }
    let lists = [
        ("red_flags", &t.red_flags),
        ("prevention", &t.prevention),
        ("if_targeted", &t.if_targeted),
    ];
    for (key, items) in lists {
        if let Some(items) = items {
            let _ = writeln!(out, "{key}:");
            for (i, item) in items.iter().enumerate() {
                if t.is_skipped(key, i) {
                    let _ = writeln!(
                        out,
                        "  - null # not translated: the page shows the source's"
                    );
                } else {
                    let _ = writeln!(out, "  - {}", scalar(item));
                }
            }
        }
    }
    if let Some(headline) = &t.poster_headline {
        let _ = writeln!(out, "poster:\n  headline: {}", scalar(headline));
    }
    if !t.skipped.body.is_empty() {
        let _ = writeln!(
            out,
            "# The body's parts (counted as in the PO file's contexts) left in the source language:\n\
             body_untranslated: [{}]",
            numbers(&t.skipped.body)
        );
    }
    out.push_str("---\n");
    if !t.body.is_empty() {
        out.push('\n');
        out.push_str(t.body.trim_start_matches('\n'));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    let digest = file_digest(out.as_bytes());
    out.replacen("---\n", &format!("---\n{STAMP}{digest}\n"), 1)
}
