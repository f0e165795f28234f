//! Content quality: English text above reading grade 8, advisories past their `expires` date,
//! advisories without a source, and placeholder text left from `redflag new`.

use std::ops::Range;

use jiff::civil::Date;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::readability::Counts;
use super::sources::{Part, SourceMap, keys};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::{Advisory, Site, Translation};
use crate::scaffold::PLACEHOLDER;
use crate::yaml::Seg;

/// The highest Flesch-Kincaid grade an English advisory may have without a warning.
pub const MAX_GRADE: f64 = 8.0;

/// Checks the quality of every advisory.
pub fn check_quality(site: &Site, today: Date, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for advisory in &site.advisories {
        let file = &advisory.source().file;
        if let Some(expires) = advisory.expires.filter(|e| *e < today) {
            let (key, hint) = if advisory.expires_from_review {
                let key = if advisory.reviewed.is_some() {
                    "reviewed"
                } else {
                    "date"
                };
                (
                    key,
                    "check the facts against the sources again and set `reviewed:` to that day; otherwise consider removing it",
                )
            } else {
                (
                    "expires",
                    "if the scam still goes on, update the advisory and move `expires` later; otherwise consider removing it",
                )
            };
            let why = if advisory.expires_from_review {
                " (its facts were not reviewed within [cap] expires_after)"
            } else {
                ""
            };
            diagnostics.push(
                sources
                    .at_yaml(
                        Code::Expired,
                        file,
                        &keys(&[key]),
                        Part::Value,
                        format!("advisory `{}` expired on {expires}{why}: its pages say it is no longer current", advisory.slug),
                    )
                    .as_warning()
                    .with_hint(hint),
            );
        }
        if advisory.sources.is_empty() {
            diagnostics.push(
                sources
                    .at_yaml(
                        Code::NoSource,
                        file,
                        &keys(&["title"]),
                        Part::Key,
                        format!("advisory `{}` has no source", advisory.slug),
                    )
                    .as_warning()
                    .with_hint("add `sources:` with the police release or news report it is based on (title, publisher, date, url)"),
            );
        }
        for text in advisory.texts.values() {
            if is_english(&text.lang) {
                diagnostics.extend(check_grade(text, sources));
            }
            diagnostics.extend(check_placeholders(advisory, text, sources));
        }
    }
    diagnostics
}

fn is_english(tag: &str) -> bool {
    tag == "en" || tag.starts_with("en-")
}

/// A passage of an advisory text and where it is.
struct Passage {
    text: String,
    at: Where,
}

/// Where a passage is: a front-matter field, or a line of the body.
enum Where {
    Field(Vec<Seg>),
    Line(usize),
}

/// The passages of a text: title, summary, list items and poster headline, then the body's
/// paragraphs, headings, list items and table cells (code is left out).
fn passages(text: &Translation) -> Vec<Passage> {
    let mut out = Vec::new();
    let fields = [("title", &text.title), ("summary", &text.summary)];
    for (key, value) in fields {
        if let Some(value) = value {
            out.push(Passage {
                text: value.clone(),
                at: Where::Field(keys(&[key])),
            });
        }
    }
    let lists = [
        ("red_flags", &text.red_flags),
        ("prevention", &text.prevention),
        ("if_targeted", &text.if_targeted),
    ];
    for (key, items) in lists {
        for (i, item) in items.iter().flatten().enumerate() {
            if text.is_skipped(key, i) {
                continue;
            }
            out.push(Passage {
                text: item.clone(),
                at: Where::Field(vec![Seg::Key(key.into()), Seg::Index(i)]),
            });
        }
    }
    if let Some(headline) = &text.poster_headline {
        out.push(Passage {
            text: headline.clone(),
            at: Where::Field(keys(&["poster", "headline"])),
        });
    }
    out.extend(body_passages(&text.body).into_iter().map(|(body, range)| {
        let line = text.body[..range.start].matches('\n').count();
        Passage {
            text: body,
            at: Where::Line(text.body_line + line),
        }
    }));
    out
}

/// The plain text of the body's blocks, with the byte range each starts at.
fn body_passages(body: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = None;
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, pulldown_cmark::Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => {
                start.get_or_insert(range.clone());
                current.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                if let Some(range) = start.take()
                    && !current.trim().is_empty()
                {
                    out.push((std::mem::take(&mut current), range));
                }
                current.clear();
            }
            _ => {}
        }
    }
    out
}

fn check_grade(text: &Translation, sources: &SourceMap) -> Option<Diagnostic> {
    let passages = passages(text);
    let mut total = Counts::default();
    let mut hardest: Option<(f64, &Passage)> = None;
    for passage in &passages {
        let counts = Counts::of_passage(&passage.text);
        total.add(counts);
        let grade = counts.grade();
        if counts.words >= 8 && hardest.is_none_or(|(g, _)| grade > g) {
            hardest = Some((grade, passage));
        }
    }
    let grade = total.grade();
    if grade <= MAX_GRADE {
        return None;
    }
    let mut message = format!(
        "reading grade {grade:.1} (Flesch-Kincaid) is above {MAX_GRADE:.0} for this English text"
    );
    let at = match hardest {
        Some((g, passage)) => {
            message.push_str(&format!("; the hardest passage, here, is grade {g:.1}"));
            locate(passage, text, sources)
        }
        None => Position::new(1, 1),
    };
    Some(
        sources
            .at(Code::ReadingGrade, &text.file, at, message)
            .as_warning()
            .with_hint("people read advisories under stress and in a second language: use short sentences (under 15 words) and everyday words"),
    )
}

fn locate(passage: &Passage, text: &Translation, sources: &SourceMap) -> Position {
    match &passage.at {
        Where::Field(path) => sources.yaml_position(&text.file, path, Part::Value),
        Where::Line(line) => Position::new(*line, 1),
    }
}

/// Placeholder text (`TODO:`) left from `redflag new` in any field or the body.
fn check_placeholders(
    advisory: &Advisory,
    text: &Translation,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut found: Vec<Passage> = passages(text)
        .into_iter()
        .filter(|p| p.text.contains(PLACEHOLDER))
        .collect();
    if text.lang == advisory.source().lang {
        found.extend(
            advisory
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.title.contains(PLACEHOLDER))
                .map(|(i, s)| Passage {
                    text: s.title.clone(),
                    at: Where::Field(vec![
                        Seg::Key("sources".into()),
                        Seg::Index(i),
                        Seg::Key("title".into()),
                    ]),
                }),
        );
    }
    let mut lines_seen = std::collections::HashSet::new();
    found
        .iter()
        .filter_map(|passage| {
            let at = match &passage.at {
                Where::Line(start) => {
                    let line = text
                        .body
                        .lines()
                        .enumerate()
                        .skip(start - text.body_line)
                        .find(|(_, l)| l.contains(PLACEHOLDER))
                        .map_or(*start, |(i, _)| text.body_line + i);
                    Position::new(line, 1)
                }
                Where::Field(_) => locate(passage, text, sources),
            };
            lines_seen.insert(at.line).then(|| {
                sources
                    .at(
                        Code::Placeholder,
                        &text.file,
                        at,
                        format!(
                            "placeholder text left from `redflag new`: `{}`",
                            passage.text.trim()
                        ),
                    )
                    .with_hint(format!(
                        "replace every `{PLACEHOLDER}` text with the real content"
                    ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_passages_skip_code_and_keep_items() {
        let found = body_passages("# Title\n\nOne two.\nThree.\n\n- item\n\n```\ncode here\n```\n");
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Title", "One two. Three.", "item"]);
        assert_eq!(found[1].1.start, 9);
    }
}
