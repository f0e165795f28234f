//! The link check: every link of every generated page that points inside the site (relative,
//! root-relative, fragment, or absolute under `base_url`) must resolve to a generated file and,
//! with a fragment, to an `id` of that page, in every language the link appears in.
//!
//! A body link or image with a scheme the Markdown renderer does not allow (`javascript:`) is
//! reported too: the page shows no working link there.
//!
//! Links written in Markdown bodies are reported once at their line in the advisory file, with
//! the languages whose pages have the problem; links a template writes are reported where the
//! template (or the contact or source it came from) spells them. External links are only
//! collected here; `external` fetches them on request.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use url::Url;

use super::pages::Generated;
use super::resolve::{Resolver, Target, decode, verify};
use super::sources::{Part, SourceMap};
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::i18n::Language;
use crate::markdown::{AlertLabels, Link, MarkdownOptions, render_markdown};
use crate::model::{Advisory, Site, Translation};
use crate::plan::urls::{PageKind, Urls};
use crate::theme::Theme;
use crate::yaml::Seg;

/// Where a link is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root (or the theme origin).
    pub file: PathBuf,
    /// Line and column (0 when only the file is known).
    pub at: Position,
    /// The line itself, for quoting.
    pub line_text: Option<String>,
}

impl Location {
    /// A diagnostic at this location.
    pub fn diagnostic(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        let diagnostic = Diagnostic::error(code, &self.file, self.at, message);
        match &self.line_text {
            Some(line) => diagnostic.with_source_line(line),
            None => diagnostic,
        }
    }
}

/// An external link found in the site: where it is first written and how often it appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The URL without its fragment.
    pub url: Url,
    /// Where it is first written.
    pub location: Location,
}

/// What is wrong with a link.
enum Verdict {
    /// Nothing (or it is not a web link).
    Fine,
    /// An internal link that does not resolve: its code and the problem.
    Problem(Code, String),
    /// A link to another site.
    External(Url),
}

/// The link check over one render.
pub struct LinkCheck<'a> {
    site: &'a Site,
    theme: &'a Theme,
    generated: &'a Generated,
    sources: &'a SourceMap,
    urls: Urls,
    resolver: Option<Resolver>,
    /// External links by URL, in order of first appearance.
    external: BTreeMap<String, ExternalLink>,
    /// Folders of pages that exist but were not rendered (advisories with errors, left out of
    /// the check): links into them are not judged.
    unrendered: Vec<String>,
}

/// A problem of a link written outside Markdown: where, the link, and what is wrong.
type PageProblemKey = (PathBuf, Position, String, Code, String);

/// Problems of one body link, by code: each problem with the language whose page has it.
struct BodyProblem {
    location: Location,
    destination: String,
    /// How many language pages show this body.
    shown_in: usize,
    found: BTreeMap<Code, Vec<(String, String)>>,
}

/// The problems of body links, by advisory file, line and the link's index in its body.
type BodyProblems = BTreeMap<(PathBuf, usize, usize), BodyProblem>;

