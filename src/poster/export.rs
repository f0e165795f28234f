//! Writing a laid-out poster: the PDF (reproducible: its date is the advisory's, its id the
//! poster's path) and the PNG preview the advisory page shows.

use typst::foundations::{Datetime, Smart};

use super::{PREVIEW_PIXELS_PER_PT, PosterJob, advisory_error};
use crate::diagnostics::Diagnostic;
use crate::model::Advisory;

/// The poster as PDF.
pub fn export_pdf(
    document: &typst_layout::PagedDocument,
    advisory: &Advisory,
    job: &PosterJob,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let date = advisory.last_modified();
    let timestamp = Datetime::from_ymd(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
    .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(job.path.clone()),
        creator: Smart::Custom(Some("redflag".into())),
        timestamp,
        ..Default::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                advisory_error(
                    advisory,
                    &job.languages[0],
                    format!("cannot write the poster {}: {}", job.path, e.message),
                )
            })
            .collect()
    })
}

/// The poster's PNG preview (empty if it cannot be rendered).
pub fn export_png(document: &typst_layout::PagedDocument) -> Vec<u8> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: PREVIEW_PIXELS_PER_PT.into(),
        render_bleed: false,
    };
    document
        .pages()
        .first()
        .map(|page| typst_render::render(page, &options))
        .and_then(|pixmap| pixmap.encode_png().ok())
        .unwrap_or_default()
}
