//! Fitting a poster on one page: the largest type that fits, leaving out as little as possible,
//! in the order `PosterInput::drop_order` gives; what was left out is reported (a warning, an
//! error with `[posters] drop = "error"`, an error when the action is lost); a poster that does
//! not fit at all names the field to shorten.

use super::content::{Omit, PosterData, PosterInput, languages_label, poster_data};
use super::fields::{FieldKind, PosterField, poster_fields};
use super::world::Typesetter;
use super::{MIN_BODY_PT, PosterJob, advisory_error, template_error};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Language;
use crate::model::PosterPart;
use crate::model::{DropPolicy, PaperSize, PosterLayout};

/// A poster laid out on one page.
pub struct Fitted {
    /// The layout.
    pub document: typst_layout::PagedDocument,
    /// What it left out.
    pub omitted: Omit,
}

/// Body sizes to try, largest first: shrink by a tenth at a time, down to 14 pt. A notice
/// starts larger: it is read from two metres.
fn body_sizes(size: PaperSize, layout: PosterLayout, bilingual: bool) -> Vec<f64> {
    let paper = (size.dimensions_pt()[0] / 612.0).min(size.dimensions_pt()[1] / 792.0);
    let start = match (layout, bilingual) {
        (PosterLayout::Notice, _) => 30.0,
        (PosterLayout::Handout, true) => 16.0,
        (PosterLayout::Handout, false) => 20.0,
    } * paper;
    let mut sizes = Vec::new();
    let mut body = start.max(MIN_BODY_PT);
    while body > MIN_BODY_PT {
        let rounded = (body * 10.0).round() / 10.0;
        if rounded > MIN_BODY_PT {
            sizes.push(rounded);
        }
        body *= 0.9;
    }
    sizes.push(MIN_BODY_PT);
    sizes
}

/// The poster laid out on one page, if `data` fits.
fn compile(
    engine: &Typesetter,
    input: &PosterInput,
    data: &PosterData,
) -> Result<Option<typst_layout::PagedDocument>, Vec<Diagnostic>> {
    let qr: Vec<String> = input.qr.iter().map(|q| q.svg.clone()).collect();
    let json = serde_json::to_vec(data).expect("poster data serialises");
    let document = engine
        .compile(&json, &qr)
        .map_err(|messages| messages.into_iter().map(template_error).collect::<Vec<_>>())?;
    Ok((document.pages().len() == 1).then_some(document))
}

/// Lays the poster out on one page: the largest type that fits, leaving out as little as
/// possible; an error naming the field to shorten when nothing fits.
pub fn fit(
    engine: &Typesetter,
    input: &PosterInput,
    job: &PosterJob,
    languages: &[&Language],
) -> Result<Fitted, Vec<Diagnostic>> {
    let sizes = body_sizes(job.size, job.layout, languages.len() > 1);
    // Most posters fit with nothing left out: look for their size at once.
    if let Some(document) = largest_fitting(engine, input, &sizes, Omit::NOTHING, None)? {
        return Ok(Fitted {
            document,
            omitted: Omit::NOTHING,
        });
    }
    let order = input.drop_order();
    let mut dropped = Omit::NOTHING;
    for (count, &part) in order.iter().enumerate() {
        dropped = dropped.with(part);
        // The smallest type first: when even that overflows, leave out more before trying others.
        let Some(mut smallest) = compile(engine, input, &poster_data(input, MIN_BODY_PT, dropped))?
        else {
            continue;
        };
        // Then give back what the last part's room lets in again: leaving out the prevention
        // tips may leave room for the summary left out before them.
        let mut omit = dropped;
        for &earlier in order.iter().take(count).rev() {
            if let Some(document) = compile(
                engine,
                input,
                &poster_data(input, MIN_BODY_PT, omit.without(earlier)),
            )? {
                omit = omit.without(earlier);
                smallest = document;
            }
        }
        let document = largest_fitting(engine, input, &sizes, omit, Some(smallest))?
            .expect("the smallest size is known to fit");
        return Ok(Fitted {
            document,
            omitted: omit,
        });
    }
    Err(too_full(engine, input, job, languages, dropped)?)
}

