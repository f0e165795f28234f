//! Font coverage of a poster: every character it prints must be in a font of the theme. A
//! poster with characters no font covers is not made (RF041, one error per language naming the
//! characters); the pages link only the posters that pass, and the rest of the site is written.

use super::content::{self, PosterData, PosterInput, poster_data};
use super::{MIN_BODY_PT, Omit, PosterJob, advisory_error};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::UiStrings;
use crate::model::Site;
use crate::plan::urls::{PageKind, Urls};
use crate::theme::{FontSet, describe_chars};
use crate::views::Localizer;

/// Most missing characters an error lists.
const MAX_SHOWN_CHARS: usize = 20;

/// Whether every character of a poster is in some bundled font (`Ok`), or the errors naming its
/// languages and the characters no font covers. Typesetting checks this first; advisory pages
/// link only the posters that pass.
pub fn check_poster_coverage(
    site: &Site,
    ui: &UiStrings,
    fonts: &FontSet,
    urls: &Urls,
    job: &PosterJob,
) -> Result<(), Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let input = PosterInput {
        site,
        advisory,
        institution: job.institution.map(|i| &site.config.institutions[i]),
        localizers: job
            .languages
            .iter()
            .filter_map(|tag| site.config.language(tag))
            .map(|lang| Localizer { site, ui, lang })
            .collect(),
        urls: job
            .languages
            .iter()
            .filter_map(|tag| site.config.language(tag))
            .map(|l| urls.absolute(&PageKind::Advisory(advisory.slug.clone()), l))
            .collect(),
        qr: Vec::new(),
        size: job.size,
        layout: job.layout,
    };
    check_coverage(
        fonts,
        site,
        job,
        &poster_data(&input, MIN_BODY_PT, Omit::NOTHING),
    )
}

/// Every character of the poster must be in a bundled font: name the language, the poster and
/// the characters, and say where a font goes.
pub fn check_coverage(
    fonts: &FontSet,
    site: &Site,
    job: &PosterJob,
    data: &PosterData,
) -> Result<(), Vec<Diagnostic>> {
    let advisory = &site.advisories[job.advisory];
    let mut by_language: Vec<(&str, Vec<char>)> = Vec::new();
    for (text, lang) in content::texts(data) {
        for c in fonts.missing_chars(text) {
            match by_language.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, chars)) if !chars.contains(&c) => chars.push(c),
                Some(_) => {}
                None => by_language.push((lang, vec![c])),
            }
        }
    }
    if by_language.is_empty() {
        return Ok(());
    }
    let theme = &site.config.theme;
    Err(by_language
        .into_iter()
        .map(|(lang, chars)| {
            let shown: Vec<char> = chars.iter().copied().take(MAX_SHOWN_CHARS).collect();
            let more = chars.len().saturating_sub(shown.len());
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            Diagnostic {
                code: Code::MissingGlyphs,
                ..advisory_error(
                    advisory,
                    lang,
                    format!(
                        "advisory `{}`: poster `{}` not made: no bundled font covers {} character{} of its `{lang}` text: {}{more}",
                        advisory.slug,
                        job.path,
                        chars.len(),
                        if chars.len() == 1 { "" } else { "s" },
                        describe_chars(&shown)
                    ),
                )
            }
            .with_hint(format!(
                "put a font that covers the `{lang}` script (any .ttf or .otf, e.g. a Noto Sans font for it) \
                 in themes/{theme}/fonts/ in the site folder; the web pages are made either way \
                 (see themes/default/fonts/README.md)"
            ))
        })
        .collect())
}
