//! What share cards and campus-screen slides show, in one language: the site's name, the
//! severity, the localised title, the one line that says what to do (the poster headline), and
//! the first emergency number. The plan hashes these values into the images' file names; the
//! theme's `share/card.typ` and `share/slide.typ` print them.

use serde::Serialize;

use super::{Localizer, SeverityView, Text};
use crate::i18n::Direction;
use crate::model::{Advisory, ContactKind};

/// The values of one share card or slide (the `/data.json` of `share/card.typ`).
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// `advisory` or `home`.
    pub kind: &'static str,
    /// The card's language.
    pub lang: String,
    /// Its direction.
    pub dir: Direction,
    /// The site's name.
    pub site: Text,
    /// The advisory's title (the site's name on the home card).
    pub title: Text,
    /// What to do: the poster headline, else the summary (the site's intro on the home card).
    pub headline: Text,
    /// The advisory's severity; `None` on the home card.
    pub severity: Option<SeverityView>,
    /// The first emergency number, with its label ("Emergency"); `None` without one.
    pub emergency: Option<EmergencyView>,
}

/// An emergency number as a card shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EmergencyView {
    /// Localised kind: "Emergency".
    pub label: String,
    /// The number as read: "911".
    pub phone: String,
}

impl ShareView {
    /// The image's text alternative (`og:image:alt`): what the card says, in one line.
    pub fn alt(&self) -> String {
        let mut parts = vec![self.site.text.clone()];
        if let Some(severity) = &self.severity {
            parts.push(severity.label.clone());
        }
        if self.title.text != self.site.text {
            parts.push(self.title.text.clone());
        }
        parts.push(self.headline.text.clone());
        if let Some(e) = &self.emergency {
            parts.push(format!("{} {}", e.label, e.phone));
        }
        parts.join(" — ")
    }
}

impl Localizer<'_> {
    /// The share card of an advisory.
    pub fn share_advisory(&self, advisory: &Advisory) -> ShareView {
        let headline = match advisory.field(&self.lang.tag, |t| t.poster_headline.as_ref()) {
            Some(f) => self.text_in(f.value, f.lang),
            None => self.field(advisory, |t| t.summary.as_ref()),
        };
        let emergency = advisory
            .contacts
            .iter()
            .find(|c| c.kind == ContactKind::Emergency)
            .map(|c| EmergencyView {
                label: self.t("kind_emergency"),
                phone: c.phone.display.clone(),
            });
        ShareView {
            kind: "advisory",
            lang: self.lang.tag.clone(),
            dir: self.lang.dir,
            site: self.localized(&self.site.config.title),
            title: self.field(advisory, |t| t.title.as_ref()),
            headline,
            severity: Some(self.severity(advisory.severity)),
            emergency,
        }
    }

    /// The share card of the home page (and of the pages that have no card of their own).
    pub fn share_home(&self) -> ShareView {
        let site = self.localized(&self.site.config.title);
        ShareView {
            kind: "home",
            lang: self.lang.tag.clone(),
            dir: self.lang.dir,
            title: site.clone(),
            site,
            headline: self.text_in(&self.t("home_intro"), &self.lang.tag),
            severity: None,
            emergency: None,
        }
    }
}