/// The poster laid out at the largest of `sizes` (largest first) that fits with `omit`, or
/// `None` when none does. `smallest` is its layout at the last size when that is known to fit.
fn largest_fitting(
    engine: &Typesetter,
    input: &PosterInput,
    sizes: &[f64],
    omit: Omit,
    smallest: Option<typst_layout::PagedDocument>,
) -> Result<Option<typst_layout::PagedDocument>, Vec<Diagnostic>> {
    first_that_fits(sizes.len(), smallest, |index| {
        compile(engine, input, &poster_data(input, sizes[index], omit))
    })
}

/// The layout at the first of `count` sizes (largest first) that fits, laid out by `at` (`None`
/// when it overflows), or `None` when none does; `last` is the layout at the last size when it
/// is known to fit. The largest is tried first (it often fits), then the rest are bisected.
fn first_that_fits<D, E>(
    count: usize,
    last: Option<D>,
    mut at: impl FnMut(usize) -> Result<Option<D>, E>,
) -> Result<Option<D>, E> {
    let end = count.saturating_sub(1);
    // Sizes before `fails` overflow; the one at `fits` fits (`count`: none known to).
    let mut fails = 0;
    let mut fits = if last.is_some() { end } else { count };
    let mut best = last;
    while fails < fits {
        let probe = if fails == 0 {
            0
        } else {
            (fails + fits.min(end)) / 2
        };
        match at(probe)? {
            Some(document) => {
                best = Some(document);
                fits = probe;
            }
            None => fails = probe + 1,
        }
    }
    Ok(best)
}

/// The error for a poster that does not fit even with 14 pt text and everything left out that
/// may be: names each field that, shortened alone, would let it fit.
fn too_full(
    engine: &Typesetter,
    input: &PosterInput,
    job: &PosterJob,
    languages: &[&Language],
    everything: Omit,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let fields = poster_fields(input);
    let full = poster_data(input, MIN_BODY_PT, everything);
    let poster = describe_poster(input, job, languages);
    let mut diagnostics = Vec::new();
    for kind in [
        FieldKind::SiteTitle,
        FieldKind::Institution,
        FieldKind::Headline,
        FieldKind::RedFlag,
    ] {
        let longest = fields
            .iter()
            .filter(|f| f.kind == kind)
            .max_by_key(|f| f.text.chars().count());
        let Some(field) = longest else {
            continue;
        };
        let mut shorter = full.clone();
        shorten(&mut shorter, kind);
        if compile(engine, input, &shorter)?.is_some() {
            diagnostics.push(too_long(field, &poster));
        }
    }
    if diagnostics.is_empty() {
        let advisory = input.advisory;
        diagnostics.push(
            advisory_error(
                advisory,
                &job.languages[0],
                format!(
                    "advisory `{}`: {poster} does not fit on one page, even with {MIN_BODY_PT} pt text and without {}",
                    advisory.slug,
                    everything.describe()
                ),
            )
            .with_hint(
                "shorten the poster's text: a short `poster: headline:`, fewer and shorter red flags",
            ),
        );
    }
    Ok(diagnostics)
}

/// `data` with every text of `kind` cut to one letter.
fn shorten(data: &mut PosterData, kind: FieldKind) {
    for block in &mut data.blocks {
        match kind {
            FieldKind::SiteTitle => block.site_title.text = "X".into(),
            FieldKind::Institution => {
                if let Some(name) = &mut block.institution {
                    name.text = "X".into();
                }
            }
            FieldKind::Headline => block.headline.text = "X".into(),
            _ => block.red_flags.list.items = vec!["X".into()],
        }
    }
}

fn too_long(field: &PosterField, poster: &str) -> Diagnostic {
    let hint = match field.kind {
        FieldKind::SiteTitle => "give the site a shorter title (a table per language is fine)",
        FieldKind::Institution => {
            "give the institution a shorter name: the poster prints it in full"
        }
        FieldKind::Headline => {
            "write a shorter `poster: headline:` (one line of about 60 characters)"
        }
        _ => "write fewer and shorter red flags (one line each is best)",
    };
    field
        .error(format!(
            "{poster} does not fit on one page: {} is too long ({} characters)",
            field.name,
            field.text.chars().count()
        ))
        .with_hint(hint)
}

/// "the en+zh-Hans poster (letter, for northgate-college)".
pub fn describe_poster(input: &PosterInput, job: &PosterJob, languages: &[&Language]) -> String {
    format!(
        "the {} poster ({}{})",
        languages_label(languages),
        job.size.id(),
        input
            .institution
            .map(|i| format!(", for {}", i.id))
            .unwrap_or_default()
    )
}

