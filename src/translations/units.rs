//! The translation units of an advisory: every text a translator translates (title, summary,
//! each list item, the poster headline, each block of the body), each with a stable context
//! (`slug/red_flags/2`), where it is in the source file, the writer's note for translators (a
//! YAML comment right above it), and its state in one language: translated from the current
//! source, fuzzy (the source changed since: with the previous source text when the site's git
//! history has it) or untranslated.

use std::path::{Path, PathBuf};

use crate::content::frontmatter::split_front_matter;
use crate::content::source_version;
use crate::model::{Advisory, Site, Translation};
use crate::yaml::{Seg, YamlFile};

use crate::blocks::{self, Block};

/// Where a unit's text lives in a `Translation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `title`.
    Title,
    /// `summary`.
    Summary,
    /// An item of `red_flags` (0-based).
    RedFlag(usize),
    /// An item of `prevention`.
    Prevention(usize),
    /// An item of `if_targeted`.
    IfTargeted(usize),
    /// `poster.headline`.
    PosterHeadline,
    /// A block of the body (0-based).
    Body(usize),
}

impl Field {
    /// The context path after the slug: `title`, `red_flags/2` (items count from 1).
    pub fn path(self) -> String {
        match self {
            Field::Title => "title".into(),
            Field::Summary => "summary".into(),
            Field::RedFlag(i) => format!("red_flags/{}", i + 1),
            Field::Prevention(i) => format!("prevention/{}", i + 1),
            Field::IfTargeted(i) => format!("if_targeted/{}", i + 1),
            Field::PosterHeadline => "poster/headline".into(),
            Field::Body(i) => format!("body/{}", i + 1),
        }
    }

    /// The text of this field in `text`, if it has one.
    pub fn get(self, text: &Translation) -> Option<String> {
        let item = |list: &Option<Vec<String>>, i: usize| list.as_ref()?.get(i).cloned();
        match self {
            Field::Title => text.title.clone(),
            Field::Summary => text.summary.clone(),
            Field::RedFlag(i) => item(&text.red_flags, i),
            Field::Prevention(i) => item(&text.prevention, i),
            Field::IfTargeted(i) => item(&text.if_targeted, i),
            Field::PosterHeadline => text.poster_headline.clone(),
            Field::Body(i) => blocks::split(&text.body).get(i).map(|b| b.text.clone()),
        }
    }

    /// The list or body this is a part of, and its position (`None` for a text field).
    pub fn part(self) -> Option<(&'static str, usize)> {
        match self {
            Field::RedFlag(i) => Some(("red_flags", i)),
            Field::Prevention(i) => Some(("prevention", i)),
            Field::IfTargeted(i) => Some(("if_targeted", i)),
            Field::Body(i) => Some(("body", i)),
            _ => None,
        }
    }

    /// Whether `text` leaves this item or block untranslated (the source's text is there).
    pub fn is_skipped(self, text: &Translation) -> bool {
        self.part()
            .is_some_and(|(name, i)| text.is_skipped(name, i))
    }

    /// The YAML path of a front-matter field (`None` for the body).
    fn yaml_path(self) -> Option<Vec<Seg>> {
        let key = |k: &str| Seg::Key(k.to_owned());
        Some(match self {
            Field::Title => vec![key("title")],
            Field::Summary => vec![key("summary")],
            Field::RedFlag(i) => vec![key("red_flags"), Seg::Index(i)],
            Field::Prevention(i) => vec![key("prevention"), Seg::Index(i)],
            Field::IfTargeted(i) => vec![key("if_targeted"), Seg::Index(i)],
            Field::PosterHeadline => vec![key("poster"), key("headline")],
            Field::Body(_) => return None,
        })
    }
}

