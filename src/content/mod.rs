//! Loading: the files of a site (`site.toml`, `content/`) → the validated `Site` model.
//!
//! Every problem in every file is collected and returned together; nothing here renders or
//! writes. Advisory files are read and parsed in parallel.

pub mod advisory;
pub mod areas;
pub mod contacts;
mod discover;
mod fields;
pub mod frontmatter;
mod history;
pub mod retired;
#[cfg(test)]
mod schema_keys;
pub mod taxonomies;

pub use history::{source_revision, source_version};

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::config::{LoadedConfig, Reference, ReferenceKind, load_config};
use crate::diagnostics::{Code, Diagnostic, Position, Severity, has_errors, sort};
use crate::model::{
    Advisory, Config, RetiredAdvisory, Site, Taxonomies, TaxonomyKind, Translation, text_digest,
};
use crate::source::read_text_file;
use crate::yaml::YamlFile;
use advisory::{Context, ListField, ParsedFile, parse_advisory_file};
use contacts::Contacts;
use discover::{AdvisoryFile, advisory_dir_files, discover_advisory_files};

pub use discover::CONTENT_DIR;

/// Options that change what is loaded: every command that loads a site says what it wants here.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include advisories marked `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml` (the `--base-url` flag).
    pub base_url: Option<String>,
}

impl LoadOptions {
    /// Everything, drafts included, at the configured address: what `check`, `serve`,
    /// `translations` and `init` work on.
    pub fn with_drafts() -> Self {
        LoadOptions {
            drafts: true,
            base_url: None,
        }
    }
}

/// Loads and validates the site in `root`. On failure, returns every error found (sorted).
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
    let partial = load_partial_site(root, options)?;
    let mut site = match partial.site {
        Some(site) if !has_errors(&partial.diagnostics) => site,
        _ => return Err(partial.diagnostics),
    };
    if let Some(url) = &options.base_url {
        site.config.set_base_url(url).map_err(|error| {
            vec![
                Diagnostic::error(
                    Code::InvalidValue,
                    Path::new("--base-url"),
                    Position::default(),
                    error.to_string(),
                )
                .with_hint("pass an absolute address, e.g. --base-url https://alerts.example.org"),
            ]
        })?;
    }
    Ok(site)
}

/// A site loaded as far as its errors allow: what `check` renders and checks, so that one run
/// reports template and link problems too, not only the content's errors.
#[derive(Debug)]
pub struct PartialSite {
    /// The site with every advisory that loaded without errors; `None` when `site.toml` has
    /// errors, since nothing can be rendered against a configuration that is wrong.
    pub site: Option<Site>,
    /// The advisory folders left out of `site` because a file of theirs has errors.
    pub failed: Vec<String>,
    /// Whether every contact of `contacts.yaml` loaded: when the file or an entry has errors,
    /// which contacts an advisory or institution has is not fully known.
    pub contacts_complete: bool,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the site in `root` as far as possible (see `PartialSite`); fails outright only when
/// `site.toml` cannot be read or has no usable language.
pub fn load_partial_site(
    root: &Path,
    options: &LoadOptions,
) -> Result<PartialSite, Vec<Diagnostic>> {
    let LoadedConfig {
        config,
        references,
        mut diagnostics,
    } = load_config(root)?;
    let taxonomies = load_taxonomies(root, &config, &mut diagnostics);
    let contacts = load_contacts(root, &config, &taxonomies, &mut diagnostics);
    check_references(
        &config,
        &references,
        &contacts,
        &taxonomies,
        &mut diagnostics,
    );
    let cx = Context {
        languages: &config.languages,
        taxonomies: &taxonomies,
        contacts: &contacts,
    };
    let (mut advisories, failed) = load_advisories(root, &config, &cx, &mut diagnostics);
    let retired = load_retired(root, &config, &taxonomies, &mut diagnostics);
    let present = advisories.iter().map(|a| &a.slug).chain(&failed);
    let retired = still_present(retired, present.collect(), &mut diagnostics);
    advisories
        .par_iter_mut()
        .for_each(|a| history::record_source_changes(root, a, &cx));
    sort(&mut diagnostics);
    let config_has_errors = has_errors_in(&diagnostics, &config.file);
    advisories.retain(|a| options.drafts || !a.draft);
    if !options.drafts {
        for advisory in &mut advisories {
            advisory.texts.retain(|_, text| !text.draft);
        }
    }
    advisories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let contacts_complete = !contacts.unreadable && contacts.invalid.is_empty();
    let site = (!config_has_errors).then(|| Site {
        config,
        contacts: contacts.valid,
        taxonomies,
        advisories: advisories.into_iter().map(Arc::new).collect(),
        retired,
    });
    Ok(PartialSite {
        site,
        failed,
        contacts_complete,
        diagnostics,
    })
}

fn has_errors_in(diagnostics: &[Diagnostic], file: &Path) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.file == file)
}

