//! What a poster says: the model → the JSON data the poster template reads from `/data.json`.
//!
//! Author text is passed as data, never pasted into typst source, so `#panic()` in a red flag is
//! printed as is. This module also decides what may be left out when a poster is too full, puts
//! emergency numbers first, and lets long unbreakable words (a wallet address) wrap.

use std::sync::Arc;

use serde::Serialize;

use super::qr::QrSvg;
use super::world::QR_PATHS;
use crate::i18n::Language;
use crate::model::{Advisory, PaperSize, PosterLayout};
use crate::model::{Contact, ContactKind, Institution, PosterPart, Site};
use crate::views::{List, Localizer, Text};

/// The parts of a full poster that one layout leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Omit(u8);

impl Omit {
    /// Nothing left out.
    pub const NOTHING: Omit = Omit(0);

    fn bit(part: PosterPart) -> u8 {
        1 << part as u8
    }

    /// Whether `part` is left out.
    pub fn contains(self, part: PosterPart) -> bool {
        self.0 & Omit::bit(part) != 0
    }

    /// This set and `part`.
    pub fn with(self, part: PosterPart) -> Omit {
        Omit(self.0 | Omit::bit(part))
    }

    /// This set without `part`.
    pub fn without(self, part: PosterPart) -> Omit {
        Omit(self.0 & !Omit::bit(part))
    }

    /// The parts left out, in the order posters leave them out.
    pub fn parts(self) -> Vec<PosterPart> {
        PosterPart::ALL
            .into_iter()
            .filter(|p| self.contains(*p))
            .collect()
    }

