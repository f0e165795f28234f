//! Where each text on a poster comes from (file, position, field), so that a poster that does
//! not fit, or a word that runs off the page, names what to shorten: `site.toml`'s `title`, an
//! institution's `name`, or an advisory's field in the right language file.

use std::path::{Path, PathBuf};

use super::content::PosterInput;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::Translation;

/// The kinds of text on a poster that an author can shorten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// `title` in `site.toml`.
    SiteTitle,
    /// An institution's `name` in `site.toml`.
    Institution,
    /// `poster.headline` (else `title`) of the advisory.
    Headline,
    /// `summary`.
    Summary,
    /// An item of `red_flags`.
    RedFlag,
    /// An item of `prevention`.
    Prevention,
    /// An item of `if_targeted`.
    IfTargeted,
    /// A contact's `name`.
    ContactName,
}

/// One text of a poster and where it is written.
#[derive(Debug, Clone)]
pub struct PosterField {
    /// What it is.
    pub kind: FieldKind,
    /// The file it is written in, relative to the site root.
    pub file: PathBuf,
    /// Where in that file, when known.
    pub at: Position,
    /// The field, as an author finds it: "`poster.headline`", "item 2 of `red_flags`".
    pub name: String,
    /// The text.
    pub text: String,
}

impl PosterField {
    /// The field `name` of `kind`, holding `text`, written at `at` in `file`.
    fn new(kind: FieldKind, file: &Path, at: Position, name: String, text: &str) -> PosterField {
        PosterField {
            kind,
            file: file.to_path_buf(),
            at,
            name,
            text: text.to_owned(),
        }
    }

    /// An error about this field.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::Poster, &self.file, self.at, message)
    }
}

/// Reads one list field of a translation.
type ListOf = fn(&Translation) -> Option<&Vec<String>>;

/// Every text of a poster that an author or office wrote, in every language of the poster.
pub fn poster_fields(input: &PosterInput) -> Vec<PosterField> {
    let mut fields = Vec::new();
    for l in &input.localizers {
        let lang = l.lang.tag.as_str();
        office_fields(input, lang, &mut fields);
        advisory_fields(input, lang, &mut fields);
        contact_fields(input, lang, &mut fields);
    }
    fields
}

/// The texts `site.toml` gives the poster in `lang`: the site's title and the institution's name.
fn office_fields(input: &PosterInput, lang: &str, fields: &mut Vec<PosterField>) {
    let config = &input.site.config;
    let default = config.default_language.as_str();
    let title = config.title.resolve(lang, default).text;
    fields.push(PosterField::new(
        FieldKind::SiteTitle,
        &config.file,
        config.title_at,
        "`title`".into(),
        title,
    ));
    if let Some(i) = input.institution {
        let name = i.name.resolve(lang, default).text;
        let field = format!("`name` of institution `{}`", i.id);
        fields.push(PosterField::new(
            FieldKind::Institution,
            &config.file,
            i.at,
            field,
            name,
        ));
    }
}

/// The advisory's texts on the poster in `lang` (or the language it falls back to), each in the
/// language file it is written in: the headline, the summary and the items of its lists.
fn advisory_fields(input: &PosterInput, lang: &str, fields: &mut Vec<PosterField>) {
    let advisory = input.advisory;
    let file_of = |t: &Translation| t.file.clone();
    let text_field = |get: fn(&Translation) -> Option<&String>| {
        advisory
            .field(lang, get)
            .map(|f| (f.value.as_str(), file_of(&advisory.texts[f.lang])))
    };
    let headline = text_field(|t| t.poster_headline.as_ref())
        .map(|h| (h, "`poster.headline`"))
        .or_else(|| text_field(|t| t.title.as_ref()).map(|t| (t, "`title`")));
    if let Some(((text, file), name)) = headline {
        fields.push(PosterField::new(
            FieldKind::Headline,
            &file,
            Position::default(),
            name.into(),
            text,
        ));
    }
    if let Some((text, file)) = text_field(|t| t.summary.as_ref()) {
        fields.push(PosterField::new(
            FieldKind::Summary,
            &file,
            Position::default(),
            "`summary`".into(),
            text,
        ));
    }
    let lists: [(FieldKind, &str, ListOf); 3] = [
        (FieldKind::RedFlag, "red_flags", |t| t.red_flags.as_ref()),
        (FieldKind::Prevention, "prevention", |t| {
            t.prevention.as_ref()
        }),
        (FieldKind::IfTargeted, "if_targeted", |t| {
            t.if_targeted.as_ref()
        }),
    ];
    for (kind, key, get) in lists {
        if let Some(f) = advisory.field(lang, get) {
            let file = file_of(&advisory.texts[f.lang]);
            for (i, item) in f.value.iter().enumerate() {
                let name = format!("item {} of `{key}`", i + 1);
                fields.push(PosterField::new(
                    kind,
                    &file,
                    Position::default(),
                    name,
                    item,
                ));
            }
        }
    }
}

/// The names of the poster's contacts in `lang`: a shared contact's in `content/contacts.yaml`,
/// the advisory's own in its source file.
fn contact_fields(input: &PosterInput, lang: &str, fields: &mut Vec<PosterField>) {
    let default = input.site.config.default_language.as_str();
    for contact in input.contacts() {
        let text = contact.name.resolve(lang, default).text;
        let (file, name) = match &contact.id {
            Some(id) => (
                PathBuf::from("content/contacts.yaml"),
                format!("`name` of contact `{id}`"),
            ),
            None => (
                input.advisory.source().file.clone(),
                "`name` of a contact".into(),
            ),
        };
        fields.push(PosterField::new(
            FieldKind::ContactName,
            &file,
            Position::default(),
            name,
            text,
        ));
    }
}

/// The field whose text holds `fragment` (a run of text found on the laid-out page), when only
/// one field does (a short fragment such as "(sample)" may be in many).
pub fn field_holding<'f>(fields: &'f [PosterField], fragment: &str) -> Option<&'f PosterField> {
    let wanted = normalise(fragment);
    if wanted.is_empty() {
        return None;
    }
    let mut holding = fields
        .iter()
        .filter(|f| normalise(&f.text).contains(&wanted));
    let first = holding.next()?;
    holding
        .all(|f| f.name == first.name && f.file == first.file)
        .then_some(first)
}

/// Text without zero-width spaces and with single spaces, as laid out runs are compared.
fn normalise(text: &str) -> String {
    text.replace('\u{200B}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