/// The fields `source` has, in page order, and the blocks of its body.
pub fn fields_of(source: &Translation) -> (Vec<Field>, Vec<Block>) {
    let mut fields = Vec::new();
    fields.extend(source.title.as_ref().map(|_| Field::Title));
    fields.extend(source.summary.as_ref().map(|_| Field::Summary));
    let len = |list: &Option<Vec<String>>| list.as_ref().map_or(0, Vec::len);
    fields.extend((0..len(&source.red_flags)).map(Field::RedFlag));
    fields.extend((0..len(&source.prevention)).map(Field::Prevention));
    fields.extend((0..len(&source.if_targeted)).map(Field::IfTargeted));
    fields.extend(
        source
            .poster_headline
            .as_ref()
            .map(|_| Field::PosterHeadline),
    );
    let body = blocks::split(&source.body);
    fields.extend((0..body.len()).map(Field::Body));
    (fields, body)
}

/// A unit's state in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No translation.
    Untranslated,
    /// Translated from the current source text.
    Translated,
    /// Translated from another source text: needs review.
    Fuzzy,
}

/// One text to translate, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `slug/field/path`.
    pub context: String,
    /// The advisory field (`None` for a text of the site: its title, a taxonomy label, a
    /// contact's name or hours, a UI string).
    pub field: Option<Field>,
    /// The source text.
    pub source: String,
    /// The translation (empty when untranslated).
    pub translation: String,
    /// A UI string with plural forms: the source's `other` form (`source` is its `one` form).
    pub plural: Option<String>,
    /// Its translated forms, one per plural category of the language in CLDR order (empty
    /// when untranslated).
    pub forms: Vec<String>,
    /// Its state.
    pub state: State,
    /// For a fuzzy unit, the source text its translation was made from, when known.
    pub previous: Option<String>,
    /// Notes for the translator.
    pub notes: Vec<String>,
    /// The source file, relative to the site root.
    pub file: PathBuf,
    /// The line of the source text in it.
    pub line: usize,
}

/// The units of `advisory` in `lang` (`None`: a template, every unit untranslated).
pub fn units(root: &Path, site: &Site, advisory: &Advisory, lang: Option<&str>) -> Vec<Unit> {
    let source = advisory.source();
    let (fields, body) = fields_of(source);
    let located = Located::read(root, source);
    let translation = lang.and_then(|l| advisory.texts.get(l));
    let basis = translation.map(|t| Basis::of(root, site, advisory, t));
    fields
        .into_iter()
        .map(|field| {
            let text = field.get(source).unwrap_or_default();
            let (line, mut notes) = match field {
                Field::Body(i) => (source.body_line + body[i].line, Vec::new()),
                _ => located.line_and_notes(field),
            };
            let (state, translated, previous) = match (&basis, translation) {
                (Some(b @ Basis::Older(_)), Some(t)) => b.state(field, &text, t, &mut notes),
                (Some(_), Some(t))
                    if matches!(field, Field::Body(_))
                        && t.has("body")
                        && blocks::split(&t.body).len() != body.len() =>
                {
                    notes.push(
                        "The translated body has another number of paragraphs, items and \
                         headings than the source, so its parts cannot be matched: translate \
                         this text again."
                            .into(),
                    );
                    (State::Untranslated, String::new(), None)
                }
                (Some(basis), Some(t)) => basis.state(field, &text, t, &mut notes),
                _ => (State::Untranslated, String::new(), None),
            };
            Unit {
                context: format!("{}/{}", advisory.slug, field.path()),
                field: Some(field),
                source: text,
                translation: translated,
                plural: None,
                forms: Vec::new(),
                state,
                previous,
                notes,
                file: source.file.clone(),
                line,
            }
        })
        .collect()
}

/// What a translation was made from: the current source, an older one found in the history,
/// or an older one that is not known.
enum Basis {
    Current,
    Older(Box<Translation>),
    Unknown(String),
    Unverified,
    Draft,
}

impl Basis {
    fn of(root: &Path, site: &Site, advisory: &Advisory, t: &Translation) -> Basis {
        if t.draft {
            return Basis::Draft;
        }
        match &t.source_digest {
            None => Basis::Unverified,
            Some(d) if *d == advisory.digest => Basis::Current,
            Some(d) => match source_version(root, site, advisory, d) {
                Some(old) => Basis::Older(Box::new(old)),
                None => Basis::Unknown(d.clone()),
            },
        }
    }