impl<'a> LinkCheck<'a> {
    /// A link check of `generated`, the render of `site` with `theme`.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        generated: &'a Generated,
        sources: &'a SourceMap,
    ) -> Self {
        LinkCheck {
            site,
            theme,
            generated,
            sources,
            urls: Urls::new(&site.config),
            resolver: Resolver::new(&site.config.base_url),
            external: BTreeMap::new(),
            unrendered: Vec::new(),
        }
    }

    /// Leaves links into the pages of these advisories unjudged: they have errors, so the site
    /// was rendered without them, but their pages will exist once the errors are fixed.
    pub fn not_judging(mut self, advisories: &[String]) -> Self {
        for slug in advisories {
            for lang in &self.site.config.languages {
                let page = self
                    .urls
                    .output_file(&PageKind::Advisory(slug.clone()), lang);
                let folder = page.strip_suffix("index.html").unwrap_or(&page);
                self.unrendered.push(folder.to_owned());
            }
        }
        self
    }

    /// Checks every internal link; returns the problems and the external links found.
    pub fn run(mut self) -> (Vec<Diagnostic>, Vec<ExternalLink>) {
        let Some(resolver) = self.resolver.take() else {
            return (Vec::new(), Vec::new());
        };
        let (mut diagnostics, body_links) = self.check_bodies(&resolver);
        diagnostics.extend(self.check_pages(&resolver, &body_links));
        (diagnostics, self.external.into_values().collect())
    }

    /// Links written in Markdown bodies, checked on every page that shows the body.
    fn check_bodies(
        &mut self,
        resolver: &Resolver,
    ) -> (Vec<Diagnostic>, HashMap<String, HashSet<String>>) {
        let mut problems: BodyProblems = BTreeMap::new();
        let mut body_links: HashMap<String, HashSet<String>> = HashMap::new();
        let labels = AlertLabels {
            note: String::new(),
            tip: String::new(),
            important: String::new(),
            warning: String::new(),
            caution: String::new(),
        };
        let options = MarkdownOptions {
            alert_labels: &labels,
            reserved_ids: &[],
            heading_offset: 1,
        };
        let site = self.site;
        for advisory in &site.advisories {
            for (text, languages) in shown_bodies(advisory, &site.config.languages) {
                let links = render_markdown(&text.body, &options).links;
                for lang in &languages {
                    let output = self
                        .urls
                        .output_file(&PageKind::Advisory(advisory.slug.clone()), lang);
                    let page = resolver.page_url(&output);
                    let shown = body_links.entry(output).or_default();
                    for (i, link) in links.iter().enumerate() {
                        shown.insert(decode(link.destination.trim()));
                        let Some((code, problem)) =
                            self.check_body_link(resolver, &page, text, link)
                        else {
                            continue;
                        };
                        problems
                            .entry((text.file.clone(), link.line, i))
                            .or_insert_with(|| BodyProblem {
                                location: body_location(text, link.line, &link.destination),
                                destination: link.destination.clone(),
                                shown_in: languages.len(),
                                found: BTreeMap::new(),
                            })
                            .found
                            .entry(code)
                            .or_default()
                            .push((problem, lang.tag.clone()));
                    }
                }
            }
        }
        (body_diagnostics(problems), body_links)
    }

    /// What is wrong with one link of the body of `text` shown on `page`, if anything; an
    /// external link is recorded.
    fn check_body_link(
        &mut self,
        resolver: &Resolver,
        page: &Url,
        text: &Translation,
        link: &Link,
    ) -> Option<(Code, String)> {
        let outcome = if link.allowed {
            self.classify(resolver, page, &link.destination)
        } else {
            Verdict::Problem(Code::UnsafeUrl, SCHEME_NOT_ALLOWED.to_owned())
        };
        match outcome {
            Verdict::Fine => None,
            Verdict::External(url) => {
                self.record_external(url, || body_location(text, link.line, &link.destination));
                None
            }
            Verdict::Problem(code, problem) => Some((code, problem)),
        }
    }

    /// What is wrong with one link, if anything; external links are returned to be recorded.
    fn classify(&self, resolver: &Resolver, page: &Url, href: &str) -> Verdict {
        match resolver.resolve(page, href) {
            Target::Internal { path, .. }
                if self.unrendered.iter().any(|folder| {
                    path.starts_with(folder.as_str())
                        || folder.strip_suffix('/') == Some(path.as_str())
                }) =>
            {
                Verdict::Fine
            }
            Target::Internal { path, fragment } => {
                match verify(self.generated, &path, fragment.as_deref()) {
                    None => Verdict::Fine,
                    Some(problem) if problem.contains(" has no id ") => {
                        Verdict::Problem(Code::MissingAnchor, problem)
                    }
                    Some(problem) => Verdict::Problem(Code::BrokenLink, problem),
                }
            }
            Target::OutsideBase(path) => Verdict::Problem(
                Code::BrokenLink,
                format!(
                    "`{path}` is outside the site, which is published under `{}`",
                    resolver.site_root.path()
                ),
            ),
            Target::External(url) => Verdict::External(url),
            Target::Ignored => Verdict::Fine,
        }
    }

    /// Records an external link the first time it is seen; `location` is only asked then.
    fn record_external(&mut self, url: Url, location: impl FnOnce() -> Location) {
        if !self.external.contains_key(url.as_str()) {
            let location = location();
            self.external
                .insert(url.to_string(), ExternalLink { url, location });
        }
    }

    /// Links on generated pages that do not come from a Markdown body (templates, contacts,
    /// sources), reported once per place they are written.
    fn check_pages(
        &mut self,
        resolver: &Resolver,
        body_links: &HashMap<String, HashSet<String>>,
    ) -> Vec<Diagnostic> {
        let written = self.written_links();
        let templates = self.page_templates();
        let mut found: BTreeMap<PageProblemKey, (Location, Vec<String>)> = BTreeMap::new();
        let mut located: HashMap<String, Location> = HashMap::new();
        for (output, facts) in &self.generated.pages {
            let page = resolver.page_url(output);
            let from_body = body_links.get(output);
            for href in &facts.links {
                if from_body.is_some_and(|b| b.contains(&decode(href.trim()))) {
                    continue;
                }
                let mut locate = |this: &Self| {
                    located
                        .entry(href.clone())
                        .or_insert_with(|| {
                            written
                                .get(href)
                                .map(|(file, path)| this.yaml_location(file, path))
                                .or_else(|| this.template_location(href))
                                .unwrap_or_else(|| Location {
                                    file: templates.get(output).cloned().unwrap_or_default(),
                                    at: Position::default(),
                                    line_text: None,
                                })
                        })
                        .clone()
                };
                match self.classify(resolver, &page, href) {
                    Verdict::Fine => {}
                    Verdict::External(url) => {
                        let location = locate(self);
                        self.record_external(url, || location);
                    }
                    Verdict::Problem(code, problem) => {
                        let location = locate(self);
                        found
                            .entry((
                                location.file.clone(),
                                location.at,
                                href.clone(),
                                code,
                                problem,
                            ))
                            .or_insert_with(|| (location, Vec::new()))
                            .1
                            .push(format!(
                                "/{}",
                                output.strip_suffix("index.html").unwrap_or(output)
                            ));
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|((_, _, href, code, problem), (location, pages))| {
                let on = match pages.len() {
                    1 => format!("on page `{}`", pages[0]),
                    n => format!("on {n} pages, e.g. `{}`", pages[0]),
                };
                location
                    .diagnostic(code, format!("broken link `{href}` {on}: {problem}"))
                    .with_hint(link_hint(code))
            })
            .collect()
    }

    /// Links the model spells out (source and contact URLs), with the file and YAML path.
    fn written_links(&self) -> HashMap<String, (PathBuf, Vec<Seg>)> {
        let mut written = HashMap::new();
        let contacts_file = PathBuf::from("content/contacts.yaml");
        for (id, contact) in &self.site.contacts {
            if let Some(url) = &contact.url {
                written.insert(
                    url.clone(),
                    (
                        contacts_file.clone(),
                        vec![Seg::Key(id.clone()), Seg::Key("url".into())],
                    ),
                );
            }
        }
        for advisory in &self.site.advisories {
            let file = advisory.source().file.clone();
            for (i, source) in advisory.sources.iter().enumerate() {
                if let Some(url) = &source.url {
                    written.entry(url.clone()).or_insert_with(|| {
                        (
                            file.clone(),
                            vec![
                                Seg::Key("sources".into()),
                                Seg::Index(i),
                                Seg::Key("url".into()),
                            ],
                        )
                    });
                }
            }
            for (i, contact) in advisory.contacts.iter().enumerate() {
                if let (None, Some(url)) = (&contact.id, &contact.url) {
                    written.entry(url.clone()).or_insert_with(|| {
                        (
                            file.clone(),
                            vec![
                                Seg::Key("contacts".into()),
                                Seg::Index(i),
                                Seg::Key("url".into()),
                            ],
                        )
                    });
                }
            }
        }
        written
    }

    fn yaml_location(&self, file: &Path, path: &[Seg]) -> Location {
        let at = self.sources.yaml_position(file, path, Part::Value);
        Location {
            file: file.to_path_buf(),
            at,
            line_text: self.sources.line(file, at.line),
        }
    }

    /// The first place a theme template spells `href` (or its `#fragment`) literally.
    fn template_location(&self, href: &str) -> Option<Location> {
        let fragment = href.find('#').map(|i| &href[i..]).filter(|f| f.len() > 1);
        let needles = std::iter::once(href).chain(fragment);
        for needle in needles {
            for (_, file) in self.theme.files_under("templates") {
                let text = String::from_utf8_lossy(&file.bytes);
                if let Some(offset) = text.find(needle) {
                    let at = Position::of_offset(&text, offset);
                    return Some(Location {
                        file: file.origin.clone(),
                        at,
                        line_text: text.lines().nth(at.line - 1).map(str::to_owned),
                    });
                }
            }
        }
        None
    }

    /// The template file of every page, by output path.
    fn page_templates(&self) -> HashMap<String, PathBuf> {
        crate::plan::page_plan(self.site)
            .into_iter()
            .filter_map(|(page, tag)| {
                let lang = self.site.config.language(&tag)?;
                let origin = self
                    .theme
                    .file(&format!("templates/{}", page.template()))
                    .map(|f| f.origin.clone())
                    .unwrap_or_default();
                Some((self.urls.output_file(&page, lang), origin))
            })
            .collect()
    }
}

/// The Markdown bodies an advisory's pages show, each with the languages showing it: a
/// language without its own body shows the default language's.
fn shown_bodies<'a>(
    advisory: &'a Advisory,
    languages: &'a [Language],
) -> Vec<(&'a Translation, Vec<&'a Language>)> {
    let source = advisory.source();
    let mut shown: Vec<(&Translation, Vec<&Language>)> = Vec::new();
    for lang in languages {
        let text = advisory
            .texts
            .get(&lang.tag)
            .filter(|t| !t.body.trim().is_empty())
            .unwrap_or(source);
        match shown.iter_mut().find(|(t, _)| t.file == text.file) {
            Some((_, langs)) => langs.push(lang),
            None => shown.push((text, vec![lang])),
        }
    }
    shown
}

/// One diagnostic per body link and code, at the link's line in its advisory file.
fn body_diagnostics(problems: BodyProblems) -> Vec<Diagnostic> {
    problems
        .into_values()
        .flat_map(|p| {
            let BodyProblem {
                location,
                destination,
                shown_in,
                found,
            } = p;
            found.into_iter().map(move |(code, problems)| {
                let message = format!(
                    "broken link `{destination}`: {}",
                    describe_problems(problems, shown_in)
                );
                location
                    .diagnostic(code, message)
                    .with_hint(link_hint(code))
            })
        })
        .collect()
}

/// Where a link of a body is: its file line, and the column of its destination.
fn body_location(text: &Translation, body_line: usize, destination: &str) -> Location {
    let line_text = text.body.lines().nth(body_line.saturating_sub(1));
    let column = line_text
        .and_then(|l| l.find(destination).map(|i| l[..i].chars().count() + 1))
        .unwrap_or(1);
    Location {
        file: text.file.clone(),
        at: Position::new(text.body_line + body_line.saturating_sub(1), column),
        line_text: line_text.map(str::to_owned),
    }
}

/// What is wrong with a body link, given each problem with the language whose page has it (in
/// the site's order of languages): the first problem, and when the body is shown in several
/// languages, on which pages. A relative link lands in each language's own folder, so the other
/// languages' problems differ only in their paths: `the site has no page `/advisories/x/` (on
/// the en page; likewise on the es, de pages)`.
fn describe_problems(problems: Vec<(String, String)>, shown_in: usize) -> String {
    let Some((first, _)) = problems.first().cloned() else {
        return String::new();
    };
    if shown_in == 1 {
        return first;
    }
    let (same, likewise): (Vec<_>, Vec<_>) = problems.into_iter().partition(|(p, _)| *p == first);
    let pages = |languages: Vec<(String, String)>| {
        let tags: Vec<String> = languages.into_iter().map(|(_, lang)| lang).collect();
        let plural = if tags.len() == 1 { "page" } else { "pages" };
        format!("the {} {plural}", tags.join(", "))
    };
    let mut text = format!("{first} (on {}", pages(same));
    if !likewise.is_empty() {
        text.push_str(&format!("; likewise on {}", pages(likewise)));
    }
    text.push(')');
    text
}

/// Why a body link whose scheme is not allowed is reported.
const SCHEME_NOT_ALLOWED: &str =
    "only http, https, mailto and tel links are allowed, so the page shows no working link here";

fn link_hint(code: Code) -> &'static str {
    match code {
        Code::UnsafeUrl => {
            "link to a web page (`https://…`), an e-mail address (`mailto:`) or a phone number (`tel:`), or keep the text without a link"
        }
        Code::MissingAnchor => {
            "link to an id the page has: a heading's id (`## Step 2` → `#step-2`, or `{#custom-id}`) or a section of the template (`#red-flags`, `#prevention`, `#contacts`)"
        }
        _ => {
            "link to a page the site generates: `../<slug>/` for another advisory, `/regions/<id>/` for a term; check the slug for typos"
        }
    }
}
