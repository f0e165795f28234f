//! The preview's state: the site as last rendered, held in memory, and the errors of the last
//! attempt. An edit to one advisory reloads that advisory only and re-renders the pages the plan
//! says it touches (`plan::touched`: its own pages, and every page whose cards or term counts
//! differ); the preview keeps no rule of its own about what a page shows. Anything else
//! (site.toml, contacts, taxonomies, the theme) rebuilds everything. Feeds, alerts, the sitemap
//! and the search index are made when first requested, from the same version of the site, so
//! the preview never shows something a build of the same files would not. A failed rebuild keeps
//! the last good pages (shown under an error overlay); a panic becomes an error, never a dead
//! server.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use jiff::civil::Date;

use crate::build::{load, write_posters};
use crate::cms::write_admin;
use crate::content::{CONTENT_DIR, LoadOptions, load_advisory};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::CmsBackend;
use crate::output::{File, MemorySink, Sink};
use crate::plan::share_texts::page_files;
use crate::plan::urls::Urls;
use crate::plan::{Prepared, page_plan, replace_advisory, touched};
use crate::render::{Engine, RenderOptions, render_extras, render_pages};
use crate::search;

/// A version of the site: the model it was rendered from.
pub struct SiteVersion {
    /// The site, its theme, UI strings and plans.
    pub prepared: Prepared,
    /// The theme, compiled.
    pub engine: Arc<Engine>,
    /// The date it was rendered for.
    pub today: Date,
}

/// What the server shows: the last good version and the current errors.
#[derive(Default)]
pub struct Snapshot {
    /// The version the pages were rendered from.
    pub model: Option<Arc<SiteVersion>>,
    /// Pages and static assets by path relative to the site root (`fr/advisories/x/index.html`).
    pub files: HashMap<String, File>,
    /// Errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
    /// Counts the rebuilds: a page knows it is out of date when its version is not the current.
    pub version: u64,
    extras: OnceLock<HashMap<String, File>>,
    search: OnceLock<HashMap<String, File>>,
    /// The search index files of the latest earlier version that made them: a language whose
    /// records did not change is not indexed again.
    earlier_search: HashMap<String, File>,
    posters: Mutex<HashMap<String, File>>,
    /// Why a requested poster could not be made (e.g. not PDF/UA-1), by its PDF and PNG paths.
    poster_errors: Mutex<HashMap<String, Vec<Diagnostic>>>,
}

impl Snapshot {
    fn new(
        model: Option<Arc<SiteVersion>>,
        files: HashMap<String, File>,
        errors: Vec<Diagnostic>,
        earlier: &Snapshot,
    ) -> Self {
        Snapshot {
            model,
            files,
            errors,
            version: earlier.version + 1,
            extras: OnceLock::new(),
            search: OnceLock::new(),
            earlier_search: match earlier.search.get() {
                Some(search) => search.clone(),
                None => earlier.earlier_search.clone(),
            },
            posters: Mutex::new(HashMap::new()),
            poster_errors: Mutex::new(HashMap::new()),
        }
    }

    /// A file of this version, rendering feeds, alerts, sitemap or search index on first request.
    pub fn get(&self, path: &str) -> Option<File> {
        if let Some(file) = self.files.get(path) {
            return Some(File::clone(file));
        }
        let model = self.model.as_ref()?;
        if path.ends_with(".pdf") || path.ends_with(".png") {
            return self.poster(model, path);
        }
        let lazy = if path.starts_with(crate::plan::urls::BUNDLE_DIR) {
            self.search
                .get_or_init(|| search_files(model, &self.earlier_search))
        } else {
            self.extras.get_or_init(|| extra_files(model))
        };
        lazy.get(path).cloned()
    }

