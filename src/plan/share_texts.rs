//! Which ready-to-send texts exist: every advisory in every language has a `share/` folder
//! (`urls::Urls::share_file`) with the texts `[share]` leaves on.

use crate::model::ShareSettings;

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
