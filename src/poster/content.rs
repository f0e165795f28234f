//! What a poster says: the model → the JSON data the poster template reads from `/data.json`.
//!
//! Author text is passed as data, never pasted into typst source, so `#panic()` in a red flag is
//! printed as is. This module also decides what may be left out when a poster is too full.

use serde::Serialize;

use super::qr::QrSvg;
use super::world::QR_PATHS;
use crate::config::PaperSize;
use crate::i18n::Language;
use crate::model::{Advisory, Contact, ContactKind, Institution, Site};
use crate::render::context::{List, Localizer, Text};

/// Sections a full poster may leave out, lowest priority first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Omit {
    /// Nothing left out.
    Nothing,
    /// "If it has happened to you".
    IfTargeted,
    /// The advisory's contacts other than emergency numbers and police.
    MinorContacts,
    /// The lead (the advisory's summary).
    Lead,
    /// The prevention tips.
    Prevention,
    /// The tear-off tabs (their number is still among the contacts).
    TearOff,
}

impl Omit {
    /// Every level, in the order they are tried.
    pub const LEVELS: [Omit; 6] = [
        Omit::Nothing,
        Omit::IfTargeted,
        Omit::MinorContacts,
        Omit::Lead,
        Omit::Prevention,
        Omit::TearOff,
    ];

    /// What is left out at this level, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Omit::Nothing => "nothing left out",
            Omit::IfTargeted => "without 'if it has happened to you'",
            Omit::MinorContacts => "without 'if it has happened to you' and minor contacts",
            Omit::Lead => "without 'if it has happened to you', minor contacts and the lead",
            Omit::Prevention => {
                "without 'if it has happened to you', minor contacts, the lead and the prevention tips"
            }
            Omit::TearOff => {
                "without 'if it has happened to you', minor contacts, the lead, the prevention tips and the tear-off tabs"
            }
        }
    }
}

/// The data of one poster, as the template receives it.
#[derive(Debug, Clone, Serialize)]
pub struct PosterData {
    /// Page width and height in points.
    pub page: [f64; 2],
    /// `letter`, `a4`, `tabloid` or `a3`.
    pub size: &'static str,
    /// Body text size in points (never below 14); the template derives every size from it.
    pub body: f64,
    /// The document title (PDF metadata).
    pub title: String,
    /// One block per language: one or two.
    pub blocks: Vec<Block>,
    /// Contacts, institution contacts first; names in every block's language.
    pub contacts: Vec<ContactRow>,
    /// The number on the tear-off tabs, when `[posters] tear_off` is set.
    pub tear_off: Option<ContactRow>,
}

/// A poster's text in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Language tag.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: crate::i18n::Direction,
    /// The site title in this language ("Scam Alert").
    pub site_title: Text,
    /// The institution's name, if it is an institution's poster.
    pub institution: Option<Text>,
    /// The poster headline, else the title.
    pub headline: Text,
    /// The summary, unless left out.
    pub lead: Option<Text>,
    /// Red flags.
    pub red_flags: Section,
    /// Prevention tips, unless left out.
    pub prevention: Option<Section>,
    /// What to do if targeted, when given and not left out.
    pub if_targeted: Option<Section>,
    /// "Who to contact".
    pub contacts_title: String,
    /// "Scan for the full advisory".
    pub scan: String,
    /// The advisory page in this language.
    pub url: String,
    /// The same without `https://`, as printed.
    pub short_url: String,
    /// The QR code's path in the typst world.
    pub qr: &'static str,
    /// Modules across the QR code, quiet zone included.
    pub qr_modules: usize,
    /// "Updated June 4, 2018".
    pub date: String,
}

/// A titled list.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading, in the block's language.
    pub title: String,
    /// The items, with the language they are really in.
    pub list: List,
}

/// A contact on a poster.
#[derive(Debug, Clone, Serialize)]
pub struct ContactRow {
    /// The number as read.
    pub phone: String,
    /// `emergency`, `police` ...
    pub kind: &'static str,
    /// Its name in each block's language.
    pub names: Vec<Text>,
}

/// Everything `poster_data` needs to know about one poster.
pub struct PosterInput<'a> {
    /// The site.
    pub site: &'a Site,
    /// The advisory.
    pub advisory: &'a Advisory,
    /// The institution, for institution posters.
    pub institution: Option<&'a Institution>,
    /// One localizer per poster language.
    pub localizers: Vec<Localizer<'a>>,
    /// The advisory page's absolute URL in each language.
    pub urls: Vec<String>,
    /// The QR code of each URL.
    pub qr: Vec<QrSvg>,
    /// Paper.
    pub size: PaperSize,
}

