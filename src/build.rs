//! The verbs the command line runs: `build` (load → render → index for search → write, swapped
//! in atomically); `check` (in `crate::check`) renders into memory with the same `load` and
//! `render_into`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::cards::{PreviousShare, ShareSummary, render_share};
use crate::content::{LoadOptions, load_site};
use crate::diagnostics::Diagnostic;
use crate::output::{OutputError, Sink, Staging, Wait};
use crate::plan::Prepared;
use crate::plan::bundles::{BundleJob, plan_bundles};
use crate::plan::posters::{PosterJob, left_out};
use crate::poster::{NoCache, PosterCache, PosterSummary, PreviousPosters, render_posters};
use crate::render::cache::{NoPageCache, PageCache, PreviousPages};
use crate::render::{RenderOptions, RenderSummary, render_site};
use crate::search::{self, NoSearchCache, PreviousSearch, SearchCache, SearchSummary};
use crate::theme::Theme;

/// What `build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root.
    pub root: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Today's date (expiry notices).
    pub today: Date,
    /// What to do when another command is writing the same output.
    pub wait: Wait,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages and files written.
    pub summary: RenderSummary,
    /// The search index (`None` with `search = false`).
    pub search: Option<SearchSummary>,
    /// Posters written.
    pub posters: PosterSummary,
    /// The share cards and screen slides.
    pub share: ShareSummary,
    /// Advisories built.
    pub advisories: usize,
    /// Languages built.
    pub languages: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content, configuration or theme has errors (all of them).
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
    /// The output directory could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Loads the site and its theme as `options` ask, and prepares them once: the theme's UI
/// strings (their errors are load errors, like content errors) and the plans of posters and
/// share images.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Prepared, Vec<Diagnostic>> {
    let site = load_site(root, options)?;
    let theme = Theme::load(root, &site.config.theme).map_err(|d| vec![d])?;
    Prepared::new(site, theme)
}

/// Builds the site into `options.out`; on any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let load_options = LoadOptions {
        drafts: options.drafts,
        base_url: options.base_url.clone(),
    };
    let prepared = load(&options.root, &load_options).map_err(BuildError::Content)?;
    let site = &prepared.site;
    let staging = Staging::create(&options.out, &options.root, options.wait)?;
    let previous = Previous {
        posters: &PreviousPosters::open(&options.out),
        search: &PreviousSearch::open(&options.out),
        pages: &PreviousPages::open(&options.out),
    };
    let Rendered {
        mut summary,
        search,
        posters,
    } = render_into(&prepared, options.today, &previous, &staging.sink())
        .map_err(BuildError::Content)?;
    if let Some(backend) = &site.config.cms {
        // `[cms]`: the content manager, as `redflag cms` writes it.
        summary.files +=
            crate::cms::write_admin(site, backend, &staging.sink()).map_err(|source| {
                OutputError::Io {
                    action: "write the content manager into",
                    path: options.out.join(crate::cms::ADMIN),
                    source,
                }
            })?;
    }
    let share = write_share(
        &prepared,
        &PreviousShare::open(&options.out),
        &staging.sink(),
    )
    .map_err(BuildError::Content)?;
    staging.commit()?;
    Ok(BuildReport {
        summary,
        search,
        posters,
        share,
        advisories: site.advisories.len(),
        languages: site.config.languages.len(),
        elapsed: started.elapsed(),
    })
}

/// What a previous build left that the next one reuses when its inputs are unchanged.
pub struct Previous<'a> {
    /// Its posters.
    pub posters: &'a dyn PosterCache,
    /// Its search index, language by language.
    pub search: &'a dyn SearchCache,
    /// Its pages.
    pub pages: &'a dyn PageCache,
}

impl Previous<'static> {
    /// Nothing to reuse: everything is made afresh.
    pub fn none() -> Previous<'static> {
        Previous {
            posters: &NoCache,
            search: &NoSearchCache,
            pages: &NoPageCache,
        }
    }
}

/// What `render_into` made.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Pages and files written.
    pub summary: RenderSummary,
    /// The search index (`None` with `search = false`).
    pub search: Option<SearchSummary>,
    /// Posters written.
    pub posters: PosterSummary,
}

/// Renders a loaded site into any sink: everything a build writes (pages, feeds, assets, the
/// search index, posters), reusing what `previous` holds for unchanged inputs.
pub fn render_into(
    prepared: &Prepared,
    today: Date,
    previous: &Previous,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    let (summary, search) = render_web(prepared, today, previous, sink)?;
    let (site, jobs) = (&prepared.site, &prepared.posters);
    let bundles = match site.config.posters.bundle {
        true => plan_bundles(site, jobs),
        false => Vec::new(),
    };
    let mut posters = write_posters(prepared, (jobs, &bundles), previous.posters, sink)?;
    posters.left_out = left_out(site, &prepared.theme);
    Ok(Rendered {
        summary,
        search,
        posters,
    })
}

/// Renders the web site into any sink: pages, feeds, assets and the search index (unless
/// `search = false`); no posters. A page or a language's index that `previous` holds for the
/// same inputs is not made again.
pub fn render_web(
    prepared: &Prepared,
    today: Date,
    previous: &Previous,
    sink: &dyn Sink,
) -> Result<(RenderSummary, Option<SearchSummary>), Vec<Diagnostic>> {
    let options = RenderOptions { today };
    let mut summary = render_site(prepared, options, Some(previous.pages), sink)?;
    if !prepared.site.config.search {
        return Ok((summary, None));
    }
    let search = search::write_index(&prepared.site, previous.search, sink).map_err(|d| vec![d])?;
    summary.files += search.files;
    Ok((summary, Some(search)))
}

/// Typesets posters, then the print-shop bundles of some of them, into `sink` (the build's, or
/// `redflag posters`' output folder).
pub fn write_posters(
    prepared: &Prepared,
    jobs: (&[PosterJob], &[BundleJob]),
    cache: &dyn PosterCache,
    sink: &dyn Sink,
) -> Result<PosterSummary, Vec<Diagnostic>> {
    let Prepared {
        site, theme, ui, ..
    } = prepared;
    render_posters(site, theme, ui, jobs, cache, sink)
}

/// Typesets the share cards and slides the plan lists into `sink`.
pub fn write_share(
    prepared: &Prepared,
    cache: &dyn crate::cards::ShareCache,
    sink: &dyn Sink,
) -> Result<ShareSummary, Vec<Diagnostic>> {
    render_share(&prepared.theme, &prepared.share, cache, sink)
}