fn load_yaml_file<T>(
    root: &Path,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
    parse: impl FnOnce(&YamlFile) -> (T, Vec<Diagnostic>),
) -> Option<T> {
    let shown = Path::new(CONTENT_DIR).join(name);
    let path = root.join(&shown);
    // Not `exists()`, which follows links: a dangling link is reported, not taken for no file.
    if std::fs::symlink_metadata(&path).is_err() {
        return None;
    }
    match read_text_file(&path, &shown) {
        Ok(text) => {
            let file = YamlFile::new(&shown, &text, &text, 0);
            let (value, mut found) = parse(&file);
            diagnostics.append(&mut found);
            Some(value)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

fn load_taxonomies(root: &Path, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Taxonomies {
    load_yaml_file(root, "taxonomies.yaml", diagnostics, |file| {
        taxonomies::parse_taxonomies(file, &config.languages)
    })
    .unwrap_or_default()
}

fn load_retired(
    root: &Path,
    config: &Config,
    taxonomies: &Taxonomies,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RetiredAdvisory> {
    let cx = retired::RetiredContext {
        languages: &config.languages,
        taxonomies,
        expires_after: config.cap.expires_after,
    };
    load_yaml_file(root, retired::RETIRED_FILE, diagnostics, |file| {
        retired::parse_retired(file, &cx)
    })
    .unwrap_or_default()
}

/// The entries of `retired.yaml` whose advisory is gone; one still in `content/advisories/`
/// is an error (RF135) saying how to retire it either way.
fn still_present(
    retired: Vec<RetiredAdvisory>,
    present: Vec<&String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RetiredAdvisory> {
    let (kept, gone): (Vec<_>, Vec<_>) = retired
        .into_iter()
        .partition(|r| present.contains(&&r.slug));
    for entry in kept {
        let slug = &entry.slug;
        diagnostics.push(
            Diagnostic::error(
                Code::RetiredStillPresent,
                &entry.file,
                entry.at,
                format!("`{slug}` is listed in retired.yaml but content/advisories/{slug}/ still exists"),
            )
            .with_hint(format!(
                "to remove the advisory, delete content/advisories/{slug}/ (retired.yaml then cancels its alert); \
                 to keep its page, add `retired: {}` to its front matter and take it out of retired.yaml",
                entry.retired
            )),
        );
    }
    gone
}

fn load_contacts(
    root: &Path,
    config: &Config,
    taxonomies: &Taxonomies,
    diagnostics: &mut Vec<Diagnostic>,
) -> Contacts {
    let name = "contacts.yaml";
    load_yaml_file(root, name, diagnostics, |file| {
        contacts::parse_contacts(file, &config.languages, taxonomies)
    })
    .unwrap_or_else(|| {
        let exists = std::fs::symlink_metadata(root.join(CONTENT_DIR).join(name)).is_ok();
        if exists {
            Contacts::unreadable()
        } else {
            Contacts::default()
        }
    })
}

/// Resolves the contact and taxonomy term ids that `site.toml` refers to.
fn check_references(
    config: &Config,
    references: &[Reference],
    contacts: &Contacts,
    taxonomies: &Taxonomies,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for reference in references {
        let (known, what, file) = match reference.kind {
            ReferenceKind::Contact => (
                contacts.is_defined(&reference.id),
                "contact",
                "contacts.yaml",
            ),
            ReferenceKind::Term(kind) => (
                taxonomies.label(kind, &reference.id).is_some(),
                match kind {
                    TaxonomyKind::Regions => "region",
                    TaxonomyKind::ScamTypes => "scam type",
                    TaxonomyKind::Audiences => "audience",
                },
                "taxonomies.yaml",
            ),
        };
        if !known {
            let code = if reference.kind == ReferenceKind::Contact {
                Code::UnknownContact
            } else {
                Code::UnknownTaxonomyTerm
            };
            diagnostics.push(
                Diagnostic::error(
                    code,
                    &config.file,
                    reference.at,
                    format!("unknown {what} `{}`", reference.id),
                )
                .with_hint(format!("define `{}` in content/{file}", reference.id))
                .with_source_line(&reference.line_text),
            );
        }
    }
}

/// The advisories without errors, and the folders of those with errors.
fn load_advisories(
    root: &Path,
    config: &Config,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Advisory>, Vec<String>) {
    let files = discover_advisory_files(root, config, diagnostics);
    let parsed: Vec<(AdvisoryFile, ParsedFile)> = files
        .into_par_iter()
        .map(|f| parse_file(f, config, cx))
        .collect();
    assemble_advisories(parsed, config, diagnostics)
}

/// Reads and parses one advisory file.
fn parse_file(f: AdvisoryFile, config: &Config, cx: &Context) -> (AdvisoryFile, ParsedFile) {
    let parsed = match read_text_file(&f.path, &f.shown) {
        Ok(text) => parse_advisory_file(
            &f.shown,
            &text,
            &f.lang,
            f.lang == config.default_language,
            cx,
        ),
        Err(d) => ParsedFile {
            text: Default::default(),
            shared: None,
            front_matter_read: false,
            lists: Vec::new(),
            poster: Default::default(),
            diagnostics: vec![d],
        },
    };
    (f, parsed)
}

/// Loads the advisory in `content/advisories/<slug>/` of an already loaded `site` (the live
/// preview reloads only what changed). `Ok(None)`: the folder is gone or has no text. Drafts
/// are loaded.
pub fn load_advisory(
    root: &Path,
    slug: &str,
    site: &Site,
) -> Result<Option<Advisory>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let contacts = contacts::Contacts {
        valid: site.contacts.clone(),
        invalid: Vec::new(),
        unreadable: false,
    };
    let cx = Context {
        languages: &site.config.languages,
        taxonomies: &site.taxonomies,
        contacts: &contacts,
    };
    let files = advisory_dir_files(root, slug, &site.config, &mut diagnostics);
    let parsed = files
        .into_iter()
        .map(|f| parse_file(f, &site.config, &cx))
        .collect();
    let (mut advisories, _) = assemble_advisories(parsed, &site.config, &mut diagnostics);
    for advisory in &mut advisories {
        history::record_source_changes(root, advisory, &cx);
    }
    if has_errors(&diagnostics) {
        sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok(advisories.pop())
}

/// Puts each advisory's files together: the advisories without errors, and the folders of
/// those with errors.
fn assemble_advisories(
    parsed: Vec<(AdvisoryFile, ParsedFile)>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Advisory>, Vec<String>) {
    let mut by_slug: IndexMap<String, Vec<(AdvisoryFile, ParsedFile)>> = IndexMap::new();
    for (file, p) in parsed {
        by_slug
            .entry(file.slug.clone())
            .or_default()
            .push((file, p));
    }
    let mut advisories = Vec::with_capacity(by_slug.len());
    let mut failed = Vec::new();
    for (slug, mut files) in by_slug {
        let reported = diagnostics.len();
        files.sort_by_key(|(f, _)| f.lang != config.default_language);
        for (_, p) in &mut files {
            diagnostics.append(&mut p.diagnostics);
        }
        let Some(((_, source), translations)) = files
            .split_first()
            .filter(|((f, _), _)| f.lang == config.default_language)
        else {
            for (file, _) in &files {
                diagnostics.push(
                    Diagnostic::error(
                        Code::OrphanTranslation,
                        &file.shown,
                        Position::default(),
                        format!("translation of `{slug}` without a default-language index.md"),
                    )
                    .with_hint(format!(
                        "write content/advisories/{slug}/index.md in {} first",
                        config.default_language
                    )),
                );
            }
            failed.push(slug);
            continue;
        };
        for (_, translation) in translations {
            check_list_lengths(source, translation, diagnostics);
        }
        let shared = match source.shared.clone() {
            Some(shared) if !has_errors(&diagnostics[reported..]) => shared,
            _ => {
                failed.push(slug);
                continue;
            }
        };
        let mut texts = IndexMap::new();
        texts.insert(source.text.lang.clone(), source.text.clone());
        for (file, t) in translations {
            texts.insert(file.lang.clone(), inherit_skipped(&source.text, &t.text));
        }
        let from_review = review_expiry(&shared, config.cap.expires_after);
        advisories.push(Advisory {
            digest: text_digest(&source.text),
            slug,
            date: shared.date,
            updated: shared.updated,
            expires: shared.expires.or(from_review),
            expires_from_review: shared.expires.is_none() && from_review.is_some(),
            reviewed: shared.reviewed,
            times: shared.times,
            retired: shared.retired,
            severity: shared.severity,
            terms: shared.terms,
            contacts: shared.contacts,
            sources: shared.sources,
            draft: shared.draft,
            poster: source.poster.clone(),
            texts,
        });
    }
    (advisories, failed)
}

/// The last day an advisory without `expires:` is current under the site's review period: the
/// period after the latest of `date`, `updated` and `reviewed`.
fn review_expiry(
    shared: &advisory::Shared,
    period: Option<jiff::Span>,
) -> Option<jiff::civil::Date> {
    let basis = [shared.updated, shared.reviewed]
        .into_iter()
        .flatten()
        .fold(shared.date, std::cmp::Ord::max);
    basis.checked_add(period?).ok()
}

/// A translation whose skipped (`null`) list items hold the source's items at their place.
fn inherit_skipped(source: &Translation, translation: &Translation) -> Translation {
    let mut t = translation.clone();
    let fill = |list: &mut Option<Vec<String>>, from: &Option<Vec<String>>, skipped: &[usize]| {
        for (i, item) in list.iter_mut().flatten().enumerate() {
            if skipped.contains(&i) {
                *item = from
                    .as_ref()
                    .and_then(|f| f.get(i))
                    .cloned()
                    .unwrap_or_default();
            }
        }
    };
    fill(
        &mut t.red_flags,
        &source.red_flags,
        &translation.skipped.red_flags,
    );
    fill(
        &mut t.prevention,
        &source.prevention,
        &translation.skipped.prevention,
    );
    fill(
        &mut t.if_targeted,
        &source.if_targeted,
        &translation.skipped.if_targeted,
    );
    t
}

fn check_list_lengths(
    source: &ParsedFile,
    translation: &ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !source.front_matter_read {
        return;
    }
    for field in &translation.lists {
        let Some(len) = field.len else { continue };
        let expected = match source.lists.iter().find(|f| f.key == field.key) {
            Some(ListField { len: Some(n), .. }) => *n,
            Some(_) => continue,
            None => 0,
        };
        if len != expected {
            let key = field.key;
            diagnostics.push(
                Diagnostic::error(
                    Code::ListLengthMismatch,
                    &translation.text.file,
                    field.at,
                    format!(
                        "`{key}` has {} here but {} in the default-language index.md",
                        items(len),
                        items(expected)
                    ),
                )
                .with_hint("translate every item, in the same order, one item per source item")
                .with_source_line(&field.line_text),
            );
        }
    }
}

/// "1 item", "3 items".
fn items(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}