/// The poster's data with `body`-point text, leaving out what `omit` says.
pub fn poster_data(input: &PosterInput, body: f64, omit: Omit) -> PosterData {
    let blocks: Vec<Block> = input
        .localizers
        .iter()
        .enumerate()
        .map(|(i, l)| block(input, l, i, omit))
        .collect();
    let contacts = contact_rows(input, omit);
    let tear_off = input
        .site
        .config
        .posters
        .tear_off
        .then_some(())
        .filter(|()| omit < Omit::TearOff)
        .and_then(|()| tear_off_row(input, &contacts));
    PosterData {
        page: input.size.dimensions_pt(),
        size: input.size.id(),
        body,
        title: blocks
            .iter()
            .map(|b| b.headline.text.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        blocks,
        contacts,
        tear_off,
    }
}

fn block(input: &PosterInput, l: &Localizer, index: usize, omit: Omit) -> Block {
    let advisory = input.advisory;
    let headline = match advisory.field(&l.lang.tag, |t| t.poster_headline.as_ref()) {
        Some(f) => l.text_in(f.value, f.lang),
        None => l.field(advisory, |t| t.title.as_ref()),
    };
    let section = |key: &str, list: List| Section {
        title: l.t(key),
        list,
    };
    let if_targeted = l.list(advisory, |t| t.if_targeted.as_ref());
    let date = match advisory.updated {
        Some(updated) => format!("{} {}", l.t("updated"), l.date(updated).display),
        None => format!("{} {}", l.t("published"), l.date(advisory.date).display),
    };
    let url = input.urls[index].clone();
    Block {
        lang: l.lang.tag.clone(),
        dir: l.lang.dir,
        site_title: l.localized(&input.site.config.title),
        institution: input.institution.map(|i| l.localized(&i.name)),
        headline,
        lead: (omit < Omit::Lead).then(|| l.field(advisory, |t| t.summary.as_ref())),
        red_flags: section("red_flags", l.list(advisory, |t| t.red_flags.as_ref())),
        prevention: (omit < Omit::Prevention)
            .then(|| section("prevention", l.list(advisory, |t| t.prevention.as_ref()))),
        if_targeted: (omit < Omit::IfTargeted && !if_targeted.items.is_empty())
            .then(|| section("if_targeted", if_targeted)),
        contacts_title: l.t("contacts"),
        scan: l.t("poster_scan"),
        short_url: short_url(&url),
        url,
        qr: QR_PATHS[index],
        qr_modules: input.qr.get(index).map_or(0, |q| q.modules),
        date,
    }
}

/// A URL as printed: without the scheme.
pub fn short_url(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .to_owned()
}

/// Institution contacts first, then the advisory's in kind order; each number once.
fn contact_rows(input: &PosterInput, omit: Omit) -> Vec<ContactRow> {
    let institution = input
        .institution
        .into_iter()
        .flat_map(|i| &i.contacts)
        .filter_map(|id| input.site.contacts.get(id));
    let mut advisory: Vec<&Contact> = input.advisory.contacts.iter().collect();
    advisory.sort_by_key(|c| c.kind);
    let minor = |c: &&Contact| !matches!(c.kind, ContactKind::Emergency | ContactKind::Police);
    let mut rows: Vec<ContactRow> = Vec::new();
    for contact in institution.chain(
        advisory
            .into_iter()
            .filter(|c| omit < Omit::MinorContacts || !minor(c)),
    ) {
        if rows.iter().any(|r| r.phone == contact.phone.display) {
            continue;
        }
        rows.push(ContactRow {
            phone: contact.phone.display.clone(),
            kind: contact.kind.id(),
            names: input
                .localizers
                .iter()
                .map(|l| l.localized(&contact.name))
                .collect(),
        });
    }
    rows
}

/// The most important number: the institution's first contact, else the first contact that is
/// not a general emergency number (everyone knows 911), else the first.
fn tear_off_row(input: &PosterInput, rows: &[ContactRow]) -> Option<ContactRow> {
    if input.institution.is_some_and(|i| !i.contacts.is_empty()) {
        return rows.first().cloned();
    }
    rows.iter()
        .find(|r| r.kind != ContactKind::Emergency.id())
        .or(rows.first())
        .cloned()
}

/// Every text of a poster with the language it is in, for the font coverage check.
pub fn texts(data: &PosterData) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for block in &data.blocks {
        let lang = block.lang.as_str();
        let tagged = [
            Some(&block.site_title),
            Some(&block.headline),
            block.institution.as_ref(),
            block.lead.as_ref(),
        ];
        out.extend(
            tagged
                .into_iter()
                .flatten()
                .map(|t| (t.text.as_str(), t.lang.as_str())),
        );
        let sections = [
            Some(&block.red_flags),
            block.prevention.as_ref(),
            block.if_targeted.as_ref(),
        ];
        for section in sections.into_iter().flatten() {
            out.push((section.title.as_str(), lang));
            let list_lang = section.list.lang.as_str();
            out.extend(section.list.items.iter().map(|i| (i.as_str(), list_lang)));
        }
        for label in [&block.contacts_title, &block.scan, &block.date] {
            out.push((label.as_str(), lang));
        }
    }
    for row in &data.contacts {
        out.extend(row.names.iter().map(|n| (n.text.as_str(), n.lang.as_str())));
    }
    out
}

/// The languages of a poster, for paths and messages: `en+zh-Hans`.
pub fn languages_label(languages: &[&Language]) -> String {
    languages
        .iter()
        .map(|l| l.tag.as_str())
        .collect::<Vec<_>>()
        .join("+")
}