    /// Whether nothing is left out.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// "the summary and the prevention tips", for messages.
    pub fn describe(self) -> String {
        let parts: Vec<&str> = self.parts().into_iter().map(PosterPart::describe).collect();
        match parts.split_last() {
            None => "nothing".into(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
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
    /// `handout` (the whole advisory) or `notice` (one language, the headline, at most
    /// [`NOTICE_RED_FLAGS`] red flags, the numbers and the QR code, read from two metres).
    pub layout: &'static str,
    /// Body text size in points (never below 14); the template derives every size from it.
    pub body: f64,
    /// The document title (PDF metadata).
    pub title: String,
    /// One block per language: one or two.
    pub blocks: Vec<Block>,
    /// Emergency numbers (kind `emergency`): first and most prominent.
    pub emergency: Vec<ContactRow>,
    /// The other contacts, institution contacts first; names in every block's language.
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
    /// "If you are in danger right now", beside the emergency numbers.
    pub in_danger: String,
    /// "Call", before an emergency number.
    pub call: String,
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
    pub qr: Vec<Arc<QrSvg>>,
    /// Paper.
    pub size: PaperSize,
    /// Handout or notice.
    pub layout: PosterLayout,
}

/// The red flags a notice poster shows, at most.
pub const NOTICE_RED_FLAGS: usize = 3;

/// What a notice poster never shows: it is read from two metres.
const NOTICE_LEAVES_OUT: [PosterPart; 5] = [
    PosterPart::MinorContacts,
    PosterPart::Summary,
    PosterPart::Prevention,
    PosterPart::IfTargeted,
    PosterPart::TearOff,
];

impl PosterInput<'_> {
    /// Every contact of the poster, each number once: the institution's, then the advisory's in
    /// kind order.
    pub fn contacts(&self) -> Vec<&Contact> {
        let institution = self
            .institution
            .into_iter()
            .flat_map(|i| &i.contacts)
            .filter_map(|id| self.site.contacts.get(id));
        let mut advisory: Vec<&Contact> = self.advisory.contacts.iter().collect();
        advisory.sort_by_key(|c| c.kind);
        let mut all: Vec<&Contact> = Vec::new();
        for contact in institution.chain(advisory) {
            if !all.iter().any(|c| c.phone.display == contact.phone.display) {
                all.push(contact);
            }
        }
        all
    }

    /// Whether `contact` is one of the institution's own.
    fn is_institution_contact(&self, contact: &Contact) -> bool {
        self.institution.is_some_and(|i| {
            i.contacts
                .iter()
                .any(|id| contact.id.as_deref() == Some(id.as_str()))
        })
    }

    /// Whether a full poster may leave `contact` out: not an emergency number, not police, not
    /// the institution's own.
    fn is_minor(&self, contact: &Contact) -> bool {
        !matches!(contact.kind, ContactKind::Emergency | ContactKind::Police)
            && !self.is_institution_contact(contact)
    }

    /// The parts this poster has that a full poster may leave out, in the order it leaves them
    /// out: the advisory's `poster: optional` parts (and `if_targeted` when the headline carries
    /// the action) first, then the others.
    pub fn drop_order(&self) -> Vec<PosterPart> {
        let options = &self.advisory.poster;
        let allowed = |p: PosterPart| {
            options.optional.contains(&p) || (p == PosterPart::IfTargeted && options.action)
        };
        let present: Vec<PosterPart> = PosterPart::ALL
            .into_iter()
            .filter(|p| self.has(*p))
            .collect();
        let (mut order, rest): (Vec<_>, Vec<_>) = present.into_iter().partition(|p| allowed(*p));
        order.extend(rest);
        order
    }

    /// Whether the full poster has `part` at all.
    fn has(&self, part: PosterPart) -> bool {
        if self.layout == PosterLayout::Notice && NOTICE_LEAVES_OUT.contains(&part) {
            return false;
        }
        match part {
            PosterPart::MinorContacts => self.contacts().iter().any(|c| self.is_minor(c)),
            PosterPart::Summary | PosterPart::Prevention => true,
            PosterPart::TearOff => self.site.config.posters.tear_off,
            PosterPart::IfTargeted => self
                .advisory
                .source()
                .if_targeted
                .as_ref()
                .is_some_and(|items| !items.is_empty()),
        }
    }
}

/// The poster's data with `body`-point text, leaving out what `omit` says.
pub fn poster_data(input: &PosterInput, body: f64, omit: Omit) -> PosterData {
    let omit = match input.layout {
        PosterLayout::Handout => omit,
        PosterLayout::Notice => NOTICE_LEAVES_OUT.into_iter().fold(omit, Omit::with),
    };
    let blocks: Vec<Block> = input
        .localizers
        .iter()
        .enumerate()
        .map(|(i, l)| block(input, l, i, omit))
        .collect();
    let (emergency, contacts) = contact_rows(input, omit);
    let tear_off = (input.site.config.posters.tear_off && !omit.contains(PosterPart::TearOff))
        .then(|| tear_off_row(&emergency, &contacts))
        .flatten();
    let mut data = PosterData {
        page: input.size.dimensions_pt(),
        size: input.size.id(),
        layout: input.layout.id(),
        body,
        title: blocks
            .iter()
            .map(|b| b.headline.text.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        blocks,
        emergency,
        contacts,
        tear_off,
    };
    for text in author_texts(&mut data) {
        *text = breakable(text);
    }
    data
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
    let if_targeted = l.list(advisory, "if_targeted");
    let mut red_flags = l.list(advisory, "red_flags");
    if input.layout == PosterLayout::Notice {
        red_flags.items.truncate(NOTICE_RED_FLAGS);
    }
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
        lead: (!omit.contains(PosterPart::Summary))
            .then(|| l.field(advisory, |t| t.summary.as_ref())),
        red_flags: section("red_flags", red_flags),
        prevention: (!omit.contains(PosterPart::Prevention))
            .then(|| section("prevention", l.list(advisory, "prevention"))),
        if_targeted: (!omit.contains(PosterPart::IfTargeted) && !if_targeted.items.is_empty())
            .then(|| section("if_targeted", if_targeted)),
        in_danger: l.t("in_danger"),
        call: l.t("call"),
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

/// The emergency numbers, then the others (institution contacts first, then the advisory's in
/// kind order; minor ones only when not left out).
fn contact_rows(input: &PosterInput, omit: Omit) -> (Vec<ContactRow>, Vec<ContactRow>) {
    let row = |contact: &Contact| ContactRow {
        phone: contact.phone.display.clone(),
        kind: contact.kind.id(),
        names: input
            .localizers
            .iter()
            .map(|l| l.localized(&contact.name))
            .collect(),
    };
    let (emergency, others): (Vec<&Contact>, Vec<&Contact>) = input
        .contacts()
        .into_iter()
        .partition(|c| c.kind == ContactKind::Emergency);
    let others = others
        .into_iter()
        .filter(|c| !omit.contains(PosterPart::MinorContacts) || !input.is_minor(c));
    (
        emergency.into_iter().map(row).collect(),
        others.map(row).collect(),
    )
}

/// The number worth tearing off: the first after the emergency numbers (the institution's own,
/// or the police), since everyone knows 911; the emergency number when there is no other. A
/// North American number is printed as dialled there, without `+1`, so that it fits a tab.
fn tear_off_row(emergency: &[ContactRow], others: &[ContactRow]) -> Option<ContactRow> {
    let mut row = others.first().or(emergency.first())?.clone();
    if let Some(local) = row.phone.strip_prefix("+1 ") {
        row.phone = local.to_owned();
    }
    Some(row)
}

/// Runs longer than this that hold a digit or punctuation (a wallet address, an account number,
/// a web address) may break anywhere, or they would run off the page.
const LONGEST_CODE: usize = 18;
/// Runs of letters only (a long word) may break anywhere only past this length.
const LONGEST_WORD: usize = 30;

/// `text` with a zero-width space between the characters of every over-long run that no line
/// may otherwise break: Latin, Greek, Cyrillic letters, digits and URL punctuation. Joining
/// scripts (Arabic) are left alone (a break would cut their joins), and CJK text breaks anywhere
/// already.
pub fn breakable(text: &str) -> String {
    let breakable_char = |c: char| {
        c.is_ascii_graphic()
            || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0370}'..='\u{04FF}' | '\u{1E00}'..='\u{1EFF}')
    };
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        let letters_only = run.iter().all(|c| c.is_alphabetic() || is_mark(*c));
        if run.len() > LONGEST_WORD || (run.len() > LONGEST_CODE && !letters_only) {
            for (i, c) in run.iter().enumerate() {
                if i > 0 && !is_mark(*c) {
                    out.push('\u{200B}');
                }
                out.push(*c);
            }
        } else {
            out.extend(run.iter());
        }
        run.clear();
    };
    for c in text.chars() {
        if breakable_char(c) || (is_mark(c) && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Combining marks stay with the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Every text of the poster an author or office wrote (not UI strings), to edit in place.
fn author_texts(data: &mut PosterData) -> Vec<&mut String> {
    let mut out: Vec<&mut String> = Vec::new();
    for block in &mut data.blocks {
        out.push(&mut block.site_title.text);
        out.push(&mut block.headline.text);
        out.extend(block.institution.as_mut().map(|t| &mut t.text));
        out.extend(block.lead.as_mut().map(|t| &mut t.text));
        let sections = [
            Some(&mut block.red_flags),
            block.prevention.as_mut(),
            block.if_targeted.as_mut(),
        ];
        for section in sections.into_iter().flatten() {
            out.extend(section.list.items.iter_mut());
        }
    }
    let rows = data
        .emergency
        .iter_mut()
        .chain(data.contacts.iter_mut())
        .chain(data.tear_off.iter_mut());
    for row in rows {
        out.extend(row.names.iter_mut().map(|n| &mut n.text));
    }
    out
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
        for label in [
            &block.in_danger,
            &block.call,
            &block.contacts_title,
            &block.scan,
            &block.date,
        ] {
            out.push((label.as_str(), lang));
        }
    }
    for row in data.emergency.iter().chain(&data.contacts) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_may_break_anywhere_short_words_and_arabic_stay_whole() {
        let wallet = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
        let text = format!("Pay to {wallet} now");
        let out = breakable(&text);
        assert!(out.starts_with("Pay to b\u{200B}c\u{200B}1"), "{out}");
        assert!(out.ends_with("h now"), "{out}");
        assert_eq!(out.replace('\u{200B}', ""), text);
        for whole in [
            "Scammers can fake the number.",
            "شرطةتورنتولنتتصلبكأبدالتطالبكبالدفع",
            "多伦多警方绝不会打电话要求你付款要求你付款",
        ] {
            assert_eq!(breakable(whole), whole);
        }
    }

    #[test]
    fn omit_describes_what_is_left_out_in_order() {
        let omit = Omit::NOTHING
            .with(PosterPart::TearOff)
            .with(PosterPart::Summary);
        assert_eq!(omit.describe(), "the summary and the tear-off tabs");
        assert!(omit.contains(PosterPart::Summary) && !omit.contains(PosterPart::Prevention));
        assert!(Omit::NOTHING.is_empty());
    }
}
