//! The messages an advisory issues over its life, oldest first: an `Alert` when it is
//! published, an `Update` when it is `updated` later, and a `Cancel` when it is `retired`.
//! Only the newest is written; it `references` every earlier one, as CAP 1.2 and every
//! profile require (`sender,identifier,sent` triples separated by spaces, each `sent` exactly as
//! the earlier message wrote it).
//!
//! Identifiers are stable per advisory and version: `<sender>.<slug>.<date>` (with the time,
//! `…2018-06-01T1430`, when the front matter gives one); a Cancel adds `.cancel`.

use jiff::civil::DateTime;

use crate::model::{Advisory, RetiredAdvisory};
use crate::render::cap::cap_token;
use crate::render::syndication::Syndication;

/// CAP `msgType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgType {
    /// The first message.
    Alert,
    /// Supersedes the earlier ones.
    Update,
    /// Withdraws the earlier ones.
    Cancel,
}

impl MsgType {
    /// As CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MsgType::Alert => "Alert",
            MsgType::Update => "Update",
            MsgType::Cancel => "Cancel",
        }
    }
}

/// One message of an advisory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Its type.
    pub msg_type: MsgType,
    /// `<identifier>`.
    pub identifier: String,
    /// `<sent>`, as written.
    pub sent: String,
    /// When it is sent, civil (local).
    pub at: DateTime,
}

/// The sender of the site's alerts: `[cap] sender`, else the host of the base URL.
pub fn sender(s: &Syndication) -> String {
    match &s.site.config.cap.sender {
        Some(sender) => sender.clone(),
        None => cap_token(s.urls.host()),
    }
}

/// The dates an advisory's messages are derived from: an advisory of `content/`, or one
/// removed from it and listed in `retired.yaml`.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// When it was first published.
    pub published: DateTime,
    /// When it was updated, if later.
    pub updated: Option<DateTime>,
    /// When it was withdrawn.
    pub retired: Option<jiff::civil::Date>,
}

impl<'a> From<&'a Advisory> for History<'a> {
    fn from(a: &'a Advisory) -> Self {
        History {
            slug: &a.slug,
            published: a.published_at(),
            updated: a.updated_at(),
            retired: a.retired,
        }
    }
}

impl<'a> From<&'a RetiredAdvisory> for History<'a> {
    fn from(r: &'a RetiredAdvisory) -> Self {
        History {
            slug: &r.slug,
            published: r.published_at(),
            updated: r.updated_at(),
            retired: Some(r.retired),
        }
    }
}

/// Every message of an advisory, oldest first.
pub fn versions(s: &Syndication, history: History) -> Vec<Version> {
    let mut out = vec![version(s, history.slug, MsgType::Alert, history.published)];
    if let Some(updated) = history.updated {
        out.push(version(s, history.slug, MsgType::Update, updated));
    }
    if let Some(retired) = history.retired {
        let last = history.updated.unwrap_or(history.published);
        let at = retired.to_datetime(jiff::civil::Time::midnight()).max(last);
        out.push(version(s, history.slug, MsgType::Cancel, at));
    }
    out
}

fn version(s: &Syndication, slug: &str, msg_type: MsgType, at: DateTime) -> Version {
    let stamp = if at.time() == jiff::civil::Time::midnight() {
        at.date().to_string()
    } else {
        at.strftime("%Y-%m-%dT%H%M").to_string()
    };
    let suffix = if msg_type == MsgType::Cancel {
        ".cancel"
    } else {
        ""
    };
    Version {
        msg_type,
        identifier: cap_token(&format!("{}.{slug}.{stamp}{suffix}", s.urls.host())),
        sent: s.cap_time(at),
        at,
    }
}

/// The `<references>` of the newest of `versions`: every earlier one; `None` for a first Alert.
pub fn references(sender: &str, versions: &[Version]) -> Option<String> {
    let (_, earlier) = versions.split_last()?;
    let triples: Vec<String> = earlier
        .iter()
        .map(|v| format!("{sender},{},{}", v.identifier, v.sent))
        .collect();
    (!triples.is_empty()).then(|| triples.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_every_earlier_message() {
        let v = |msg_type, id: &str, sent: &str| Version {
            msg_type,
            identifier: id.into(),
            sent: sent.into(),
            at: jiff::civil::date(2018, 6, 1).to_datetime(jiff::civil::Time::midnight()),
        };
        let all = [
            v(
                MsgType::Alert,
                "a.x.2018-06-01",
                "2018-06-01T00:00:00-06:00",
            ),
            v(
                MsgType::Update,
                "a.x.2018-07-01",
                "2018-07-01T00:00:00-06:00",
            ),
            v(
                MsgType::Cancel,
                "a.x.2019-01-01.cancel",
                "2019-01-01T00:00:00-07:00",
            ),
        ];
        assert_eq!(references("a", &all[..1]), None);
        assert_eq!(
            references("a", &all).as_deref(),
            Some(
                "a,a.x.2018-06-01,2018-06-01T00:00:00-06:00 a,a.x.2018-07-01,2018-07-01T00:00:00-06:00"
            )
        );
    }
}
