//! Checks of one poster beyond fitting it on a page: an institution's poster carries an
//! emergency number, and the laid-out page prints no text below 12 pt, nothing off the printable
//! area and no text over other text. Each failure is an error naming what to change.

use std::path::PathBuf;

use super::content::PosterInput;
use super::fit::describe_poster;
use super::{MIN_TEXT_PT, PosterJob, TEMPLATE, advisory_error, fields, inspect};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::model::ContactKind;

/// An institution's poster must carry an emergency number: campus numbers alone send a student
/// in danger to an office that may be closed.
pub fn check_emergency(input: &PosterInput, job: &PosterJob) -> Result<(), Vec<Diagnostic>> {
    let Some(institution) = input.institution else {
        return Ok(());
    };
    if input
        .contacts()
        .iter()
        .any(|c| c.kind == ContactKind::Emergency)
    {
        return Ok(());
    }
    let config = &input.site.config;
    Err(vec![
        Diagnostic::error(
            Code::Poster,
            &config.file,
            institution.at,
            format!(
                "institution `{}`: its poster {} has no emergency number (a contact of kind `emergency`)",
                institution.id, job.path
            ),
        )
        .with_hint("add an emergency contact such as `emergency` (911) to the institution's `contacts` in site.toml"),
    ])
}

/// Text below 12 pt (a template's doing) and text that runs off the printable page (a word too
/// long for its line) are errors: the first is unreadable on a notice board, the second is cut
/// off by the printer.
pub fn check_layout(
    document: &typst_layout::PagedDocument,
    input: &PosterInput,
    job: &PosterJob,
    languages: &[&Language],
) -> Result<(), Vec<Diagnostic>> {
    let Some(page) = document.pages().first() else {
        return Ok(());
    };
    let runs = inspect::text_runs(&page.frame);
    let mut errors = Vec::new();
    if let Some(run) = inspect::too_small(&runs).first() {
        errors.push(
            Diagnostic::error(
                Code::Template,
                &PathBuf::from(format!("(theme)/{TEMPLATE}")),
                Position::default(),
                format!(
                    "poster template: {} prints `{}` at {:.1} pt, below the {MIN_TEXT_PT} pt every poster text must have",
                    job.path,
                    run.text.trim(),
                    run.size
                ),
            )
            .with_hint("set every text of the poster template to at least 12 pt"),
        );
    }
    let width = page.frame.width().to_pt();
    let fields = fields::poster_fields(input);
    if let Some(run) = inspect::off_the_page(&runs, width).first() {
        let poster = describe_poster(input, job, languages);
        let message = |what: &str| {
            format!(
                "{poster} does not fit across the page: {what} has `{}`, which cannot break and runs off the printable area",
                run.text.trim()
            )
        };
        let diagnostic = match fields::field_holding(&fields, &run.text) {
            Some(field) => field.error(message(&field.name)),
            None => advisory_error(input.advisory, &job.languages[0], message("a text")),
        };
        errors.push(diagnostic.with_hint(
            "put spaces in the long text, or shorten it (a wallet address or web address can go on the advisory page instead)",
        ));
    }
    if let Some((a, b)) = inspect::overlapping(&runs) {
        let name = |run: &inspect::TextRun| match fields::field_holding(&fields, &run.text) {
            Some(field) => format!(
                "`{}` ({} in {})",
                run.text.trim(),
                field.name,
                field.file.display()
            ),
            None => format!("`{}`", run.text.trim()),
        };
        errors.push(
            advisory_error(
                input.advisory,
                &job.languages[0],
                format!(
                    "{} prints two texts on top of each other: {} and {}",
                    describe_poster(input, job, languages),
                    name(a),
                    name(b)
                ),
            )
            .with_hint("shorten the longer text: it does not fit the box the poster has for it"),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
