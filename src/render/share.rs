//! An advisory's ready-to-send texts in one language: the "Share this warning" panel of its
//! page and the files of its `share/` folder (`plan::share_texts`): `sms.txt`, `messaging.txt` and
//! `email.eml`, a multipart/alternative message (plain text and the theme's
//! `share/email.html`, inline styles only; MIME written by `eml`). Everything in the message
//! is derived from the advisory (date, Message-ID, MIME boundary), so builds are reproducible.

use jiff::tz::TimeZone;
use serde::Serialize;
use tera::{Context, Tera, Value};

use super::eml::Message;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::model::Advisory;
use crate::output::Sink;
use crate::plan::share_texts::{ShareFile, share_files};
use crate::plan::urls::{PageKind, Urls};
use crate::share_texts::{self, ShareWords};
use crate::theme::Theme;
use crate::views::Localizer;

/// The theme's template of the email's HTML part.
pub const EMAIL_TEMPLATE: &str = "share/email.html";

/// The "Share this warning" panel.
#[derive(Debug, Clone, Serialize)]
pub struct SharePanel {
    /// The SMS text.
    pub sms: Option<TextBox>,
    /// The messaging-app text.
    pub messaging: Option<TextBox>,
    /// The email file's URL.
    pub email_url: Option<String>,
    /// The theme's script that adds copy buttons (`static/share.js`).
    pub script: String,
}

/// A text the panel shows in a box to copy.
#[derive(Debug, Clone, Serialize)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// How many lines the box shows.
    pub rows: usize,
    /// The text file's URL.
    pub url: String,
    /// "Sent as 2 messages", for an SMS.
    pub note: Option<String>,
    /// The text's language: its title's, which is the page's only when the advisory is
    /// translated into it.
    pub lang: String,
    /// The text's direction.
    pub dir: crate::i18n::Direction,
}

fn words(advisory: &Advisory, urls: &Urls, l: &Localizer) -> ShareWords {
    let url = urls.absolute(&PageKind::Advisory(advisory.slug.clone()), l.lang);
    share_texts::words(advisory, l, &url)
}

/// The panel of an advisory page in `l`'s language; `None` when the site makes no texts.
pub fn panel(advisory: &Advisory, urls: &Urls, l: &Localizer) -> Option<SharePanel> {
    let settings = &l.site.config.share;
    if !settings.any_text() {
        return None;
    }
    let words = words(advisory, urls, l);
    let url = |file: ShareFile| urls.asset(&file.path(urls, &advisory.slug, l.lang));
    let text_box = |text: String, file, note| TextBox {
        rows: text.lines().count().clamp(3, 14),
        text,
        url: url(file),
        note,
        lang: words.title.lang.clone(),
        dir: words.title.dir,
    };
    let sms = settings.sms.then(|| {
        let sms = share_texts::sms(&words, l);
        let note =
            l.ui.plural(&l.lang.tag, "share_sms_parts", sms.count.segments);
        text_box(sms.text, ShareFile::Sms, Some(note))
    });
    let messaging = settings.messaging.then(|| {
        let text = share_texts::messaging(&words, l);
        text_box(text, ShareFile::Messaging, None)
    });
    Some(SharePanel {
        sms,
        messaging,
        email_url: settings.email.then(|| url(ShareFile::Email)),
        script: urls.asset("static/share.js"),
    })
}

/// What the email's HTML part is made with: the theme's compiled templates and the `t` value
/// of the language (its UI strings, made once for all its pages and emails).
pub struct EmailTemplates<'a> {
    /// The compiled templates.
    pub tera: &'a Tera,
    /// The theme, for errors' file names.
    pub theme: &'a Theme,
    /// The `t` value.
    pub strings: &'a Value,
}

/// Writes the `share/` folder of an advisory in `l`'s language.
pub fn write_share(
    advisory: &Advisory,
    urls: &Urls,
    l: &Localizer,
    templates: &EmailTemplates,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let words = words(advisory, urls, l);
    for file in share_files(&l.site.config.share) {
        let bytes = match file {
            ShareFile::Sms => share_texts::sms(&words, l).text.into_bytes(),
            ShareFile::Messaging => share_texts::messaging(&words, l).into_bytes(),
            ShareFile::Email => {
                let html = email_html(&words, l, templates)?;
                email(advisory, &words, l, &html, host(urls))
            }
        };
        let path = file.path(urls, &advisory.slug, l.lang);
        sink.write(&path, &bytes).map_err(|err| {
            Diagnostic::error(
                Code::Io,
                std::path::Path::new(&path),
                Position::default(),
                format!("cannot write the output file: {err}"),
            )
        })?;
    }
    Ok(())
}

/// The base URL's host without its port: the domain of the message's addresses and id.
fn host(urls: &Urls) -> &str {
    let host = urls.host();
    host.split(':').next().unwrap_or(host)
}

/// The email's HTML part, from the theme's template.
fn email_html(
    words: &ShareWords,
    l: &Localizer,
    templates: &EmailTemplates,
) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct EmailView<'a> {
        lang: &'a str,
        dir: crate::i18n::Direction,
        subject: String,
        site_title: String,
        /// `padding-left`, or `padding-right` right to left: mail programs that know no
        /// logical properties still indent lists on the right side.
        list_padding: &'static str,
    }
    let mut cx = Context::new();
    cx.insert(
        "email",
        &EmailView {
            lang: &l.lang.tag,
            dir: l.lang.dir,
            subject: share_texts::email_subject(words, l),
            site_title: l.localized(&l.site.config.title).text,
            list_padding: match l.lang.dir {
                crate::i18n::Direction::Rtl => "padding-right",
                crate::i18n::Direction::Ltr => "padding-left",
            },
        },
    );
    cx.insert("words", words);
    cx.insert_value("t", templates.strings.clone());
    templates
        .tera
        .render(EMAIL_TEMPLATE, &cx)
        .map_err(|err| super::templates::diagnostic(templates.theme, EMAIL_TEMPLATE, &err))
}

/// The message: headers derived from the advisory, a plain-text and an HTML alternative.
/// `X-Unsent: 1` has mail programs open it as a draft to send; the sender's own account
/// replaces `From` (the site's title at a `no-reply` address of its host).
fn email(
    advisory: &Advisory,
    words: &ShareWords,
    l: &Localizer,
    html: &str,
    host: &str,
) -> Vec<u8> {
    let text = share_texts::email_text(words, l);
    let digest = blake3::hash(format!("{text}\u{0}{html}").as_bytes()).to_hex();
    let site_title = l.localized(&l.site.config.title).text;
    let zone = l
        .site
        .config
        .time_zone
        .as_ref()
        .map_or(TimeZone::UTC, |z| z.zone.clone());
    let date = zone
        .to_ambiguous_zoned(advisory.last_modified_at())
        .compatible()
        .ok()
        .and_then(|zoned| jiff::fmt::rfc2822::to_string(&zoned).ok())
        .unwrap_or_default();
    let message_id = format!("{}.{}.{}@{host}", advisory.slug, l.lang.tag, &digest[..16]);
    let from_address = format!("no-reply@{host}");
    let boundary = format!("redflag-{}", &digest[..24]);
    Message {
        from_name: &site_title,
        from_address: &from_address,
        subject: &share_texts::email_subject(words, l),
        date: &date,
        message_id: &message_id,
        language: &l.lang.tag,
        boundary: &boundary,
        text: &text,
        html,
    }
    .to_bytes()
}
