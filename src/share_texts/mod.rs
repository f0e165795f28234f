//! The ready-to-send texts of an advisory in one language: an SMS (title, poster headline, the
//! page's short URL, the emergency number) with its exact cost in messages, a messaging-app
//! text (the red flags and the URL), and the words of an email (subject, plain text; the theme
//! lays out its HTML). Built from the same views the page shows; `render` writes them into the
//! advisory's `share/` folder and `check` warns about an SMS longer than the site allows.

mod gsm;

use serde::Serialize;

use crate::model::Advisory;
use crate::sms::{self, SmsCount};
use crate::views::{ContactView, List, Localizer, Text};

/// An SMS text and what it costs.
#[derive(Debug, Clone, Serialize)]
pub struct SmsText {
    /// The text.
    pub text: String,
    /// Its encoding, length and number of messages.
    pub count: SmsCount,
    /// Which front-matter field makes it long: `poster/headline` when it has one, else `title`.
    pub longest_field: &'static str,
}

/// The words of an advisory's texts in one language, before they are laid out.
#[derive(Debug, Clone, Serialize)]
pub struct ShareWords {
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// The poster headline, if the advisory has one.
    pub headline: Option<Text>,
    /// Red flags.
    pub red_flags: List,
    /// Prevention tips.
    pub prevention: List,
    /// What to do if it happened.
    pub if_targeted: List,
    /// Emergency numbers.
    pub emergency: Vec<ContactView>,
    /// Other contacts.
    pub contacts: Vec<ContactView>,
    /// The page's absolute URL.
    pub url: String,
    /// The page's URL without its scheme, for SMS.
    pub short_url: String,
}

/// The words of `advisory` as a page in `l`'s language shows them.
pub fn words(advisory: &Advisory, l: &Localizer, url: &str) -> ShareWords {
    let (emergency, contacts) = l.contacts(advisory);
    let headline = advisory
        .field(&l.lang.tag, |t| t.poster_headline.as_ref())
        .map(|f| l.text_in(f.value, f.lang));
    ShareWords {
        title: l.field(advisory, |t| t.title.as_ref()),
        summary: l.field(advisory, |t| t.summary.as_ref()),
        headline,
        red_flags: l.list(advisory, "red_flags"),
        prevention: l.list(advisory, "prevention"),
        if_targeted: l.list(advisory, "if_targeted"),
        emergency,
        contacts,
        url: url.to_owned(),
        short_url: url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .to_owned(),
    }
}

/// "Call 911", for the first emergency number, in the language of the title: an advisory not
/// translated into the page's language is shared in one language (and an English SMS stays
/// GSM-7 rather than turning UCS-2 for one Arabic word).
fn call_line(words: &ShareWords, l: &Localizer) -> Option<String> {
    let first = words.emergency.first()?;
    let call = l.ui.text(&words.title.lang, "call");
    Some(format!("{call} {}", first.phone))
}

/// The SMS: title, headline, short URL and emergency number, one a line. Typographic quotes,
/// dashes and spaces become their GSM-7 forms when that keeps the whole text in GSM-7 (one
/// curly apostrophe would otherwise make it UCS-2, at less than half the characters a
/// message).
pub fn sms(words: &ShareWords, l: &Localizer) -> SmsText {
    let mut lines = vec![words.title.text.trim().to_owned()];
    if let Some(headline) = &words.headline {
        lines.push(headline.text.trim().to_owned());
    }
    lines.push(words.short_url.clone());
    lines.extend(call_line(words, l));
    let text = gsm::fit(&lines.join("\n"));
    SmsText {
        count: sms::count(&text),
        text,
        longest_field: if words.headline.is_some() {
            "poster/headline"
        } else {
            "title"
        },
    }
}

/// The messaging-app text: title, summary, the red flags, the headline, the emergency number
/// and the URL (apps turn it into a preview).
pub fn messaging(words: &ShareWords, l: &Localizer) -> String {
    let mut out = format!(
        "⚠ {}\n{}\n",
        words.title.text.trim(),
        words.summary.text.trim()
    );
    if !words.red_flags.items.is_empty() {
        out.push('\n');
        // In the title's language, as the "call" line: one language in one text.
        out.push_str(l.ui.text(&words.title.lang, "red_flags"));
        out.push('\n');
        for flag in &words.red_flags.items {
            out.push_str("• ");
            out.push_str(flag.trim());
            out.push('\n');
        }
    }
    out.push('\n');
    if let Some(headline) = &words.headline {
        out.push_str(headline.text.trim());
        out.push('\n');
    }
    if let Some(call) = call_line(words, l) {
        out.push_str(&call);
        out.push('\n');
    }
    out.push_str(&words.url);
    out.push('\n');
    out
}

/// The plain-text part of the email: every section of the advisory but its body, then the
/// contacts and the link to the full advisory.
pub fn email_text(words: &ShareWords, l: &Localizer) -> String {
    let mut out = format!(
        "{}\n\n{}\n",
        words.title.text.trim(),
        words.summary.text.trim()
    );
    if let Some(call) = call_line(words, l) {
        out.push_str(&format!("\n{}: {call}\n", l.t("in_danger")));
    }
    let sections = [
        ("red_flags", &words.red_flags, false),
        ("prevention", &words.prevention, false),
        ("if_targeted", &words.if_targeted, true),
    ];
    for (key, list, numbered) in sections {
        if list.items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", l.t(key)));
        for (i, item) in list.items.iter().enumerate() {
            let mark = if numbered {
                format!("{}.", i + 1)
            } else {
                "-".to_owned()
            };
            out.push_str(&format!("{mark} {}\n", item.trim()));
        }
    }
    if !words.contacts.is_empty() {
        out.push_str(&format!("\n{}\n", l.t("contacts")));
        for c in &words.contacts {
            out.push_str(&format!("- {}: {}\n", c.name.text, c.phone));
        }
    }
    out.push_str(&format!("\n{}\n{}\n", l.t("share_read_more"), words.url));
    out
}

/// The email's subject: the site's title, then the advisory's.
pub fn email_subject(words: &ShareWords, l: &Localizer) -> String {
    let site = l.localized(&l.site.config.title).text;
    format!("{site}: {}", words.title.text.trim())
}