/// What a fitted poster left out, reported: an error when the action is lost (no headline
/// marked `action: true`), an info for the parts `poster: optional` allows, else a warning (an
/// error with `[posters] drop = "error"`).
pub fn left_out_diagnostics(
    input: &PosterInput,
    job: &PosterJob,
    omitted: Omit,
) -> Vec<Diagnostic> {
    let advisory = input.advisory;
    let options = &advisory.poster;
    let at = |message: String| Diagnostic {
        code: Code::PosterLeftOut,
        ..advisory_error(advisory, &job.languages[0], message)
    };
    let mut diagnostics = Vec::new();
    let (mut allowed, mut unplanned) = (Omit::NOTHING, Omit::NOTHING);
    for part in omitted.parts() {
        if part == PosterPart::IfTargeted && !options.action {
            diagnostics.push(
                at(format!(
                    "{} leaves out 'If it has happened to you' to fit on one page, and its headline is not marked as saying what to do",
                    job.path
                ))
                .with_hint(
                    "write a `poster: headline:` that says what to do (\"Kidnapping call? Call police right away. Do not send money.\") and add `action: true` under `poster:`, or shorten the red flags",
                ),
            );
        } else if part == PosterPart::IfTargeted || options.optional.contains(&part) {
            allowed = allowed.with(part);
        } else {
            unplanned = unplanned.with(part);
        }
    }
    if !unplanned.is_empty() {
        let diagnostic = at(format!(
            "{} leaves out {} to fit on one page",
            job.path,
            unplanned.describe()
        ))
        .with_hint(format!(
            "shorten the headline or the red flags, or list them under `poster: optional:` ({}) if leaving them out is fine",
            unplanned.parts().iter().map(|p| p.id()).collect::<Vec<_>>().join(", ")
        ));
        diagnostics.push(match input.site.config.posters.drop {
            DropPolicy::Warning => diagnostic.as_warning(),
            DropPolicy::Error => diagnostic,
        });
    }
    if !allowed.is_empty() {
        diagnostics.push(
            at(format!(
                "{} leaves out {} (the advisory allows it)",
                job.path,
                allowed.describe()
            ))
            .as_info(),
        );
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::{MIN_BODY_PT, body_sizes, first_that_fits};
    use crate::model::{PaperSize, PosterLayout};

    #[test]
    fn body_sizes_shrink_at_every_step_down_to_the_smallest_once() {
        for size in PaperSize::ALL {
            for layout in [PosterLayout::Handout, PosterLayout::Notice] {
                for bilingual in [false, true] {
                    let sizes = body_sizes(size, layout, bilingual);
                    assert!(
                        sizes.windows(2).all(|pair| pair[0] > pair[1]),
                        "{size:?} {layout:?} bilingual {bilingual}: {sizes:?}"
                    );
                    assert_eq!(sizes.last(), Some(&MIN_BODY_PT), "{sizes:?}");
                }
            }
        }
    }

    /// The probes `first_that_fits` makes when sizes from `threshold` on fit, and its answer.
    fn search(count: usize, threshold: usize, last_known: bool) -> (Option<usize>, Vec<usize>) {
        let mut probes = Vec::new();
        let last = (last_known && threshold < count).then_some(count - 1);
        let found = first_that_fits(count, last, |index| {
            probes.push(index);
            Ok::<_, ()>((index >= threshold).then_some(index))
        });
        (found.expect("no error"), probes)
    }

    #[test]
    fn the_first_size_that_fits_is_found_trying_the_largest_first() {
        for count in 1..=8 {
            for threshold in 0..=count {
                for last_known in [false, true] {
                    let (found, probes) = search(count, threshold, last_known);
                    let expected = (threshold < count).then_some(threshold);
                    assert_eq!(found, expected, "{count} sizes, fits from {threshold}");
                    assert!(probes.first().is_none_or(|first| *first == 0), "{probes:?}");
                    let mut unique = probes.clone();
                    unique.sort_unstable();
                    unique.dedup();
                    assert_eq!(
                        unique.len(),
                        probes.len(),
                        "a size laid out twice: {probes:?}"
                    );
                }
            }
        }
        // Most posters fit at the largest size: one layout, not a first one at the smallest.
        assert_eq!(search(5, 0, false).1, vec![0]);
        // Else the rest is bisected: 20 pt overflows, 16.2 fits, 18 overflows.
        assert_eq!(search(5, 2, false).1, vec![0, 2, 1]);
    }
}
