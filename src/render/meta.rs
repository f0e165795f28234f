//! The link-preview values of a page (Open Graph and Twitter card `<meta>` tags): its title,
//! description, absolute URL and share card (`plan::share` says which card and where), its
//! language and the other listed languages, and an advisory's dates. Templates print them;
//! autoescaping keeps author text inside its attribute.

use serde::Serialize;

use crate::i18n::Language;
use crate::model::Advisory;
use crate::plan::share::{MEDIA_TYPE, ShareJob};
use crate::plan::urls::Urls;

/// The `meta` value of a page.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// `article` for an advisory, `website` otherwise.
    pub og_type: &'static str,
    /// The page's title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// Its absolute URL.
    pub url: String,
    /// The site's name in the page's language.
    pub site_name: String,
    /// The page's language as an Open Graph locale (`zh_Hans`).
    pub locale: String,
    /// The other listed languages, as locales.
    pub locale_alternates: Vec<String>,
    /// The share card, when the site makes cards.
    pub image: Option<ImageMeta>,
    /// An advisory's publication time (`YYYY-MM-DD`).
    pub published_time: Option<String>,
    /// An advisory's last change.
    pub modified_time: Option<String>,
}

/// A share card as the meta tags describe it.
#[derive(Debug, Clone, Serialize)]
pub struct ImageMeta {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Media type.
    #[serde(rename = "type")]
    pub media_type: &'static str,
    /// Text alternative.
    pub alt: String,
}

/// A page's title, description, URL and language, and its site's name.
pub struct PageMeta<'a> {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Absolute URL.
    pub url: String,
    /// Language.
    pub lang: &'a Language,
    /// The site's name in that language.
    pub site_name: String,
}

/// The meta values of a page: `advisory` for an advisory page, `card` its share card.
pub fn meta_view(
    page: PageMeta,
    listed: &[&Language],
    advisory: Option<&Advisory>,
    card: Option<&ShareJob>,
    urls: &Urls,
) -> MetaView {
    MetaView {
        og_type: if advisory.is_some() {
            "article"
        } else {
            "website"
        },
        locale: locale(page.lang),
        locale_alternates: listed
            .iter()
            .filter(|l| l.tag != page.lang.tag)
            .map(|l| locale(l))
            .collect(),
        image: card.map(|job| image_meta(job, urls)),
        published_time: advisory.map(|a| a.date.to_string()),
        modified_time: advisory.map(|a| a.last_modified().to_string()),
        title: page.title,
        description: page.description,
        url: page.url,
        site_name: page.site_name,
    }
}

/// How the meta tags and JSON-LD describe a share card.
pub fn image_meta(job: &ShareJob, urls: &Urls) -> ImageMeta {
    let [width, height] = job.kind.pixels();
    ImageMeta {
        url: urls.absolute_file(&job.path),
        width,
        height,
        media_type: MEDIA_TYPE,
        alt: job.view.alt(),
    }
}

/// An Open Graph locale: the language tag with `_` for `-` (`fr`, `zh_Hans`, `pt_BR`).
fn locale(lang: &Language) -> String {
    lang.tag.replace('-', "_")
}
