//! What an imported translation must keep from its source text: every phone number and other
//! long number, every link target and web address, every `{placeholder}`; and what it must not
//! add: HTML, or Markdown that starts a block of its own (a heading, list or quote) inside one.

use crate::blocks::{self, BlockKind};

/// The problems of `translation` as a translation of `source` (a body block of `kind`, or a
/// front-matter text when `kind` is `None`), each a sentence for the translator.
pub fn problems(source: &str, translation: &str, kind: Option<BlockKind>) -> Vec<String> {
    let mut found = Vec::new();
    compare(
        &mut found,
        "number",
        "numbers must stay exactly as in the source text (phone numbers especially)",
        &numbers(source),
        &numbers(translation),
    );
    let mut wanted = blocks::link_targets(source);
    wanted.extend(addresses(source));
    let mut got = blocks::link_targets(translation);
    got.extend(addresses(translation));
    compare(
        &mut found,
        "link target",
        "keep every link target and address as it is: translate only the text in [brackets]",
        &wanted,
        &got,
    );
    compare(
        &mut found,
        "placeholder",
        "copy every {placeholder} unchanged",
        &placeholders(source),
        &placeholders(translation),
    );
    let known = html_tags(source);
    for tag in html_tags(translation) {
        if !known.contains(&tag) {
            found.push(format!(
                "the translation adds HTML (`<{tag}>`) that the source text does not have: \
                 remove it (the site accepts no new HTML from a translation)"
            ));
        }
    }
    match kind {
        Some(BlockKind::Heading | BlockKind::Cell) if translation.contains('\n') => {
            found.push("a heading or table cell must stay on one line".into());
        }
        Some(BlockKind::Cell) if unescaped_pipe(translation) && !unescaped_pipe(source) => {
            found.push("a `|` would split the table cell: write it as `\\|`".into());
        }
        Some(_) if !blocks::is_one_paragraph(translation) => found.push(
            "the translation starts a Markdown block of its own (a heading `#`, a list `-` or \
             `1.`, a quote `>` or a blank line): keep it one paragraph like the source"
                .into(),
        ),
        _ => {}
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|message| seen.insert(message.clone()));
    found
}

/// Adds a problem for each item of `wanted` missing from `got` and each extra one.
fn compare(found: &mut Vec<String>, what: &str, hint: &str, wanted: &[String], got: &[String]) {
    let mut rest: Vec<&String> = got.iter().collect();
    let mut missing = Vec::new();
    for item in wanted {
        match rest.iter().position(|g| *g == item) {
            Some(i) => {
                rest.remove(i);
            }
            None => missing.push(item.as_str()),
        }
    }
    for item in &missing {
        found.push(format!(
            "the {what} `{item}` of the source text is missing or changed: {hint}"
        ));
    }
    for item in rest {
        found.push(format!(
            "the {what} `{item}` is not in the source text: {hint}"
        ));
    }
}

/// Runs of three digits or more (phone numbers, years, amounts), each on its own: `1-888-495-8501`
/// gives `888`, `495`, `8501`, so a translation may write the separators its own way but not
/// change a digit. Eastern Arabic and Persian digits count as their ASCII digits.
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        match digit(c) {
            Some(d) => run.push(d),
            None => {
                if run.len() >= 3 {
                    out.push(run.clone());
                }
                run.clear();
            }
        }
    }
    out
}

fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
        '\u{6f0}'..='\u{6f9}' => char::from_digit(c as u32 - 0x6f0, 10),
        _ => None,
    }
}

/// Web, mail and phone addresses written as text (`https://…`, `tel:…`, `mailto:…`).
fn addresses(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
        .filter(|word| {
            let lower = word.to_ascii_lowercase();
            ["http://", "https://", "tel:", "mailto:", "www."]
                .iter()
                .any(|p| lower.starts_with(p))
        })
        .map(|word| {
            word.trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .to_owned()
        })
        .collect()
}

/// `{name}` placeholders.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push(format!("{{{}}}", &after[..end]));
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The names of the HTML tags in `text` (`script`, `/a`, `!--`), lower-cased.
fn html_tags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '!' | '-'))
            .collect();
        let is_tag = name
            .trim_start_matches('/')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '!');
        if is_tag && after[name.len()..].contains('>') {
            out.push(name.to_ascii_lowercase());
        }
        rest = after;
    }
    out
}

fn unescaped_pipe(text: &str) -> bool {
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_faithful_translation_has_no_problem() {
        let source = "Call [the police](tel:+14032662234) at 403-266-1234 or 911, see \
                      https://example.org. In May 2018 {count} people.";
        let ko = "[경찰](tel:+14032662234)에 403-266-1234 또는 911로 전화하세요. \
                  https://example.org 참조. 2018년 5월 {count}명.";
        assert_eq!(
            problems(source, ko, Some(BlockKind::Paragraph)),
            Vec::<String>::new()
        );
        assert!(problems("Call 911", "اتصل بـ ٩١١", None).is_empty());
    }

    #[test]
    fn changed_numbers_links_placeholders_and_new_html_are_problems() {
        let source = "Call [the police](tel:+14032662234) at 403-266-1234, {count} people.";
        let bad = "Appelez [la police](tel:+14032660000) au 403-266-9999, {nombre}. \
                   <script>alert(1)</script>";
        let found = problems(source, bad, Some(BlockKind::Paragraph)).join("\n");
        for needle in [
            "`1234` of the source text is missing",
            "`9999` is not in the source",
            "`tel:+14032662234` of the source text is missing",
            "`{count}` of the source text is missing",
            "`<script>`",
        ] {
            assert!(found.contains(needle), "{needle} in {found}");
        }
        let removed = problems(
            "See [the release](https://x.org/a).",
            "Voir le communiqué.",
            None,
        );
        assert_eq!(removed.len(), 1, "{removed:?}");
    }

    #[test]
    fn block_structure_is_kept() {
        assert!(!problems("What happened", "# Ce qui", Some(BlockKind::Heading)).is_empty());
        assert!(!problems("a", "b\nc", Some(BlockKind::Cell)).is_empty());
        assert!(!problems("a", "b | c", Some(BlockKind::Cell)).is_empty());
        assert!(!problems("Text.", "- liste", Some(BlockKind::Item)).is_empty());
    }
}