    /// A poster (PDF or its PNG preview), typeset when first requested: posters are not
    /// rendered on every keystroke.
    fn poster(&self, model: &SiteVersion, path: &str) -> Option<File> {
        let mut posters = self.posters.lock().ok()?;
        if let Some(file) = posters.get(path) {
            return Some(File::clone(file));
        }
        let job = (model.prepared.posters.iter())
            .find(|job| job.path == path || job.preview_path() == path)?;
        let sink = MemorySink::default();
        let made = write_posters(
            &model.prepared,
            (std::slice::from_ref(job), &[]),
            &crate::poster::NoCache,
            &sink,
        );
        let errors = match made {
            Ok(summary) => summary.not_made,
            Err(errors) => errors,
        };
        if !errors.is_empty() {
            if let Ok(mut failed) = self.poster_errors.lock() {
                failed.insert(job.path.clone(), errors.clone());
                failed.insert(job.preview_path(), errors);
            }
            return None;
        }
        posters.extend(sink.into_files());
        posters.get(path).cloned()
    }

    /// Why the poster at `path` (its PDF or PNG) could not be made when it was requested, if it
    /// could not: the typesetting or PDF/UA-1 export errors.
    pub fn poster_errors(&self, path: &str) -> Option<Vec<Diagnostic>> {
        self.poster_errors.lock().ok()?.get(path).cloned()
    }

    /// Every file of this version but the posters, the lazy ones included (for comparing with
    /// a build).
    pub fn all_files(&self) -> HashMap<String, File> {
        let mut all = self.files.clone();
        if let Some(model) = &self.model {
            all.extend(self.extras.get_or_init(|| extra_files(model)).clone());
            all.extend(
                self.search
                    .get_or_init(|| search_files(model, &self.earlier_search))
                    .clone(),
            );
        }
        all
    }
}

fn extra_files(model: &SiteVersion) -> HashMap<String, File> {
    let sink = MemorySink::default();
    let options = RenderOptions { today: model.today };
    let _ = render_extras(&model.engine, &model.prepared, options, &sink);
    sink.into_files()
}

/// The search index of `model`, reusing each language's index from `earlier` (an earlier
/// version's search files) when its records are unchanged.
fn search_files(model: &SiteVersion, earlier: &HashMap<String, File>) -> HashMap<String, File> {
    if !model.prepared.site.config.search {
        return HashMap::new();
    }
    let sink = MemorySink::default();
    let _ = search::write_index(
        &model.prepared.site,
        &search::PreviousSearch::in_memory(earlier.clone()),
        &sink,
    );
    sink.into_files()
}

/// What a rebuild changed, for the reload event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Every page (errors appeared or went away, or assets changed).
    Everything,
    /// These URL paths (`/fr/advisories/x/`).
    Pages(Vec<String>),
}

/// A live preview of one site.
pub struct Preview {
    root: PathBuf,
    base_url: String,
    cms: bool,
    state: RwLock<Arc<Snapshot>>,
    failures: Mutex<Failures>,
}

/// Errors that keep the preview from showing the current files.
#[derive(Default)]
struct Failures {
    /// The last full rebuild failed: the next change rebuilds everything again.
    global: Vec<Diagnostic>,
    /// Advisories that do not load, by slug.
    advisories: BTreeMap<String, Vec<Diagnostic>>,
}

impl Failures {
    fn all(&self) -> Vec<Diagnostic> {
        self.global
            .iter()
            .chain(self.advisories.values().flatten())
            .cloned()
            .collect()
    }
}

/// What a change touches.
enum Scope {
    /// Everything must be reloaded.
    Site,
    /// Only these advisories.
    Advisories(BTreeSet<String>),
}

impl Preview {
    /// A preview of the site in `root`, published under `base_url` (the server's address).
    pub fn new(root: &Path, base_url: String) -> Self {
        Preview {
            root: root.to_path_buf(),
            base_url,
            cms: false,
            state: RwLock::new(Arc::new(Snapshot::default())),
            failures: Mutex::new(Failures::default()),
        }
    }