    /// The state, translation and previous source text of `field` (current source `text`).
    fn state(
        &self,
        field: Field,
        text: &str,
        t: &Translation,
        notes: &mut Vec<String>,
    ) -> (State, String, Option<String>) {
        if let (Basis::Older(old), Field::Body(j)) = (self, field) {
            return older_block(j, text, t, old);
        }
        let Some(translated) = field.get(t).filter(|_| !field.is_skipped(t)) else {
            return (State::Untranslated, String::new(), None);
        };
        match self {
            Basis::Current => (State::Translated, translated, None),
            Basis::Older(old) => match field.get(old) {
                Some(previous) if previous == text => (State::Translated, translated, None),
                previous => (State::Fuzzy, translated, previous),
            },
            Basis::Unknown(digest) => {
                notes.push(format!(
                    "The source changed since this translation (source_digest {digest}); the \
                     site's git history does not have that version, so the previous source \
                     text cannot be shown."
                ));
                (State::Fuzzy, translated, None)
            }
            Basis::Unverified => {
                notes.push(
                    "This translation records no source_digest: check it against the source."
                        .into(),
                );
                (State::Fuzzy, translated, None)
            }
            Basis::Draft if translated == text => (State::Untranslated, String::new(), None),
            Basis::Draft => (State::Fuzzy, translated, None),
        }
    }
}

/// Block `j` of a body translated from an older source `old`: block i of that source is block
/// i of the translation, so a block whose text did not change keeps its translation even when
/// blocks were added before it; a changed block is fuzzy when the structure is the same.
fn older_block(
    j: usize,
    text: &str,
    t: &Translation,
    old: &Translation,
) -> (State, String, Option<String>) {
    let translated = blocks::split(&t.body);
    let before = blocks::split(&old.body);
    if translated.len() != before.len() {
        return (State::Untranslated, String::new(), None);
    }
    let same = (0..before.len())
        .filter(|i| before[*i].text == text)
        .min_by_key(|i| i.abs_diff(j));
    match same {
        Some(i) if t.is_skipped("body", i) => (State::Untranslated, String::new(), None),
        Some(i) => (State::Translated, translated[i].text.clone(), None),
        None if t.is_skipped("body", j) => (State::Untranslated, String::new(), None),
        None if j < before.len() => (
            State::Fuzzy,
            translated[j].text.clone(),
            Some(before[j].text.clone()),
        ),
        None => (State::Untranslated, String::new(), None),
    }
}

/// The source file's front matter, to find where each field is and its translator notes.
struct Located {
    text: String,
    yaml: Option<(usize, usize)>,
    file: PathBuf,
}

impl Located {
    fn read(root: &Path, source: &Translation) -> Located {
        let text = std::fs::read_to_string(root.join(&source.file))
            .map(crate::source::normalise)
            .unwrap_or_default();
        let yaml = split_front_matter(&text).ok().map(|split| {
            let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + split.yaml.len())
        });
        Located {
            text,
            yaml,
            file: source.file.clone(),
        }
    }

    /// The line of a front-matter field, and the comment lines right above it.
    fn line_and_notes(&self, field: Field) -> (usize, Vec<String>) {
        let (Some((start, end)), Some(path)) = (self.yaml, field.yaml_path()) else {
            return (1, Vec::new());
        };
        let file = YamlFile::new(&self.file, &self.text, &self.text[start..end], 1);
        let line = match field {
            Field::Title | Field::Summary | Field::PosterHeadline => file.key_position(&path),
            _ => file.value_position(&path),
        }
        .line;
        let lines: Vec<&str> = self.text.lines().collect();
        let mut notes: Vec<String> = lines[..line.saturating_sub(1).min(lines.len())]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with('#') && *l != "---")
            .map(|l| l.trim_start_matches('#').trim().to_owned())
            .collect();
        notes.reverse();
        (line, notes)
    }
}
