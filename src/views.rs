//! The views of the model that templates and posters show: typed, serialisable values for one
//! page in one language, built by a `Localizer`. The shape is the contract documented in
//! `docs/theming.md`; the plan hashes the same values to know which pages an edit touches.

mod share;

use jiff::civil::Date;
use serde::Serialize;

pub use share::{EmergencyView, ShareView};

use crate::i18n::{Direction, Language, UI_FIELD_KEYS, UiStrings};
use crate::model::{
    Advisory, Contact, ContactKind, Localized, Severity, Site, TaxonomyKind, Translation,
};

/// Content text shown in a page's language, or in the default language when untranslated.
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
    /// The language it is in.
    pub lang: String,
    /// That language's direction.
    pub dir: Direction,
    /// Whether it is in another language than the page.
    pub fallback: bool,
}

/// A localised list of items.
#[derive(Debug, Clone, Serialize)]
pub struct List {
    /// The items.
    pub items: Vec<String>,
    /// The language they are in.
    pub lang: String,
    /// That language's direction.
    pub dir: Direction,
    /// Whether they are in another language than the page.
    pub fallback: bool,
    /// The items (0-based) a partial translation leaves untranslated: shown in the default
    /// language, `source_lang`.
    pub untranslated: Vec<usize>,
    /// The default language, which untranslated items are in.
    pub source_lang: String,
    /// Its direction.
    pub source_dir: Direction,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Sanitised HTML.
    pub html: String,
    /// The language it is in.
    pub lang: String,
    /// That language's direction.
    pub dir: Direction,
    /// Whether it is in another language than the page.
    pub fallback: bool,
}

/// A date as ISO and as the reader writes it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Localised.
    pub display: String,
}

/// A severity with its localised label.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityView {
    /// `low` … `critical`.
    pub id: &'static str,
    /// Localised label.
    pub label: String,
}

/// A contact as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Name.
    pub name: Text,
    /// Kind id (CSS class).
    pub kind: &'static str,
    /// Localised kind.
    pub kind_label: String,
    /// Number as read.
    pub phone: String,
    /// `tel:` URI.
    pub tel: String,
    /// Opening hours.
    pub hours: Option<Text>,
    /// Website.
    pub url: Option<String>,
}

/// A source as shown; its title and publisher are in the default language.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Date.
    pub date: Option<DateView>,
    /// Link.
    pub url: Option<String>,
    /// The language title and publisher are in.
    pub lang: String,
    /// Its direction.
    pub dir: Direction,
    /// Whether that differs from the page's language.
    pub fallback: bool,
}

/// A taxonomy term.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// Id.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Its page.
    pub url: String,
    /// How many advisories carry it.
    pub count: usize,
    /// Localised count, e.g. "2 advisories".
    pub count_label: String,
}

/// A taxonomy with some of its terms.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    /// Id-safe key: `scam_types`, `audiences`, `regions`.
    pub kind: &'static str,
    /// Localised name.
    pub label: String,
    /// Its index page.
    pub url: String,
    /// Terms.
    pub terms: Vec<TermView>,
}

/// An advisory in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Slug.
    pub slug: String,
    /// Page URL.
    pub url: String,
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// Severity.
    pub severity: SeverityView,
    /// Publication date.
    pub published: DateView,
    /// "Expired", localised, when the advisory has expired (listings put it after current ones).
    pub expired: Option<String>,
}

/// A notice at the top of an advisory.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// `fallback`, `stale` or `expired`.
    pub kind: &'static str,
    /// Localised text.
    pub text: String,
}

/// Builds context values for one language.
pub struct Localizer<'a> {
    /// The site.
    pub site: &'a Site,
    /// UI strings.
    pub ui: &'a UiStrings,
    /// The page language.
    pub lang: &'a Language,
}

