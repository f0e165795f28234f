//! Which share images the site has and where each is written: a 1200 × 630 card for every
//! advisory and for the home page in every language (`[share] cards`), and 1920 × 1080 and
//! 1080 × 1920 campus-screen slides for every advisory in every language it is translated into
//! (`[share] slides`). A file name carries the digest of everything the image is made from (its
//! values, the theme's `share/` files and fonts, redflag's version): messaging apps cache
//! previews by URL, so a changed card gets a new one; an unchanged one is reused from the
//! previous build. The pages' `og:image`, the screen feeds and the build all ask this plan.

use serde::Serialize;

use crate::i18n::{Language, UiStrings};
use crate::model::Site;
use crate::plan::urls::{PageKind, Urls};
use crate::theme::Theme;
use crate::views::{Localizer, ShareView};

/// The card template's path inside the theme: without it the site has no cards.
pub const CARD_TEMPLATE: &str = "share/card.typ";
/// The slide template's path inside the theme: without it the site has no slides.
pub const SLIDE_TEMPLATE: &str = "share/slide.typ";
/// Pixels per typst point of every share image.
pub const PIXELS_PER_PT: f64 = 2.0;
/// The media type of every share image.
pub const MEDIA_TYPE: &str = "image/png";

/// The kinds of share image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareKind {
    /// 1200 × 630, for link previews.
    Card,
    /// 1920 × 1080, for landscape screens.
    Landscape,
    /// 1080 × 1920, for portrait screens.
    Portrait,
}

impl ShareKind {
    /// Width and height in pixels.
    pub fn pixels(self) -> [u32; 2] {
        match self {
            ShareKind::Card => [1200, 630],
            ShareKind::Landscape => [1920, 1080],
            ShareKind::Portrait => [1080, 1920],
        }
    }

    /// The theme template that typesets it.
    pub fn template(self) -> &'static str {
        match self {
            ShareKind::Card => CARD_TEMPLATE,
            ShareKind::Landscape | ShareKind::Portrait => SLIDE_TEMPLATE,
        }
    }

    fn stem(self) -> &'static str {
        match self {
            ShareKind::Card => "card",
            ShareKind::Landscape => "slide-1920x1080",
            ShareKind::Portrait => "slide-1080x1920",
        }
    }
}

/// One share image to make.
#[derive(Debug, Clone, Serialize)]
pub struct ShareJob {
    /// What kind of image.
    pub kind: ShareKind,
    /// The page it belongs to ([`PageKind::Home`] or [`PageKind::Advisory`]).
    #[serde(skip)]
    pub page: PageKind,
    /// Its language's tag.
    pub lang: String,
    /// What it shows.
    pub view: ShareView,
    /// The digest of everything it is made from; part of `path`.
    pub key: String,
    /// The PNG's path below the output root.
    pub path: String,
}

impl ShareJob {
    /// The data the template reads as `/data.json`: the view, the page size in points and
    /// which kind of image to make.
    pub fn data(&self) -> Vec<u8> {
        let [w, h] = self.kind.pixels().map(|px| f64::from(px) / PIXELS_PER_PT);
        let value = serde_json::json!({
            "kind": self.kind,
            "page": [w, h],
            "share": self.view,
        });
        serde_json::to_vec(&value).expect("share data serialises")
    }
}

/// Every share image the build makes, cards first, in site order of advisories and languages.
pub fn plan_share(site: &Site, ui: &UiStrings, theme: &Theme) -> Vec<ShareJob> {
    let settings = &site.config.share;
    let cards = settings.cards && theme.file(CARD_TEMPLATE).is_some();
    let slides = settings.slides && theme.file(SLIDE_TEMPLATE).is_some();
    if !cards && !slides {
        return Vec::new();
    }
    let urls = Urls::new(&site.config);
    let digest = theme_digest(theme);
    let mut jobs = Vec::new();
    for lang in &site.config.languages {
        let l = Localizer { site, ui, lang };
        if cards {
            jobs.push(job(
                &digest,
                &urls,
                ShareKind::Card,
                PageKind::Home,
                lang,
                l.share_home(),
            ));
        }
        for advisory in &site.advisories {
            let page = PageKind::Advisory(advisory.slug.clone());
            let view = l.share_advisory(advisory);
            if cards {
                jobs.push(job(
                    &digest,
                    &urls,
                    ShareKind::Card,
                    page.clone(),
                    lang,
                    view.clone(),
                ));
            }
            if slides && advisory.is_translated(&lang.tag) {
                for kind in [ShareKind::Landscape, ShareKind::Portrait] {
                    jobs.push(job(&digest, &urls, kind, page.clone(), lang, view.clone()));
                }
            }
        }
    }
    jobs
}

/// The card of `page` in `lang`: its own for the home page and advisories, the home page's for
/// every other page.
pub fn card_for<'a>(jobs: &'a [ShareJob], page: &PageKind, lang: &str) -> Option<&'a ShareJob> {
    let own = match page.listing().0 {
        PageKind::Advisory(slug) => PageKind::Advisory(slug.clone()),
        _ => PageKind::Home,
    };
    jobs.iter()
        .find(|j| j.kind == ShareKind::Card && j.page == own && j.lang == lang)
}

fn job(
    theme_digest: &str,
    urls: &Urls,
    kind: ShareKind,
    page: PageKind,
    lang: &Language,
    view: ShareView,
) -> ShareJob {
    let mut job = ShareJob {
        kind,
        page,
        lang: lang.tag.clone(),
        view,
        key: String::new(),
        path: String::new(),
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(theme_digest.as_bytes());
    hasher.update(&job.data());
    job.key = hasher.finalize().to_hex().to_string();
    let name = format!("{}-{}-{}.png", kind.stem(), lang.tag, &job.key[..12]);
    job.path = match &job.page {
        PageKind::Advisory(slug) => format!("advisories/{slug}/share/{name}"),
        _ => urls.language_file(lang, &format!("share/{name}")),
    };
    job
}

/// The digest of the theme files share images are made from (templates and fonts).
fn theme_digest(theme: &Theme) -> String {
    let mut hasher = blake3::Hasher::new();
    for prefix in ["share", "fonts"] {
        for (path, file) in theme.files_under(prefix) {
            hasher.update(path.as_bytes());
            hasher.update(&file.bytes);
        }
    }
    hasher.finalize().to_hex().to_string()
}