    /// Also serves the content manager at `/admin/` (`serve --cms`), as a site with `[cms]`
    /// always does.
    pub fn with_cms(mut self) -> Self {
        self.cms = true;
        self
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.state
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    /// Rebuilds everything.
    pub fn rebuild(&self, today: Date) -> Changed {
        self.update(Scope::Site, today)
    }

    /// Brings the preview up to date after changes to `paths` (absolute paths in the site).
    pub fn apply(&self, paths: &[PathBuf], today: Date) -> Changed {
        self.update(self.scope_of(paths), today)
    }

    fn scope_of(&self, paths: &[PathBuf]) -> Scope {
        let mut slugs = BTreeSet::new();
        for path in paths {
            match advisory_of(&self.root, path) {
                Some(slug) => slugs.insert(slug),
                None => return Scope::Site,
            };
        }
        Scope::Advisories(slugs)
    }

    fn update(&self, scope: Scope, today: Date) -> Changed {
        let Ok(mut failures) = self.failures.lock() else {
            return Changed::Everything;
        };
        let previous = self.snapshot();
        let had_errors = !previous.errors.is_empty();
        let outcome = catch_unwind(AssertUnwindSafe(|| match (&scope, &previous.model) {
            (Scope::Advisories(slugs), Some(model))
                if failures.global.is_empty() && model.today == today =>
            {
                self.update_advisories(model, &previous.files, slugs, &mut failures)
            }
            _ => self.update_site(today, &mut failures),
        }))
        .unwrap_or_else(|_| {
            failures.global = vec![internal_error()];
            None
        });
        let errors = failures.all();
        let (model, files, changed) = match outcome {
            Some((model, files, pages)) => {
                let changed = if had_errors || !errors.is_empty() {
                    Changed::Everything
                } else {
                    pages
                };
                (Some(model), files, changed)
            }
            None => (
                previous.model.clone(),
                previous.files.clone(),
                Changed::Everything,
            ),
        };
        if let Ok(mut state) = self.state.write() {
            *state = Arc::new(Snapshot::new(model, files, errors, &previous));
        }
        changed
    }

    /// Reloads and re-renders the whole site.
    fn update_site(
        &self,
        today: Date,
        failures: &mut Failures,
    ) -> Option<(Arc<SiteVersion>, HashMap<String, File>, Changed)> {
        let previous = self.snapshot();
        let loaded = load(
            &self.root,
            &LoadOptions {
                drafts: true,
                base_url: Some(self.base_url.clone()),
            },
        )
        .and_then(|prepared| Engine::new(&prepared.theme).map(|engine| (prepared, engine)));
        let (prepared, engine) = match loaded {
            Ok(parts) => parts,
            Err(errors) => {
                failures.global = errors;
                return None;
            }
        };
        let model = Arc::new(SiteVersion {
            prepared,
            engine: Arc::new(engine),
            today,
        });
        let (site, theme) = (&model.prepared.site, &model.prepared.theme);
        let sink = MemorySink::default();
        let options = RenderOptions { today };
        let pages = page_plan(site);
        if let Err(errors) = render_pages(&model.engine, &model.prepared, options, &pages, &sink) {
            failures.global = errors;
            return None;
        }
        for (rel, file) in theme.files_under("static") {
            let _ = sink.write(&format!("static/{rel}"), &file.bytes);
        }
        if self.cms || site.config.cms.is_some() {
            // Edits are saved by the browser into the site folder (Sveltia's local repository):
            // the backend only matters to a published copy.
            let backend =
                (site.config.cms.clone()).unwrap_or_else(|| CmsBackend::github("owner/site"));
            let _ = write_admin(site, &backend, &sink);
        }
        failures.global.clear();
        failures.advisories.clear();
        let files = sink.into_files();
        let changed = changed_pages(&previous.files, &files);
        Some((model, files, changed))
    }

    /// Reloads the advisories `slugs` and re-renders the pages that show them.
    fn update_advisories(
        &self,
        model: &SiteVersion,
        files: &HashMap<String, File>,
        slugs: &BTreeSet<String>,
        failures: &mut Failures,
    ) -> Option<(Arc<SiteVersion>, HashMap<String, File>, Changed)> {
        let mut site = model.prepared.site.clone();
        let mut reloaded = BTreeSet::new();
        for slug in slugs {
            match load_advisory(&self.root, slug, &site) {
                Ok(loaded) => {
                    failures.advisories.remove(slug);
                    replace_advisory(&mut site, slug, loaded.map(Arc::new));
                    reloaded.insert(slug.clone());
                }
                Err(errors) => {
                    failures.advisories.insert(slug.clone(), errors);
                }
            }
        }
        let before = &model.prepared;
        let pages = touched(&before.site, &site, &reloaded, &before.ui, model.today);
        let prepared = before.with_site(site);
        let site = &prepared.site;
        let urls = Urls::new(&site.config);
        let mut next = files.clone();
        let removed: Vec<String> = pages
            .removed
            .iter()
            .filter_map(|(page, tag)| site.config.language(tag).map(|lang| (page, lang)))
            .flat_map(|(page, lang)| page_files(&urls, &site.config.share, page, lang))
            .collect();
        for path in &removed {
            next.remove(path);
        }
        let render = pages.render;
        let sink = MemorySink::default();
        let options = RenderOptions { today: model.today };
        if let Err(errors) = render_pages(&model.engine, &prepared, options, &render, &sink) {
            failures.global = errors;
            return None;
        }
        let rendered = sink.into_files();
        let mut changed: Vec<String> = rendered
            .iter()
            .filter(|(path, bytes)| next.get(*path).is_none_or(|old| old != *bytes))
            .map(|(path, _)| url_of(path))
            .collect();
        changed.extend(removed.iter().map(|path| url_of(path)));
        changed.sort();
        next.extend(rendered);
        let model = SiteVersion {
            prepared,
            engine: Arc::clone(&model.engine),
            today: model.today,
        };
        Some((Arc::new(model), next, Changed::Pages(changed)))
    }
}

/// The advisory folder a changed path is in, if it is in one.
fn advisory_of(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let expect = |c: Option<Component>, name: &str| c.is_some_and(|c| c.as_os_str() == name);
    if !expect(parts.next(), CONTENT_DIR) || !expect(parts.next(), "advisories") {
        return None;
    }
    parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
}

fn internal_error() -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new("(redflag)"),
        Position::default(),
        "internal error while rebuilding",
    )
    .with_hint("this is a bug in redflag: please report it with the file you just saved")
}

