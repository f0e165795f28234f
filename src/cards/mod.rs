//! Share cards and campus-screen slides: the plan's [`ShareJob`]s → PNG images typeset in-process
//! by typst from the theme's `share/card.typ` and `share/slide.typ`, with the posters' fonts
//! (Arabic shaped right to left, CJK broken between characters). Images whose file (named by
//! the digest of their inputs) the previous build wrote intact are reused, not typeset again.
//! Rendering reads no file and the output is byte-for-byte reproducible.

mod cache;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::output::Sink;
use crate::plan::share::{PIXELS_PER_PT, ShareJob, ShareKind};
use crate::poster::{Evictions, Typesetter, encode_png, typeset_each};
use crate::theme::Theme;
pub use cache::{NoShareCache, PreviousShare, SHARE_MANIFEST, ShareCache};

/// The largest card a messaging app shows (WhatsApp shows none above 300 KB).
pub const MAX_CARD_BYTES: usize = 300 * 1024;

/// What making the share images did.
#[derive(Debug, Clone, Default)]
pub struct ShareSummary {
    /// Images written.
    pub images: usize,
    /// Of those, how many were typeset (the others were reused unchanged).
    pub rendered: usize,
    /// Wall time spent.
    pub elapsed: Duration,
}

/// Typesets `jobs` in parallel and writes each PNG, and the manifest of what was written, to
/// `sink`.
pub fn render_share(
    theme: &Theme,
    jobs: &[ShareJob],
    cache: &dyn ShareCache,
    sink: &dyn Sink,
) -> Result<ShareSummary, Vec<Diagnostic>> {
    if jobs.is_empty() {
        return Ok(ShareSummary::default());
    }
    let started = Instant::now();
    let engines: Vec<(ShareKind, Typesetter)> =
        [ShareKind::Card, ShareKind::Landscape, ShareKind::Portrait]
            .into_iter()
            .filter(|kind| jobs.iter().any(|j| j.kind == *kind))
            .filter_map(|kind| Some((kind, Typesetter::for_template(theme, kind.template())?)))
            .collect();
    let evictions = Evictions::default();
    let results = typeset_each(jobs, |job| {
        let engine = engines.iter().find(|(k, _)| *k == job.kind).map(|(_, e)| e);
        make(engine, job, (cache, &evictions), sink)
    });
    typst::comemo::evict(0);
    let mut manifest = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    let mut rendered = 0;
    for result in results {
        match result {
            Ok((path, digest, typeset)) => {
                rendered += usize::from(typeset);
                manifest.insert(path, digest);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    if !errors.is_empty() {
        errors.dedup();
        return Err(errors);
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    sink.write(SHARE_MANIFEST, &manifest)
        .map_err(|err| vec![write_error(SHARE_MANIFEST, &err)])?;
    Ok(ShareSummary {
        images: jobs.len(),
        rendered,
        elapsed: started.elapsed(),
    })
}

/// Makes one image (or reuses it), writes it; returns its path, digest and whether it was
/// typeset.
fn make(
    engine: Option<&Typesetter>,
    job: &ShareJob,
    (cache, evictions): (&dyn ShareCache, &Evictions),
    sink: &dyn Sink,
) -> Result<(String, String, bool), Vec<Diagnostic>> {
    let (png, typeset) = match cache.get(&job.path) {
        Some(png) => (png, false),
        None => {
            let engine = engine.ok_or_else(|| vec![template_error(job, "no template".into())])?;
            let png = typeset_png(engine, job);
            evictions.after_document();
            (png?, true)
        }
    };
    sink.write(&job.path, &png)
        .map_err(|err| vec![write_error(&job.path, &err)])?;
    Ok((job.path.clone(), crate::output::file_digest(&png), typeset))
}

/// Compiles the template with the job's data and renders its one page to PNG at the planned
/// size.
fn typeset_png(engine: &Typesetter, job: &ShareJob) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let document = engine.compile(&job.data(), &[]).map_err(|messages| {
        messages
            .into_iter()
            .map(|m| {
                let (line, column) = m.at.unwrap_or((0, 0));
                let file = m.file.unwrap_or_else(|| {
                    PathBuf::from(format!("(built-in theme)/{}", job.kind.template()))
                });
                Diagnostic::error(
                    Code::Template,
                    &file,
                    Position::new(line, column),
                    format!("share image {}: {}", job.path, m.message),
                )
            })
            .collect::<Vec<_>>()
    })?;
    let [page] = document.pages() else {
        return Err(vec![template_error(
            job,
            format!(
                "the template made {} pages; a share image is one page",
                document.pages().len()
            ),
        )]);
    };
    let options = typst_render::RenderOptions {
        pixel_per_pt: PIXELS_PER_PT.into(),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let expected = job.kind.pixels();
    if [pixmap.width(), pixmap.height()] != expected {
        return Err(vec![template_error(
            job,
            format!(
                "the page is {} × {} pixels; it must be {} × {} (use the size in `data.page`)",
                pixmap.width(),
                pixmap.height(),
                expected[0],
                expected[1]
            ),
        )]);
    }
    let png = encode_png(pixmap).map_err(|err| {
        vec![template_error(
            job,
            format!("cannot encode the PNG: {err:?}"),
        )]
    })?;
    if job.kind == ShareKind::Card && png.len() > MAX_CARD_BYTES {
        return Err(vec![template_error(
            job,
            format!(
                "the card is {} KB; messaging apps show no card above {} KB (use fewer colours and no photographs)",
                png.len() / 1024,
                MAX_CARD_BYTES / 1024
            ),
        )]);
    }
    Ok(png)
}

fn template_error(job: &ShareJob, message: String) -> Diagnostic {
    Diagnostic::error(
        Code::Template,
        Path::new(job.kind.template()),
        Position::default(),
        format!("share image {}: {message}", job.path),
    )
}

fn write_error(path: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        Path::new(path),
        Position::default(),
        format!("cannot write the share image: {err}"),
    )
    .with_hint("check the free disk space and the permissions of the output folder")
}
