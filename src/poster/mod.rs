//! Printable posters: the `Site` model → one-page PDFs (and PNG previews) typeset in-process by
//! typst from the theme's `poster/poster.typ`, with the theme's bundled fonts.
//!
//! `plan_posters` says which posters a build makes and where they go (the advisory pages link to
//! them); `render_posters` typesets them in parallel and hands them to a `Sink`. A poster that
//! does not fit on one page first gets smaller type (never below 14 pt), then loses its
//! lowest-priority sections (reported), and otherwise fails with an error naming the field to
//! shorten. Emergency numbers come first on every poster; an institution poster without one is
//! an error. Text below 12 pt and text that runs off the page are errors. A poster with text
//! that no font of the theme can show is not made (`coverage`): it is reported on its own and
//! the rest of the site is written. Rendering reads no file and the output is byte-for-byte
//! reproducible.

mod bundle;
mod cache;
mod checks;
mod content;
mod coverage;
mod evictions;
mod export;
mod fields;
mod fit;
mod inspect;
mod qr;
mod render;
mod select;
mod typeset;
mod workers;
mod world;

use std::path::PathBuf;
use std::time::Duration;

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::{Advisory, PaperSize};
use crate::plan::posters::{PosterJob, TEMPLATE};
pub use cache::{
    CACHE_MANIFEST, CachedPoster, ManifestEntry, NoCache, PosterCache, PreviousPosters,
};
pub use content::{Omit, PosterData, breakable, short_url};
pub use coverage::check_poster_coverage;
pub use evictions::Evictions;
pub use export::{ACCESSIBILITY, encode_png};
pub use inspect::{MIN_TEXT_PT, PRINTABLE_INSET_PT};
pub use qr::{QrError, QrSvg, qr_svg};
pub use render::render_posters;
pub use select::{SelectionError, select_posters};
pub use workers::typeset_each;
pub use world::Typesetter;

/// The smallest body text a poster may have, in points (clear-print guidelines).
pub const MIN_BODY_PT: f64 = 14.0;

/// Which posters `redflag posters` makes; empty fields select everything the build makes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only this institution's posters.
    pub institution: Option<String>,
    /// These languages (one, or two for a bilingual poster).
    pub languages: Vec<String>,
    /// These sizes instead of `[posters] sizes`.
    pub sizes: Vec<PaperSize>,
    /// Only these advisories (slugs).
    pub advisories: Vec<String>,
}

/// What rendering posters produced.
#[derive(Debug, Clone, Default)]
pub struct PosterSummary {
    /// PDFs written.
    pub posters: usize,
    /// Print-shop bundles written (one PDF per institution and size).
    pub bundles: usize,
    /// Of those, how many were reused unchanged from the previous output.
    pub bundles_unchanged: usize,
    /// Of those, how many were typeset (the others were unchanged and reused).
    pub rendered: usize,
    /// Wall time spent typesetting, exporting and writing them.
    pub elapsed: Duration,
    /// The slowest single poster.
    pub slowest: Duration,
    /// What posters left out to fit on one page (warnings; infos for what the advisory allows).
    pub diagnostics: Vec<Diagnostic>,
    /// Posters the site's settings leave out, by reason (see [`crate::plan::posters::left_out`]).
    pub left_out: Vec<(&'static str, usize)>,
    /// Errors of the posters that could not be made because no bundled font covers some of
    /// their text; the rest of the site is made without them (and links none of them).
    pub not_made: Vec<Diagnostic>,
}

/// An error about an advisory, located in its text in `lang` (or its source file).
fn advisory_error(advisory: &Advisory, lang: &str, message: String) -> Diagnostic {
    let file = advisory
        .texts
        .get(lang)
        .unwrap_or_else(|| advisory.source())
        .file
        .clone();
    Diagnostic::error(Code::Poster, &file, Position::default(), message)
}

fn template_error(message: world::TypstMessage) -> Diagnostic {
    let (line, column) = message.at.unwrap_or((0, 0));
    let file = message
        .file
        .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/{TEMPLATE}")));
    Diagnostic::error(
        Code::Template,
        &file,
        Position::new(line, column),
        format!("poster template: {}", message.message),
    )
}