impl<'a> Localizer<'a> {
    fn default_language(&self) -> &'a str {
        &self.site.config.default_language
    }

    fn dir_of(&self, tag: &str) -> Direction {
        self.site
            .config
            .language(tag)
            .map_or(Direction::Ltr, |l| l.dir)
    }

    /// A `Text` from text known to be in language `lang`.
    pub fn text_in(&self, text: &str, lang: &str) -> Text {
        Text {
            text: text.to_owned(),
            lang: lang.to_owned(),
            dir: self.dir_of(lang),
            fallback: lang != self.lang.tag,
        }
    }

    /// A `Text` from a `Localized`.
    pub fn localized(&self, value: &Localized) -> Text {
        let r = value.resolve(&self.lang.tag, self.default_language());
        self.text_in(r.text, r.lang)
    }

    /// A UI string.
    pub fn t(&self, key: &str) -> String {
        self.ui.text(&self.lang.tag, key).to_owned()
    }

    /// The name of language `tag` in the page's language.
    pub fn language_name(&self, tag: &str) -> String {
        let key = format!("language_{tag}");
        let name = self.ui.text(&self.lang.tag, &key);
        if name == key {
            self.site
                .config
                .language(tag)
                .map_or_else(|| tag.to_owned(), |l| l.name.clone())
        } else {
            name.to_owned()
        }
    }

    /// A date view.
    pub fn date(&self, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            display: self.ui.format_date(&self.lang.tag, date),
        }
    }

    /// A severity view.
    pub fn severity(&self, severity: Severity) -> SeverityView {
        SeverityView {
            id: severity.id(),
            label: self.t(&format!("severity_{}", severity.id())),
        }
    }

    /// A contact view.
    pub fn contact(&self, contact: &Contact) -> ContactView {
        ContactView {
            name: self.localized(&contact.name),
            kind: contact.kind.id(),
            kind_label: self.t(&format!("kind_{}", contact.kind.id().replace('-', "_"))),
            phone: contact.phone.display.clone(),
            tel: contact.phone.tel.clone(),
            hours: contact.hours.as_ref().map(|h| self.localized(h)),
            url: contact.url.clone(),
        }
    }

    /// The localised name of a taxonomy.
    pub fn taxonomy_label(&self, kind: TaxonomyKind) -> String {
        self.t(&format!("taxonomy_{}", kind.key()))
    }

    /// A list field of an advisory (`red_flags`, `prevention`, `if_targeted`), with fallback:
    /// the whole list, or the items a partial translation leaves out.
    pub fn list(&self, advisory: &Advisory, field: &str) -> List {
        let source_lang = advisory.source().lang.clone();
        let source_dir = self.dir_of(&source_lang);
        match advisory.field(&self.lang.tag, |t| t.list(field)) {
            Some(f) => List {
                items: f.value.clone(),
                lang: f.lang.to_owned(),
                dir: self.dir_of(f.lang),
                fallback: f.lang != self.lang.tag,
                untranslated: advisory
                    .texts
                    .get(f.lang)
                    .map(|t| t.skipped.of(field).to_vec())
                    .unwrap_or_default(),
                source_lang,
                source_dir,
            },
            None => List {
                items: Vec::new(),
                lang: self.lang.tag.clone(),
                dir: self.lang.dir,
                fallback: false,
                untranslated: Vec::new(),
                source_lang,
                source_dir,
            },
        }
    }

    /// A text field of an advisory, with fallback.
    pub fn field(
        &self,
        advisory: &Advisory,
        get: impl Fn(&crate::model::Translation) -> Option<&String>,
    ) -> Text {
        match advisory.field(&self.lang.tag, get) {
            Some(f) => self.text_in(f.value, f.lang),
            None => self.text_in("", &self.lang.tag),
        }
    }

    /// A taxonomy term with how many advisories carry it.
    pub fn term(&self, id: &str, label: &Localized, url: String, count: usize) -> TermView {
        TermView {
            id: id.to_owned(),
            label: self.localized(label),
            url,
            count,
            count_label: self.ui.plural(&self.lang.tag, "advisory_count", count),
        }
    }

    /// An advisory card for listings.
    pub fn card(&self, advisory: &Advisory, url: String, today: Date) -> Card {
        Card {
            slug: advisory.slug.clone(),
            url,
            title: self.field(advisory, |t| t.title.as_ref()),
            summary: self.field(advisory, |t| t.summary.as_ref()),
            severity: self.severity(advisory.severity),
            published: self.date(advisory.date),
            expired: advisory.is_expired(today).then(|| self.t("expired")),
        }
    }

    /// The contacts of an advisory split into emergency numbers and the rest, in kind order.
    pub fn contacts(&self, advisory: &Advisory) -> (Vec<ContactView>, Vec<ContactView>) {
        let mut contacts: Vec<&Contact> = advisory.contacts.iter().collect();
        contacts.sort_by_key(|c| c.kind);
        let (emergency, others): (Vec<_>, Vec<_>) = contacts
            .into_iter()
            .partition(|c| c.kind == ContactKind::Emergency);
        (
            emergency.into_iter().map(|c| self.contact(c)).collect(),
            others.into_iter().map(|c| self.contact(c)).collect(),
        )
    }

    /// The notices an advisory page shows in this language: not translated (shown in the next
    /// language of the fallback chain), partly translated (which parts are not), stale (which
    /// parts changed, when known), expired.
    pub fn notices(&self, advisory: &Advisory, today: Date) -> Vec<Notice> {
        let lang = self.lang.tag.as_str();
        let shown = advisory.text_language(lang);
        let mut notices = Vec::new();
        if shown != lang {
            let text = self.ui.format(
                lang,
                "notice_fallback",
                &[
                    ("language", &self.language_name(lang)),
                    ("source_language", &self.language_name(shown)),
                ],
            );
            notices.push(Notice {
                kind: "fallback",
                text,
            });
        } else if let Some(text) = advisory.texts.get(lang) {
            notices.extend(self.partial_notice(advisory, text));
            notices.extend(self.stale_notice(advisory, text));
        }
        if advisory.is_expired(today) {
            let expires = advisory.expires.unwrap_or(today);
            let text = self.ui.format(
                lang,
                "notice_expired",
                &[("date", &self.ui.format_date(lang, expires))],
            );
            notices.push(Notice {
                kind: "expired",
                text,
            });
        }
        notices
    }

    /// The parts of the page a translation leaves out, shown in another language.
    fn partial_notice(&self, advisory: &Advisory, text: &Translation) -> Option<Notice> {
        let lang = self.lang.tag.as_str();
        let inherited = advisory.inherited_fields(lang);
        let (_, from) = inherited
            .iter()
            .find(|(field, _)| *field != "poster_headline")?;
        let fields = self.field_names(
            inherited
                .iter()
                .map(|(field, _)| *field)
                .filter(|f| *f != "poster_headline"),
        );
        debug_assert_eq!(text.lang, lang);
        Some(Notice {
            kind: "partial",
            text: self.ui.format(
                lang,
                "notice_partial",
                &[
                    ("language", &self.language_name(lang)),
                    ("source_language", &self.language_name(from)),
                    ("fields", &fields),
                ],
            ),
        })
    }

    /// A stale translation's notice, naming the parts that changed when the history tells.
    fn stale_notice(&self, advisory: &Advisory, text: &Translation) -> Option<Notice> {
        if !advisory.is_stale(&text.lang) {
            return None;
        }
        let lang = self.lang.tag.as_str();
        let source_language = self.language_name(self.default_language());
        let text = match &text.changed_in_source {
            Some(fields) if !fields.is_empty() => self.ui.format(
                lang,
                "notice_stale_fields",
                &[
                    ("source_language", &source_language),
                    (
                        "fields",
                        &self.field_names(fields.iter().map(String::as_str)),
                    ),
                ],
            ),
            _ => self.ui.format(
                lang,
                "notice_stale",
                &[("source_language", &source_language)],
            ),
        };
        Some(Notice {
            kind: "stale",
            text,
        })
    }

    /// Translation fields by their names on the page, joined: "Red flags, What happens".
    fn field_names<'f>(&self, fields: impl Iterator<Item = &'f str>) -> String {
        let names: Vec<String> = fields
            .filter_map(|field| UI_FIELD_KEYS.iter().find(|(f, _)| *f == field))
            .map(|(_, key)| self.t(key))
            .collect();
        names.join(&self.t("list_separator"))
    }

    /// The sources of an advisory.
    pub fn sources(&self, advisory: &Advisory) -> Vec<SourceView> {
        let lang = self.default_language();
        advisory
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.date.map(|d| self.date(d)),
                url: s.url.clone(),
                lang: lang.to_owned(),
                dir: self.dir_of(lang),
                fallback: lang != self.lang.tag,
            })
            .collect()
    }
}
