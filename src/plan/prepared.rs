//! A loaded site made ready once (`Prepared`): its theme, the theme's UI strings for the site's
//! languages and the plans of its posters and share images. `build::load` makes it; the build,
//! `check`, the preview and `redflag posters` take it instead of each loading the UI strings and
//! planning again.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::i18n::{UiStrings, fallback_chain};
use crate::model::Site;
use crate::plan::posters::{PosterJob, plan_posters};
use crate::plan::share::{ShareJob, plan_share};
use crate::theme::Theme;

/// A site with its theme, UI strings and plans.
#[derive(Clone)]
pub struct Prepared {
    /// The site.
    pub site: Site,
    /// Its theme (shared by the versions of the site the preview makes).
    pub theme: Arc<Theme>,
    /// The theme's UI strings for the site's languages.
    pub ui: Arc<UiStrings>,
    /// The posters the site makes (`plan::posters::plan_posters`).
    pub posters: Vec<PosterJob>,
    /// The share cards and screen slides it makes (`plan::share::plan_share`).
    pub share: Vec<ShareJob>,
}

impl Prepared {
    /// Loads the theme's UI strings for `site` (their errors are the site's errors, like content
    /// errors) and plans its posters and share images.
    pub fn new(site: Site, theme: Theme) -> Result<Prepared, Vec<Diagnostic>> {
        let ui = load_ui_strings(&site, &theme)?;
        Ok(Prepared::planned(site, Arc::new(theme), Arc::new(ui)))
    }

    /// Another version of the site (the preview's, after an edit) with the same theme and UI
    /// strings, planned afresh.
    pub fn with_site(&self, site: Site) -> Prepared {
        Prepared::planned(site, Arc::clone(&self.theme), Arc::clone(&self.ui))
    }

    /// The same site with another version of its theme (`check`'s built-in templates in place of
    /// broken ones) and the same UI strings, planned afresh.
    pub fn with_theme(&self, theme: Theme) -> Prepared {
        Prepared::planned(self.site.clone(), Arc::new(theme), Arc::clone(&self.ui))
    }

    fn planned(site: Site, theme: Arc<Theme>, ui: Arc<UiStrings>) -> Prepared {
        Prepared {
            posters: plan_posters(&site, &theme),
            share: plan_share(&site, &ui, &theme),
            site,
            theme,
            ui,
        }
    }
}

/// Parses and checks the theme's UI strings for the site's languages and every language of
/// their fallback chains (a site in `fr-CA` uses the theme's `fr.yaml`).
fn load_ui_strings(site: &Site, theme: &Theme) -> Result<UiStrings, Vec<Diagnostic>> {
    let default = site.config.default_language.as_str();
    let mut tags: Vec<&str> = Vec::new();
    for language in &site.config.languages {
        for tag in fallback_chain(&language.tag, default) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let files: Vec<(&str, &Path, String)> = tags
        .into_iter()
        .filter_map(|tag| {
            let file = theme.file(&format!("i18n/{tag}.yaml"))?;
            Some((
                tag,
                file.origin.as_path(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            ))
        })
        .collect();
    UiStrings::load(default, files.iter().map(|(l, p, t)| (*l, *p, t.as_str())))
}
