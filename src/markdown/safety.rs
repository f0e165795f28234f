//! What keeps a body from running script: the URL scheme check on every link and image, HTML
//! escaping of generated text, and the ammonia pass (with the allowlist of the markup this
//! module generates) for bodies that contain raw HTML.

use std::borrow::Cow;
use std::collections::HashSet;

/// Whether a link/image destination may be emitted: relative URLs, fragments, and the schemes
/// `http`, `https`, `mailto` and `tel`.
pub(super) fn is_safe_url(url: &str) -> bool {
    if !url.contains(':') {
        return true;
    }
    // Browsers strip leading/trailing C0 controls and spaces and drop tabs and newlines
    // anywhere; drop all whitespace and controls to be stricter still (`java\u{a0}script:`).
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    // A scheme is what a browser takes for one: a letter, then letters, digits, `+`, `-` or
    // `.`, up to the first ':'. Anything else before the colon (`foo):`, `a/b:c`, `?x:y`) makes
    // the destination a relative reference, which is safe.
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let looks_like_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !looks_like_scheme {
        return true;
    }
    ["http", "https", "mailto", "tel"]
        .iter()
        .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
}

/// Escapes text for HTML element content and attribute values (`& < > " '`).
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Classes this module generates, per element (plus `language-*` on `code`).
const GENERATED_CLASSES: &[(&str, &[&str])] = &[
    (
        "div",
        &[
            "markdown-alert",
            "markdown-alert-note",
            "markdown-alert-tip",
            "markdown-alert-important",
            "markdown-alert-warning",
            "markdown-alert-caution",
            "footnote-definition",
        ],
    ),
    ("p", &["markdown-alert-title"]),
    ("sup", &["footnote-reference", "footnote-definition-label"]),
    ("section", &["footnotes"]),
];

/// Runs the rendered fragment through ammonia (only used when the body contains raw HTML).
pub(super) fn sanitize(html: &str, reserved_ids: &[&str]) -> String {
    let reserved: HashSet<String> = reserved_ids.iter().map(|id| (*id).to_string()).collect();
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["section"])
        .add_generic_attributes(["dir"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
        .add_tag_attributes("div", ["id", "class", "role"])
        .add_tag_attributes("p", ["class"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("section", ["id", "class"])
        .add_tag_attributes("ol", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .attribute_filter(move |element, attribute, value| match attribute {
            "id" if reserved.contains(value) => None,
            "class" => filter_classes(element, value),
            "role" if element == "div" && value != "note" => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder.clean(html).to_string()
}

/// Keeps only the classes this module generates on `element`; `None` if none remain.
fn filter_classes<'v>(element: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let allowed = GENERATED_CLASSES
        .iter()
        .find(|(tag, _)| *tag == element)
        .map_or(&[][..], |(_, classes)| *classes);
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| {
            allowed.contains(class) || (element == "code" && class.starts_with("language-"))
        })
        .collect();
    if kept.is_empty() {
        None
    } else {
        Some(Cow::Owned(kept.join(" ")))
    }
}