/// The URL paths whose file differs between two renderings.
fn changed_pages(before: &HashMap<String, File>, after: &HashMap<String, File>) -> Changed {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path).is_none_or(|old| old != *bytes))
        .map(|(path, _)| path.clone())
        .chain(before.keys().filter(|p| !after.contains_key(*p)).cloned())
        .collect();
    // A changed stylesheet or script can alter every page.
    if changed
        .iter()
        .any(|p| p.ends_with(".css") || p.ends_with(".js"))
    {
        return Changed::Everything;
    }
    changed.retain(|p| p.ends_with(".html"));
    changed.sort();
    Changed::Pages(changed.iter().map(|p| url_of(p)).collect())
}

/// The URL path of an output file: `fr/x/index.html` → `/fr/x/`.
pub fn url_of(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> HashMap<String, File> {
        pairs
            .iter()
            .map(|(p, b)| ((*p).to_owned(), File::from(b.as_bytes())))
            .collect()
    }

    #[test]
    fn reports_changed_added_and_removed_pages() {
        let before = files(&[
            ("index.html", "a"),
            ("x/index.html", "b"),
            ("gone/index.html", "c"),
        ]);
        let after = files(&[
            ("index.html", "a"),
            ("x/index.html", "B"),
            ("new/index.html", "d"),
        ]);
        assert_eq!(
            changed_pages(&before, &after),
            Changed::Pages(vec!["/gone/".into(), "/new/".into(), "/x/".into()])
        );
        let css = files(&[("index.html", "a"), ("static/style.css", "x")]);
        assert_eq!(
            changed_pages(&files(&[("index.html", "a")]), &css),
            Changed::Everything
        );
    }

    #[test]
    fn finds_the_advisory_of_a_path() {
        let root = Path::new("/site");
        assert_eq!(
            advisory_of(root, Path::new("/site/content/advisories/x/index.fr.md")).as_deref(),
            Some("x")
        );
        assert_eq!(
            advisory_of(root, Path::new("/site/content/advisories/x")).as_deref(),
            Some("x")
        );
        assert_eq!(
            advisory_of(root, Path::new("/site/content/contacts.yaml")),
            None
        );
        assert_eq!(advisory_of(root, Path::new("/site/site.toml")), None);
        assert_eq!(
            advisory_of(root, Path::new("/site/content/advisories")),
            None
        );
    }
}
