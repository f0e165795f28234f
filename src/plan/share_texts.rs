//! Which ready-to-send texts exist and where: every advisory in every language has a `share/`
//! folder beside its page with the texts `[share]` leaves on.

use crate::i18n::Language;
use crate::model::ShareSettings;
use crate::plan::urls::{PageKind, Urls};

/// A file of an advisory's `share/` folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShareFile {
    /// The SMS text.
    Sms,
    /// The messaging-app text.
    Messaging,
    /// The email, as a message file.
    Email,
}

impl ShareFile {
    /// Every file, in the order the share panel shows them.
    pub const ALL: [ShareFile; 3] = [ShareFile::Sms, ShareFile::Messaging, ShareFile::Email];

    /// Its file name.
    pub fn name(self) -> &'static str {
        match self {
            ShareFile::Sms => "sms.txt",
            ShareFile::Messaging => "messaging.txt",
            ShareFile::Email => "email.eml",
        }
    }

    /// Its path below the site root, in the `share/` folder of `slug`'s page in `lang`:
    /// `fr/advisories/x/share/sms.txt`.
    pub fn path(self, urls: &Urls, slug: &str, lang: &Language) -> String {
        let page = urls.relative(&PageKind::Advisory(slug.to_owned()), lang);
        format!("{page}share/{}", self.name())
    }

    /// Whether the site makes it.
    pub fn is_made(self, settings: &ShareSettings) -> bool {
        match self {
            ShareFile::Sms => settings.sms,
            ShareFile::Messaging => settings.messaging,
            ShareFile::Email => settings.email,
        }
    }
}

/// The files every advisory's `share/` folder holds, in every language.
pub fn share_files(settings: &ShareSettings) -> Vec<ShareFile> {
    ShareFile::ALL
        .into_iter()
        .filter(|f| f.is_made(settings))
        .collect()
}

/// Every file a page's rendering writes, below the site root: its HTML, and for an advisory
/// page the texts of its `share/` folder, written with it. The preview drops all of them when
/// the page goes.
pub fn page_files(
    urls: &Urls,
    settings: &ShareSettings,
    page: &PageKind,
    lang: &Language,
) -> Vec<String> {
    let mut files = vec![urls.output_file(page, lang)];
    if let PageKind::Advisory(slug) = page {
        files.extend(
            share_files(settings)
                .into_iter()
                .map(|file| file.path(urls, slug, lang)),
        );
    }
    files
}
